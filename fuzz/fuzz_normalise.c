/*
 * fuzz_normalise.c - libFuzzer target for the normalisers that read trade-data text:
 * country lookup (country.h), HS codes (hs.h), dates (dates.h), Unicode keys and UTF-8
 * validation (unorm.h) and report text cleaning (textsafe.h), all on the same bytes.
 *
 * Checked besides memory safety: an HS code is 2 to 10 digits, even in number; a date is a
 * real calendar date and an ISO date reads the same through both parsers; a key is valid
 * UTF-8 without ASCII capitals, leading, trailing or double spaces, and folding it again
 * gives it back; a country found is an assigned alpha-2 code; cleaned text is valid UTF-8,
 * within its limit and, for XML, free of the control characters XML cannot hold.
 * The country table is loaded once from the iso-codes data and datasets/country_aliases.csv.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "country.h"
#include "dates.h"
#include "hs.h"
#include "textsafe.h"
#include "unorm.h"

static fl_countries *countries;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (fl_countries_load(FLSCAN_ISO_CODES_DIR "/iso_3166-1.json",
                          FLSCAN_SOURCE_DIR "/datasets/country_aliases.csv", &countries) != FL_OK)
        abort();
    return 0;
}

static void check_key(const char *s, size_t len)
{
    char key[512], again[512];
    ssize_t n = fl_unorm_key(s, len, key, sizeof key);
    if (n < 0)
        return;
    if (!fl_utf8_valid(s, len))
        abort(); /* a key from text that is not UTF-8 */
    if ((size_t)n >= sizeof key || key[n] != '\0' || !fl_utf8_valid(key, (size_t)n))
        abort();
    for (ssize_t i = 0; i < n; i++) {
        if (key[i] >= 'A' && key[i] <= 'Z')
            abort();
        if (key[i] == ' ' && (i == 0 || i == n - 1 || key[i - 1] == ' '))
            abort();
    }
    ssize_t m = fl_unorm_key(key, (size_t)n, again, sizeof again);
    if (m != n || memcmp(key, again, (size_t)n) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;

    char hs[FL_HS_MAX + 1];
    fl_hs_result hr = fl_hs_normalise(s, size, hs);
    if (hr == FL_HS_OK) {
        size_t n = strlen(hs);
        if (n < 2 || n > FL_HS_MAX || n % 2)
            abort();
        for (size_t i = 0; i < n; i++)
            if (hs[i] < '0' || hs[i] > '9')
                abort();
    } else if (hs[0] != '\0') {
        abort();
    }

    /* an HS cell: every code kept is a code, the first bad piece lies inside the text */
    fl_hs_cell cell;
    fl_hs_parse_cell(s, size, size % 2, &cell);
    if (cell.n > FL_HS_CELL_MAX || (cell.n_invalid && cell.bad_at + cell.bad_len > size))
        abort();
    for (size_t k = 0; k < cell.n; k++) {
        char again[FL_HS_MAX + 1];
        if (fl_hs_normalise(cell.code[k].digits, strlen(cell.code[k].digits), again) != FL_HS_OK ||
            strcmp(again, cell.code[k].digits) != 0)
            abort();
    }

    /* dates in either order: valid or 0; an explicit order never says ambiguous */
    fl_date_reading how;
    fl_date dd = fl_date_parse_order(s, size, FL_DATE_ORDER_DMY, &how);
    if ((dd && !fl_date_valid(dd / 10000, dd / 100 % 100, dd % 100)) || how != FL_DATE_READ_PLAIN)
        abort();

    fl_date d = fl_date_parse_any(s, size);
    if (d && !fl_date_valid(d / 10000, d / 100 % 100, d % 100))
        abort();
    fl_date iso = fl_date_parse_iso(s, size);
    if (iso && iso != d)
        abort();
    if (d) {
        char out[11];
        fl_date_format(d, out);
        if (fl_date_parse_iso(out, 10) != d)
            abort();
    }

    check_key(s, size);

    char code[3];
    if (fl_country_lookup(countries, s, size, code)) {
        if (strlen(code) != 2 || !fl_country_valid(countries, code) ||
            !fl_country_name(countries, code))
            abort();
    }

    fl_textsafe_buf buf = FL_TEXTSAFE_BUF_INIT;
    size_t max = 16 + size % 64;
    const char *t = fl_textsafe_clean(&buf, s, size, FL_TEXTSAFE_XML, max, "...");
    if (!t || buf.len > max || !fl_utf8_valid(t, buf.len) || strlen(t) != buf.len)
        abort();
    for (size_t i = 0; i < buf.len; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x20 && c != '\t' && c != '\n')
            abort();
    }
    t = fl_textsafe_clean(&buf, s, size, 0, 0, NULL);
    if (!t || !fl_utf8_valid(t, buf.len))
        abort();
    fl_textsafe_buf_free(&buf);
    return 0;
}
