/* record.c - one shipment record made ready to judge; see record.h. */
#include "record.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "dates.h"
#include "keyhash.h"
#include "memo.h"
#include "partycell.h"
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
    const fl_name_tables *names;
    fl_date as_of;
    fl_memo_shared *place_memo; /* origin + shipper name + address -> place: they repeat */
    bool own_places;            /* place_memo is its own, not a pool's */
    fl_arena scratch;    /* the record's repaired texts and sentences, reset every record */
    fl_arena *texts;     /* where they go: &scratch, or the caller's (fl_normaliser_texts) */
    place place;         /* place_of()'s answer when not cached */
    fl_entity_hit shipper[FL_MATCH_PARTY_HITS]; /* and the shipper's entity hits */
    size_t n_shipper;
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
    n->texts = &n->scratch;
    n->place_memo = fl_place_cache_new(1);
    n->own_places = true;
    if (!n->place_memo) {
        fl_normaliser_free(n);
        return NULL;
    }
    return n;
}

fl_memo_shared *fl_place_cache_new(unsigned stripes)
{
    /* Bounds from the hit rates on realistic import data judged on two threads. Five
     * million rows hold some 88,000 shippers with 376,000 spellings of their addresses;
     * a miss costs the place (some 3 us) and the entity screen of the name and the whole
     * address (up to 30 us). The key (origin, name and address, over 100 bytes) is kept as
     * its 17-byte digest (keyhash.h) and the value is a few bytes for most shippers. With
     * 12.5 MiB and 458,752 entries at most, 12% of the look-ups miss at five million rows
     * where 27% did when the place and the screen of the whole address were
     * kept apart in 6 and 6.75 MiB (bench/README.md, round four). */
    return fl_memo_shared_new(458752, 25u << 19, stripes);
}

void fl_normaliser_share_places(fl_normaliser *n, fl_memo_shared *places)
{
    if (n->own_places)
        fl_memo_shared_free(n->place_memo);
    n->place_memo = places;
    n->own_places = false;
}

void fl_normaliser_texts(fl_normaliser *n, fl_arena *texts)
{
    n->texts = texts ? texts : &n->scratch;
}

void fl_normaliser_names(fl_normaliser *n, const fl_name_tables *names)
{
    n->names = names;
}

void fl_normaliser_free(fl_normaliser *n)
{
    if (!n)
        return;
    if (n->own_places)
        fl_memo_shared_free(n->place_memo);
    fl_arena_free(&n->scratch);
    free(n);
}

static void add_issue(fl_record *rec, const char *field, fl_slice value, const char *reason,
                      bool rejected)
{
    if (rec->n_issues < FL_RECORD_MAX_ISSUES)
        rec->issues[rec->n_issues++] = (fl_record_issue){field, value, reason, rejected, false};
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
    const char *s = fl_arena_strdup(n->texts, buf);
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

/* The fields by the map (a field's second column when its first is empty, kind[] says how
   the cell taken is written); a field with a NUL byte or invalid UTF-8 is repaired (an
   issue). */
static void take_fields(fl_normaliser *n, const fl_csv_row *row, const fl_fieldmap *map,
                        fl_record *rec, fl_cell_kind kind[FL_F_COUNT])
{
    for (int k = 0; k < FL_F_COUNT; k++) {
        int c = map->col[k];
        fl_slice *f = &rec->f[k];
        *f = c >= 0 ? row->fields[c] : (fl_slice){"", 0};
        kind[k] = map->cell[k];
        if (!f->len && map->has_alt[k]) {
            *f = row->fields[map->alt_col[k]];
            kind[k] = map->alt_cell[k];
        }
        if (!f->len || plain_ascii(f->ptr, f->len))
            continue;
        /* A NUL would cut the value short in every report: replaced like bad UTF-8. */
        bool nul = memchr(f->ptr, '\0', f->len) != NULL;
        if (nul || !fl_utf8_valid(f->ptr, f->len)) {
            *f = repair_utf8(n->texts, *f);
            add_issue(rec, fl_field_name((fl_field)k), *f,
                      nul ? "NUL byte in the text: replaced by U+FFFD and the rest judged"
                          : "invalid UTF-8: bad bytes replaced by U+FFFD and the rest judged",
                      false);
        }
    }
}

/* The shipper's address made of several columns: the non-empty ones, ", "-joined. */
static void join_address(fl_normaliser *n, const fl_csv_row *row, const fl_fieldmap *map,
                         fl_record *rec)
{
    size_t len = 0;
    for (size_t i = 0; i < map->n_addr_parts; i++)
        len += row->fields[map->addr_part[i]].len + 2;
    char *out = fl_arena_alloc(n->texts, len + 1);
    if (!out)
        return;
    size_t o = 0;
    for (size_t i = 0; i < map->n_addr_parts; i++) {
        fl_slice p = row->fields[map->addr_part[i]];
        while (p.len && (*p.ptr == ' ' || *p.ptr == '\t'))
            p.ptr++, p.len--;
        while (p.len && (p.ptr[p.len - 1] == ' ' || p.ptr[p.len - 1] == '\t'))
            p.len--;
        if (!p.len)
            continue;
        if (o) {
            memcpy(out + o, ", ", 2);
            o += 2;
        }
        memcpy(out + o, p.ptr, p.len);
        o += p.len;
    }
    out[o] = '\0';
    rec->f[FL_F_SHIPPER_ADDRESS] = (fl_slice){out, o};
    /* the parts are as read: repair a NUL byte or bad UTF-8 like take_fields() */
    if (memchr(out, '\0', o) || !fl_utf8_valid(out, o))
        rec->f[FL_F_SHIPPER_ADDRESS] = repair_utf8(n->texts, rec->f[FL_F_SHIPPER_ADDRESS]);
}

/*
 * A shipper or importer cell that holds name and address (partycell.h): the name becomes the
 * field, the address the shipper's address when the record has none.
 */
static void split_parties(fl_normaliser *n, const fl_csv_row *row, const fl_fieldmap *map,
                          const fl_cell_kind kind[FL_F_COUNT], fl_record *rec)
{
    static const fl_field who[2] = {FL_F_SHIPPER, FL_F_IMPORTER};
    fl_party_cell pc;
    /* a name from its own column, the address from the profile's name-and-address cell */
    int alt = map->alt_col[FL_F_SHIPPER];
    if (!rec->f[FL_F_SHIPPER_ADDRESS].len && map->has_alt[FL_F_SHIPPER] &&
        (size_t)alt < row->n_fields &&
        map->alt_cell[FL_F_SHIPPER] == FL_CELL_NAME_ADDRESS &&
        kind[FL_F_SHIPPER] != FL_CELL_NAME_ADDRESS &&
        fl_party_cell_split(n->names, row->fields[alt], true, &pc))
        rec->f[FL_F_SHIPPER_ADDRESS] = pc.address;
    for (int w = 0; w < 2; w++) {
        fl_slice cell = rec->f[who[w]];
        if (!cell.len ||
            !fl_party_cell_split(n->names, cell, kind[who[w]] == FL_CELL_NAME_ADDRESS, &pc))
            continue;
        rec->f[who[w]] = pc.name;
        if (w == 0) {
            rec->shipper_cell = cell;
            if (!rec->f[FL_F_SHIPPER_ADDRESS].len)
                rec->f[FL_F_SHIPPER_ADDRESS] = pc.address;
        } else {
            rec->importer_cell = cell;
        }
    }
}

/* The date judged: --as-of, else the record's own in the map's order. False (rejected) when
   it has none. */
static bool take_date(fl_normaliser *n, const fl_fieldmap *map, fl_record *rec)
{
    fl_subject *s = &rec->subject;
    fl_slice d = rec->f[FL_F_DATE];
    rec->record_date = fl_date_parse_order(d.ptr, d.len, map->date_order, &rec->date_reading);
    if (n->as_of) {
        s->date = n->as_of;
        s->date_is_as_of = true;
        return true;
    }
    s->date = rec->record_date;
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
        s->origin_note = fl_arena_strdup(n->texts, inferred);
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

/* The HS codes of the cell, each declared or inferred (hs.h). */
static void take_hs(const fl_fieldmap *map, fl_record *rec)
{
    fl_slice h = rec->f[FL_F_HS];
    fl_hs_parse_cell(h.ptr, h.len, map->hs_inferred, &rec->hs_cell);
    if (rec->hs_cell.n) {
        rec->hs_result = FL_HS_OK;
        memcpy(rec->hs, rec->hs_cell.code[0].digits, sizeof rec->hs);
        rec->subject.hs_inferred = rec->hs_cell.code[0].inferred;
    } else {
        rec->hs_result = rec->hs_cell.n_invalid ? FL_HS_INVALID : FL_HS_EMPTY;
    }
    rec->subject.hs = rec->hs;
}

bool fl_record_read(fl_normaliser *n, const fl_csv_row *row, const fl_fieldmap *map,
                    fl_record *rec)
{
    if (n->texts == &n->scratch)
        fl_arena_reset(&n->scratch);
    /* Not the whole record: its issue list is large and read only up to n_issues. */
    memset(&rec->subject, 0, sizeof rec->subject);
    rec->hs[0] = rec->addr_cc[0] = '\0';
    rec->hs_result = FL_HS_EMPTY;
    rec->hs_cell.n = rec->hs_cell.n_invalid = rec->hs_cell.dropped = 0;
    rec->shipper_cell = rec->importer_cell = (fl_slice){"", 0};
    rec->origin_known = rec->rejected = false;
    rec->date_reading = FL_DATE_READ_PLAIN;
    rec->record_date = 0;
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
    fl_cell_kind kind[FL_F_COUNT];
    take_fields(n, row, map, rec, kind);
    if (map->n_addr_parts >= 2)
        join_address(n, row, map, rec);
    split_parties(n, row, map, kind, rec);
    if (!take_date(n, map, rec))
        return false;
    take_origin(n, rec);
    take_hs(map, rec);
    fl_subject *s = &rec->subject;
    s->description = rec->f[FL_F_DESCRIPTION];
    s->shipper = rec->f[FL_F_SHIPPER];
    s->importer = rec->f[FL_F_IMPORTER];
    s->shipper_cell = rec->shipper_cell;
    s->importer_cell = rec->importer_cell;
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
 * The value the place cache keeps: the number of the shipper's entity hits (NOT_SCREENED when
 * the entry was made without a matcher), the hits, then the place (place_pack). Most
 * shippers have no hits, so an entry stays a few bytes.
 */
#define NOT_SCREENED 0xff
#define PLACE_VALUE_MAX (1 + FL_MATCH_PARTY_HITS * sizeof(fl_entity_hit) + sizeof(place))

/* The place and the shipper's hits of a cached value v of vlen bytes into n; false when its
   hits are wanted but the entry has none (then they are screened every time: a pool's
   normalisers all place with a matcher, so its entries all have them). */
static bool value_unpack(fl_normaliser *n, const unsigned char *v, size_t vlen, bool want_hits)
{
    if (want_hits && v[0] == NOT_SCREENED)
        return false;
    size_t k = v[0] == NOT_SCREENED ? 0 : v[0], head = 1 + k * sizeof(fl_entity_hit);
    memcpy(n->shipper, v + 1, k * sizeof(fl_entity_hit));
    n->n_shipper = k;
    place_unpack(v + head, vlen - head, &n->place);
    return true;
}

/*
 * Where the shipper is: with a stated origin (known), whether the address contradicts it;
 * then the listed regions in the address and name, with the address's country as the hint
 * on a conflict, else origin ("" when none). With a matcher m, also the shipper's entity hits
 * (fl_match_shipper) into n->shipper: they depend on the same texts. Pure functions of known,
 * origin, the shipper's name and address, so one look-up in the cache answers it all for a
 * repeated shipper. The result is valid until the next call.
 */
static const place *place_of(fl_normaliser *n, bool known, const fl_subject *s, const fl_slice *f,
                             fl_matcher *m)
{
    const char *origin = s->origin;
    fl_slice name = f[FL_F_SHIPPER], addr = f[FL_F_SHIPPER_ADDRESS];
    char text[1024];
    unsigned char key[FL_KEYHASH_MAX];
    size_t klen = 7 + name.len + addr.len;
    bool cache = n->place_memo && klen <= sizeof text;
    if (cache) {
        /* known, origin, the name's length (so name and address cannot trade bytes), texts;
           kept as their digest (keyhash.h) */
        uint32_t nlen = (uint32_t)name.len;
        text[0] = known ? 'k' : 'u';
        text[1] = origin[0] ? origin[0] : '-';
        text[2] = origin[0] ? origin[1] : '-';
        memcpy(text + 3, &nlen, 4);
        memcpy(text + 7, name.ptr, name.len);
        memcpy(text + 7 + name.len, addr.ptr, addr.len);
        klen = fl_keyhash(text, klen, key);
        size_t vlen;
        unsigned char v[PLACE_VALUE_MAX];
        if (fl_memo_shared_get(n->place_memo, key, klen, v, sizeof v, &vlen) &&
            value_unpack(n, v, vlen, m != NULL))
            return &n->place;
    }
    place *p = &n->place;
    memset(p, 0, sizeof *p);
    if (known)
        p->conflict = fl_origin_conflict(n->countries, n->gazetteer, origin, addr, p->where,
                                         p->why, sizeof p->why);
    p->n_regions = detect_regions(n, f, p->conflict ? p->where : origin, p->regions);
    n->n_shipper = m ? fl_match_shipper(m, s, n->shipper) : 0;
    if (cache) {
        unsigned char v[PLACE_VALUE_MAX];
        v[0] = m ? (unsigned char)n->n_shipper : NOT_SCREENED;
        size_t head = 1 + n->n_shipper * sizeof(fl_entity_hit);
        memcpy(v + 1, n->shipper, head - 1);
        fl_memo_shared_put(n->place_memo, key, klen, v, head + place_pack(p, v + head));
    }
    return p;
}

void fl_record_place(fl_normaliser *n, fl_record *rec, fl_matcher *m)
{
    fl_subject *s = &rec->subject;
    const place *at = place_of(n, rec->origin_known, s, rec->f, m);
    s->shipper_screened = m != NULL;
    s->shipper_hits = n->shipper;
    s->n_shipper_hits = n->n_shipper;
    if (rec->origin_known && at->conflict) {
        add_issue(rec, "origin", rec->f[FL_F_ORIGIN],
                  sentence(n, "shipper address contradicts the origin: %s; judged as both",
                           at->why),
                  false);
        memcpy(rec->addr_cc, at->where, 3);
    }
    /* The record holds its own copy: the place is the normaliser's, and changes with the
       next record's. */
    memcpy(rec->regions, at->regions, at->n_regions * sizeof at->regions[0]);
    s->regions = rec->regions;
    s->n_regions = at->n_regions;
    const fl_hs_cell *hc = &rec->hs_cell;
    if (rec->hs_result == FL_HS_INVALID)
        add_issue(rec, "hs_code", rec->f[FL_F_HS],
                  "unparseable HS code: judged by the description instead", false);
    else if (hc->n_invalid)
        add_issue(rec, "hs_code", (fl_slice){rec->f[FL_F_HS].ptr + hc->bad_at, hc->bad_len},
                  sentence(n, "unparseable HS code among others: %zu of the cell's %zu codes judged",
                           hc->n, hc->n + hc->n_invalid),
                  false);
    if (hc->dropped)
        add_issue(rec, "hs_code", rec->f[FL_F_HS],
                  sentence(n, "too many HS codes in one cell: %zu given, the first %d judged",
                           hc->n + hc->dropped, FL_HS_CELL_MAX),
                  false);
    if (rec->hs_result != FL_HS_OK && !rec->f[FL_F_DESCRIPTION].len)
        add_issue(rec, "hs_code", rec->f[FL_F_HS],
                  "no HS code and no description: only all-goods rules applied", false);
}

const char *fl_record_date_note(fl_date_notes *notes, const fl_record *rec, char *buf, size_t cap)
{
    fl_date_reading how = rec->rejected ? FL_DATE_READ_PLAIN : rec->date_reading;
    notes->seen_ambiguous |= how == FL_DATE_READ_AMBIGUOUS;
    notes->seen_day_first |= how == FL_DATE_READ_DAY_FIRST;
    if (how == FL_DATE_READ_AMBIGUOUS && !notes->told_ambiguous) {
        char iso[11];
        fl_date_format(rec->subject.date, iso);
        notes->told_ambiguous = true;
        snprintf(buf, cap,
                 "ambiguous day/month: read as %s (month first, as US data writes it); this "
                 "file's later dates that read either way are read the same way; give "
                 "--date-order dmy if it writes the day first",
                 iso);
        return buf;
    }
    if (how != FL_DATE_READ_PLAIN && notes->seen_ambiguous && notes->seen_day_first &&
        !notes->told_mixed) {
        notes->told_mixed = true;
        return "dates of this file read either way and dates read only day first are mixed: "
               "its dates are likely all day first, but those that read either way were read "
               "month first; give --date-order dmy";
    }
    return NULL;
}
