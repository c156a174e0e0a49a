/*
 * address.h - the country a postal address is in, read from its end.
 *
 * Addresses in trade data end with the country ("..., Tiruppur, Tamil Nadu 641604, India"),
 * or with the province or state when the country is left out ("Montreal, Que", "Suwon-si,
 * Gyeonggi-do", "12100 Cuneo (CN)"). Only that end is read; a word inside the address never
 * names a country: "KM 7" is a kilometre post, not Comoros, "SK." a Turkish street (sokak),
 * not Slovakia, and "Vitória - ES" is in the Brazilian state of Espírito Santo, not Spain.
 *
 * The address is cut into parts at , ; | / line breaks, the CJK full-width comma and
 * semicolon and the ideographic comma, and a dash between spaces ("Vitória - ES"). Parts
 * that hold no letters once numbers are dropped (postcodes, phone numbers), contact details
 * (an '@', or starting with tel, fax, phone, email...) and two-letter parts are skipped.
 * From the last part back, at most three parts are read, and the first that answers wins:
 *
 *   1. a US state or Canadian province code with its postcode at the part's end, in
 *      capitals ("... CA 90001", "... ON M5V 2T6"): US or CA;
 *   2. a country name: the last two parts together ("Korea, Republic of", "Taiwan, R.O.C."),
 *      else the whole part, else its last one to four words ("Tashkent Uzbekistan",
 *      "P.R.CHINA"), without numbers and words after a contact word; any name or alias of
 *      country.h in any script ("中国", "Việt Nam", "대한민국"), but a code only for the short
 *      forms USA, UAE, UK, PRC, KSA (and "U.S.", "U.K."): an ISO code of two or three letters
 *      is never read from an address;
 *   3. in the last two parts only, a subdivision name or its alias (country.h): the whole
 *      part, a parenthesised part ("Cuneo (CN)" is read as "Cuneo"), or its last one to
 *      three words without a trailing kind word (province, state, city, prefecture, ...),
 *      unless a street word comes just before them ("Calle Sonora", "Via Veneto");
 *   4. text in Chinese, Japanese or Korean script, which writes the country first: a country
 *      or subdivision name at the start of the first part ("中国浙江省宁波市...") or at the
 *      end of the last.
 * A name that is ambiguous (a country and another country's state: "Georgia"; a province of
 * two countries: "Punjab") stops the reading with no answer.
 *
 * Thread-safe on shared tables; no allocation beyond the Unicode fold's.
 */
#ifndef FL_ADDRESS_H
#define FL_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include "common.h"
#include "country.h"

typedef struct fl_address_place {
    char country[3];     /* ISO 3166-1 alpha-2 */
    char subdivision[8]; /* the ISO 3166-2 code when a subdivision answered, else "" */
    size_t start, end;   /* the bytes of the address that answered: address[start..end) */
} fl_address_place;

/*
 * Read the country of address (borrowed, valid UTF-8; text that is not is refused) as
 * described above. True with *out filled; false (out untouched) when the end of the
 * address names no country clearly. c is required; without subdivisions loaded
 * (fl_countries_load_subdivisions) steps 3 and 4 find countries only.
 */
bool fl_address_country(const fl_countries *c, fl_slice address, fl_address_place *out);

#endif
