/* translit.c - romanisation with ICU's transforms; see translit.h. */
#include "translit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>

#include "diag.h"
#include "memo.h"
#include "unorm.h"

#define IN_MAX 1024  /* bytes of input */
#define U_MAX 4096   /* UTF-16 units of the transformed text (pinyin is longer than Han) */
#define CACHE_ENTRIES 8192
#define CACHE_BYTES (512u << 10) /* some 4,000 names (memo.h): the few hundred that recur */

static const char *const ids[FL_TR_COUNT] = {
    "Han-Latin; Latin-ASCII",
    "Russian-Latin/BGN; Serbian-Latin/BGN; Latin-ASCII",
    "uz_Cyrl-uz_Latn; Russian-Latin/BGN; Latin-ASCII",
};

static const char *const names[FL_TR_COUNT] = {
    "Han-Latin (pinyin)",
    "Russian-Latin (BGN/PCGN)",
    "Uzbek Cyrillic-Latin",
};

/* One thread's transliterators and cache. Every state is also on a global list, so that
   the main thread's stays reachable until the process ends. */
typedef struct tstate {
    UTransliterator *tr[FL_TR_COUNT];
    bool failed[FL_TR_COUNT]; /* could not be opened: said once, not tried again */
    fl_memo *cache;
    struct tstate *prev, *next;
} tstate;

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool key_ok;
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static tstate *states;

static void state_free(void *p)
{
    tstate *t = p;
    if (!t)
        return;
    pthread_mutex_lock(&list_lock);
    if (t->prev)
        t->prev->next = t->next;
    else
        states = t->next;
    if (t->next)
        t->next->prev = t->prev;
    pthread_mutex_unlock(&list_lock);
    for (int i = 0; i < FL_TR_COUNT; i++)
        if (t->tr[i])
            utrans_close(t->tr[i]);
    fl_memo_free(t->cache);
    free(t);
}

static void make_key(void)
{
    key_ok = pthread_key_create(&key, state_free) == 0;
}

static tstate *state(void)
{
    pthread_once(&once, make_key);
    if (!key_ok)
        return NULL;
    tstate *t = pthread_getspecific(key);
    if (t)
        return t;
    t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->cache = fl_memo_new(CACHE_ENTRIES, CACHE_BYTES);
    if (!t->cache || pthread_setspecific(key, t) != 0) {
        fl_memo_free(t->cache);
        free(t);
        return NULL;
    }
    pthread_mutex_lock(&list_lock);
    t->next = states;
    if (states)
        states->prev = t;
    states = t;
    pthread_mutex_unlock(&list_lock);
    return t;
}

static UTransliterator *open_scheme(tstate *t, fl_translit_scheme sc)
{
    if (t->tr[sc] || t->failed[sc])
        return t->tr[sc];
    UChar id[64];
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(id, (int32_t)(sizeof id / sizeof id[0]), NULL, ids[sc], -1, &e);
    UParseError pe;
    if (U_SUCCESS(e))
        t->tr[sc] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &e);
    if (U_FAILURE(e) || !t->tr[sc]) {
        fl_warn("cannot open the ICU transform '%s' (%s); names in that script are matched "
                "without romanisation",
                ids[sc], u_errorName(e));
        t->tr[sc] = NULL;
        t->failed[sc] = true;
    }
    return t->tr[sc];
}

/* Transform without the cache; returns the UTF-8 length or -1. */
static ssize_t transform(UTransliterator *tr, const char *s, size_t len, char *out, size_t cap)
{
    UChar buf[U_MAX];
    int32_t n = 0;
    UErrorCode e = U_ZERO_ERROR;
    u_strFromUTF8(buf, U_MAX, &n, s, (int32_t)len, &e);
    if (U_FAILURE(e))
        return -1;
    int32_t limit = n;
    utrans_transUChars(tr, buf, &n, U_MAX, 0, &limit, &e);
    if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
        return -1;
    int32_t m = 0;
    if (cap > (size_t)INT32_MAX)
        cap = (size_t)INT32_MAX;
    u_strToUTF8(out, (int32_t)cap, &m, buf, n, &e);
    if (U_FAILURE(e) || (size_t)m >= cap)
        return -1;
    out[m] = '\0';
    return m;
}

ssize_t fl_translit(fl_translit_scheme sc, const char *s, size_t len, char *out, size_t cap)
{
    if ((unsigned)sc >= FL_TR_COUNT || !out || !cap || len > IN_MAX || (len && !s) ||
        !fl_utf8_valid(s, len))
        return -1;
    tstate *t = state();
    if (!t)
        return -1;
    char key_buf[IN_MAX + 1];
    key_buf[0] = (char)('0' + sc);
    if (len)
        memcpy(key_buf + 1, s, len);
    size_t vlen;
    const char *v = fl_memo_get(t->cache, key_buf, len + 1, &vlen);
    if (v) {
        if (vlen >= cap)
            return -1;
        memcpy(out, v, vlen);
        out[vlen] = '\0';
        return (ssize_t)vlen;
    }
    UTransliterator *tr = open_scheme(t, sc);
    if (!tr)
        return -1;
    ssize_t n = transform(tr, s, len, out, cap);
    if (n >= 0)
        fl_memo_put(t->cache, key_buf, len + 1, out, (size_t)n);
    return n;
}

const char *fl_translit_scheme_str(fl_translit_scheme sc)
{
    return (unsigned)sc < FL_TR_COUNT ? names[sc] : "?";
}

static char icu_version[U_MAX_VERSION_STRING_LENGTH];
static pthread_once_t version_once = PTHREAD_ONCE_INIT;

static void fill_version(void)
{
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, icu_version);
}

const char *fl_translit_icu_version(void)
{
    pthread_once(&version_once, fill_version);
    return icu_version;
}

void fl_translit_release(void)
{
    pthread_once(&once, make_key);
    if (!key_ok)
        return;
    tstate *t = pthread_getspecific(key);
    if (!t)
        return;
    pthread_setspecific(key, NULL);
    state_free(t);
}
