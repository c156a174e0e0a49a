/* dates.c - date parsing and formatting; see dates.h. */
#include "dates.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool fl_date_valid(unsigned y, unsigned m, unsigned d)
{
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
        return false;
    unsigned max = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

static fl_date make(unsigned y, unsigned m, unsigned d)
{
    return fl_date_valid(y, m, d) ? (fl_date)(y * 10000 + m * 100 + d) : 0;
}

/* Read up to maxd digits at s[*i]; returns count read. */
static unsigned num(const char *s, size_t len, size_t *i, unsigned maxd, unsigned *out)
{
    unsigned n = 0, v = 0;
    while (*i < len && n < maxd && isdigit((unsigned char)s[*i])) {
        v = v * 10 + (unsigned)(s[*i] - '0');
        (*i)++;
        n++;
    }
    *out = v;
    return n;
}

fl_date fl_date_parse_iso(const char *s, size_t len)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    size_t i = 0;
    unsigned y, m, d;
    if (num(s, len, &i, 4, &y) != 4 || s[i++] != '-' || num(s, len, &i, 2, &m) != 2 ||
        s[i++] != '-' || num(s, len, &i, 2, &d) != 2)
        return 0;
    return make(y, m, d);
}

fl_date fl_date_parse_any(const char *s, size_t len)
{
    return fl_date_parse_order(s, len, FL_DATE_ORDER_AUTO, NULL);
}

fl_date fl_date_parse_order(const char *s, size_t len, fl_date_order order, fl_date_reading *how)
{
    fl_date_reading ignored;
    if (!how)
        how = &ignored;
    *how = FL_DATE_READ_PLAIN;
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (!len)
        return 0;
    size_t i = 0;
    unsigned a, b, c;
    unsigned na = num(s, len, &i, 8, &a);
    if (na == 8 && i == len) /* 20111005 */
        return make(a / 10000, a / 100 % 100, a % 100);
    if (i >= len)
        return 0;
    char sep = s[i++];
    if (sep != '-' && sep != '/' && sep != '.')
        return 0;
    if (num(s, len, &i, 2, &b) == 0 || i >= len || s[i++] != sep)
        return 0;
    unsigned nc = num(s, len, &i, 4, &c);
    if (nc == 0)
        return 0;
    /* Anything after the date must be a time part. */
    if (i < len && s[i] != 'T' && s[i] != ' ')
        return 0;
    if (na == 4)
        return make(a, b, c); /* Y-M-D */
    if (nc != 4 || na > 2)
        return 0;
    if (sep == '.')
        return make(c, b, a); /* D.M.Y */
    if (order == FL_DATE_ORDER_DMY)
        return make(c, b, a);
    if (order == FL_DATE_ORDER_MDY)
        return make(c, a, b);
    if (a > 12) {
        fl_date d = make(c, b, a); /* D/M/Y when it can only be day-first */
        if (d)
            *how = FL_DATE_READ_DAY_FIRST;
        return d;
    }
    fl_date d = make(c, a, b); /* M/D/Y */
    if (d && a != b && b <= 12 && a >= 1 && b >= 1)
        *how = FL_DATE_READ_AMBIGUOUS;
    return d;
}

const char *fl_date_order_str(fl_date_order o)
{
    switch (o) {
    case FL_DATE_ORDER_MDY:
        return "mdy";
    case FL_DATE_ORDER_DMY:
        return "dmy";
    case FL_DATE_ORDER_AUTO:
        break;
    }
    return "auto";
}

bool fl_date_order_parse(const char *s, fl_date_order *out)
{
    static const fl_date_order all[] = {FL_DATE_ORDER_AUTO, FL_DATE_ORDER_MDY, FL_DATE_ORDER_DMY};
    for (size_t i = 0; s && i < sizeof all / sizeof *all; i++)
        if (strcmp(s, fl_date_order_str(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    return false;
}

void fl_date_format(fl_date d, char out[11])
{
    if (!d) {
        out[0] = '\0';
        return;
    }
    snprintf(out, 11, "%04u-%02u-%02u", (d / 10000) % 10000, (d / 100) % 100, d % 100);
}

fl_date fl_date_today(void)
{
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (*end == '\0' && v >= 0)
            t = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    return make((unsigned)tm.tm_year + 1900, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
}

/* Days since 1970-01-01 of a valid date (the civil-from-days algorithm). */
static long days_of(fl_date d)
{
    long y = (long)(d / 10000), m = (long)(d / 100 % 100), dd = (long)(d % 100);
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static fl_date date_of(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    return (fl_date)(y * 10000 + m * 100 + d);
}

fl_date fl_date_prev(fl_date d)
{
    return date_of(days_of(d) - 1);
}

fl_date fl_date_next(fl_date d)
{
    return date_of(days_of(d) + 1);
}

long fl_date_diff(fl_date a, fl_date b)
{
    return days_of(b) - days_of(a);
}
