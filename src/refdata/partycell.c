/* partycell.c - name and address in one party cell; see partycell.h. */
#include "partycell.h"

#include <string.h>

#include "unorm.h"

#define KEY_CAP 256

static fl_slice trim(fl_slice s)
{
    while (s.len && (*s.ptr == ' ' || *s.ptr == '\t' || *s.ptr == ',' || *s.ptr == '\r' ||
                     *s.ptr == '\n'))
        s.ptr++, s.len--;
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t' ||
                     s.ptr[s.len - 1] == ',' || s.ptr[s.len - 1] == '\r' ||
                     s.ptr[s.len - 1] == '\n'))
        s.len--;
    return s;
}

static bool is_legal(uint8_t kind)
{
    return kind == FL_PH_LEGAL || kind == FL_PH_LEGAL_WEAK || kind == FL_PH_LEGAL_WEAK_G ||
           kind == FL_PH_LEGAL_WEAK_F;
}

/* Does the phrase p match the folded words at key[at..len)? Returns its length or 0. */
static size_t phrase_at(const fl_phrase *p, const char *key, size_t at, size_t len)
{
    if (at + p->len > len || memcmp(key + at, p->words, p->len) != 0)
        return 0;
    if (at + p->len < len && key[at + p->len] != ' ')
        return 0;
    return p->len;
}

/* True when text holds one or more legal forms and nothing else ("LTD", "CO., LTD."). */
static bool legal_only(const fl_name_tables *names, fl_slice text)
{
    char key[KEY_CAP];
    ssize_t k = names ? fl_unorm_key(text.ptr, text.len, key, sizeof key) : -1;
    if (k <= 0)
        return false;
    size_t len = (size_t)k, at = 0;
    while (at < len) {
        size_t w = at;
        while (w < len && key[w] != ' ')
            w++;
        size_t best = 0;
        for (const fl_phrase *p = fl_nametab_lookup(names, key + at, w - at); p; p = p->next) {
            size_t m = phrase_at(p, key, at, len);
            if (m > best && (is_legal(p->kind) || p->kind == FL_PH_JOIN))
                best = m;
        }
        if (!best)
            return false;
        at += best;
        while (at < len && key[at] == ' ')
            at++;
    }
    return true;
}

static bool has_digit(fl_slice s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.ptr[i] >= '0' && s.ptr[i] <= '9')
            return true;
    return false;
}

/* The end of the piece that starts at from: the next byte that is sep (or a line break when
   sep is '\n'), or end. */
static size_t piece_end(const char *s, size_t from, size_t end, char sep)
{
    while (from < end && s[from] != sep && !(sep == '\n' && s[from] == '\r'))
        from++;
    return from;
}

/* Name = first piece plus the pieces after it that are legal forms only; the rest is the
   address. False when nothing is left for an address. */
static bool split_at(const fl_name_tables *names, fl_slice cell, char sep, fl_party_cell *out)
{
    const char *s = cell.ptr;
    size_t end = cell.len, at = 0;
    while (at < end && (s[at] == '\n' || s[at] == '\r' || s[at] == ' ' || s[at] == '\t'))
        at++;
    size_t name_end = piece_end(s, at, end, sep);
    size_t next = name_end;
    while (next < end) {
        size_t from = next + 1;
        size_t to = piece_end(s, from, end, sep);
        fl_slice piece = trim((fl_slice){s + from, to - from});
        if (!piece.len) {
            next = to;
            continue;
        }
        if (!legal_only(names, piece))
            break;
        name_end = to;
        next = to;
    }
    fl_slice name = trim((fl_slice){s + at, name_end - at});
    fl_slice addr = name_end < end ? trim((fl_slice){s + name_end + 1, end - name_end - 1})
                                   : (fl_slice){s + end, 0};
    if (!name.len || !addr.len)
        return false;
    out->name = name;
    out->address = addr;
    return true;
}

bool fl_party_cell_split(const fl_name_tables *names, fl_slice cell, bool combined,
                         fl_party_cell *out)
{
    out->name = trim(cell);
    out->address = (fl_slice){cell.ptr + cell.len, 0};
    if (!cell.len || !fl_utf8_valid(cell.ptr, cell.len))
        return false;
    fl_slice t = out->name;
    if (memchr(t.ptr, '\n', t.len) || memchr(t.ptr, '\r', t.len))
        return split_at(names, t, '\n', out);
    const char *comma = memchr(t.ptr, ',', t.len);
    if (!comma)
        return false;
    if (!combined) {
        fl_slice rest = {comma + 1, t.len - (size_t)(comma + 1 - t.ptr)};
        if (!memchr(rest.ptr, ',', rest.len) || !has_digit(rest))
            return false;
    }
    fl_party_cell tmp;
    if (!split_at(names, t, ',', &tmp))
        return false; /* nothing after the name and its legal forms: a name */
    *out = tmp;
    return true;
}
