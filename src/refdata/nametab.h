/*
 * nametab.h - the phrase tables of company names (names.h): legal forms, generic trade words
 * and their abbreviations, places, joining words, and the words that cut Chinese, Japanese and
 * Korean names. They are data, read at start from the folder datasets/names/ (format in
 * datasets/README.md), so that an analyst adds a legal form or a customs spelling by adding a
 * CSV row, without a rebuild.
 *
 * Files, read in this fixed order (the order is part of the meaning: where two phrases could
 * match the same words, the longer wins, and the one read first among equals):
 *
 *   legal_forms.csv      phrase,canonical,kind,source     kind: strong | weak | weak-generic |
 *                                                         weak-first (names.h, step 5)
 *   generic_words.csv    phrase,canonical,source          trade words and their spellings
 *   places.csv           phrase,canonical,source          places (China, provinces, ...)
 *   joining_words.csv    phrase,source                    dropped ("and", "of", "und", "и")
 *   cjk_legal_forms.csv  phrase,canonical,written_first,source   peeled from the end of a
 *                                                         CJK run; written_first yes|no: also
 *                                                         from its start (株式会社)
 *   qualifier_words.csv  token,meaning,source           canonical tokens that mark a branch,
 *                                                         arm or subsidiary when they qualify a
 *                                                         listed name ("branch", "ie", "trdg",
 *                                                         "hongkong"): entity.h
 *   palladius.csv        syllable,pinyin,source           the Palladius Cyrillic spelling of
 *                                                         each pinyin syllable ("чжун",
 *                                                         "zhong"), for romanising Chinese
 *                                                         names written in Cyrillic (names.h)
 *   polyphones.csv       character,reading,source       the other reading of a Chinese
 *                                                         character with two, as brands use it
 *                                                         ("长", "chang": 长虹 Changhong), for
 *                                                         a second romanisation (names.h)
 *   cjk_words.csv        phrase,canonical,class,source[,latin]   class: place | generic |
 *                                                         name (a brand: kept whole as a name
 *                                                         word); cut a CJK run; latin (optional):
 *                                                         the word in Latin letters, as English
 *                                                         or pinyin names write it ("chemical",
 *                                                         "aksu", a brand's own Latin name
 *                                                         "esquel"), for names romanised (names.h)
 *
 * A phrase is folded like input text (fl_unorm_key(): "S.A. de C.V." is "s a de c v"), so it
 * may be written as people spell it. A canonical form is one token or several separated by
 * '|' ("rare|earth"); each token must already be in folded form (lower case, no punctuation:
 * "ltd", "sa de cv", "集团"), because it is compared with other canonical tokens as it is.
 *
 * Every bad cell is reported with fl_error() as "names/<file>:line:column: ... (column
 * '<name>')" before the load fails: a phrase that is empty, not UTF-8, folds to nothing or to
 * more than 255 bytes, a Latin/Cyrillic phrase with CJK characters or a CJK phrase with other
 * characters, a canonical form that is missing or not folded, a latin form that is not in Latin
 * letters, an unknown kind/class/
 * written_first value, an empty source, and a phrase that folds like an earlier row's of the
 * same group (the four word files are one group; each other file is its own) - the earlier row is
 * named. A missing file or column is an error too.
 *
 * The loaded tables are immutable and may be shared by any number of threads.
 */
#ifndef FL_NAMETAB_H
#define FL_NAMETAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"

/* What a phrase is. Weak legal forms fall back to a name word (or, for weak-generic, a
   generic word) when they are not in a legal-form position (names.h, step 5). */
typedef enum fl_phrase_kind {
    FL_PH_NAME = 0,     /* a name word: cjk_words.csv rows of class name (brands) */
    FL_PH_GENERIC,      /* generic trade word */
    FL_PH_PLACE,        /* place */
    FL_PH_JOIN,         /* joining word: dropped */
    FL_PH_LEGAL,        /* "strong": a legal form wherever it stands */
    FL_PH_LEGAL_WEAK,   /* "weak": legal in legal positions, else a name word */
    FL_PH_LEGAL_WEAK_G, /* "weak-generic": legal in legal positions, else a generic word */
    FL_PH_LEGAL_WEAK_F, /* "weak-first": a weak form that is also written first (PT, АО) */
} fl_phrase_kind;

/* One row of a table. All strings are NUL-terminated and owned by the tables. */
typedef struct fl_phrase {
    const char *words; /* folded; words separated by one space */
    const char *canon; /* canonical tokens separated by '|'; "" for a joining word */
    const char *latin; /* cjk_words.csv: the words in Latin letters ("chemical"); else "" */
    uint16_t len;      /* bytes of words */
    uint8_t first_len; /* bytes of the first word of words */
    uint8_t kind;      /* fl_phrase_kind */
    /* The next phrase whose first word is the same, in reading order; NULL at the end. */
    const struct fl_phrase *next;
} fl_phrase;

typedef struct fl_name_tables fl_name_tables;

/*
 * Load the nine files from the folder dir (e.g. "<data>/names"). Messages name the files
 * "names/<file>". Returns FL_OK with *out set (free with fl_nametab_free()), FL_ERR_RULES for
 * a bad or missing table (located messages printed), FL_ERR_INPUT when a file cannot be read,
 * FL_ERR_NOMEM. *out is NULL after a failure.
 */
fl_status fl_nametab_load(const char *dir, fl_name_tables **out);

/* NULL-safe. */
void fl_nametab_free(fl_name_tables *t);

/* Rows loaded, all files together (for tests and the run stamp); 0 for NULL. */
size_t fl_nametab_count(const fl_name_tables *t);

/*
 * The first phrase of the word files (legal forms, generic words, places, joining words)
 * whose first word is w[0..n) (folded, need not be NUL-terminated), or NULL; follow ->next
 * for the others, in reading order. O(1); thread-safe.
 */
const fl_phrase *fl_nametab_lookup(const fl_name_tables *t, const char *w, size_t n);

/*
 * True if the folded word w[0..n) is a whole phrase of the word files (a canonical spelling,
 * a legal form, a place, a joining word). The splitter of run-together words (names.h, step
 * 3) uses these words as pieces.
 */
bool fl_nametab_word(const fl_name_tables *t, const char *w, size_t n);

typedef enum fl_cjk_table {
    FL_CJK_LEGAL,       /* cjk_legal_forms.csv, every row (peeled from the end) */
    FL_CJK_LEGAL_FIRST, /* the rows of it with written_first = yes */
    FL_CJK_WORDS,       /* cjk_words.csv */
} fl_cjk_table;

/*
 * The rows of one CJK table in file order: returns the array (borrowed) and sets *n. Their
 * ->next is NULL.
 */
const fl_phrase *fl_nametab_cjk(const fl_name_tables *t, fl_cjk_table which, size_t *n);

/*
 * The meaning of a qualifier token w[0..n) (a canonical token, e.g. "branch" -> "branch",
 * "ie" -> "import and export arm"), or NULL when it is not one. O(1); thread-safe.
 */
const char *fl_nametab_qualifier(const fl_name_tables *t, const char *w, size_t n);

/* The pinyin of the folded Palladius syllable w[0..n) ("чжун" -> "zhong"), or NULL. */
const char *fl_nametab_palladius(const fl_name_tables *t, const char *w, size_t n);

/*
 * True if w[0..n) (folded) is one or more pinyin syllables run together ("tai", "zijin",
 * "hesheng"; the syllables are palladius.csv's pinyin column): a word that may be an ordinary
 * Chinese name rather than an invented brand ("Hoshine", "Ninestar"). At most 40 bytes.
 */
bool fl_nametab_pinyin(const fl_name_tables *t, const char *w, size_t n);

/* The reading of polyphones.csv for the Han character c[0..n) (UTF-8), or NULL. */
const char *fl_nametab_polyphone(const fl_name_tables *t, const char *c, size_t n);

/* Han, kana, Hangul: code points of the scripts written without spaces between words. */
bool fl_nametab_is_cjk(uint32_t c);

#endif
