/* issue_at.h - a report's data-quality issue read back, for the tests (report.h). */
#ifndef FL_TEST_ISSUE_AT_H
#define FL_TEST_ISSUE_AT_H

#include "report.h"

/* Issue i of r read into t (zero-initialised; fl_issuetext_free() it when done): valid until
   the next read into t. Fails the test when it cannot be read back. */
static inline const fl_issue *issue_at(const fl_report *r, size_t i, fl_issuetext *t)
{
    assert_int_equal(fl_report_issue(r, i, t), FL_OK);
    return &t->is;
}

#endif
