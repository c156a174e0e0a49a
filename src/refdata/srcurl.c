/* srcurl.c - primary sources and clean addresses; see srcurl.h. */
#include "srcurl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The host of url: offset and length (no port, no user), false when url has none. */
static bool host_of(const char *url, size_t *at, size_t *len)
{
    const char *p = strstr(url, "://");
    if (!p)
        return false;
    p += 3;
    size_t n = strcspn(p, "/?#");
    const char *at_sign = memchr(p, '@', n);
    if (at_sign) {
        n -= (size_t)(at_sign + 1 - p);
        p = at_sign + 1;
    }
    const char *colon = memchr(p, ':', n);
    if (colon)
        n = (size_t)(colon - p);
    *at = (size_t)(p - url);
    *len = n;
    return n > 0;
}

static bool ends_with_ci(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && strncasecmp(s + n - m, suffix, m) == 0;
}

bool fl_url_primary(const char *url)
{
    size_t at, n;
    if (!host_of(url, &at, &n))
        return false;
    const char *h = url + at;
    if (ends_with_ci(h, n, ".gov") || ends_with_ci(h, n, ".mil"))
        return true;
    static const char dol_repos[] = "github.com/usdepartmentoflabor/";
    if (n == 10 && strncasecmp(h, "github.com", 10) == 0)
        return strncasecmp(h, dol_repos, sizeof dol_repos - 1) == 0;
    /* a bulletin DHS (CBP's CSMS messages) or DOL sent through GovDelivery */
    static const char *const bulletins[] = {"content.govdelivery.com/bulletins/gd/usdhs",
                                            "content.govdelivery.com/bulletins/gd/usdol",
                                            "content.govdelivery.com/accounts/usdhs",
                                            "content.govdelivery.com/accounts/usdol"};
    for (size_t i = 0; i < sizeof bulletins / sizeof *bulletins; i++)
        if (strncasecmp(h, bulletins[i], strlen(bulletins[i])) == 0)
            return true;
    return false;
}

/* The length of a staging first label of the host h[0..n) with its dot, 0 when none. */
static size_t staging_label(const char *h, size_t n)
{
    static const char *const labels[] = {"stage", "staging", "dev", "test", "uat", "qa", "preview"};
    static const char *const prefixes[] = {"dev-", "stage-", "staging-"};
    const char *dot = memchr(h, '.', n);
    if (!dot || !memchr(dot + 1, '.', n - (size_t)(dot + 1 - h)))
        return 0; /* "dev.to" is a site, not a staging copy of one */
    size_t l = (size_t)(dot - h);
    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        if (l == strlen(labels[i]) && strncasecmp(h, labels[i], l) == 0)
            return l + 1;
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (l > strlen(prefixes[i]) && strncasecmp(h, prefixes[i], strlen(prefixes[i])) == 0)
            return l + 1;
    return 0;
}

/* True when the query parameter named k[0..n) only tracks a visit or a session. */
static bool tracking_key(const char *k, size_t n)
{
    static const char *const keys[] = {"fbclid", "gclid",     "dclid",   "msclkid", "mc_cid",
                                       "mc_eid", "igshid",    "_ga",     "_gl",     "yclid",
                                       "bc",     "search_id", "wgt_ref", "mkt_tok", "_hsenc",
                                       "_hsmi"};
    if (n >= 4 && strncasecmp(k, "utm_", 4) == 0)
        return true;
    if ((n >= 4 && strncasecmp(k, "amp;", 4) == 0) || (n >= 6 && strncasecmp(k, "amp%3b", 6) == 0))
        return true;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (n == strlen(keys[i]) && strncasecmp(k, keys[i], n) == 0)
            return true;
    return false;
}

/* Walk the query's parameters; fn returns false to stop. */
typedef bool (*param_fn)(const char *p, size_t n, size_t klen, void *ctx);
static void each_param(const char *url, param_fn fn, void *ctx)
{
    const char *q = strchr(url, '?'), *hash = strchr(url, '#');
    if (!q || (hash && hash < q))
        return;
    const char *end = q + 1 + strcspn(q + 1, "#");
    const char *p = q + 1;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        size_t n = amp ? (size_t)(amp - p) : (size_t)(end - p);
        const char *eq = memchr(p, '=', n);
        size_t klen = eq ? (size_t)(eq - p) : n;
        if (n && !fn(p, n, klen, ctx))
            return;
        p += n + 1;
    }
}

typedef struct why_ctx {
    char *why;
    size_t cap;
    bool found;
} why_ctx;

static bool first_tracking(const char *p, size_t n, size_t klen, void *ctx)
{
    (void)n;
    why_ctx *w = ctx;
    if (!tracking_key(p, klen))
        return true;
    snprintf(w->why, w->cap, "tracking parameter '%.*s'", (int)klen, p);
    w->found = true;
    return false;
}

bool fl_url_unclean(const char *url, char *why, size_t cap)
{
    size_t at, n;
    if (host_of(url, &at, &n)) {
        size_t l = staging_label(url + at, n);
        if (l) {
            snprintf(why, cap, "staging host '%.*s'", (int)l, url + at);
            return true;
        }
    }
    why_ctx w = {why, cap, false};
    each_param(url, first_tracking, &w);
    return w.found;
}

typedef struct keep_ctx {
    char *out;
    size_t n;
} keep_ctx;

static bool keep_param(const char *p, size_t n, size_t klen, void *ctx)
{
    keep_ctx *k = ctx;
    if (tracking_key(p, klen))
        return true;
    char sep = k->n ? '&' : '?';
    k->out[k->n++] = sep;
    memcpy(k->out + k->n, p, n);
    k->n += n;
    return true;
}

char *fl_url_clean(const char *url)
{
    size_t len = strlen(url);
    char *out = malloc(len + 2);
    if (!out)
        return NULL;
    size_t at, n, skip = 0;
    if (host_of(url, &at, &n))
        skip = staging_label(url + at, n);
    else
        at = 0;
    /* scheme and host, the staging label left out */
    size_t pos = 0;
    memcpy(out, url, at);
    pos = at;
    const char *rest = url + at + skip;
    size_t base = strcspn(rest, "?#");
    memcpy(out + pos, rest, base);
    pos += base;
    keep_ctx k = {out + pos, 0};
    each_param(url, keep_param, &k);
    pos += k.n;
    const char *frag = strchr(rest, '#');
    if (frag) {
        size_t fl = strlen(frag);
        memcpy(out + pos, frag, fl);
        pos += fl;
    }
    out[pos] = '\0';
    return out;
}
