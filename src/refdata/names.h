/*
 * names.h - company names as classified token lists, for entity screening (entity.h).
 *
 * A shipper or importer name from a bill of lading is turned into the form in which it is
 * compared with the listed entities of the rule set:
 *
 *   1. Wrappers are found on the raw text (fl_name_split): "XYZ CO LTD C/O ABC LOGISTICS",
 *      "ABC LOGISTICS AS AGENT FOR XYZ SILICON CO LTD", "ABC O/B XYZ", "TO THE ORDER OF XYZ",
 *      "XYZ A/K/A ABC". Each side is a part with a role (principal, agent, alias); the
 *      screener looks at every part, so neither the principal nor its agent escapes.
 *   2. Each part is folded with fl_unorm_key() (NFKC, case fold, marks stripped, punctuation
 *      runs -> one space); text in brackets - (), [], {}, full-width （） and 【】 - is folded
 *      separately and its words are marked FL_NTOK_PAREN.
 *   3. A word that is not known is split where known words are glued together
 *      ("HOSHINESILICON" -> "hoshine silicon"): only lower-case ASCII words of 6 to 40 letters,
 *      into 2 to 4 pieces of at least 3 letters, every piece known - to the caller's
 *      vocabulary (the entity list's words) or to the phrase tables (nametab.h) - and the
 *      split with the fewest pieces wins. Words of the caller's vocabulary are never split.
 *   4. Phrases are mapped to one canonical short form, the same on both sides of a match:
 *      company/co -> "co", corporation -> "corp", limited -> "ltd", international/int'l ->
 *      "intl", industry/industries/industrial/ind/indus -> "ind", import and export/imp & exp/
 *      i/e/impex -> "ie", technology/tech -> "tech", group/grp -> "grp", commerce/comm ->
 *      "comm", services/srvces/svcs -> "svc", manufacturing/mfg -> "mfg", trading/trade/
 *      trdg -> "trdg", textile(s)/tex -> "tex", development/dev -> "dev", Hotan/Khotan ->
 *      "hetian", S.A. de C.V. -> "sa de cv", ООО -> "ooo", ... Joining words ("and", "of",
 *      "the", "de", "und", "ve", "и"...) are dropped.
 *   5. Legal forms (Co., Ltd; LLC; Inc; GmbH; AG; JSC; PJSC; OAO; ZAO; OOO/ООО; АО; ПАО;
 *      MChJ; AJ; Lda; SA; SARL; SRL; SpA; BV; NV; Pvt Ltd; Sdn Bhd; PT; Tbk; 有限公司;
 *      股份有限公司; 有限责任公司; 公司; 株式会社 ...) are kept as tokens of class
 *      FL_NTOK_LEGAL, never as name tokens. Unambiguous forms (ltd, llc, gmbh, inc, corp,
 *      ooo, sdn, bhd, tbk...) count wherever they are; ambiguous short ones (co, sa, ag, as,
 *      bv, nv, ao, pt, ...) only in the run of legal forms that ends the name, at the start
 *      for forms written first (PT, ООО, АО, JSC), or next to another legal form. An
 *      ambiguous form elsewhere is an ordinary word ("AG Industries": "ag" is a name token).
 *   6. Chinese, Japanese and Korean text (no spaces) is cut by dictionary: legal-form
 *      suffixes are peeled ("股份有限公司" -> legal "co ltd"), then the rest is cut into known
 *      places (新疆, 鄯善...), trade words (新能源, 硅业, 化学, 集团...) and brands of the table
 *      (东方希望, 纳思达: one name token each), the cut that leaves the fewest characters
 *      unknown and then the fewest unknown runs ("紫金矿业" is 紫金 + 矿业, not 紫 + 金矿 + 业);
 *      an unknown run - a brand - becomes one token when it has one or two characters and its
 *      overlapping character bigrams otherwise ("东方鸿运" -> 东方 方鸿 鸿运), so that a
 *      partly different brand still shares tokens.
 *   7. A joining word that is also a pinyin syllable is kept as a name word when a neighbour
 *      is a pinyin syllable word ("Qi Le Yuan", "A She Le"), and dropped between words of
 *      other languages ("Banco de la Nacion").
 *
 * Token classes:
 *   FL_NTOK_NAME     distinctive words: brands, family names, towns not in the place list
 *   FL_NTOK_GENERIC  trade words that say little about which company it is (silicon,
 *                    textile, trading, industry, group, chemical, new, energy, cotton, ...)
 *   FL_NTOK_LEGAL    legal forms (a separate, weak signal)
 *   FL_NTOK_PLACE    places from the place table (China, Xinjiang, provinces, Xinjiang's
 *                    prefectures and some cities), any other word in brackets, such as
 *                    "(SHANSHAN)", and any name word after a legal form that does not end the
 *                    name ("Zrenjanin" in "Linglong International Europe D.O.O. Zrenjanin",
 *                    "Xinye" in "... Co., Ltd., Xinye Branch"; flag FL_NTOK_TAIL) - the last
 *                    two are qualifiers the screener treats as optional
 *
 * Scripts other than Latin are kept as they are by fl_name_parse(); Cyrillic legal forms map
 * to the Latin ones ("ООО" -> "ooo"), so the legal signal works across scripts.
 * fl_name_romanise() writes a name of another script in Latin letters (translit.h, ICU), to be
 * parsed again: the screener compares both forms with the list (entity.h).
 *
 * The phrases of steps 4 to 7 (legal forms, spellings of trade words, places, joining words,
 * the CJK legal forms, words and brands, pinyin syllables, Palladius syllables, polyphones)
 * are data: the tables of nametab.h, read from datasets/names/
 * at start and passed to every call (the examples above are rows of the shipped files).
 * Wrappers (step 1) are grammar and stay in the code.
 *
 * Everything here is pure computation on caller storage and the read-only tables:
 * thread-safe, no allocation except the one fl_unorm_key() makes for non-ASCII text and
 * ICU's in fl_name_romanise() (translit.h).
 */
#ifndef FL_NAMES_H
#define FL_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "nametab.h"
#include "translit.h"

typedef enum fl_ntok_class {
    FL_NTOK_NAME = 0,
    FL_NTOK_GENERIC,
    FL_NTOK_LEGAL,
    FL_NTOK_PLACE,
    FL_NTOK_CLASS_COUNT
} fl_ntok_class;

/* Token flags. */
enum {
    FL_NTOK_PAREN = 1u,  /* came from inside brackets */
    FL_NTOK_CJK = 2u,    /* Chinese/Japanese/Korean: a run of one or two characters or a bigram */
    FL_NTOK_SPLIT = 4u,  /* a piece of a run-together word */
    FL_NTOK_DIGITS = 8u, /* digits only ("4" in "Lop County No. 4 ...") */
    FL_NTOK_TAIL = 16u,  /* after the legal form ("Zrenjanin" in "... D.O.O. Zrenjanin") */
};

/* Sizes: names longer than FL_NAME_MAX_INPUT bytes are cut at a character boundary and
   marked truncated; so are names with more than FL_NAME_MAX_TOKENS tokens. */
#define FL_NAME_MAX_INPUT 600
#define FL_NAME_MAX_TOKENS 48
#define FL_NAME_TEXT 1024
#define FL_NAME_KEY 640
#define FL_NAME_LEGAL 64

typedef struct fl_ntok {
    uint16_t off, len; /* canonical text: fl_name.text + off, NUL-terminated, len bytes */
    uint8_t cls;       /* fl_ntok_class */
    uint8_t flags;     /* FL_NTOK_* bits */
    uint8_t nrun;      /* a CJK bigram: how many bigrams its brand run gave (2 or more); else 0 */
} fl_ntok;

/*
 * One parsed name. Self-contained (offsets, no pointers): may be copied with memcpy.
 * About 2 KiB, meant to live on the stack.
 */
typedef struct fl_name {
    fl_ntok tok[FL_NAME_MAX_TOKENS]; /* in text order, legal forms included */
    size_t n_tok;
    /* Non-legal canonical tokens joined by one space, in order (a CJK brand run appears
       whole, not as bigrams): two names with the same key are the same name up to legal
       form, case, punctuation, spelling of abbreviations and script-internal variants.
       "" when the name has no such token. */
    char key[FL_NAME_KEY];
    /* Legal-form tokens joined by one space, each once, in order ("co ltd"); "" for none. */
    char legal[FL_NAME_LEGAL];
    char text[FL_NAME_TEXT];
    size_t text_len;
    bool truncated;
} fl_name;

/* Text of token i (NUL-terminated). */
static inline const char *fl_name_tok(const fl_name *n, size_t i)
{
    return n->text + n->tok[i].off;
}

/*
 * Words the caller knows, for splitting run-together words: known(ctx, w, len) is asked
 * about lower-case pieces (w is not NUL-terminated) and must be thread-safe if the parse is
 * run from several threads.
 */
typedef struct fl_name_vocab {
    bool (*known)(const void *ctx, const char *w, size_t len);
    const void *ctx;
} fl_name_vocab;

/*
 * Parse s[0..len) (borrowed, need not be NUL-terminated) into *out with the phrase tables tab
 * (borrowed, not NULL). vocab may be NULL (no words beyond the tables; listed names
 * themselves are parsed that way). Wrappers are NOT removed here: call fl_name_split() first
 * and parse each part.
 * Returns FL_OK (out->n_tok may be 0 for an empty or all-punctuation name) or FL_ERR_INPUT
 * when s is not valid UTF-8 (out is then empty). out->key and out->legal are valid UTF-8 and
 * NUL-terminated. A key is not a fixed point: parsed again it may differ, because phrases
 * never cross brackets ("P (T) Foo" has key "p t foo"; "p t foo" reads "p t" as the legal
 * form PT).
 */
fl_status fl_name_parse(const fl_name_tables *tab, const char *s, size_t len,
                        const fl_name_vocab *vocab, fl_name *out);

/* Who a part of a wrapped name is. */
typedef enum fl_name_role {
    FL_ROLE_WHOLE = 0, /* no wrapper: the name itself */
    FL_ROLE_PRINCIPAL, /* the party the goods are for/from ("XYZ" in "ABC AS AGENT FOR XYZ") */
    FL_ROLE_AGENT,     /* the agent, forwarder or care-of party */
    FL_ROLE_ALIAS,     /* one of several names of the same party (A/K/A, D/B/A, F/K/A) */
} fl_name_role;

#define FL_NAME_MAX_PARTS 4

typedef struct fl_name_part {
    size_t start, len; /* byte range in the input, trimmed of spaces and punctuation */
    fl_name_role role;
    const char *marker; /* the wrapper that set the role ("as agent for"), "" for WHOLE; static */
} fl_name_part;

/*
 * Split s[0..len) at wrapper phrases, matched case-insensitively as whole words on the raw
 * text (before folding, so "C/O" is not confused with the word "co"):
 *   care-of     c/o, c/0, care of, in care of, attn     left: principal, right: agent
 *   agent-for   as agent(s) for/of, agent for, on behalf of, for and on behalf of, o/b,
 *               obo, o/b/o, for (the) account of, a/c, a/c of    left: agent, right: principal
 *   order       to (the) order of                        right: principal
 *   alias       a/k/a, aka, f/k/a, fka, formerly, formerly known as, d/b/a, dba, t/a,
 *               doing business as                         both: alias
 * A part between two wrappers is a principal if either wrapper says so. Empty parts are
 * dropped. Writes up to max parts (FL_NAME_MAX_PARTS is enough for any real name; further
 * wrappers stay inside the last part) and returns how many; a name without wrappers gives
 * one FL_ROLE_WHOLE part covering the trimmed input (none when it is empty).
 */
size_t fl_name_split(const char *s, size_t len, fl_name_part *parts, size_t max);

/* Scripts that fl_name_romanise() writes in Latin letters. */
enum {
    FL_SCRIPT_HAN = 1u,      /* Chinese characters (and Japanese kanji): FL_TR_HAN */
    FL_SCRIPT_CYRILLIC = 2u, /* Cyrillic: FL_TR_RUSSIAN and FL_TR_UZBEK */
};

/* The FL_SCRIPT_* bits of the scripts that occur in s[0..len) (borrowed; invalid bytes are
   skipped). 0 for a name in Latin letters only. */
unsigned fl_name_scripts(const char *s, size_t len);

/* The ways fl_name_romanise() writes a name in Latin letters. */
typedef enum fl_name_rom {
    FL_ROM_HAN = 0,  /* Chinese characters: pinyin (translit.h FL_TR_HAN) */
    FL_ROM_HAN_ALT,  /* the same with the other readings of polyphones.csv ("长虹" changhong) */
    FL_ROM_RUSSIAN,  /* Cyrillic: FL_TR_RUSSIAN */
    FL_ROM_UZBEK,    /* Cyrillic: FL_TR_UZBEK */
    FL_ROM_COUNT
} fl_name_rom;

/* "Han-Latin (pinyin)", "Han-Latin (pinyin, other readings)", "Russian-Latin (BGN/PCGN)",
   "Uzbek Cyrillic-Latin"; "?" otherwise. */
const char *fl_name_rom_str(fl_name_rom r);

/*
 * True when the Chinese characters of s[0..len) include one of polyphones.csv, so that
 * FL_ROM_HAN_ALT differs from FL_ROM_HAN.
 */
bool fl_name_has_polyphone(const fl_name_tables *tab, const char *s, size_t len);

/*
 * Write s[0..len) (borrowed, valid UTF-8) in Latin letters the way r says into out (capacity
 * cap, NUL-terminated), for fl_name_parse() to read:
 *   FL_ROM_HAN,
 *   FL_ROM_HAN_ALT  the name is cut as fl_name_parse() cuts Chinese (step 6): legal forms are
 *                   written as their canonical tokens ("股份有限公司" -> "co ltd"), trade words
 *                   and places as the latin column of cjk_words.csv ("化学" -> "chemical",
 *                   "阿克苏" -> "aksu"; a trade word without one is left out), other places in
 *                   pinyin run together ("鄯善" -> "shanshan") and what is left - the brand -
 *                   in pinyin, one syllable a word ("中泰" -> "zhong tai": the screener puts
 *                   syllables together, as it does for "ZHONG TAI"); words in other scripts
 *                   are copied folded, brackets are kept. So "新疆中泰化学股份有限公司" gives
 *                   "xinjiang zhong tai chemical co ltd". Brands of cjk_words.csv (class name)
 *                   are written as their latin column ("纳思达" -> "ninestar"). FL_ROM_HAN_ALT
 *                   reads the characters of polyphones.csv in a brand their other way.
 *   FL_ROM_RUSSIAN,
 *   FL_ROM_UZBEK    words of the name tables stay as they are (the parser knows "лтд", "кемикал"),
 *                   words that read as Palladius syllables become pinyin ("Синьцзян" ->
 *                   "xinjiang", "Чжунтай" -> "zhongtai"), the others go through the transform
 *                   ("Ромашка" -> "romashka").
 * Names longer than FL_NAME_MAX_INPUT bytes are cut as fl_name_parse() cuts them.
 * Returns the length, or -1 when s is not valid UTF-8 or out is too small (words ICU cannot
 * romanise are copied). Thread-safe; the ICU cost is cached per thread (translit.h).
 */
ssize_t fl_name_romanise(const fl_name_tables *tab, fl_name_rom r, const char *s, size_t len,
                         char *out, size_t cap);

/* "name", "generic", "legal", "place" */
const char *fl_ntok_class_str(fl_ntok_class c);
/* "whole", "principal", "agent", "alias" */
const char *fl_name_role_str(fl_name_role r);

#endif
