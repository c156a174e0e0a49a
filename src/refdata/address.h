/*
 * address.h - the country a postal address is in, read from its end.
 *
 * Addresses in trade data end with the country ("..., Tiruppur, Tamil Nadu 641604, India"),
 * or with the province or state when the country is left out ("Montreal, Que", "Suwon-si,
 * Gyeonggi-do", "12100 Cuneo (CN)"). Only that end is read; a word inside the address never
 * names a country: "KM 7" is a kilometre post, not Comoros, "SK." a Turkish street (sokak),
 * not Slovakia, and "Vitória - ES" is in the Brazilian state of Espírito Santo, not Spain.
 *
 * The address is cut into parts at , ; | line breaks, the CJK full-width comma and
 * semicolon, the ideographic, Arabic and Ethiopic commas, a '/' between two words
 * ("NILUFER/BURSA", not "C/ GUINEA" nor "S/N") and a dash between spaces ("Vitória - ES").
 * Parts that hold no letters once words with digits are dropped (postcodes, phone numbers),
 * contact details (an '@', or starting with tel, fax, phone, email...) and parts of one or
 * two letters are skipped; words from a contact word on are dropped. From the last part
 * back, at most three parts are read, and the first that answers wins:
 *
 *   1. a postcode with its state at the part's end, in capitals: a US state and ZIP code
 *      ("... CA 90001"), a Canadian province and postal code ("... ON M5V 2T6"), a Brazilian
 *      state and CEP ("... SC 89290-000"); or a UK postcode ("LONDON SE16 4RS"); and the
 *      last part when it is, whole, an ISO alpha-3 code in capitals ("..., ESP", "MEX.")
 *      other than one that is also a word of addresses (AND, PER, SUR, COL, ...);
 *   2. a country name: the last two parts together ("Korea, Republic of", "Taiwan, R.O.C."),
 *      else the whole part, else (the last part only) its last one to four words
 *      ("Tashkent Uzbekistan", "P.R.CHINA"), unless "New", "of" or a street word comes just
 *      before them ("New Mexico", "Bank of China", "Calle Guinea"); any name or alias of
 *      country.h in any script ("中国", "Việt Nam", "مصر"), but a code only for the short forms
 *      USA, UAE, UK, PRC, KSA and dotted ones of the alias table ("U.S.", "H.K."): an ISO
 *      code of two letters, and one of three inside the address, is never read;
 *   3. in the last two parts only, a subdivision name or its alias (country.h): the whole
 *      part, without trailing kind words (province, state, city, district, region,
 *      autonomous...), and in the last part its last one to three words too, unless a
 *      street word comes just before them ("Calle Sonora", "Via Veneto");
 *   a part that ends with a bracket is read as the text in brackets (for a country name
 *   only: "Kowloon (Hong Kong)") and as the rest ("12100 Cuneo (CN)" is read as
 *   "12100 Cuneo"); a short last word (three letters or fewer, "DENIZLI TR", "VITORIA ES")
 *   is never read but the words before it are;
 *   4. text in Chinese, Japanese or Korean script, which writes the country first: a country
 *      or subdivision name at the start of the first part, numbers and all
 *      ("中国浙江省宁波市...", "香港九龍觀塘道388號", "경기도 화성시..."), or at the end of the last.
 * A name that is ambiguous (a country and another country's state: "Georgia"; a province of
 * two countries: "Punjab"), read whole in steps 2 and 3, stops the reading with no answer.
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
