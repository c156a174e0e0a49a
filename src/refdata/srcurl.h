/*
 * srcurl.h - the addresses the rule set cites: which are primary, and which need cleaning.
 *
 * Primary: a page of the US government itself, whose host is a .gov or .mil name
 * (dol.gov, dhs.gov, cbp.gov, federalregister.gov, govinfo.gov, state.gov), a repository
 * of an agency's own data on GitHub (github.com/USDepartmentofLabor/), or a bulletin DHS
 * (CBP's CSMS messages) or DOL sent through GovDelivery (content.govdelivery.com, account
 * USDHS... or USDOL...). Everything else -
 * law firms, trade press, mirrors of Federal Register documents, OpenSanctions - is
 * secondary: it may be the only source of a fact, but it is not the authority.
 *
 * Unclean: a tracking or session parameter in the query (utm_*, fbclid, gclid, dclid,
 * msclkid, mc_cid, mc_eid, igshid, _ga, _gl, yclid, BC, search_id, wgt_ref, mkt_tok, _hsenc,
 * _hsmi, and parameters whose
 * name begins with an HTML-escaped "amp;") or a staging host (a first label stage, staging,
 * dev, test, uat, qa or preview, or one beginning with "dev-", "stage-" or "staging-").
 * Cleaning removes those parameters (and the '?' when none is left) and that first label;
 * the rest of the address is kept byte for byte. rules/tools/build_rules.py applies the
 * same rules (clean_url) when it builds the rule set.
 */
#ifndef FL_SRCURL_H
#define FL_SRCURL_H

#include <stdbool.h>
#include <stddef.h>

/* True when url is a primary source as above. */
bool fl_url_primary(const char *url);

/*
 * False when url is clean; true when not, with why (capacity cap) naming the first problem:
 * "tracking parameter 'BC'" or "staging host 'stage.'".
 */
bool fl_url_unclean(const char *url, char *why, size_t cap);

/* A cleaned copy of url (caller frees), or NULL when out of memory. */
char *fl_url_clean(const char *url);

#endif
