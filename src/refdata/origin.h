/*
 * origin.h - the country a shipment comes from, when the record does not say, and whether
 * the shipper's address contradicts the country it does state.
 *
 * Inputs are the raw fields of one record: the shipper's address, the foreign port of
 * lading as US bill-of-lading data writes it ("Shanghai ,China", "Yantian, China (57078)",
 * "Pusan, South Korea", "Port Kelang"), and the shipper's name. Evidence is weighed in a
 * fixed order and the first that answers wins (fl_origin_infer()):
 *
 *   1. the end of the address (address.h): a country, or a subdivision of one, named by its
 *      last parts ("Tashkent, Uzbekistan", "Montreal, Que", "Suwon-si, Gyeonggi-do",
 *      "中国浙江省..."); a two- or three-letter code is never read from an address ("KM 7"
 *      is not Comoros, "Vitoria - ES" not Spain, "Cuneo (CN)" not China);
 *   2. a place of the regions gazetteer in the address (region.h, no country hint): a
 *      CN-XJ place implies CN, a UZ-QR place UZ;
 *   3. the port of lading: a country written after its comma, else the port's row in the
 *      ports table (a port name listed for two countries, as Manzanillo MX/PA, then says
 *      nothing);
 *   4. a country name in the shipper's name ("Vietnam Textile JSC"), only when it names
 *      exactly one country. Words of three letters or fewer are not read as codes except
 *      USA, UAE, UK, PRC and KSA ("No. 8" is not Norway); a name right after "New" is
 *      skipped (New Jersey, New Mexico) and so is a name followed by a street word
 *      ("Vietnam Road").
 * A country word inside an address ("Vietnam Textile Building, Hanoi Road") is not read:
 * only the end of an address says where it is.
 *
 * Known limits: trade names in the shipper name ("Jordan Sportswear") can mislead step 4. The
 * result says which step answered (`why`), so a reviewer can judge it.
 */
#ifndef FL_ORIGIN_H
#define FL_ORIGIN_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"
#include "country.h"
#include "region.h"

typedef struct fl_ports fl_ports;

/*
 * Load the ports table from csv (columns port,country,note; note optional; display names
 * the file in messages, NULL for the path). Every bad row is reported as "file:line:column:
 * ..." before the load fails: an empty or non-UTF-8 port, a country that is not an
 * assigned alpha-2 code in capitals (checked against c, borrowed during the call only), the
 * same port twice for one country. One port name may be listed for several countries.
 * Returns FL_OK with *out set (free with fl_ports_free()), FL_ERR_RULES, FL_ERR_INPUT (cannot
 * read) or FL_ERR_NOMEM; *out is NULL after a failure. Immutable after loading; thread-safe.
 */
fl_status fl_ports_load(const char *csv, const char *display, const fl_countries *c,
                        fl_ports **out);

/* NULL-safe. */
void fl_ports_free(fl_ports *p);

/* Rows loaded; 0 for NULL. */
size_t fl_ports_count(const fl_ports *p);

/*
 * The country of a port of lading as written in the data (borrowed slice): the whole text
 * if it is a country or alias ("Hong Kong, China" is HK), else a country written after the
 * first comma ("Shanghai ,China", "Yantian, China (57078)"; numbers dropped), else the
 * ports table's country for the part before the comma, when it lists exactly one. Writes
 * code[0..2] and a NUL and returns true; false (code untouched) when unknown or ambiguous.
 * ports and c may each be NULL (that source is then skipped).
 */
bool fl_port_country(const fl_ports *ports, const fl_countries *c, fl_slice port, char code[3]);

/*
 * Infer the origin country from address, port and shipper_name (borrowed slices, any may be
 * empty; valid UTF-8 expected, invalid text is skipped) in the order described above. On
 * success writes code[0..2] + NUL, writes to why (capacity whylen, NUL-terminated, cut to
 * fit; why may be NULL) a sentence such as
 *   origin inferred UZ from shipper address 'Tashkent, Uzbekistan'
 *   origin inferred CN from shipper address 'No. 8 Beijing Road, Shihezi' (CN-XJ place 'Shihezi')
 *   origin inferred CA from shipper address 'Bath, Ont' (CA-ON place 'Ont')
 *   origin inferred CN from port of lading 'Yantian, China (57078)'
 * (quoted text is cut to 80 bytes at a character boundary and ends with "..." then, line
 * breaks become spaces; a gazetteer place, or the address part that named a subdivision, is
 * quoted as the address writes it) and
 * returns true. Returns false and leaves code and why untouched when nothing answers.
 * c is required; ports and g may be NULL. Thread-safe on shared tables.
 */
bool fl_origin_infer(const fl_countries *c, const fl_ports *ports, const fl_gazetteer *g,
                     fl_slice address, fl_slice port, fl_slice shipper_name, char code[3],
                     char *why, size_t whylen);

/*
 * Does the shipper's address clearly place the shipper outside the stated origin (alpha-2
 * code in capitals)? "Clearly" means step 1 above (the end of the address names a country or
 * one of its subdivisions) or, when the end names none, step 2 (a gazetteer place, with no
 * country hint, so ambiguous names still need their context). Weaker evidence (a country word inside the address) is
 * not used. Hong Kong or Macao against CN counts as a conflict: the caller decides.
 * On a conflict writes the address's country to where[0..2] + NUL, a sentence to why, e.g.
 *   origin VN but shipper address 'Ürümqi' is in CN (CN-XJ place 'Ürümqi')
 *   origin VN but shipper address 'Tashkent, Uzbekistan' is in UZ
 * and returns true. False (where and why untouched) when the address agrees, says nothing
 * clear, or origin is not a valid code. g may be NULL.
 */
bool fl_origin_conflict(const fl_countries *c, const fl_gazetteer *g, const char *origin,
                        fl_slice address, char where[3], char *why, size_t whylen);

#endif
