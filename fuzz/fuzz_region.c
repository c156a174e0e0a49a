/*
 * fuzz_region.c - libFuzzer target for place detection in shipper text (region.h) and the
 * origin inference that reads the same addresses (origin.h).
 *
 * Input: one byte of settings, then the text. The settings pick the country hint (none,
 * empty, CN, UZ, VN, KZ, "cn", "CHN"), the number of hits asked for (0, 1, 2 or 5) and the
 * stated origin handed to fl_origin_conflict(). The whole text goes to fl_regions_detect();
 * split at its first two NUL bytes it is the shipper's address, the port of lading and the
 * shipper's name for fl_origin_infer(), fl_origin_conflict() and fl_port_country().
 * The gazetteer (datasets/regions.csv checked against iso-codes' iso_3166-2.json), the
 * country table and datasets/ports.csv are loaded once, as scan.c loads them.
 *
 * Checked besides memory safety:
 *   - detection: invalid UTF-8 finds nothing; the same count whatever max is asked, the
 *     hits asked for equal the first hits of a larger call, in text order, not overlapping,
 *     each within the text (its first FL_REGION_TEXT_MAX bytes, cut at a character),
 *     starting and ending on character boundaries, with a region code of the gazetteer, a
 *     valid kind and ambiguity, a place that folds like the matched text, and under a hint
 *     of another country only region-level names, marked as conflicts (none otherwise);
 *   - origin: an answer is an assigned alpha-2 code with a NUL-terminated sentence within
 *     its buffer (valid UTF-8 when the buffer is large and the inputs are UTF-8); no answer
 *     leaves code and sentence untouched; the answer does not depend on asking for the
 *     sentence; a conflict names a country other than the stated origin.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "origin.h"
#include "region.h"
#include "unorm.h"

#define DATA FLSCAN_SOURCE_DIR "/datasets/"
#define BIG 64          /* hits of the reference call */
#define N_CODES_MAX 32  /* region codes of the gazetteer */

static fl_countries *countries;
static fl_gazetteer *gazetteer;
static fl_ports *ports;
static char codes[N_CODES_MAX][8];
static size_t n_codes;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The region codes of the gazetteer: its first column, read here on its own. */
static void read_codes(void)
{
    FILE *fp = fopen(DATA "regions.csv", "rb");
    if (!fp)
        abort();
    char line[4096];
    bool header = true;
    while (fgets(line, sizeof line, fp)) {
        char *comma = strchr(line, ',');
        if (header || !comma) {
            header = false;
            continue;
        }
        *comma = '\0';
        size_t i = 0;
        while (i < n_codes && strcmp(codes[i], line) != 0)
            i++;
        if (i == n_codes) {
            if (n_codes == N_CODES_MAX || strlen(line) >= sizeof codes[0])
                abort();
            strcpy(codes[n_codes++], line);
        }
    }
    fclose(fp);
    if (!n_codes)
        abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (fl_countries_load(FLSCAN_ISO_CODES_DIR "/iso_3166-1.json", DATA "country_aliases.csv",
                          &countries) != FL_OK)
        abort();
    if (fl_gazetteer_load(DATA "regions.csv", "regions.csv",
                          FLSCAN_ISO_CODES_DIR "/iso_3166-2.json", &gazetteer) != FL_OK)
        abort();
    if (fl_ports_load(DATA "ports.csv", "ports.csv", countries, &ports) != FL_OK)
        abort();
    if (fl_countries_load_subdivisions(countries, FLSCAN_ISO_CODES_DIR "/iso_3166-2.json",
                                       DATA "subdivision_aliases.csv") != FL_OK)
        abort();
    read_codes();
    return 0;
}

static bool known_code(const char *region)
{
    for (size_t i = 0; i < n_codes; i++)
        if (strcmp(codes[i], region) == 0)
            return true;
    return false;
}

static bool boundary(const char *s, size_t len, size_t at)
{
    return at == len || ((unsigned char)s[at] & 0xC0) != 0x80;
}

/* The bytes detection looks at: the first FL_REGION_TEXT_MAX, cut at a character start. */
static size_t looked_at(const char *s, size_t len)
{
    if (len <= FL_REGION_TEXT_MAX)
        return len;
    len = FL_REGION_TEXT_MAX;
    while (len && !boundary(s, len + 1, len))
        len--;
    return len;
}

/* The fold of s[0..len) as fl_unorm_key() gives it; "" for text that folds to nothing. */
static void key_of(const char *s, size_t len, char *out, size_t cap)
{
    ssize_t n = fl_unorm_key(s, len, out, cap);
    if (n < 0)
        out[0] = '\0';
}

static void check_hits(const char *text, size_t len, const char *hint, const fl_region_hit *h,
                       size_t n)
{
    size_t seen = looked_at(text, len);
    bool other = hint && hint[0] >= 'A' && hint[0] <= 'Z' && hint[1] >= 'A' && hint[1] <= 'Z' &&
                 !hint[2];
    size_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        if (!h[i].region || !h[i].place || !known_code(h[i].region))
            abort();
        if ((unsigned)h[i].kind >= FL_RK_COUNT || (unsigned)h[i].ambiguity > FL_RA_REGION)
            abort();
        if (h[i].start >= h[i].end || h[i].end > seen || h[i].start < prev_end)
            abort();
        if (!boundary(text, len, h[i].start) || !boundary(text, len, h[i].end))
            abort();
        prev_end = h[i].end;
        bool foreign = other && memcmp(hint, h[i].region, 2) != 0;
        if (foreign && (h[i].kind != FL_RK_REGION || !h[i].conflict))
            abort(); /* trap (b): only region-level names survive another country's hint */
        if (!foreign && h[i].conflict)
            abort();
        char a[1024], b[1024];
        key_of(text + h[i].start, h[i].end - h[i].start, a, sizeof a);
        key_of(h[i].place, strlen(h[i].place), b, sizeof b);
        if (!a[0] || strcmp(a, b) != 0)
            abort();
    }
}

static void check_detect(const char *text, size_t len, const char *hint, size_t max)
{
    fl_region_hit all[BIG], few[8];
    size_t n = fl_regions_detect(gazetteer, text, len, hint, all, BIG);
    if (n && !fl_utf8_valid(text, looked_at(text, len)))
        abort();
    check_hits(text, len, hint, all, n < BIG ? n : BIG);
    memset(few, 0xA5, sizeof few);
    size_t m = fl_regions_detect(gazetteer, text, len, hint, few, max);
    if (m != n)
        abort();
    size_t k = n < max ? n : max;
    for (size_t i = 0; i < k; i++)
        if (few[i].region != all[i].region || few[i].place != all[i].place ||
            few[i].start != all[i].start || few[i].end != all[i].end ||
            few[i].kind != all[i].kind || few[i].conflict != all[i].conflict)
            abort();
    for (size_t i = k; i < sizeof few / sizeof *few; i++) {
        const unsigned char *p = (const unsigned char *)&few[i];
        for (size_t b = 0; b < sizeof few[i]; b++)
            if (p[b] != 0xA5)
                abort(); /* written beyond max */
    }
    if (fl_regions_detect(gazetteer, text, len, hint, NULL, 0) != n)
        abort();
}

/* A sentence buffer of cap bytes, filled with 'Z' beyond it to catch writes past cap. */
static void check_sentence(const char *why, size_t cap, size_t whole, bool utf8)
{
    size_t n = strnlen(why, cap);
    if (n >= cap)
        abort();
    for (size_t i = cap; i < whole; i++)
        if (why[i] != 'Z')
            abort();
    if (utf8 && cap >= 256 && !fl_utf8_valid(why, n))
        abort();
}

static void check_origin(fl_slice addr, fl_slice port, fl_slice name, const char *origin,
                         size_t whylen)
{
    bool utf8 = fl_utf8_valid(addr.ptr, addr.len) && fl_utf8_valid(port.ptr, port.len) &&
                fl_utf8_valid(name.ptr, name.len);
    char code[3] = "??", why[320];
    memset(why, 'Z', sizeof why);
    why[0] = '\0';
    bool ok = fl_origin_infer(countries, ports, gazetteer, addr, port, name, code, why, whylen);
    if (ok) {
        if (!fl_country_valid(countries, code))
            abort();
        check_sentence(why, whylen, sizeof why, utf8);
        if (whylen > 1 && !why[0])
            abort();
    } else if (strcmp(code, "??") != 0 || why[0] != '\0' || why[1] != 'Z') {
        abort();
    }
    char again[3] = "??";
    bool ok2 = fl_origin_infer(countries, ports, gazetteer, addr, port, name, again, NULL, 0);
    if (ok2 != ok || (ok && strcmp(again, code) != 0))
        abort();
    /* without the gazetteer and ports it still answers or not, and never crashes */
    char bare[3] = "??";
    if (fl_origin_infer(countries, NULL, NULL, addr, port, name, bare, NULL, 0) &&
        !fl_country_valid(countries, bare))
        abort();

    char where[3] = "??";
    memset(why, 'Z', sizeof why);
    why[0] = '\0';
    if (fl_origin_conflict(countries, gazetteer, origin, addr, where, why, whylen)) {
        if (!fl_country_valid(countries, origin) || !fl_country_valid(countries, where) ||
            strcmp(where, origin) == 0)
            abort();
        check_sentence(why, whylen, sizeof why, utf8);
    } else if (strcmp(where, "??") != 0 || why[0] != '\0' || why[1] != 'Z') {
        abort();
    }

    char pc[3] = "??";
    if (fl_port_country(ports, countries, port, pc) && !fl_country_valid(countries, pc))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const hints[] = {NULL, "", "CN", "UZ", "VN", "KZ", "cn", "CHN"};
    static const size_t maxes[] = {0, 1, 2, 5};
    static const char *const origins[] = {"CN", "VN", "UZ", "", "XX", "cn", "HK", "US"};
    static const size_t whylens[] = {256, 1, 24, 320};
    if (size < 1)
        return 0;
    unsigned set = data[0];
    const char *hint = hints[set & 7];
    size_t max = maxes[(set >> 3) & 3];
    const char *origin = origins[(set >> 5) & 7];
    size_t whylen = whylens[((set >> 3) ^ (set >> 5)) & 3];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    check_detect(text, len, hint, max);

    fl_slice part[3] = {{text, len}, {"", 0}, {"", 0}};
    const char *p = text, *end = text + len;
    for (int i = 0; i < 2; i++) {
        const char *nul = memchr(p, '\0', (size_t)(end - p));
        if (!nul)
            break;
        part[i].len = (size_t)(nul - part[i].ptr);
        p = nul + 1;
        part[i + 1] = (fl_slice){p, (size_t)(end - p)};
    }
    check_origin(part[0], part[1], part[2], origin, whylen);
    return 0;
}
