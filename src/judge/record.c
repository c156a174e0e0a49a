/* record.c - one shipment record made ready to judge; see record.h. */
#include "record.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "dates.h"
#include "memo.h"
#include "unorm.h"

/* What the shipper's address and name say about where the shipper is (place_of()). */
typedef struct place {
    bool conflict; /* the address contradicts the stated origin ... */
    char where[3]; /* ... and is in this country */
    size_t n_regions;
    fl_region_ref regions[FL_RECORD_MAX_REGIONS]; /* listed regions in the address and name */
    char why[256]; /* fl_origin_conflict()'s sentence */
} place;

/* The bytes of a place the cache keeps: the head and the regions in use, then the sentence
   when there is a conflict. Most shippers have neither, so an entry is a few bytes. */
static size_t place_pack(const place *p, unsigned char *buf)
{
    size_t n = offsetof(place, regions) + p->n_regions * sizeof p->regions[0];
    memcpy(buf, p, n);
    if (p->conflict) {
        size_t w = strlen(p->why) + 1;
        memcpy(buf + n, p->why, w);
        n += w;
    }
    return n;
}

static void place_unpack(const unsigned char *v, size_t vlen, place *p)
{
    size_t head = offsetof(place, regions);
    memcpy(p, v, head);
    size_t n = head + p->n_regions * sizeof p->regions[0];
    memcpy(p->regions, v + head, n - head);
    if (vlen > n)
        memcpy(p->why, v + n, vlen - n); /* NUL-terminated when packed */
    else
        p->why[0] = '\0';
}

struct fl_normaliser {
    const fl_countries *countries;
    const fl_gazetteer *gazetteer;
    const fl_ports *ports;
    fl_date as_of;
    fl_memo *place_memo; /* origin + shipper name + address -> place: they repeat */
    fl_arena scratch;    /* the record's repaired texts and sentences, reset every record */
    place place;         /* place_of()'s answer when not cached */
};

fl_normaliser *fl_normaliser_new(const fl_countries *countries, const fl_gazetteer *gazetteer,
                                 const fl_ports *ports, fl_date as_of)
{
    fl_normaliser *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->countries = countries;
    n->gazetteer = gazetteer;
    n->ports = ports;
    n->as_of = as_of;
    /* Bounds that hold the shippers of a realistic import stream (tens of thousands of
     * distinct name and address pairs a million rows) and stay small beside the rest:
     * 131072 entries and 16 MiB of keys and values in all (memo.h). */
    n->place_memo = fl_memo_new(131072, 16u << 20);
    return n;
}

void fl_normaliser_free(fl_normaliser *n)
{
    if (!n)
        return;
    fl_memo_free(n->place_memo);
    fl_arena_free(&n->scratch);
    free(n);
}

static void add_issue(fl_record *rec, const char *field, fl_slice value, const char *reason,
                      bool rejected)
{
    if (rec->n_issues < FL_RECORD_MAX_ISSUES)
        rec->issues[rec->n_issues++] = (fl_record_issue){field, value, reason, rejected};
    if (rejected)
        rec->rejected = true;
}

/* reason formatted into the scratch arena; a failed allocation keeps the format's words. */
static const char *sentence(fl_normaliser *n, const char *fmt, ...) FL_PRINTF(2, 3);
static const char *sentence(fl_normaliser *n, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    const char *s = fl_arena_strdup(&n->scratch, buf);
    return s ? s : fmt;
}

/* High bit set in each byte of w that is NUL or has its own high bit set (and maybe in a
   byte above a NUL: only "any" is asked). */
static inline uint64_t not_plain(uint64_t w)
{
    return (w | ((w - 0x0101010101010101u) & ~w)) & 0x8080808080808080u;
}

/*
 * True when every byte of s[0..len) is ASCII and none is NUL: such a field needs neither the
 * NUL nor the UTF-8 check. Sixteen bytes a step, the last step overlapping the one before;
 * short fields in two overlapping words. Most trade data is plain ASCII.
 */
static bool plain_ascii(const char *s, size_t len)
{
    uint64_t bad = 0, a, b;
    if (len >= 16) {
        for (size_t i = 0; i + 16 < len; i += 16) {
            memcpy(&a, s + i, 8);
            memcpy(&b, s + i + 8, 8);
            bad |= not_plain(a) | not_plain(b);
        }
        memcpy(&a, s + len - 16, 8);
        memcpy(&b, s + len - 8, 8);
        bad |= not_plain(a) | not_plain(b);
    } else if (len >= 8) {
        memcpy(&a, s, 8);
        memcpy(&b, s + len - 8, 8);
        bad = not_plain(a) | not_plain(b);
    } else if (len >= 4) {
        uint32_t x, y;
        memcpy(&x, s, 4);
        memcpy(&y, s + len - 4, 4);
        bad = not_plain((uint64_t)x | (uint64_t)y << 32);
    } else {
        for (size_t i = 0; i < len; i++)
            bad |= (unsigned char)(s[i] - 1) >= 0x7F; /* NUL or a high bit */
    }
    return !bad;
}

/* Every invalid UTF-8 sequence and NUL byte replaced with U+FFFD (fl_utf8_repair), a copy in
   the scratch arena. */
static fl_slice repair_utf8(fl_arena *a, fl_slice s)
{
    char *out = fl_arena_alloc(a, FL_UTF8_REPAIR_MAX(s.len) + 1);
    if (!out)
        return (fl_slice){"", 0};
    return (fl_slice){out, fl_utf8_repair(s.ptr, s.len, out)};
}

/* The fields by the map; a field with a NUL byte or invalid UTF-8 is repaired (an issue). */
static void take_fields(fl_normaliser *n, const fl_csv_row *row, const fl_fieldmap *map,
                        fl_record *rec)
{
    for (int k = 0; k < FL_F_COUNT; k++) {
        int c = map->col[k];
        fl_slice *f = &rec->f[k];
        *f = c >= 0 ? row->fields[c] : (fl_slice){"", 0};
        if (!f->len || plain_ascii(f->ptr, f->len))
            continue;
        /* A NUL would cut the value short in every report: replaced like bad UTF-8. */
        bool nul = memchr(f->ptr, '\0', f->len) != NULL;
        if (nul || !fl_utf8_valid(f->ptr, f->len)) {
            *f = repair_utf8(&n->scratch, *f);
            add_issue(rec, fl_field_name((fl_field)k), *f,
                      nul ? "NUL byte in the text: replaced by U+FFFD and the rest judged"
                          : "invalid UTF-8: bad bytes replaced by U+FFFD and the rest judged",
                      false);
        }
    }
}

/* The date judged: --as-of, else the record's own. False (rejected) when it has none. */
static bool take_date(fl_normaliser *n, fl_record *rec)
{
    fl_subject *s = &rec->subject;
    fl_slice d = rec->f[FL_F_DATE];
    if (n->as_of) {
        s->date = n->as_of;
        s->date_is_as_of = true;
        return true;
    }
    s->date = fl_date_parse_any(d.ptr, d.len);
    if (s->date)
        return true;
    add_issue(rec, "date", d,
              d.len ? "unparseable date; expected YYYY-MM-DD (or MM/DD/YYYY, DD.MM.YYYY); not "
                      "judged, or give --as-of"
                    : "no date; not judged (give --as-of to judge undated records)",
              true);
    return false;
}

/* The origin: the column's country, else one inferred from address, port and name. */
static void take_origin(fl_normaliser *n, fl_record *rec)
{
    fl_subject *s = &rec->subject;
    const fl_slice *f = rec->f;
    s->origin_raw = f[FL_F_ORIGIN];
    rec->origin_known = f[FL_F_ORIGIN].len && fl_country_lookup(n->countries, f[FL_F_ORIGIN].ptr,
                                                                 f[FL_F_ORIGIN].len, s->origin);
    if (rec->origin_known)
        return;
    /* US bills of lading often name no origin: the address, port and name may. */
    char inferred[200];
    const char *why;
    s->origin[0] = '\0';
    if (fl_origin_infer(n->countries, n->ports, n->gazetteer, f[FL_F_SHIPPER_ADDRESS],
                        f[FL_F_PORT], f[FL_F_SHIPPER], s->origin, inferred, sizeof inferred)) {
        s->origin_note = fl_arena_strdup(&n->scratch, inferred);
        why = sentence(n, "%s country of origin: %s", f[FL_F_ORIGIN].len ? "unknown" : "no",
                       inferred);
    } else {
        s->origin[0] = '\0';
        why = f[FL_F_ORIGIN].len
                  ? "unknown country and none inferred from address, port or name: country "
                    "rules not applied; add it to datasets/country_aliases.csv if it is a "
                    "real spelling"
                  : "no country of origin and none inferred from address, port or name: "
                    "country rules not applied";
    }
    add_issue(rec, "origin", f[FL_F_ORIGIN], why, false);
}

bool fl_record_read(fl_normaliser *n, const fl_csv_row *row, const fl_fieldmap *map,
                    fl_record *rec)
{
    fl_arena_reset(&n->scratch);
    /* Not the whole record: its issue list is large and read only up to n_issues. */
    memset(&rec->subject, 0, sizeof rec->subject);
    rec->hs[0] = rec->addr_cc[0] = '\0';
    rec->hs_result = FL_HS_EMPTY;
    rec->origin_known = rec->rejected = false;
    rec->n_issues = 0;
    fl_slice none = {"", 0};
    if (row->error) {
        add_issue(rec, "", none, row->error, true);
        return false;
    }
    if (row->n_fields != map->n_cols) {
        add_issue(rec, "", none,
                  sentence(n, "ragged row: %zu fields, but the header has %zu; not judged",
                           row->n_fields, map->n_cols),
                  true);
        return false;
    }
    take_fields(n, row, map, rec);
    if (!take_date(n, rec))
        return false;
    take_origin(n, rec);
    rec->hs_result = fl_hs_normalise(rec->f[FL_F_HS].ptr, rec->f[FL_F_HS].len, rec->hs);
    if (rec->hs_result == FL_HS_INVALID)
        rec->hs[0] = '\0';
    fl_subject *s = &rec->subject;
    s->hs = rec->hs;
    s->description = rec->f[FL_F_DESCRIPTION];
    s->shipper = rec->f[FL_F_SHIPPER];
    s->importer = rec->f[FL_F_IMPORTER];
    s->shipper_address = rec->f[FL_F_SHIPPER_ADDRESS];
    return true;
}

/*
 * Listed regions named in the shipper's address or name. hint is the country the shipper is
 * taken to be in (the address's country when it contradicts the stated origin).
 */
static size_t detect_regions(const fl_normaliser *n, const fl_slice *f, const char *hint,
                             fl_region_ref *out)
{
    static const fl_field where[] = {FL_F_SHIPPER_ADDRESS, FL_F_SHIPPER};
    size_t k = 0;
    if (!n->gazetteer)
        return 0;
    for (size_t w = 0; w < 2 && k < FL_RECORD_MAX_REGIONS; w++) {
        fl_slice text = f[where[w]];
        if (!text.len)
            continue;
        fl_region_hit hits[FL_RECORD_MAX_REGIONS];
        size_t m = fl_regions_detect(n->gazetteer, text.ptr, text.len, hint, hits,
                                     FL_RECORD_MAX_REGIONS);
        for (size_t i = 0; i < m && i < FL_RECORD_MAX_REGIONS && k < FL_RECORD_MAX_REGIONS; i++) {
            bool dup = false;
            for (size_t q = 0; q < k && !dup; q++)
                dup = strcmp(out[q].code, hits[i].region) == 0;
            if (!dup)
                out[k++] = (fl_region_ref){hits[i].region, hits[i].place, where[w],
                                           (uint32_t)hits[i].start, (uint32_t)hits[i].end};
        }
    }
    return k;
}

/*
 * Where the shipper is: with a stated origin (known), whether the address contradicts it;
 * then the listed regions in the address and name, with the address's country as the hint
 * on a conflict, else origin ("" when none). A pure function of known, origin, the shipper's
 * name and address, so one look-up in the cache answers it all for a repeated shipper. The
 * result is valid until the next call.
 */
static const place *place_of(fl_normaliser *n, bool known, const char *origin, const fl_slice *f)
{
    fl_slice name = f[FL_F_SHIPPER], addr = f[FL_F_SHIPPER_ADDRESS];
    char key[1024];
    size_t klen = 7 + name.len + addr.len;
    bool cache = n->place_memo && klen <= sizeof key;
    if (cache) {
        /* known, origin, the name's length (so name and address cannot trade bytes), texts */
        uint32_t nlen = (uint32_t)name.len;
        key[0] = known ? 'k' : 'u';
        key[1] = origin[0] ? origin[0] : '-';
        key[2] = origin[0] ? origin[1] : '-';
        memcpy(key + 3, &nlen, 4);
        memcpy(key + 7, name.ptr, name.len);
        memcpy(key + 7 + name.len, addr.ptr, addr.len);
        size_t vlen;
        const unsigned char *v = fl_memo_get(n->place_memo, key, klen, &vlen);
        if (v) {
            place_unpack(v, vlen, &n->place);
            return &n->place;
        }
    }
    place *p = &n->place;
    memset(p, 0, sizeof *p);
    if (known)
        p->conflict = fl_origin_conflict(n->countries, n->gazetteer, origin, addr, p->where,
                                         p->why, sizeof p->why);
    p->n_regions = detect_regions(n, f, p->conflict ? p->where : origin, p->regions);
    if (cache) {
        unsigned char packed[sizeof *p];
        fl_memo_put(n->place_memo, key, klen, packed, place_pack(p, packed));
    }
    return p;
}

void fl_record_place(fl_normaliser *n, fl_record *rec)
{
    fl_subject *s = &rec->subject;
    const place *at = place_of(n, rec->origin_known, s->origin, rec->f);
    if (rec->origin_known && at->conflict) {
        add_issue(rec, "origin", rec->f[FL_F_ORIGIN], sentence(n, "%s; judged as both", at->why),
                  false);
        memcpy(rec->addr_cc, at->where, 3);
    }
    /* The place stays valid until the next look-up, which is the next record's. */
    s->regions = at->regions;
    s->n_regions = at->n_regions;
    if (rec->hs_result == FL_HS_INVALID)
        add_issue(rec, "hs_code", rec->f[FL_F_HS],
                  "unparseable HS code: judged by the description instead", false);
    if (rec->hs_result != FL_HS_OK && !rec->f[FL_F_DESCRIPTION].len)
        add_issue(rec, "hs_code", rec->f[FL_F_HS],
                  "no HS code and no description: only all-goods rules applied", false);
}
