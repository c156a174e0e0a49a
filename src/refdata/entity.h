/*
 * entity.h - screening shipper and importer names against the listed entities of the rule
 * set (UFLPA Entity List entries and their aliases, entities named in CBP Withhold Release
 * Orders: the rules with names, see rules.h).
 *
 * The index is built once from the rule set. Every listed name and alias is parsed with
 * names.h and its tokens weighed by rarity:
 *
 *   idf(t)  = ln((N + 1) / (df + 0.5)) / ln((N + 1) / 1.5), clamped to [0, 1], where N is
 *             the number of entity rules and df the number of them that use token t in any
 *             of their names (a token of one entry weighs 1, one in every entry about 0)
 *   name    weight max(idf, 0.30)
 *   generic weight 0.10 + 0.10 * idf (silicon, textile, trading, group, new, energy...:
 *           always little, whatever the list holds)
 *   place   weight min(max(idf, 0.20), 0.40); a qualifier (a word in brackets such as
 *           "(Shanshan)", or after the legal form such as "Zrenjanin") weighs like a name
 *           word but is optional (below)
 *   legal   not weighed: a separate signal
 *   The bigrams of one CJK brand share one word's weight (each gets weight / bigrams).
 *
 * A listed name that ends "and (its) subsidiaries", or whose rule has a subsidiaries row in
 * entity-extras (rules.h), covers its subsidiaries (below). Aliases and former names are
 * indexed like the listed name; a hit on one names it in the evidence ("alias '...' of '...'",
 * "former name '...' of '...'").
 *
 * Views. A name in Chinese characters or Cyrillic is screened as written and romanised
 * (names.h, fl_name_romanise): Chinese in pinyin, and again with the other readings of
 * polyphones.csv when it has such a character; Cyrillic in the Russian BGN/PCGN and the Uzbek
 * Latin romanisation, Palladius spellings of Chinese read back into pinyin. Each view is
 * screened like a part of a wrapped name and the best score per rule kept (ties go to the name
 * as written); the evidence starts "transliteration (<scheme>) '<romanised text>':".
 *
 * Blocking: a name is compared only with the listed names it shares a distinctive token
 * with - never with the whole list. Postings are kept for every name token and qualifier of
 * weight >= 0.35 (not digits; for a CJK bigram, its brand's weight counts), CJK bigrams
 * included. A query word the list does not know is looked up by its first and last three
 * letters among the posted tokens of 5+ letters, and those near enough (below) bring their
 * entries; runs of 2 to 4 adjacent query words are also looked up glued ("ZHONG TAI" ->
 * "zhongtai", "Qi Le Yuan" -> "qileyuan"), and in a Cyrillic view by their consonant skeleton
 * (below). A table of whole keys (names.h: fl_name.key) finds exact matches - also of the key
 * with its glued runs - and, for listed names of 3+ words without any distinctive token
 * ("Xinjiang Nonferrous Metals Industry Group"), the listed name inside a longer query.
 *
 * Scoring one query Q against one listed name E:
 *   - same key, or same key once runs are glued (equal up to legal form, case, punctuation,
 *     word breaks and abbreviation spelling): score 1.0 ("exact name match");
 *   - E has no distinctive token, 3+ words, and its key is a run of whole words of Q's key:
 *     0.95 ("whole name inside");
 *   - otherwise each token of E, heaviest first, is aligned with the best unused token of Q:
 *     the same token (credit 1.0), a run of 2 to 4 adjacent Q words glued (1.0), a listed
 *     token of 2 to 4 letters written as the initials of as many pinyin syllables ("JA" =
 *     "jing ao", 0.9), in a Cyrillic view a word of the same consonant skeleton (kh/h, ts/c/q,
 *     sh/s, zh/j and ch/c one sound each, vowels dropped, a final vowel kept: "khoshayn" =
 *     "hoshine", but not "khoshino"; 1.0), or for non-CJK tokens of 4+ letters a near
 *     spelling: Jaro-Winkler >= 0.92, or edit distance 1 when both have 6+ letters (credit
 *     (sim - 0.80) / 0.20, where sim is the Jaro-Winkler value, at least 0.92 for an edit
 *     distance of 1);
 *       score = matched / (total + unmatched_query)
 *     matched = sum of weight * credit over aligned E tokens; total = sum of E's weights,
 *     where an unaligned trade word counts at least 0.40, an unaligned place half (0.3 of
 *     it when the party is in E's country: "Zhongtai Chemical" is how Xinjiang Zhongtai
 *     Chemical writes itself at home) and an unaligned qualifier a tenth - unless Q has a
 *     place E lacks while E has one Q lacks: then both count in full ("Shandong Zhongtai" is
 *     not "Xinjiang Zhongtai");
 *     unmatched_query = 0.2 x the weights of Q's other tokens (0.35 x for name words the list
 *     does not use, which weigh 0.6), at most 0.3 x total;
 *     a candidate with no aligned name token or qualifier is dropped: a name that shares
 *     only trade words, places or legal forms never reaches review;
 *     legal forms: the same signature +0.02, one form in common +0.01;
 *     a fuzzy score reaches match only when (a) aligned weight >= 1.2 or every token of E is
 *     aligned, and (b) an aligned name word has 5+ letters (or is a CJK brand), two have 4+,
 *     or every token of an E of 3+ tokens is aligned; otherwise it is held just below match
 *     (0.01 under it): "CAMEL CO LTD" is a possible match of "Camel Group Co., Ltd.", and
 *     "DA WANG FOODS" of the vessel "Da Wang", never hits. Two exceptions: a branch whose
 *     name before the legal form is the whole listed name ("TBEA Co., Ltd. Xinjiang
 *     Branch"), and every word of Q met with only E's places missing ("Zhongtai Chemical");
 *   - qualifiers: words of Q in brackets or after its legal form, and the words of
 *     qualifier_words.csv (branch, group, import and export, trading, HK, international,
 *     holding). The words after the legal form of a branch ("... Co., Ltd. Xiamen Branch")
 *     cost nothing: a branch is the company. When E covers its subsidiaries and every
 *     distinctive word of E is met exactly, Q's qualifiers, places and trade words cost
 *     nothing, and Q is a match (score raised to opts.match, "the listing covers
 *     subsidiaries: its name with a qualifier is a match") when E has two or more
 *     distinctive words ("Tangshan Sanyou Chemical Fiber"), or Q has a true qualifier
 *     (bracketed, after the legal form, or of qualifier_words.csv: "Hoshine Silicon
 *     (Jiaxing)", "Zijin Mining Import and Export"), or Q has a place and E's distinctive
 *     word is an invented brand ("Zhuhai Ninestar Management"). A distinctive word that is
 *     ordinary pinyin ("Zijin", "Hesheng": counties, family names) needs a true qualifier:
 *     "Zijin County Tea" and "Guangzhou Hesheng Furniture" are not subsidiaries;
 *   - country, for all three: when the caller knows the party's country and E's entity lists
 *     countries, agreement +0.05, disagreement -0.30 (CN, HK and MO count as neither); for an
 *     exact or contained key of 3+ words with a distinctive word or a place a disagreement
 *     costs only 0.05. A disagreement never takes a strong score (exact key of a name with a
 *     distinctive word, or every distinctive word of E met exactly with nothing else in Q
 *     but qualifiers) at or above match below it: such a score is kept (at least at match)
 *     and the evidence says "country MY!=CN: possible transshipment (third-country
 *     shipping)" - a listed producer's name is the evidence wherever the goods ship from;
 *   - the result is clamped to [0, 1].
 * score >= opts.match: a hit (the caller flags it with the rule's severity);
 * opts.review <= score < opts.match: a possible match (possible = true; the caller gives it
 * severity low and action CAUTION).
 * When a query is exactly one listed name, only exact hits are reported, and match-level hits
 * of entries that cover their subsidiaries: a subsidiary's exact name does not also flag its
 * parent or siblings as possible matches, but the parent's order that covers it does fire.
 *
 * Qualifiers that are places: with opts.places, a bracketed or trailing word of Q that the
 * gazetteer knows (fl_gazetteer_place) is reported on the hit (region, place, the row's
 * source) and at the end of the evidence ("qualifier 'shanshan' is a place of CN-XJ
 * (Shanshan, county; https://...)"); the matcher (match.h) makes it region evidence.
 *
 * Addresses (fl_entity_screen_address): a listed address of the entity whose words are all in
 * the shipper's address is a hit (0.95); so is a listed name that a part of the address between
 * commas, or the whole address, matches at the match threshold (a listed prison, camp, farm or
 * industrial park, or a company the shipper is care of).
 *
 * Every hit carries the FL_EPAT_* bits of the patterns it met, and its evidence says them:
 * "alias", "former name", "qualifier", "transliteration", "address:", "possible
 * transshipment (third-country shipping)", "(words put together)"/"'zhong tai'='zhongtai'".
 *
 * Wrapped names ("ABC LOGISTICS AS AGENT FOR XYZ SILICON CO LTD") are split with
 * fl_name_split() and every part is screened; the evidence says which part matched.
 * The caller checks each rule's validity window (fl_rule_in_force); the index does not know
 * dates.
 */
#ifndef FL_ENTITY_H
#define FL_ENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"
#include "nametab.h"
#include "region.h"
#include "rules.h"

typedef struct fl_entity_opts {
    double match;  /* score for a hit; default 0.90 */
    double review; /* score for a possible match; default 0.75; review <= match */
    /* the regions gazetteer (borrowed, may be NULL): qualifiers that are places of a listed
       region are reported with their region (fl_entity_hit.region) */
    const fl_gazetteer *places;
} fl_entity_opts;

#define FL_ENTITY_MATCH_DEFAULT 0.90
#define FL_ENTITY_REVIEW_DEFAULT 0.75
#define FL_ENTITY_OPTS_DEFAULT                                                                     \
    {                                                                                              \
        FL_ENTITY_MATCH_DEFAULT, FL_ENTITY_REVIEW_DEFAULT, NULL                                    \
    }

/* Which evasion pattern a hit met (fl_entity_hit.patterns); the evidence says it in words. */
enum {
    FL_EPAT_ALIAS = 1u,      /* an alias (a/k/a name) of the entry */
    FL_EPAT_FORMER = 2u,     /* a former name of the entry */
    FL_EPAT_QUALIFIER = 4u,  /* qualifiers of a branch, arm or subsidiary ("(Shanshan)", "HK") */
    FL_EPAT_TRANSLIT = 8u,   /* the name romanised from another script */
    FL_EPAT_ADDRESS = 16u,   /* found in the shipper's address (fl_entity_screen_address) */
    FL_EPAT_TRANSSHIP = 32u, /* a country other than the entity's: possible transshipment */
    FL_EPAT_WORDBREAK = 64u, /* words written apart that the list writes as one ("Zhong Tai") */
};

typedef struct fl_entity_hit {
    size_t rule;       /* index into rs->rules */
    size_t name_index; /* index into the rule's names: 0 = listed name, >0 = alias */
    double score;      /* 0..1 */
    bool possible;     /* review <= score < match */
    unsigned patterns; /* FL_EPAT_* bits */
    /* A qualifier of the name that is a place of a listed region (entity.h, "Qualifiers"),
       from the gazetteer of opts.places: its region code, the gazetteer's spelling and the
       row's source URL (borrowed from the gazetteer); NULL when none. */
    const char *region, *place, *place_source;
    /*
     * Why, for the report, e.g.
     * "entry 'Hoshine Silicon Industry (Shanshan) Co., Ltd' (UFLPA-entity); 'hoshine'=
     * 'hoshine' 1.00w; 'silicon'='silicon' 0.20w; 'shanshan' missing 0.90w; legal form
     * 'co ltd'~'co ltd'; country CN=CN +0.05; score 0.97 >= 0.90". Tokens are shown in their
     * canonical form; a long list is cut with "..." but the score part is always there.
     */
    char evidence[512];
} fl_entity_hit;

typedef struct fl_entity_index fl_entity_index;

/*
 * Build the index over the entity rules of rs (fl_rules_entities), parsing names with the
 * phrase tables names (nametab.h). rs and names are borrowed and must outlive the index.
 * opts NULL means the defaults. Returns FL_OK with *out set (free with
 * fl_entity_index_free), FL_ERR_USAGE when the thresholds are not 0 < review <= match <= 1
 * (message printed), FL_ERR_NOMEM. A rule set without entity rules gives an empty index
 * that never matches. Names that are not valid UTF-8 are skipped with a warning.
 */
fl_status fl_entity_index_new(const fl_ruleset *rs, const fl_name_tables *names,
                              const fl_entity_opts *opts, fl_entity_index **out);

/* NULL-safe. */
void fl_entity_index_free(fl_entity_index *ix);

/* Number of listed names and aliases indexed. 0 for NULL. */
size_t fl_entity_index_names(const fl_entity_index *ix);

/*
 * Screen one party name s[0..len) (borrowed, need not be NUL-terminated) whose country is
 * country (ISO alpha-2 of the party's address; "" or NULL when unknown - pass the party's
 * own country, not the goods' origin). Writes at most max hits to out (out may be NULL when
 * max is 0), at most one per rule (its best-scoring name), ordered by score descending then
 * rule index; returns how many rules reached review (may exceed max). Invalid UTF-8 gives 0.
 * At most 256 candidate names are scored per part of a wrapped name (far above any real
 * name; the first found are kept).
 * Thread-safe for concurrent calls on one index: scratch lives on the stack (about 64 KiB);
 * names in other scripts open ICU's transforms once per thread (translit.h).
 */
size_t fl_entity_screen(const fl_entity_index *ix, const char *s, size_t len, const char *country,
                        fl_entity_hit *out, size_t max);

/*
 * Screen a shipper's address s[0..len) (borrowed, valid UTF-8; longer than 1200 bytes gives 0)
 * for listed entities found there, as evidence of the entity under another name (entity.h,
 * "Addresses"): a listed address of the entity (entity-extras, kind address) whose words are
 * all in the address (score 0.95), and a listed name that a part of the address between commas
 * matches at the match threshold ("Building 3, Lop County Hair Product Industrial Park", "c/o
 * Fuchu Prison"). Hits have FL_EPAT_ADDRESS and evidence starting "address:"; never possible
 * matches. Writes at most max hits (one per rule) and returns how many. Thread-safe.
 */
size_t fl_entity_screen_address(const fl_entity_index *ix, const char *s, size_t len,
                                const char *country, fl_entity_hit *out, size_t max);

/*
 * The same, with each part between commas screened by screen(ctx, text, len, country, out,
 * max), which must answer as fl_entity_screen() does (the hits it writes, and their number or
 * more), as the caller's cache knows it: the same parts ("Guangdong 523122", "Suzhou",
 * "China") recur in many distinct addresses, and most of them match nothing. The whole
 * address, as distinct as the address itself, is screened here. screen NULL: every part here.
 */
typedef size_t (*fl_entity_part_fn)(void *ctx, const char *s, size_t len, const char *country,
                                    fl_entity_hit *out, size_t max);
size_t fl_entity_screen_address_with(const fl_entity_index *ix, const char *s, size_t len,
                                     const char *country, fl_entity_hit *out, size_t max,
                                     fl_entity_part_fn screen, void *ctx);

/*
 * False when fl_entity_screen(ix, s, len, country, ...) returns 0 whatever the country: no
 * part of the name opens a candidate (or the text is not valid UTF-8). True means it may
 * not (a screen per country is needed). The country only moves scores, so callers can cache
 * a false by the name alone; most traders' names are such. Thread-safe like the screen.
 */
bool fl_entity_may_match(const fl_entity_index *ix, const char *s, size_t len);

#endif
