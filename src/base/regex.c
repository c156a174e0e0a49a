/* regex.c - PCRE2 behind our own type; see regex.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "regex.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>

struct fl_regex {
    pcre2_code *code;
    bool jit;
};

struct fl_regex_scratch {
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
};

fl_regex *fl_regex_compile(const char *pattern, char *err, size_t errlen, size_t *erroff)
{
    int errcode = 0;
    PCRE2_SIZE off = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                     PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &errcode, &off, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        if (err && errlen)
            snprintf(err, errlen, "%s", (const char *)msg);
        if (erroff)
            *erroff = (size_t)off;
        return NULL;
    }
    fl_regex *re = calloc(1, sizeof *re);
    if (!re) {
        pcre2_code_free(code);
        if (err && errlen)
            snprintf(err, errlen, "out of memory");
        if (erroff)
            *erroff = 0;
        return NULL;
    }
    re->code = code;
    /* JIT is an optimisation: a platform without it still matches, only slower. */
    re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    return re;
}

void fl_regex_free(fl_regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    free(re);
}

fl_regex_scratch *fl_regex_scratch_new(void)
{
    fl_regex_scratch *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    /* Room for the whole match plus capture groups of any pattern we write. */
    s->md = pcre2_match_data_create(32, NULL);
    s->mctx = pcre2_match_context_create(NULL);
    s->jit_stack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    if (!s->md || !s->mctx) {
        fl_regex_scratch_free(s);
        return NULL;
    }
    if (s->jit_stack)
        pcre2_jit_stack_assign(s->mctx, NULL, s->jit_stack);
    return s;
}

void fl_regex_scratch_free(fl_regex_scratch *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->jit_stack);
    free(s);
}

bool fl_regex_search(const fl_regex *re, fl_regex_scratch *scratch, const char *s, size_t len,
                     size_t *start, size_t *end)
{
    /* pcre2_match runs the JIT code when the pattern has some, but checks first that s is
     * valid UTF-8; pcre2_jit_match skips that check (invalid UTF-8 there is undefined and
     * can match), which broke "invalid UTF-8 never matches". */
    int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, scratch->md, scratch->mctx);
    if (rc < 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(scratch->md);
    if (start)
        *start = (size_t)ov[0];
    if (end)
        *end = (size_t)ov[1];
    return true;
}

const char *fl_regex_version(void)
{
    static char buf[64];
    if (!buf[0]) {
        char v[48];
        pcre2_config(PCRE2_CONFIG_VERSION, v);
        snprintf(buf, sizeof buf, "PCRE2 %s", v);
    }
    return buf;
}
