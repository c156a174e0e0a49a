/*
 * translit.h - romanisation of other scripts (the only module that uses ICU).
 *
 * Names in trade data are written in Chinese characters, in Cyrillic or in Latin letters,
 * and a listed company has to be found in any of them. This module turns text of another
 * script into plain ASCII Latin letters with ICU's transforms, so that the name tables and
 * the screener (names.h, entity.h) see one script:
 *
 *   FL_TR_HAN      "Han-Latin; Latin-ASCII": Hanyu Pinyin, tones dropped, one syllable a
 *                  word ("新疆中泰" -> "xin jiang zhong tai"); ICU's word list reads the
 *                  common polyphones in context ("重庆" -> "chong qing")
 *   FL_TR_RUSSIAN  "Russian-Latin/BGN; Serbian-Latin/BGN; Latin-ASCII": the BGN/PCGN
 *                  romanisation of Russian, the one of most Russian and Kazakh firms' Latin
 *                  names ("Ромашка" -> "Romashka", "Кызылкум" -> "Kyzylkum"), and Serbian's
 *                  own letters as Serbian Latin writes them ("Зрењанин" -> "Zrenjanin")
 *   FL_TR_UZBEK    "uz_Cyrl-uz_Latn; Russian-Latin/BGN; Latin-ASCII": the official Uzbek
 *                  Latin alphabet (1995), with Russian BGN/PCGN for letters Uzbek does not
 *                  use ("Навоийазот" -> "Navoiyazot", "Хоразм" -> "Xorazm", "Ўзбекистон" ->
 *                  "O'zbekiston")
 *
 * Text in other scripts passes through unchanged (Latin letters lose their accents in the
 * Latin-ASCII step).
 *
 * Cost. ICU builds a transliterator from its rules when it is opened: about 150 ms for
 * Han-Latin, 20 ms for the Cyrillic ones, and 10 to 150 microseconds a call after that.
 * So each thread opens each transliterator once, on first use, and keeps the results of
 * its last calls (a bounded cache per thread, memo.h): the same few hundred brands and
 * places recur in a file. A thread's transliterators and cache are freed when the thread
 * exits; the calling thread's by fl_translit_release().
 */
#ifndef FL_TRANSLIT_H
#define FL_TRANSLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef enum fl_translit_scheme {
    FL_TR_HAN = 0,
    FL_TR_RUSSIAN,
    FL_TR_UZBEK,
    FL_TR_COUNT
} fl_translit_scheme;

/*
 * Romanise s[0..len) (borrowed, valid UTF-8, need not be NUL-terminated) with scheme sc into
 * out (capacity cap; NUL-terminated on success). Returns the length written, or -1 when s is
 * not valid UTF-8 or longer than 1024 bytes, the result does not fit, or ICU cannot open the
 * transform (a message is printed once per thread and scheme). Thread-safe.
 */
ssize_t fl_translit(fl_translit_scheme sc, const char *s, size_t len, char *out, size_t cap);

/* "Han-Latin (pinyin)", "Russian-Latin (BGN/PCGN)", "Uzbek Cyrillic-Latin"; "?" otherwise. */
const char *fl_translit_scheme_str(fl_translit_scheme sc);

/* The ICU version in use ("72.1"), for the run stamp. */
const char *fl_translit_icu_version(void);

/* Close the calling thread's transliterators and drop its cache (NULL-safe to call twice;
   the next fl_translit() opens them again). Other threads' are freed when they exit. */
void fl_translit_release(void);

#endif
