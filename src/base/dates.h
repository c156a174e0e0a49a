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
 * Same as fl_date_parse_order(s, len, FL_DATE_ORDER_AUTO, NULL).
 */
fl_date fl_date_parse_any(const char *s, size_t len);

/* How a date of two small numbers and a year ("01-03-2024") is read. */
typedef enum fl_date_order {
    FL_DATE_ORDER_AUTO = 0, /* month first, unless the first number is over 12 */
    FL_DATE_ORDER_MDY,      /* month first (US data); a first number over 12 is invalid */
    FL_DATE_ORDER_DMY,      /* day first; a second number over 12 is invalid */
} fl_date_order;

/* How a date of two small numbers and a year was read (fl_date_parse_order). */
typedef enum fl_date_reading {
    FL_DATE_READ_PLAIN = 0,  /* one reading only, or the order was given */
    FL_DATE_READ_AMBIGUOUS,  /* both numbers 1..12 and different: month first was taken */
    FL_DATE_READ_DAY_FIRST,  /* the first number is over 12: day first, the only reading */
} fl_date_reading;

/*
 * As fl_date_parse_any, reading "A/B/YYYY" and "A-B-YYYY" in the given order (dotted
 * "DD.MM.YYYY" is always day first; year-first forms have one reading). *how (may be NULL)
 * says, with FL_DATE_ORDER_AUTO, whether the text had two valid readings ("01-03-2024" is
 * 3 January or 1 March: the month-first one is taken) or could only be day first
 * ("25-01-2024"); it is FL_DATE_READ_PLAIN otherwise, and always with an explicit order.
 */
fl_date fl_date_parse_order(const char *s, size_t len, fl_date_order order, fl_date_reading *how);

/* "auto", "mdy", "dmy"; and back (false for anything else). */
const char *fl_date_order_str(fl_date_order o);
bool fl_date_order_parse(const char *s, fl_date_order *out);

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
