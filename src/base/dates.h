/*
 * dates.h - calendar dates as yyyymmdd integers (fl_date, declared in rules.h).
 */
#ifndef FL_DATES_H
#define FL_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t fl_date;

/* Strict ISO "YYYY-MM-DD" (rule tables, --as-of). Returns 0 when invalid. */
fl_date fl_date_parse_iso(const char *s, size_t len);

/*
 * Dates as trade data writes them: "2011-10-05", "2011/10/05", "20111005",
 * "2011-10-05T00:00:00", "2011-10-05 13:45", US "10/05/2011", and "05.10.2011" (day first
 * when separated by dots). Slash dates are read month first (US customs data) unless the
 * first number exceeds 12. Returns 0 when not a valid calendar date.
 */
fl_date fl_date_parse_any(const char *s, size_t len);

/* True for a real calendar date (leap years included), years 1900..2999. */
bool fl_date_valid(unsigned y, unsigned m, unsigned d);

/* Write "YYYY-MM-DD" into out (11 bytes). d == 0 gives "". */
void fl_date_format(fl_date d, char out[11]);

/* Today's date (UTC), or the date of SOURCE_DATE_EPOCH when that variable is set. */
fl_date fl_date_today(void);

/* The day before and the day after d (a valid date). */
fl_date fl_date_prev(fl_date d);
fl_date fl_date_next(fl_date d);

/* Days from a to b, both valid dates (negative when b is earlier). */
long fl_date_diff(fl_date a, fl_date b);

#endif
