/*
 * region.h - the regions gazetteer and place detection in free text (shipper addresses).
 *
 * A gazetteer maps place names to ISO 3166-2 subdivision codes: CN-XJ for the Xinjiang
 * Uyghur Autonomous Region (with the XPCC's cities and divisions) and UZ-QR for
 * Karakalpakstan. It is read from datasets/regions.csv (format in datasets/README-regions.md):
 *
 *   region,place,kind,lang,ambiguous,note,source
 *   CN-XJ,Kashgar,prefecture,en,no,,https://en.wikipedia.org/wiki/...
 *
 * How text is matched. Names and text are folded the same way (the rules of fl_unorm_key():
 * NFKC, case folding, marks stripped, every run of non-letters/digits one space), applied
 * one code point at a time so that every folded byte remembers the bytes of the original
 * text it came from. The fold also puts a word break between Han characters and other
 * letters ("乌鲁木齐Urumqi" is two words). Then, left to right, the longest name wins:
 *   - names written with spaces (Latin, Cyrillic, Uyghur) are looked up as word n-grams of
 *     1 up to the longest name's word count in one hash table, so a name only ever
 *     matches whole words ("Aksu" does not match inside "Aksuyu");
 *   - names written in Han characters are also looked up as substrings at every character
 *     of a run of Han text (Chinese has no spaces), in the same table.
 * Matching is therefore a fixed number of hash look-ups per word, never a regex per name.
 *
 * Traps, and what the detector does about each (all decided per hit, after matching):
 *   (a) Streets named after a region in another city ("Xinjiang Road, Shanghai", "Urumqi
 *       Rd", "Kashgar Street", "新疆路", "乌鲁木齐北路", "Altay Caddesi", "Nukus ko'chasi",
 *       "ul. Urumchi"): a place followed by a street word (road rd street st str lane ln
 *       avenue ave av boulevard blvd drive dr way highway lu jie dajie dadao xilu donglu ...,
 *       Turkish caddesi/cad/sokak, Uzbek/Kazakh ko'chasi/көшесі, optionally after a direction
 *       word: "Xinjiang North Road", "Xinjiang Bei Lu") or preceded by one (ul ulitsa улица
 *       проспект rue calle avenida jalan via), or in Han text followed by 路 街 大道 大街 巷 弄
 *       胡同 (optionally after 东 西 南 北 中), is a street name and never a hit. A comma,
 *       semicolon, parenthesis or slash in between cancels that ("Kashgar, St Petersburg"),
 *       and no name spans one either ("Ili, Kazakh ..." is not "Ili Kazakh"). The other
 *       places of the text still count, so "Kashgar Road, Urumqi" is CN-XJ through
 *       "Urumqi". Exceptions: "road and bridge" / 路桥 / 路政 / 路网 are firms' trades
 *       ("新疆路桥" is a Xinjiang road-and-bridge builder), not streets.
 *   (b) A firm named after a place, in another country ("Aksu Textile, Faisalabad",
 *       "Hami Trading, Dubai"): when country_hint names a country other than the region's
 *       (CN for CN-XJ, UZ for UZ-QR), hits are dropped, except region-level names
 *       ("Xinjiang", "新疆", "XUAR", "Karakalpakstan"; kind FL_RK_REGION), which are kept
 *       with conflict = true: the text names the region while the record says otherwise.
 *   (c) Short or shared names need context (column `ambiguous`):
 *         no      the name only means this place;
 *         yes     the name is also a place or word abroad (Hami, Ili, Aral, Altay, Bole,
 *                 Manas, Aksu, Kashi, Khorgos): kept only when the text also shows the
 *                 region's country - a country word (China, PRC, P.R.C., CN, CHN, 中国,
 *                 中華人民共和國, Китай, Chine; Uzbekistan, O'zbekiston, Узбекистан, UZ for
 *                 UZ; the list is in region.c) or a Chinese province name (Guangdong,
 *                 浙江, ...) - or shows the region itself (below);
 *         region  the name is shared with other places or firms inside the same country
 *                 (Shanshan, Xinhe, Yutian, Fukang, Yili (a dairy group), 库车 inside
 *                 仓库车间, 第一师 inside 第一师范): kept only when the text shows the
 *                 region itself: another hit of the same region whose name is not ambiguous,
 *                 or a postcode of the region (six digits starting 83 or 84 for CN-XJ)
 *                 together with the country (a country word, or country_hint equal to it).
 *       A country hint equal to the region's country is not context on its own (a record
 *       with origin CN and shipper "Hami Trading, Guangzhou" is not placed in Xinjiang).
 *       Ambiguous hits never vouch for each other ("Aksu Hami" alone gives nothing).
 *   A street's name or a dropped hit gives no context to other hits.
 *
 * Use: pass the record's stated origin as country_hint, or the one fl_origin_infer() gives
 * when it states none. With a hint of another country only region-level names survive, so
 * to tell "origin VN, shipper in Shihezi" apart, also ask fl_origin_conflict() (origin.h),
 * which reads the address with no hint.
 *
 * Not handled: a firm in another country that names a non-ambiguous place without a
 * country hint ("Kashgar Restaurant, London" with no hint is CN-XJ: pass the stated or
 * inferred origin as the hint); buildings named after the region in another city
 * ("Xinjiang Mansion, Beijing", 新疆大厦); inflected Russian forms ("в Синьцзяне").
 */
#ifndef FL_REGION_H
#define FL_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"

typedef enum fl_region_kind {
    FL_RK_REGION = 0, /* the region itself: "Xinjiang", "新疆维吾尔自治区", "Karakalpakstan" */
    FL_RK_PREFECTURE, /* prefecture or autonomous prefecture: "Kashgar", "Ili" */
    FL_RK_CITY,       /* city at prefecture or county level: "Urumqi", "Korla", "Nukus" */
    FL_RK_COUNTY,     /* county or district: "Shanshan", "Lop", "Muynak" */
    FL_RK_XPCC,       /* XPCC, its divisions and its cities: "XPCC 8th Division", "Shihezi" */
    FL_RK_OTHER,      /* other places: "Tarim Basin" */
    FL_RK_COUNT
} fl_region_kind;

typedef enum fl_region_ambiguity {
    FL_RA_NO = 0,  /* "no" */
    FL_RA_COUNTRY, /* "yes": needs the country or the region in context */
    FL_RA_REGION,  /* "region": needs the region itself in context */
} fl_region_ambiguity;

typedef struct fl_gazetteer fl_gazetteer;

/* One detected place. */
typedef struct fl_region_hit {
    const char *region; /* ISO 3166-2 code ("CN-XJ"); borrowed from the gazetteer */
    const char *place;  /* the gazetteer's spelling of the name that matched (the first row
                           with that folded name: text "ÜRÜMQI" gives "Urumqi"); borrowed */
    fl_region_kind kind;
    fl_region_ambiguity ambiguity; /* != FL_RA_NO: kept because the context vouched for it */
    size_t start, end; /* the matched bytes text[start..end) of the caller's text, from the
                          first to the last code point that folded into the name (a
                          combining mark after the last letter included) */
    bool conflict;     /* a region-level name while country_hint names another country */
} fl_region_hit;

/*
 * Text longer than this is looked at up to here only (cut at a character boundary):
 * detection works in about 40 KiB of stack (no heap but the Unicode fold's, see
 * fl_regions_detect()). Shipper addresses are far shorter.
 */
#define FL_REGION_TEXT_MAX 2048

/*
 * Load the gazetteer from csv (path; display is the name used in messages, NULL for the
 * path). Required columns: region, place, kind, lang, ambiguous, source; note is optional.
 * Every bad row is reported with fl_error() as "file:line:column: ..." (column = 1-based
 * field) before the load fails: a region that is not an ISO 3166-2 code in form (two capital
 * letters, '-', one to three capitals or digits), a place that is empty, not UTF-8, folds to
 * nothing, to more than 255 bytes or to more than 8 words, an unknown kind, lang (en, pinyin, zh,
 * ug, ru, other) or ambiguous value (no, yes, region), a source that is not an http(s) URL, and a
 * place that folds like an earlier row's place with another region or another ambiguous value (the
 * same name twice for one region, as "Urumqi" and "Ürümqi", is fine: the first spelling is the one
 * hits report).
 *
 * iso_3166_2_json: path of iso-codes' iso_3166-2.json, or NULL to skip the check. Every
 * region code must be listed there. iso-codes releases before 2017's ISO newsletter list
 * Xinjiang as "CN-65" (and other Chinese provinces by number); when the file lacks a code
 * but has its listed alias (CN-XJ <-> CN-65), the code is accepted and hits still report
 * the gazetteer's code. A code with neither is reported at the first row that uses it.
 *
 * Returns FL_OK with *out set (free with fl_gazetteer_free()), FL_ERR_RULES for a bad table
 * or JSON file, FL_ERR_INPUT when a file cannot be read, FL_ERR_NOMEM. *out is NULL after a
 * failure. The gazetteer is immutable after loading and may be shared by threads.
 */
fl_status fl_gazetteer_load(const char *csv, const char *display, const char *iso_3166_2_json,
                            fl_gazetteer **out);

/* NULL-safe. */
void fl_gazetteer_free(fl_gazetteer *g);

/* Number of place rows loaded (for the run stamp); 0 for NULL. */
size_t fl_gazetteer_count(const fl_gazetteer *g);

/*
 * Detect places of the gazetteer in text[0..len) (borrowed, valid UTF-8, need not be
 * NUL-terminated). country_hint: the ISO alpha-2 code the record places the text in (the
 * stated origin, or the one fl_origin_infer() gave), or NULL / "" when unknown; see trap (b).
 * Writes up to max hits to out in text order and returns how many there are (may exceed
 * max). Returns 0 for NULL g or text, for invalid UTF-8, and when nothing is found.
 * Never allocates memory except inside the Unicode fold of non-ASCII characters other
 * than Han (one short utf8proc call per distinct character, cached per call).
 * Thread-safe on a shared gazetteer.
 */
size_t fl_regions_detect(const fl_gazetteer *g, const char *text, size_t len,
                         const char *country_hint, fl_region_hit *out, size_t max);

/* A row of the gazetteer (fl_gazetteer_place); strings borrowed from the gazetteer. */
typedef struct fl_place {
    const char *region; /* ISO 3166-2 code */
    const char *place;  /* the gazetteer's spelling */
    const char *source; /* the row's source URL */
    const char *note;   /* the row's note, "" when none */
    fl_region_kind kind;
    fl_region_ambiguity ambiguity;
} fl_place;

/*
 * The gazetteer's row for the place name name[0..len) (folded like the gazetteer's names: the
 * whole text is one name, no context rules): true with *out set, false when the name is not a
 * place of a listed region. For a word the caller already knows is a place ("(Shanshan)" as a
 * qualifier of a listed company's name, entity.h) where the text around it is no context.
 * Thread-safe.
 */
bool fl_gazetteer_place(const fl_gazetteer *g, const char *name, size_t len, fl_place *out);

/* "region", "prefecture", "city", "county", "xpcc", "other". */
const char *fl_region_kind_str(fl_region_kind k);

/*
 * True when the folded word key[0..len) (fl_unorm_key() form: lower case, no punctuation)
 * is a street word that follows a name ("road", "rd", "street", "lu", "caddesi").
 * Exported so that other address parsers (origin.c) skip "Vietnam Road" the same way.
 */
bool fl_region_street_word(const char *key, size_t len);

#endif
