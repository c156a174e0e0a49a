/*
 * dq.h - the data-quality sink: how a loader reports a problem with one row of a file without
 * knowing who keeps the list.
 *
 * The loaders of the supplier list and the holdings file (and any later loader of a side
 * file) are below the report model, so they cannot add to the report themselves. They are
 * handed an fl_dq_sink instead; the screening job passes the report's (fl_report_dq(),
 * report.h), a test may pass its own collector. A NULL sink, or one whose add is NULL,
 * drops every issue.
 */
#ifndef FL_DQ_H
#define FL_DQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"

/*
 * One issue about the file at path (borrowed): line and record (1-based; 0 = the header or
 * the file itself), field (canonical field or column header, "" for the whole row), the
 * offending value value[0..value_len) (may be shortened by the sink), the reason in words,
 * and whether the row was rejected (not used at all). Strings are borrowed for the call.
 * Returns FL_OK, or FL_ERR_NOMEM when the sink could not keep it.
 */
typedef fl_status (*fl_dq_add_fn)(void *ctx, const char *path, uint64_t line, uint64_t record,
                                  const char *field, const char *value, size_t value_len,
                                  const char *reason, bool rejected);

typedef struct fl_dq_sink {
    fl_dq_add_fn add; /* NULL: issues are dropped */
    void *ctx;        /* handed to add */
} fl_dq_sink;

/* Hand an issue to the sink (NULL-safe; FL_OK when dropped). */
static inline fl_status fl_dq_add(const fl_dq_sink *dq, const char *path, uint64_t line,
                                  uint64_t record, const char *field, const char *value,
                                  size_t value_len, const char *reason, bool rejected)
{
    if (!dq || !dq->add)
        return FL_OK;
    return dq->add(dq->ctx, path, line, record, field, value, value_len, reason, rejected);
}

#endif
