#!/usr/bin/env python3
"""Build the flscan rule set (rules/*.csv) from the reference CSV folder.

Usage:
    python3 rules/tools/build_rules.py --reference datasets/reference --out rules/ \
        [--datasets DIR] [--edition 2026=YYYY-MM-DD]

Deterministic: the same reference folder always gives byte-identical output (no clocks,
no randomness, sorted or file-ordered output). Python 3 standard library only.

Reads (see rules/README.md, "Updating", for the columns each file must have):
    tvpra_goods.csv, tvpra_changes.csv, tvpra_downstream.csv, tvpra_goods_2024_additions.csv,
    timeline_uzbekistan_cotton.csv, eo13126_products.csv, cbp_wro.csv, uflpa_entity_list.csv,
    uflpa_list_updates.csv, official_counts.csv, hs_codes_for_goods.csv, harmonized_system.csv
Writes into --out:
    ruleset.csv, sources.csv, commodities.csv, rules-tvpra.csv, rules-eo13126.csv,
    rules-wro.csv, rules-uflpa.csv, entities.csv, coverage.csv
and prints sanity checks and spot checks; exits 1 if any check fails. Every cited address is
cleaned of tracking parameters and staging hosts, and primary sources (the US government's
own pages) come first in each row (clean_url, is_primary; src/refdata/srcurl.h does the same
in flscan).
"""

import argparse
import csv
import hashlib
import shutil
import datetime
import os
import re
import sys
import unicodedata

RULESET = [
    ("name", "flscan-rules"),
    ("version", "2026.12.0"),
    ("date", "2026-12-06"),
    ("description",
     "Dated, cited screening rules for forced and child labor risk: US DOL TVPRA list (2022 "
     "edition plus sourced 2024 changes) and downstream goods, E.O. 13126 (Uzbek cotton; the "
     "2010 additions named in DOL's FAQ), CBP Withhold Release Orders/Findings, the UFLPA "
     "Xinjiang presumption; entity list (UFLPA Entity List, partial; entity WROs) for name "
     "screening; official list sizes in coverage.csv. Built by rules/tools/build_rules.py "
     "from datasets/reference."),
]

# Publication dates of the TVPRA list editions. "2021" is the out-of-cycle update that added
# polysilicon from China (DOL Federal Register notice of 2021-06-23 per the Steptoe post cited
# in the reference data). "2014" is the earliest edition in the reference data (released
# 2014-12-01). Extend with --edition LABEL=YYYY-MM-DD for a new edition.
EDITION_DATES = {
    "2014": "2014-12-01",
    "2016": "2016-09-30",
    "2018": "2018-09-20",
    "2020": "2020-09-30",
    "2021": "2021-06-23",
    "2022": "2022-09-28",
    "2024": "2024-09-05",
}
BASE_EDITION = "2014"        # pairs with an empty year_added were already in this edition
CURRENT_EDITION = "2022"     # edition of tvpra_goods.csv

# Country and area names used in the reference files -> ISO 3166-1 alpha-2.
COUNTRY_CODES = {
    "Afghanistan": "AF", "Angola": "AO", "Argentina": "AR", "Azerbaijan": "AZ",
    "Bangladesh": "BD", "Belarus": "BY", "Belize": "BZ", "Benin": "BJ", "Bolivia": "BO",
    "Brazil": "BR", "Burkina Faso": "BF", "Burma": "MM", "Myanmar": "MM", "Cambodia": "KH",
    "Cameroon": "CM", "Central African Republic": "CF", "Chad": "TD", "China": "CN",
    "Colombia": "CO", "Congo, Democratic Republic of the": "CD", "Costa Rica": "CR",
    "Côte d'Ivoire": "CI", "Dominican Republic": "DO", "Ecuador": "EC", "Egypt": "EG",
    "Fiji": "FJ",
    "El Salvador": "SV", "Eswatini": "SZ", "Ethiopia": "ET", "Ghana": "GH", "Guatemala": "GT",
    "Guinea": "GN", "Honduras": "HN", "Hong Kong": "HK", "India": "IN", "Indonesia": "ID",
    "Iran": "IR", "Japan": "JP", "Jordan": "JO", "Kazakhstan": "KZ", "Kenya": "KE",
    "Korea, North": "KP", "North Korea": "KP", "Korea, South": "KR", "South Korea": "KR",
    "Kyrgyz Republic": "KG", "Lebanon": "LB", "Lesotho": "LS", "Liberia": "LR",
    "Madagascar": "MG", "Malawi": "MW", "Malaysia": "MY", "Mali": "ML", "Mauritania": "MR",
    "Mauritius": "MU", "Mexico": "MX", "Mongolia": "MN", "Mozambique": "MZ", "Namibia": "NA",
    "Nepal": "NP", "Netherlands": "NL", "Nicaragua": "NI", "Niger": "NE", "Nigeria": "NG",
    "Pakistan": "PK", "Palestine": "PS", "West Bank": "PS", "Panama": "PA", "Paraguay": "PY",
    "Peru": "PE", "Philippines": "PH", "Russia": "RU", "Rwanda": "RW", "Senegal": "SN",
    "Serbia": "RS", "Sierra Leone": "SL", "South Sudan": "SS", "Sudan": "SD", "Suriname": "SR",
    "Taiwan": "TW", "Tajikistan": "TJ", "Tanzania": "TZ", "Thailand": "TH", "Turkey": "TR",
    "Turkey (Türkiye)": "TR", "Türkiye": "TR", "Turkmenistan": "TM", "Uganda": "UG",
    "Ukraine": "UA", "Uzbekistan": "UZ", "Venezuela": "VE", "Vietnam": "VN", "Yemen": "YE",
    "Zambia": "ZM", "Zimbabwe": "ZW",
}

# Shorter display names for titles and notes (codes come from COUNTRY_CODES).
DISPLAY_NAMES = {
    "Congo, Democratic Republic of the": "DR Congo",
    "Turkey (Türkiye)": "Türkiye",
    "Korea, North": "North Korea",
    "Korea, South": "South Korea",
}


def disp(name):
    return DISPLAY_NAMES.get(name, name)


# Reference tables copied unchanged into datasets/reference/ (--datasets).
DATASET_FILES = ["harmonized_system.csv", "harmonized_system_sections.csv",
                 "hs_codes_for_goods.csv", "uflpa_sectors.csv", "uflpa_list_updates.csv"]

# Goods without an HS mapping: listed on the TVPRA list but not screenable in trade data.
NOT_SCREENABLE_GOODS = {"Pornography"}

# Labor types of TVPRA pairs that were removed before 2022 and are therefore not in
# tvpra_goods.csv. Read from the DOL 2014-edition data file (iOS app repository
# USDepartmentofLabor/Child-Labor, "Child Labor/complete_goods_by_good.xml", commit 687808f);
# Uzbek cotton also per timeline_uzbekistan_cotton.csv (2014: child labor, forced labor and
# forced child labor).
DOL_2014_DATA_687808F = ("https://github.com/USDepartmentofLabor/Child-Labor/blob/"
                         "687808f83f314e2cb57a8527784aad0b88d52ddf/Child%20Labor/"
                         "complete_goods_by_good.xml")
HISTORIC_2014_LABOR = {
    ("Jordan", "Garments"): {"forced"},
    ("Burma", "Physic Nuts/Castor Beans"): {"forced"},
    ("Panama", "Sugarcane"): {"child"},
    ("Paraguay", "Cotton"): {"child"},
    ("Namibia", "Cattle"): {"child"},
    ("Uzbekistan", "Cotton"): {"forced", "child"},
}

# The 2014 edition's release date is not stated in the reference files; this trade-press
# report of the release (Dec. 1, 2014) is cited for it next to the DOL 2014 data file.
DOL_2014_RELEASE_URL = ("https://ohsonline.com/Articles/2014/12/02/"
                        "DOL-Releases-Sixth-List-of-Goods-Produced-by-Child-or-Forced-Labor.aspx")

# TVPRA / reference good names that differ from the names in hs_codes_for_goods.csv.
GOOD_ALIASES = {
    "Caustic Soda": "Caustic soda [UFLPA sector 2025]",
    "Aluminum": "Aluminum [UFLPA sector 2024]",
    "Nickel": "Nickel [TVPRA new good 2024]",
    "Cobalt Ore (Heterogenite)": "Cobalt ore (heterogenite)",
    "Lithium": "@lithium-ore",
    "Manganese": "@manganese",
    "Electrolytic copper products": "@electrolytic-copper",
    "Jujubes": "Red dates / jujubes [UFLPA sector 2025; TVPRA new good 2024]",
    "Garments (cotton apparel)": "@cotton-apparel",
    "Physic Nuts/Castor Beans": "@physic-nuts-castor-beans",
}

# Extra commodities a listing reaches because DOL's good name itself covers them.
EXTRA_COMMODITIES = {
    "Jute (textiles)": (["jute-products"], "DOL's good is jute textiles (named 'Textiles (jute)' "
                        "until 2021), so jute yarn and woven jute fabric are included"),
}

# Human names (used in evidence text) where DOL's good name is broader than the listed good
# or than its description pattern; the note keeps DOL's name. flscan warns when a pattern does
# not match its commodity's name.
COMMODITY_NAMES = {
    "amber": "natural amber", "beans-green-soy-yellow": "green, soy and yellow beans",
    "coca": "coca leaf", "copper": "copper ore", "furniture-steel": "steel furniture",
    "fruit-pome-stone": "apples, pears, apricots, cherries, peaches and plums",
    "granite-crushed": "crushed granite", "iron": "iron ore", "locks": "padlocks and locks",
    "matches": "safety matches", "pepper": "black pepper", "peppers": "sweet peppers",
    "rubber": "natural rubber", "stones": "natural stone", "tin": "unwrought tin and tin ore",
    "zinc": "zinc ore", "steel": "steel coils, bars and sheets",
    "lithium": "lithium carbonate and hydroxide", "nickel": "nickel ore", "lead": "lead ore",
    "cobalt-ore": "cobalt ore (heterogenite)", "tantalum-ore": "tantalum ore (coltan)",
    "tin-ore": "tin ore (cassiterite)", "tungsten-ore": "tungsten ore (wolframite)",
}

# Extra words for a commodity's note.
COMMODITY_NOTE_EXTRA = {
    "cotton": "cotton-candy machines (HS 8438) are outside these prefixes and their descriptions "
              "are excluded by the exclude pattern; yarn, fabric and garments are separate "
              "commodities (cotton-yarn-fabric, cotton-apparel), used only where a source extends a "
              "cotton listing to them",
    "electronics": "broad placement (all of chapter 85 plus 8471) as in the crosswalk",
    "garments": "all apparel chapters, any fibre",
}

# Short, stable commodity ids for good names with qualifiers (others: slug of the name).
COMMODITY_IDS = {
    "Beans (green beans)": "beans-green",
    "Beans (green, soy, yellow)": "beans-green-soy-yellow",
    "Bidis (hand-rolled cigarettes)": "bidis",
    "Brazil Nuts/Chestnuts": "brazil-nuts",
    "Bricks (clay)": "bricks-clay",
    "Coca (stimulant plant)": "coca",
    "Cobalt ore (heterogenite)": "cobalt-ore",
    "Cottonseed (hybrid)": "cottonseed",
    "Fluorspar (mineral)": "fluorspar",
    "Footwear (sandals)": "footwear-sandals",
    "Fruit (Pome and Stone)": "fruit-pome-stone",
    "Furniture (steel)": "furniture-steel",
    "Granite (crushed)": "granite-crushed",
    "Gravel (crushed stones)": "gravel",
    "Gypsum (mineral)": "gypsum",
    "Incense (agarbatti)": "incense",
    "Jute (textiles)": "jute",
    "Khat (stimulant plant)": "khat",
    "Khat/Miraa (stimulant plant)": "khat-miraa",
    "Leather Goods/Accessories": "leather-goods",
    "Manioc/Cassava": "cassava",
    "Nile Perch (fish)": "nile-perch",
    "Pulses (legumes)": "pulses",
    "Stones (limestone)": "limestone",
    "Stones (pumice)": "pumice",
    "Tantalum ore (coltan)": "tantalum-ore",
    "Tanzanite (gems)": "tanzanite",
    "Textiles (hand-woven)": "textiles-hand-woven",
    "Thread/Yarn": "thread-yarn",
    "Tilapia (fish)": "tilapia",
    "Tin ore (cassiterite)": "tin-ore",
    "Trona (mineral)": "trona",
    "Tungsten ore (wolframite)": "tungsten-ore",
    "Yerba Mate (stimulant plant)": "yerba-mate",
    "Aluminum [UFLPA sector 2024]": "aluminum",
    "Polyvinyl chloride (PVC) [UFLPA sector 2024; TVPRA new good 2024]": "pvc",
    "Seafood [UFLPA sector 2024]": "seafood",
    "Squid [TVPRA new good 2024]": "squid",
    "Steel [UFLPA sector 2025]": "steel",
    "Copper [UFLPA sector 2025]": "copper-sector",
    "Lithium [UFLPA sector 2025]": "lithium",
    "Caustic soda [UFLPA sector 2025]": "caustic-soda",
    "Red dates / jujubes [UFLPA sector 2025; TVPRA new good 2024]": "jujubes",
    "Nickel [TVPRA new good 2024]": "nickel",
    "Lead [TVPRA new good 2024]": "lead",
    "Silica-based products [UFLPA sector 2022]": "silica-based-products",
    "Apparel [UFLPA sector 2022]": "apparel",
}

# ---------------------------------------------------------------------------------------
# Description patterns (PCRE2; the loader compiles them caseless + UTF + UCP). English terms,
# plus Russian and Chinese for the cotton, tomato and polysilicon chains. No \b next to CJK.
# Each entry: commodity id -> (description_pattern, exclude_pattern)
# ---------------------------------------------------------------------------------------
_GARMENT_WORDS = (r"(?:t-?shirts?|tee\s*shirts?|shirts?|blouses?|trousers|pants|jeans|shorts|"
                  r"skirts?|dress(?:es)?|jackets?|coats?|sweaters?|pullovers?|cardigans?|"
                  r"hoodies?|sweatshirts?|underwear|briefs|pyjamas|pajamas|nightwear|socks|"
                  r"garments?|apparel|clothing|clothes|knitwear|babywear|towels?|"
                  r"bed\s*linen|bed\s*sheets?|pillow\s*cases?|table\s*linen|kitchen\s*linen)")
_COTTON_PRODUCT_WORDS = (r"\b(?:yarns?|threads?|fabrics?|cloth|denim|canvas|poplin|twill|gauze|"
                         r"knitted|woven|knit|" + _GARMENT_WORDS[3:-1] + r")\b")
_APPAREL = (r"\b(?:garments?|apparel|clothing|clothes|t-?shirts?|tee\s*shirts?|shirts?|"
            r"blouses?|trousers|pants|jeans|shorts|skirts?|dress(?:es)?|jackets?|coats?|"
            r"sweaters?|pullovers?|cardigans?|hoodies?|sweatshirts?|underwear|briefs|bras?|"
            r"pyjamas|pajamas|socks|leggings|uniforms?|suits?|jumpers?|knitwear|nightwear|"
            r"sportswear|babywear)\b")
_APPAREL_EXCL = (r"\b(?:base|top|clear|primer)\s+coats?\b|\bcoat\s+hangers?\b|\bsuit\s*cases?\b|"
                 r"\bsuitcases?\b|\bbrief\s*cases?\b|\bjumper\s+(?:cables?|wires?)\b|"
                 r"\bdress\s+forms?\b|\bshirt\s+buttons?\b|\bsewing\s+machines?\b")
_FOOTWEAR = (r"\b(?:footwear|shoes?|boots?|sandals?|sneakers?|slippers?|flip[-\s]?flops?)\b")
_FOOTWEAR_EXCL = (r"\bshoe\s*(?:polish|laces?|horns?|racks?|cabinets?|trees?|boxes|cream)\b|"
                  r"\bbrake\s+shoes?\b|\b(?:dust|cv|car)\s+boots?\b|\bboot\s*(?:loader|camp)\b")
_BRICKS = r"\bbricks?\b"
_BRICKS_EXCL = (r"\b(?:toy|lego|tea|gold|building\s+block)\s+bricks?\b|"
                r"\bbricks?\s+(?:making\s+)?machines?\b")
_KHAT = r"\b(?:khat|qat|miraa|catha\s+edulis)\b"
_FISH_EXCL = (r"\bfish\s*(?:meal|oil|sauce|feed|food|hooks?|nets?|tanks?|bowls?|paste|balls?|"
              r"cakes?|fingers?|fillets?\s+breaded)\b|\b(?:dried|salted|smoked|canned|tinned)\s+"
              r"(?:fish|tuna|sardines?|mackerel|anchov(?:y|ies))\b|\b(?:ornamental|aquarium)\s+"
              r"fish\b|\b(?:tuna|sardines?|mackerel)\s+in\s+(?:oil|brine|water|sauce)\b")
_STONE_GEM_EXCL = r"\b(?:synthetic|lab[-\s]?grown|imitation|glass)\b"
_TOBACCO_PRODUCTS = (r"\b(?:cigarettes?|cigars?|cigarillos?|cheroots?|smoking\s+tobacco|"
                     r"pipe\s+tobacco|chewing\s+tobacco|snuff|shisha|hookah\s+tobacco|"
                     r"manufactured\s+tobacco)\b")

PATTERNS = {
    "acai-berries": (r"\ba[cç]a[ií](?:\s+berr(?:y|ies))?\b", r""),
    "alcoholic-beverages": (
        r"\b(?:beers?|wines?|whisk(?:e)?y|vodka|rum|brandy|liquors?|alcoholic\s+(?:beverages?|"
        r"drinks?)|distilled\s+spirits?|spirit\s+drinks?)\b",
        r"\b(?:wine|beer)\s*(?:glass(?:es)?|racks?|openers?|coolers?|making\s+kits?)\b|"
        r"\bwine\s+vinegar\b|\b(?:ginger|root)\s+beer\b"),
    "amber": (r"\b(?:natural|raw|rough|baltic)\s+amber\b|\bamber\s+(?:stones?|gemstones?|raw|rough|"
              r"beads?)\b", r"\bamber\s+glass\b"),
    "artificial-flowers": (r"\b(?:artificial|fake|silk|plastic|paper)\s+(?:flowers?|roses|"
                           r"plants?|bouquets?)\b", r""),
    "baked-goods": (r"\b(?:baked\s+goods|bakery\s+products?|bread|biscuits?|cookies|cakes?|"
                    r"pastr(?:y|ies)|crackers?|rusks?)\b",
                    r"\b(?:oil|press|soap|filter|urinal)\s*cakes?\b|\bcake\s+(?:pans?|moulds?|"
                    r"molds?|stands?|boxes)\b|\bbread\s*(?:makers?|machines?|boxes)\b"),
    "bamboo": (r"\bbamboo\b",
               r"\bbamboo\s+(?:fib(?:er|re)s?|viscose|rayon|socks?|towels?|textiles?|yarns?|"
               r"fabrics?|sheets?|furniture|charcoal|flooring|boards?|plywood|toothbrush(?:es)?)\b"),
    "bananas": (r"\bbananas?\b", r"\bbanana\s+(?:chips|flour|puree|pur[eé]e)\b"),
    "beans": (r"\bbeans?\b",
              r"\b(?:coffee|cocoa|cacao|vanilla|castor|jelly|soy|soya)\s+beans?\b|\bbean\s*bags?\b|"
              r"\bsoybeans?\b"),
    "beans-green": (r"\b(?:green|string|french|snap)\s+beans?\b", r""),
    "beans-green-soy-yellow": (r"\b(?:green|soy|soya|yellow|dried|kidney|mung)\s+beans?\b|"
                               r"\bsoybeans?\b", r"\bsoy(?:a)?\s*bean\s+(?:oil|meal|cake)\b"),
    "beef": (r"\b(?:beef|bovine\s+meat)\b",
             r"\bbeef\s+(?:flavou?r(?:ed)?|tallow|extract|jerky|stock\s+cubes?)\b"),
    "bidis": (r"\b(?:bidis?|beedis?|hand[-\s]rolled\s+cigarettes?)\b", r""),
    "blueberries": (r"\bblueberr(?:y|ies)\b",
                    r"\bblueberry\s+(?:jam|flavou?r(?:ed)?|juice|muffins?)\b"),
    "bovines": (r"\blive\s+(?:bovine\s+animals?|bovines?|cattle|cows?|bulls?|calves|heifers?|"
                r"buffalo(?:es)?)\b|\bbovines?\b|\bcattle\b",
                r"\bcattle\s+(?:feed|fodder|licks?|hides?|salt)\b"),
    "brassware": (r"\bbrass\s*ware\b|\bbrass\s+(?:utensils?|handicrafts?|artware|articles?|"
                  r"vessels?|lamps?|statues?|decor(?:ations?)?)\b", r""),
    "brazil-nuts": (r"\bbrazil\s*nuts?\b|\bcasta[ñn]as?\b", r""),
    "bricks": (_BRICKS, _BRICKS_EXCL),
    "bricks-clay": (_BRICKS, _BRICKS_EXCL),
    "broccoli": (r"\bbroccoli\b", r""),
    "cabbages": (r"\bcabbages?\b", r""),
    "carpets": (r"\b(?:carpets?|rugs?|dhurries|durries|kilims?|floor\s+coverings?)\b",
                r"\b(?:car|mouse)\s+mats?\b|\bcarpet\s+(?:cleaners?|tape)\b"),
    "carrots": (r"\bcarrots?\b", r"\bcarrot\s+(?:juice|cake)\b"),
    "cashews": (r"\bcashews?(?:\s+(?:nuts?|kernels?))?\b", r"\bcashew\s+(?:nut\s+)?shell\s+liquid\b"),
    "cattle": (r"\blive\s+(?:bovine\s+animals?|bovines?|cattle|cows?|bulls?|calves|heifers?|"
               r"buffalo(?:es)?)\b|\bbovines?\b|\bcattle\b",
               r"\bcattle\s+(?:feed|fodder|licks?|hides?|salt)\b"),
    "cement": (r"\bcement\b",
               r"\b(?:rubber|contact|pvc|dental|bone|tile)\s+cement\b|\bcement\s+(?:mixers?|"
               r"boards?|bags?\s+empty)\b"),
    "ceramics": (r"\b(?:ceramics?|porcelain|stoneware|earthenware|terracotta)\b",
                 r"\bceramic\s+(?:capacitors?|filters?|membranes?|resonators?|fib(?:er|re)s?|"
                 r"bearings?|knives?)\b"),
    "cereal-grains": (r"\b(?:cereal\s+grains?|sorghum|millet|maize)\b",
                      r"\bbreakfast\s+cereals?\b|\b(?:sorghum|millet|maize)\s+(?:flour|starch|"
                      r"oil)\b"),
    "charcoal": (r"\b(?:wood\s+)?charcoal\b",
                 r"\bactivated\s+charcoal\b|\bcharcoal\s+(?:grills?|filters?|pencils?)\b"),
    "chile-peppers": (r"\bchil(?:e|i|li)\s+peppers?\b|\bchil(?:li|i)(?:es|s)?\b|\bchiles\b|"
                      r"\bjalape[ñn]os?\b|\bhot\s+peppers?\b|\bcapsicums?\b|\bcayenne\b",
                      r"\b(?:chil(?:e|i|li)|pepper)\s+(?:sauce|oil|paste)\b"),
    "christmas-decorations": (r"\b(?:christmas|xmas)\s+(?:decorations?|ornaments?|baubles?|"
                              r"trees?|garlands?|tinsel)\b", r"\bchristmas\s+tree\s+lights?\b"),
    "citrus-fruits": (r"\b(?:citrus(?:\s+fruits?)?|oranges|mandarins?|tangerines?|clementines?|"
                      r"lemons|grapefruits?|fresh\s+(?:oranges?|lemons?|limes?))\b",
                      r"\b(?:citrus|orange|lemon|lime|grapefruit)\s+(?:juice|oil|peel\s+oil|"
                      r"flavou?r|concentrate)\b|\bcitrus\s+(?:pectin|fib(?:er|re))\b"),
    "cloves": (r"\bcloves?\b", r"\bgarlic\s+cloves?\b|\bclove\s+oil\b"),
    "coal": (r"\bcoal\b", r"\bcoal\s+tar\b|\bcoal\s+(?:mining\s+)?(?:machinery|equipment)\b"),
    "cobalt-ore": (r"\bcobalt\s+(?:ores?|concentrates?)\b|\bheterogenite\b", r""),
    "coca": (r"\bcoca\s+lea(?:f|ves)\b", r""),
    "cocoa": (r"\b(?:cocoa|cacao)\b",
              r"\b(?:cocoa|cacao)\s+(?:butter|powder|paste|liquor|mass|cake|drinks?|beverages?|"
              r"nibs\s+chocolate)\b|\bchocolates?\b"),
    "coconuts": (r"\bcoconuts?\b|\bcopra\b",
                 r"\bcoconut\s+(?:oil|milk|water|cream|shell\s+charcoal|coir|fib(?:er|re)|husks?)\b"),
    "coffee": (r"\bcoffee\b",
               r"\bcoffee\s+(?:makers?|machines?|tables?|mugs?|cups?|grinders?|filters?|"
               r"extracts?|essence|creamer)\b|\binstant\s+coffee\b"),
    "copper": (r"\bcopper\s+(?:ores?|concentrates?)\b|\bchalcopyrite\b", r""),
    "corn": (r"\b(?:corn|maize)\b",
             r"\bcorn\s*(?:starch|flakes?|oil|syrup|meal|gluten|cob\s+pipes?)\b|\bpop\s*corn\b|"
             r"\bpepper\s*corns?\b"),
    "cotton": (r"\bcotton\b|\bхлоп(?:ок|ка|ку|ком|ке)\b|\bхлопков\w*\s+волокн\w*|"
               r"(?<![石木])棉(?![纱线布织签被衣裤袜])",
               r"\bcotton\s*candy\b|\bcandy\s*floss\b|棉花糖|\bсахарн\w*\s+ват\w*|"
               r"\bcotton\s*(?:seeds?|seed\s+oil|seed\s+cake|wool|pads?|swabs?|buds?|balls?|"
               r"tips?)\b|\babsorbent\s+cotton\b|\bcotton\s+gin(?:s|ning)?\b|"
               r"\b\d{1,3}\s*%\s*cotton\b|\bcotton\s+(?:rich|blend|mix)\b|" + _COTTON_PRODUCT_WORDS +
               r"|пряж|ткан|трикотаж|одежд|футболк|纱|布|衣|裤|袜|巾|纺织|针织|梭织"),
    "cottonseed": (r"\bcotton\s*seeds?\b", r"\bcotton\s*seed\s+(?:oil|cake|meal|hulls?)\b"),
    "crude-palm-kernel-oil": (r"\bcrude\s+palm\s+kernel\s+oil\b|\bCPKO\b", r""),
    "crude-palm-oil": (r"\bcrude\s+palm\s+oil\b|\bCPO\b", r"\bkernel\b"),
    "cucumbers": (r"\bcucumbers?\b|\bgherkins?\b", r"\b(?:pickled|preserved)\s+(?:cucumbers?|"
                                                    r"gherkins?)\b"),
    "cumin": (r"\bcumin\b|\bjeera\b", r"\bcumin\s+oil\b"),
    "dairy-products": (r"\b(?:dairy\s+products?|milk|cream|butter|cheese|skim(?:med)?\s+milk)\b",
                       r"\b(?:cocoa|shea|peanut|nut|body|coconut|almond)\s+butter\b|"
                       r"\bbutter\s*(?:fly|nut|scotch|cups?|knives?)\b|\b(?:ice|shaving|hand|face|"
                       r"skin|body|sun|sour)\s*cream\b|\b(?:coconut|soy|oat|almond|cleansing|"
                       r"body)\s*milk\b|\bmilk\s+(?:chocolate|thistle|frothers?|bottles?)\b|"
                       r"\bcream\s+of\s+tartar\b"),
    "diamonds": (r"\bdiamonds?\b",
                 r"\bdiamond\s+(?:blades?|saws?|tools?|wires?|discs?|disks?|drills?|bits?|"
                 r"plates?|mesh|pattern|dressers?|files?|paste|powder)\b|" + _STONE_GEM_EXCL),
    "dried-fish": (r"\b(?:dried|dry|salted|smoked)\s+(?:fish|anchov(?:y|ies)|sardines?|cod|"
                   r"herrings?)\b|\bstockfish\b", r""),
    "eggplants": (r"\b(?:eggplants?|aubergines?|brinjals?)\b", r""),
    "electronics": (r"\b(?:electronics?|electronic\s+(?:components?|devices?|goods|products)|"
                    r"laptops?|computers?|smart\s*phones?|mobile\s+phones?|cell\s*phones?|"
                    r"printed\s+circuit\s+boards?|pcba?s?|integrated\s+circuits?|"
                    r"semiconductors?)\b", r"\bcomputer\s+(?:desks?|tables?|chairs?|bags?)\b"),
    "embellished-textiles": (r"\bembroider(?:y|ies)\b|\bembellished\s+(?:textiles?|fabrics?)\b|"
                             r"\bembroidered\s+(?:fabrics?|motifs?|badges?|patches|lace|"
                             r"textiles?)\b|\bzari\b", r"\bembroidery\s+(?:machines?|threads?)\b"),
    "emeralds": (r"\bemeralds?\b", r"\bemerald[-\s](?:green|colou?r(?:ed)?|cut)\b|" + _STONE_GEM_EXCL),
    "fashion-accessories": (r"\bfashion\s+accessor(?:y|ies)\b|\b(?:imitation|costume|fashion)\s+"
                            r"jewel(?:le)?ry\b", r""),
    "fireworks": (r"\bfire\s*works?\b|\bfirecrackers?\b|\bsparklers?\b", r""),
    "fish": (r"\bfish\b|\b(?:tuna|sardines?|mackerel|anchov(?:y|ies)|hake|snapper|grouper|"
             r"skipjack|pangasius|catfish)\b", _FISH_EXCL),
    "flowers": (r"\b(?:cut|fresh)\s+flowers?\b|\b(?:roses|carnations?|chrysanthemums?|gerberas?|"
                r"alstroemerias?)\b|\bflowers?\b",
                r"\b(?:artificial|fake|silk|plastic|paper|dried|preserved)\s+(?:flowers?|roses)\b|"
                r"\bflower\s*(?:pots?|vases?|seeds?|bulbs?|stands?)\b"),
    "fluorspar": (r"\b(?:fluor\s*spar|fluorite|acid\s*spar|metspar)\b", r""),
    "footwear": (_FOOTWEAR, _FOOTWEAR_EXCL),
    "footwear-sandals": (_FOOTWEAR, _FOOTWEAR_EXCL),
    "fruit-pome-stone": (r"\b(?:apples?|pears?|quinces?|apricots?|cherr(?:y|ies)|peach(?:es)?|"
                         r"plums?|nectarines?)\b",
                         r"\bapple\s+(?:inc|iphone|ipad|mac(?:book)?|watch|airpods?)\b|\biphone|"
                         r"\bipad\b|\b(?:juice|jam|pur[eé]e|dried|canned|concentrate|cider|"
                         r"vinegar|pectin)\b|\bcherry\s+(?:tomato(?:es)?|wood|veneer)\b|"
                         r"\bpear\s+shaped\b"),
    "furniture": (r"\b(?:furniture|chairs?|sofas?|wardrobes?|cupboards?|bookcases?|stools?|"
                  r"desks?|cabinets?|tables?|beds?)\b",
                  r"\bbed\s*(?:sheets?|linen|covers?|spreads?|bugs?)\b|\btable\s*(?:cloths?|linen|"
                  r"covers?|napkins?|tennis|lamps?|ware|salt|spoons?)\b|\btableware\b|"
                  r"\bcabinet\s+(?:hinges?|locks?|handles?)\b|\bflower\s+beds?\b"),
    "furniture-steel": (r"\b(?:steel|metal|iron)\s+(?:furniture|chairs?|tables?|cabinets?|beds?|"
                        r"desks?|lockers?|almirahs?|shelv(?:es|ing))\b", r""),
    "garlic": (r"\bgarlic\b", r"\bgarlic\s+(?:powder|salt|oil|paste|sauce|flakes?|granules?|"
                              r"bread)\b|\b(?:dehydrated|dried|black)\s+garlic\b"),
    "garments": (_APPAREL, _APPAREL_EXCL),
    "gems": (r"\b(?:gem\s*stones?|gems|precious\s+stones?|semi[-\s]?precious\s+stones?)\b",
             _STONE_GEM_EXCL),
    "glass": (r"\bglass(?:ware)?\b",
              r"\b(?:eye|sun|reading|safety|spectacle|magnifying)\s*glass(?:es)?\b|"
              r"\bglass(?:es)?\s+frames?\b"),
    "glass-bangles": (r"\b(?:glass\s+)?bangles?\b", r""),
    "gloves": (r"\bgloves?\b|\bmittens?\b",
               r"\b(?:rubber|latex|nitrile|vinyl|disposable|examination|surgical|medical|boxing|"
               r"golf)\s+gloves?\b|\bglove\s*box(?:es)?\b"),
    "goats": (r"\b(?:live\s+)?goats?\b",
              r"\bgoat\s*(?:meat|milk|cheese|skins?|hair|leather|wool)\b|\bgoatskins?\b"),
    "gold": (r"\bgold\b",
             r"\bgold(?:en)?\s*(?:plated|colou?r(?:ed)?|tone[ds]?|foil|leaf|paint|filled|"
             r"finish(?:ed)?|coated|effect|glitter|thread|fish|lam[eé])\b|\bimitation\s+gold\b|"
             r"\bgold\s+(?:jewel(?:le)?ry|rings?|chains?|necklaces?|earrings?|bracelets?|"
             r"watches?)\b"),
    "granite": (r"\bgranite\b",
                r"\bgranite\s+(?:tiles?|countertops?|worktops?|monuments?|headstones?|sinks?|"
                r"chips|aggregates?|gravel|colou?r|effect|look)\b|\bpolished\s+granite\b|"
                r"\bcrushed\s+granite\b"),
    "granite-crushed": (r"\bcrushed\s+(?:granite|stones?|rock)\b|\bgranite\s+(?:chips|"
                        r"aggregates?|gravel)\b", r""),
    "grapes": (r"\bgrapes?\b", r"\bgrape\s*(?:juice|seeds?|must|seed\s+(?:oil|extract))\b"),
    "gravel": (r"\bgravel\b|\bcrushed\s+(?:stones?|rock)\b|\bstone\s+aggregates?\b|"
               r"\bballast\s+stones?\b", r""),
    "gypsum": (r"\bgypsum\b", r"\bgypsum\s+(?:boards?|plasterboards?|panels?|ceilings?|tiles?)\b"),
    "hair-products": (r"\b(?:human\s+hair|hair\s+(?:extensions?|weaves?|pieces?|products?|"
                      r"bundles?|wefts?)|wigs?|toupees?|hairpieces?|false\s+(?:beards?|"
                      r"eye\s*lashes)|eyelash(?:es)?\s+extensions?)\b",
                      r"\bshampoos?\b|\bconditioners?\b|\bhair\s+(?:dryers?|clips?|ties?|bands?|"
                      r"brushes?|combs?|gel|spray|oil|dyes?|colou?rs?|care|straighteners?|"
                      r"clippers?)\b"),
    "hazelnuts": (r"\bhazel\s*nuts?\b|\bfilberts?\b", r"\bhazelnut\s+(?:spread|oil|paste)\b"),
    "hogs": (r"\b(?:live\s+)?(?:hogs?|pigs?|swine|piglets?)\b",
             r"\bpig\s*(?:iron|skins?|leather)\b|\bguinea\s+pigs?\b"),
    "incense": (r"\b(?:incense(?:\s+sticks?)?|agarbatt(?:i|ies|is)|agarbathi|joss\s+sticks?|"
                r"dhoop|dhup)\b", r"\bincense\s+(?:burners?|holders?)\b"),
    "iron": (r"\biron\s+ores?\b|\biron\s+(?:ore\s+)?(?:concentrates?|fines|pellets?|lumps?)\b|"
             r"\b(?:hematite|haematite|magnetite)\b", r""),
    "jade": (r"\bjade(?:ite)?\b|\bnephrite\b", r"\bjade\s+(?:green|colou?r)\b|" + _STONE_GEM_EXCL),
    "jute": (r"\bjute\b|\bhessian\b|\bburlap\b", r"\bjute\s+(?:bags?|sacks?)\b"),
    "khat": (_KHAT, r""),
    "khat-miraa": (_KHAT, r""),
    "leather": (r"\bleather\b",
                r"\b(?:faux|artificial|synthetic|pu|imitation|vegan|bonded)\s+leather\b|"
                r"\bleatherette\b|\bleather\s+(?:goods|bags?|handbags?|wallets?|belts?|shoes?|"
                r"jackets?|gloves?|cases?|apparel|garments?|accessor(?:y|ies))\b"),
    "leather-goods": (r"\bleather\s+(?:goods|accessor(?:y|ies)|bags?|handbags?|wallets?|belts?|"
                      r"purses?|cases?|gloves?|jackets?|apparel|garments?)\b|"
                      r"\b(?:handbags?|wallets?|purses?)\b",
                      r"\b(?:faux|artificial|synthetic|pu|imitation|vegan)\s+leather\b"),
    "lettuce": (r"\blettuces?\b", r""),
    "lithium-ion-batteries": (r"\blithium[-\s]?ion\s+(?:batter(?:y|ies)|accumulators?|cells?)\b|"
                              r"\bli[-\s]?ion\s+(?:batter(?:y|ies)|cells?)\b|"
                              r"\blithium\s+(?:iron\s+phosphate\s+)?batter(?:y|ies)\b|\bLiFePO4\b",
                              r"\bbattery\s+chargers?\b"),
    "lobsters": (r"\blobsters?\b", r"\blobster\s+(?:bisque|traps?|pots?)\b"),
    "locks": (r"\bpad\s*locks?\b|\b(?:door|cabinet|cylinder|mortise|combination|security|"
              r"bicycle|bike|steel|brass)\s+locks?\b|\blocks?\s+(?:and|&)\s+keys?\b", r""),
    "cassava": (r"\b(?:manioc|cassava|yuca)\b",
                r"\b(?:manioc|cassava)\s+(?:starch|flour|chips)\b|\btapioca\s+(?:starch|pearls?)\b"),
    "matches": (r"\b(?:safety|wooden|wax|strike[-\s]anywhere)\s+matches\b|\bmatchbox(?:es)?\b|"
                r"\bmatch\s*sticks\b", r""),
    "meat": (r"\bmeats?\b|\b(?:beef|pork|mutton|lamb\s+meat|goat\s+meat|chicken\s+meat|offal)\b",
             r"\bmeat\s*(?:grinders?|mincers?|slicers?|tenderi[sz]ers?|thermometers?|extracts?|"
             r"analogues?|substitutes?)\b|\b(?:canned|tinned|prepared|imitation|plant[-\s]based)\s+"
             r"meats?\b|\bsausages?\b"),
    "melons": (r"\b(?:melons?|cantaloupes?|honeydews?)\b", r"\bwater\s+melons?\b|\bmelon\s+seeds?\b"),
    "mica": (r"\bmica\b", r"\bmica\s+(?:capacitors?|heaters?|insulators?|tapes?)\b|\bmicanite\b"),
    "nails": (r"\bnails\b|\b(?:wire|common|steel|iron|roofing|concrete)\s+nails?\b",
              r"\bnail\s*(?:polish|varnish|clippers?|files?|art|care|lacquer|guns?|stickers?|tips?|"
              r"glue|dryers?)\b|\b(?:artificial|false|fake|press[-\s]?on|acrylic|gel)\s+nails?\b|"
              r"\b(?:finger|toe)\s*nails?\b"),
    "nile-perch": (r"\bnile\s+perch\b|\blates\s+niloticus\b", r""),
    "oleochemicals": (r"\boleochemicals?\b|\bfatty\s+(?:acids?|alcohols?)\b|\bglycer(?:ol|ine?)\b|"
                      r"\bstearic\s+acid\b|\bpalmitic\s+acid\b", r""),
    "olives": (r"\bolives?\b", r"\bolive\s+(?:oil|pomace|green|colou?r|wood|drab|leaf\s+extract)\b|"
                               r"\bolive[-\s]green\b|\b(?:pickled|stuffed|canned)\s+olives?\b"),
    "onions": (r"\bonions?\b|\bshallots?\b",
               r"\bonion\s+(?:powder|flakes?|rings|granules?)\b|\b(?:dehydrated|dried|spring|"
               r"green)\s+onions?\b"),
    "palm-fruit": (r"\b(?:oil\s+)?palm\s+(?:fruits?|kernels?|nuts?)\b|\bfresh\s+fruit\s+bunch(?:es)?\b",
                   r"\bpalm\s+kernel\s+(?:oil|cake|expellers?|meal|shells?)\b"),
    "palm-thatch": (r"\bpalm\s+thatch\b|\bthatch(?:ing)?\b|\bnipa\s+(?:shingles|thatch)\b", r""),
    "peanuts": (r"\b(?:peanuts?|groundnuts?|ground\s+nuts?)\b",
                r"\b(?:peanut|groundnut)\s+(?:butter|oil|cake|meal)\b"),
    "pepper": (r"\b(?:black|white)\s+pepper(?:corns?)?\b|\bpepper\s*corns?\b|\bpiper\s+nigrum\b",
               r"\bpepper\s+(?:sprays?|mills?|grinders?)\b"),
    "peppers": (r"\b(?:bell|sweet|fresh|green|red|yellow)\s+peppers?\b|\bcapsicums?\b",
                r"\bpepper\s+(?:sauce|flakes|powder|paste|sprays?)\b"),
    "photovoltaic-ingots": (r"\b(?:photovoltaic|pv|solar|mono(?:crystalline)?|"
                            r"multi(?:crystalline)?|poly(?:crystalline)?|silicon)\s+"
                            r"(?:silicon\s+)?ingots?\b|硅锭|硅棒", r""),
    "photovoltaic-wafers": (r"\b(?:photovoltaic|pv|solar|silicon|mono(?:crystalline)?|"
                            r"multi(?:crystalline)?|poly(?:crystalline)?)\s+(?:silicon\s+)?"
                            r"wafers?\b|硅片", r"\bwafer\s+(?:biscuits?|cookies?)\b|\bchocolate\b"),
    "pineapples": (r"\bpineapples?\b",
                   r"\bpineapple\s+(?:juice|concentrate|chunks\s+in\s+syrup)\b|\bcanned\s+pineapples?\b"),
    "polysilicon": (r"\bpoly[-\s]?silicon\b|\bpolycrystalline\s+silicon\b|\b(?:solar|electronic|"
                    r"semiconductor)[-\s]grade\s+(?:poly)?silicon\b|\bполикремни(?:й|я|ю|ем|и)\b|"
                    r"多晶硅",
                    r"\b(?:wafers?|ingots?|cells?|modules?|panels?)\b|\bпластин\w*|\bмодул\w*|"
                    r"硅片|硅锭|硅棒|电池|组件"),
    "poppies": (r"\bpoppy\s+(?:straw|seeds?|capsules?|heads?|pods?)\b|\bpoppies\b|\bopium\s+poppy\b",
                r"\bpoppy\s+seed\s+oil\b"),
    "potatoes": (r"\bpotato(?:es)?\b",
                 r"\bsweet\s+potato(?:es)?\b|\bpotato\s+(?:chips|crisps|starch|flakes|flour|powder|"
                 r"wedges)\b|\bfrench\s+fries\b"),
    "poultry": (r"\blive\s+(?:poultry|chickens?|hens?|ducks?|turkeys|geese|birds?)\b|\bpoultry\b|"
                r"\bday[-\s]old\s+chicks?\b|\bbroilers?\b",
                r"\b(?:poultry|broiler)\s+(?:feed|equipment|cages?|vaccines?|pans?|drinkers?|"
                r"feeders?)\b"),
    "pulses": (r"\b(?:pulses|lentils?|chick\s*peas?|split\s+peas|dried\s+(?:beans?|peas)|"
               r"pigeon\s+peas?|cowpeas?)\b", r""),
    "pyrotechnics": (r"\bpyrotechnics?\b|\bfire\s*works?\b|\bfirecrackers?\b", r""),
    "refined-palm-kernel-oil": (r"\brefined\s+(?:bleached\s+(?:and\s+)?deodori[sz]ed\s+)?"
                                r"palm\s+kernel\s+oil\b|\bRBD\s+(?:palm\s+kernel\s+oil|PKO)\b|"
                                r"\bpalm\s+kernel\s+(?:olein|stearin)\b", r""),
    "refined-palm-oil": (r"\brefined\s+(?:bleached\s+(?:and\s+)?deodori[sz]ed\s+)?palm\s+oil\b|"
                         r"\bRBD\s+palm\s+(?:oil|olein|stearin)\b|\bpalm\s+(?:olein|stearin)\b",
                         r"\bkernel\b"),
    "rice": (r"\brice\b",
             r"\brice\s+(?:cookers?|bran|paper|noodles?|crackers?|cakes?|wine|vinegar|flour|"
             r"starch|husks?)\b"),
    "rubber": (r"\bnatural\s+rubber\b|\b(?:ribbed\s+)?smoked\s+(?:rubber\s+)?sheets?\b|"
               r"\b(?:RSS|TSR|SIR|SMR|STR)\s*[-\s]?\d{1,2}[A-Z]?\b|\blatex\s+concentrate\b|"
               r"\b(?:crepe|block)\s+rubber\b|\btechnically\s+specified\s+rubber\b", r""),
    "rubber-gloves": (r"\b(?:rubber|latex|nitrile|examination|surgical|medical|disposable)\s+"
                      r"(?:examination\s+|surgical\s+)?gloves?\b", r"\bvinyl\b"),
    "rubies": (r"\brub(?:y|ies)\b", r"\bruby\s+(?:red|colou?r|glass)\b|" + _STONE_GEM_EXCL),
    "salt": (r"\bsalt\b",
             r"\bsalt\s+(?:(?:and\s+)?pepper\s+)?(?:shakers?|mills?|grinders?|lamps?|spray|fog|"
             r"water\s+resistant)\b|\bbath\s+salts?\b|\bepsom\b|\b(?:sodium|potassium|metal|"
             r"mineral)\s+salts?\b|\bsalts?\s+of\b"),
    "sand": (r"\bsand\b",
             r"\bsand\s*(?:paper|blast(?:ing|ers?)?|filters?|toys?|timers?)\b|\bsand\s+colou?r(?:ed)?\b|"
             r"\b(?:toy|play|kinetic)\s+sand\b"),
    "sandstone": (r"\bsandstone\b", r"\bsandstone\s+(?:tiles?|pavers?|paving|setts|kerbs?|"
                                    r"sculptures?|statues?)\b"),
    "sapphires": (r"\bsapphires?\b", r"\bsapphire\s+(?:glass|crystal|substrates?|wafers?|blue)\b|"
                                     + _STONE_GEM_EXCL),
    "sesame": (r"\bsesame(?:\s+seeds?)?\b|\bsesamum\b", r"\bsesame\s+(?:oil|paste)\b|\btahini\b"),
    "sheep": (r"\b(?:live\s+)?sheep\b|\blive\s+(?:lambs?|rams?|ewes?)\b",
              r"\bsheep\s*(?:skins?|wool|meat|casings?)\b|\bsheepskins?\b"),
    "shellfish": (r"\b(?:shellfish|crustaceans?|molluscs?|mollusks?|clams?|mussels?|oysters?|"
                  r"scallops?|cockles?|crabs?|prawns?|shrimps?|squid|octopus(?:es)?|cuttlefish|"
                  r"lobsters?)\b",
                  r"\boyster\s+(?:sauce|mushrooms?)\b|\bimitation\s+crab\b|\bsurimi\b|"
                  r"\bcrab\s+sticks\b"),
    "shrimp": (r"\b(?:shrimps?|prawns?|vannamei|black\s+tiger)\b",
               r"\b(?:shrimp|prawn)\s+(?:paste|sauce|chips|crackers?|feed|powder)\b|"
               r"\b(?:breaded|cooked|canned|dried)\s+(?:shrimps?|prawns?)\b"),
    "silk-cocoons": (r"\bsilk(?:worm)?\s+cocoons?\b|\bcocoons?\s+(?:of\s+silkworms?|suitable\s+for\s+"
                     r"reeling)\b", r""),
    "silk-fabric": (r"\b(?:woven\s+)?fabrics?\s+of\s+silk\b|\bsilk\s+(?:woven\s+)?(?:fabrics?|cloth|"
                    r"piece\s*goods)\b", r"\bartificial\s+silk\b"),
    "silk-thread": (r"\bsilk\s+(?:yarns?|threads?|floss)\b|\b(?:yarns?|threads?)\s+of\s+silk\b|"
                    r"\bspun\s+silk\b", r"\bartificial\s+silk\b"),
    "silver": (r"\bsilver\b",
               r"\bsilver\s*(?:plated|colou?r(?:ed)?|tone[ds]?|foil|paint|finish(?:ed)?|coated|grey|"
               r"gray|leaf|jewel(?:le)?ry|ware|smiths?|fish|nitrate|oxide|paste|rings?|chains?|"
               r"necklaces?|earrings?)\b|\bsterling\s+silver\b|\bquicksilver\b"),
    "sisal": (r"\bsisal\b", r"\bsisal\s+(?:rugs?|carpets?|mats?|twine|ropes?|bags?)\b"),
    "soap": (r"\bsoaps?\b", r"\bsoap\s*(?:dish(?:es)?|dispensers?|holders?|boxes?|nuts?|berr(?:y|ies))\b"),
    "soccer-balls": (r"\b(?:soccer|foot)\s*balls?\b",
                     r"\bfootball\s+(?:boots?|shoes?|shirts?|jerseys?|socks|pumps?)\b|"
                     r"\btable\s+football\b|\bfoosball\b"),
    "solar-cells": (r"\b(?:solar|photovoltaic|pv)\s+cells?\b|太阳能电池片|电池片",
                    r"\b(?:modules?|panels?)\b|组件"),
    "solar-modules": (r"\b(?:solar|photovoltaic|pv)\s+(?:pv\s+)?(?:modules?|panels?)\b|光伏组件|"
                      r"太阳能电池组件",
                      r"\bsolar\s+panel\s+(?:mounting|brackets?|cleaning|inverters?|frames?|"
                      r"cables?)\b|\bsolar\s+(?:water\s+heaters?|thermal\s+collectors?)\b"),
    "stones": (r"\b(?:marble|travertine|quartzite|slate)\s+(?:blocks?|slabs?|rough|raw)\b|"
               r"\b(?:rough|raw|natural|building|dimension)\s+stones?\b|"
               r"\bstone\s+(?:blocks?|slabs?|aggregates?)\b", r""),
    "limestone": (r"\blime\s*stone\b", r"\blimestone\s+(?:tiles?|pavers?)\b"),
    "pumice": (r"\bpumice\b", r""),
    "strawberries": (r"\bstrawberr(?:y|ies)\b",
                     r"\bstrawberry\s+(?:jam|flavou?r(?:ed)?|yo(?:g|gh)urt|juice)\b|"
                     r"\b(?:frozen|dried)\s+strawberries\b"),
    "sugar-beets": (r"\bsugar\s*beets?\b", r"\bbeet\s+(?:pulp|molasses)\b"),
    "sugarcane": (r"\bsugar\s*canes?\b",
                  r"\bsugar\s*cane\s+(?:juice|molasses|bagasse|pulp)\b|\bbagasse\b"),
    "sunflowers": (r"\bsunflower\s+seeds?\b|\bsunflowers?\b",
                   r"\bsunflower\s+(?:oil|meal|cake|lecithin|seed\s+oil)\b"),
    "surgical-instruments": (r"\bsurgical\s+(?:instruments?|scissors|forceps|tools?|sets?)\b|"
                             r"\b(?:forceps|scalpels?|retractors?|needle\s+holders?)\b",
                             r"\bsurgical\s+(?:gloves?|masks?|gowns?|caps?|tapes?|sutures?)\b"),
    "sweet-potatoes": (r"\bsweet\s+potato(?:es)?\b|\b(?:camote|batata)s?\b",
                       r"\bsweet\s+potato\s+(?:starch|flour|fries|chips)\b"),
    "tantalum-ore": (r"\b(?:coltan|columbite|tantalite|tantalum\s+(?:ores?|concentrates?))\b", r""),
    "tanzanite": (r"\btanzanites?\b", _STONE_GEM_EXCL),
    "tea": (r"\btea\b",
            r"\btea\s*(?:pots?|cups?|sets?|towels?|lights?|kettles?|strainers?|infusers?|cosies?|"
            r"trolleys?|tables?|spoons?|tree\s+oil|seed\s+oil|extracts?|drinks?|beverages?)\b|"
            r"\b(?:iced|herbal|rooibos|chamomile|bubble|fruit)\s+teas?\b"),
    "teak": (r"\bteak(?:\s*wood)?\b",
             r"\bteak\s*(?:wood\s+)?(?:furniture|veneers?|flooring|decking|oil|lumber|planks?|"
             r"boards?)\b|\bsawn\s+teak\b"),
    "textiles": (r"\btextiles?\b|\b(?:woven|knitted|knit|crocheted)\s+fabrics?\b|"
                 r"\bmade[-\s]up\s+textile\s+articles?\b",
                 r"\btextile\s+(?:machinery|machines?|printers?|chemicals?|auxiliar(?:y|ies)|dyes?)\b"),
    "textiles-hand-woven": (r"\bhand[-\s]?(?:woven|loomed?)\b|\bhandloom\b", r""),
    "thread-yarn": (r"\b(?:yarns?|sewing\s+threads?|threads?)\b",
                    r"\b(?:glass|fib(?:er|re)\s*glass|carbon|metal(?:lic)?|steel|wire|screw|bolt)\s+"
                    r"(?:yarns?|threads?)\b|\bthread\s+(?:rolling|cutting|seal|locker|tapes?|gauges?)\b"),
    "tilapia": (r"\btilapia\b", r""),
    "timber": (r"\b(?:timber|logs|lumber|sawn\s+(?:wood|timber)|round\s*wood|hardwood\s+logs?|"
               r"softwood\s+logs?|wood\s+in\s+the\s+rough)\b",
               r"\blog\s*books?\b|\bdata\s+logs?\b|\blogs?\s+splitters?\b|\btimber\s+(?:frame\s+)?"
               r"(?:houses?|furniture)\b"),
    "tin": (r"\btin\s+(?:ingots?|metal|ores?|concentrates?|bars?)\b|\bunwrought\s+tin\b|"
            r"\bcassiterite\b|\brefined\s+tin\b", r"\btin\s*(?:plate|cans?|boxes?|foil)\b|\btinplate\b"),
    "tin-ore": (r"\bcassiterite\b|\btin\s+(?:ores?|concentrates?)\b", r""),
    "tobacco": (r"\b(?:tobacco|burley|flue[-\s]cured\s+virginia)\b",
                r"\btobacco\s+(?:pipes?|grinders?|pouch(?:es)?|machinery|papers?)\b|" + _TOBACCO_PRODUCTS),
    "tomato-products": (r"\btomato(?:es)?\s+(?:paste|pur[eé]e|concentrate|sauce|ketchup|powder|"
                        r"products?)\b|\b(?:canned|tinned|peeled|crushed|diced|chopped|preserved)\s+"
                        r"tomato(?:es)?\b|\bketchup\b|\bтоматн\w*\s+(?:паст|пюре|соус|продукц)\w*|"
                        r"\bкетчуп\w*|番茄酱|番茄沙司|番茄制品|番茄丁|番茄粉|番茄罐头", r""),
    "tomatoes": (r"\btomato(?:es)?\b|\bтомат(?:ы|ов|а)?\b|\bпомидор\w*|番茄|西红柿",
                 r"\btomato(?:es)?\s+(?:paste|pur[eé]e|concentrate|sauce|ketchup|powder|products?|"
                 r"seeds?|juice|soup)\b|\b(?:canned|tinned|peeled|crushed|diced|chopped|preserved|"
                 r"dried|sun[-\s]dried)\s+tomato(?:es)?\b|\bketchup\b|\bкетчуп\w*|\bтоматн\w*|"
                 r"番茄酱|番茄沙司|番茄制品|番茄丁|番茄粉|番茄罐头|番茄汁|番茄种子"),
    "toys": (r"\btoys?\b|\bdolls?\b|\bplush\s+(?:toys?|animals?)\b|\bstuffed\s+animals?\b",
             r"\b(?:pet|dog|cat|sex)\s+toys?\b"),
    "trona": (r"\btrona\b|\bnatural\s+(?:soda\s+ash|sodium\s+carbonate)\b|\bnatron\b", r""),
    "tungsten-ore": (r"\b(?:wolframite|scheelite|tungsten\s+(?:ores?|concentrates?))\b", r""),
    "vanilla": (r"\bvanilla(?:\s+(?:beans?|pods?))?\b",
                r"\bvanilla\s+(?:extract|flavou?r(?:ed|ing)?|essence|ice\s+cream|sugar|scented|"
                r"fragrance|yo(?:g|gh)urt)\b|\bvanillin\b"),
    "wheat": (r"\bwheat\b", r"\bwheat\s+(?:flour|bran|gluten|starch|germ|straw)\b|\bbuck\s+wheat\b"),
    "yerba-mate": (r"\byerba\s+mate\b|\berva[-\s]mate\b|\bmat[eé]\s+(?:leaves|tea)\b", r""),
    "zinc": (r"\bzinc\s+(?:ores?|concentrates?)\b|\b(?:sphalerite|zincblende)\b", r""),
    "aluminum": (r"\balumin(?:i)?um\b", r"\balumin(?:i)?um\s+(?:foil\s+containers?|colou?r)\b"),
    "pvc": (r"\b(?:pvc|polyvinyl\s+chloride|vinyl\s+chloride\s+polymers?)\b",
            r"\bpvc\s+(?:pipes?|fittings?|films?|sheets?|flooring|cables?|bags?|doors?|windows?|"
            r"profiles?|coated|tapes?|boards?|panels?|hoses?|gloves?)\b"),
    "seafood": (r"\bsea\s*foods?\b", r"\bsea\s*food\s+(?:seasoning|sauce)\b"),
    "squid": (r"\bsquids?\b|\bcalamari\b|\bcuttle\s*fish\b", r"\bsquid\s+ink\b|\b(?:breaded|dried)\s+squid\b"),
    "steel": (r"\b(?:steel|iron)\s+(?:coils?|sheets?|plates?|bars?|billets?|slabs?|wire\s+rods?|"
              r"rebars?|ingots?|blooms?|sections?|beams?|strips?)\b|\b(?:hot|cold)[-\s]rolled\b|"
              r"\bpig\s+iron\b|\bferro[-\s]?(?:alloys?|manganese|silicon|chrom(?:e|ium))\b", r""),
    "copper-sector": (r"\bcopper\b", r"\bcopper\s+(?:plated|colou?r(?:ed)?|tone[ds]?)\b"),
    "lithium": (r"\blithium\s+(?:hydroxide|carbonate|oxide)\b", r""),
    "caustic-soda": (r"\bcaustic\s+soda\b|\bsodium\s+hydroxide\b|\bNaOH\b|烧碱|氢氧化钠", r""),
    "jujubes": (r"\b(?:jujubes?|red\s+dates?|chinese\s+dates?|hongzao)\b|红枣|大枣", r""),
    "nickel": (r"\bnickel\s+(?:ores?|concentrates?|laterite)\b|\blaterite\s+nickel\b", r""),
    "lead": (r"\blead\s+(?:ores?|concentrates?)\b|\bgalena\b", r""),
    "lithium-ore": (r"\blithium\s+(?:ores?|concentrates?)\b|\bspodumene\b|\bpetalite\b|"
                    r"\blepidolite\b", r""),
    "manganese": (r"\bmanganese\s+(?:ores?|concentrates?)\b|\bpyrolusite\b", r""),
    "electrolytic-copper": (r"\b(?:electrolytic|refined)\s+copper\b|\bcopper\s+cathodes?\b|"
                            r"\bcathode\s+copper\b", r"\bcopper\s+(?:wire|pipes?|tubes?)\b"),
    "silica-based-products": (r"\b(?:silicon\s+metal|metallurgical[-\s]grade\s+silicon|"
                              r"industrial\s+silicon|silica[-\s]based)\b|工业硅|金属硅", r""),
    "apparel": (_APPAREL, _APPAREL_EXCL),
    # derived commodities (not goods of hs_codes_for_goods.csv, or their downstream rows)
    "cotton-yarn-fabric": (
        r"\bcotton\s+(?:sewing\s+)?(?:yarns?|threads?)\b|\b(?:yarns?|threads?)\s+(?:of|from)\s+"
        r"(?:\d{1,3}\s*%\s*)?cotton\b|\bcotton\s+(?:woven\s+)?(?:fabrics?|cloth|denim|canvas|"
        r"poplin|twill|drill|gauze|sheeting|shirting)\b|\b(?:woven\s+)?fabrics?\s+(?:of|from)\s+"
        r"(?:\d{1,3}\s*%\s*)?cotton\b|\bdenim\s+fabrics?\b|\bхлопчатобумажн\w*\s+(?:пряж|ткан|нит)\w*|"
        r"\bхлопков\w*\s+(?:пряж|ткан|нит)\w*|\b(?:пряж|ткан)\w*\s+(?:из\s+)?хлопк\w*|"
        r"棉纱|棉线|棉布|棉织物|棉坯布",
        r"\bcotton\s*candy\b|棉花糖"),
    "cotton-apparel": (
        r"\b(?:\d{1,3}\s*%\s*|pure\s+|all\s+)?cotton\s+(?:(?:knitted|woven|men'?s|women'?s|"
        r"ladies'?|boys'?|girls'?|babies'?|baby|kids'?)\s+)*" + _GARMENT_WORDS + r"\b|\b" +
        _GARMENT_WORDS + r"\s+(?:(?:of|in|made\s+(?:of|from))\s+)?(?:\d{1,3}\s*%\s*)?cotton\b|"
        r"\b(?:100\s*%|pure)\s+cotton\b|\bхлопчатобумажн\w*\s+(?:одежд|футболк|рубашк|трикотаж|"
        r"бель|полотенц|носк)\w*|(?:纯棉|全棉|棉质|棉制)(?![纱线布])",
        r"\bcotton\s+(?:yarns?|threads?|fabrics?|cloth)\b|\bcotton\s*candy\b|棉花糖|棉纱|棉布"),
    "jute-products": (r"\bjute\s+(?:yarns?|twine|fabrics?|cloth|hessian)\b|\bhessian\s+cloth\b|"
                      r"\bburlap\s+(?:fabrics?|cloth)\b", r""),
    "tobacco-products": (_TOBACCO_PRODUCTS,
                         r"\b(?:electronic|e-)\s*cigarettes?\b|\bcigarette\s+(?:papers?|lighters?|"
                         r"filters?|cases?|holders?|tubes?)\b"),
    "sugarcane-products": (r"\b(?:cane\s+sugar|raw\s+sugar|brown\s+sugar|refined\s+sugar|"
                           r"white\s+sugar|molasses|sugar)\b",
                           r"\bsugar\s*(?:free|beets?|coated|syrup\s+dispensers?|bowls?)\b|"
                           r"\bsugar\s*canes?\b"),
    "palm-fruit-products": (r"\bpalm\s+(?:kernel\s+)?(?:oil|olein|stearin)\b|\bCPO\b|\bCPKO\b",
                            r"\bpalm\s+oil\s+free\b"),
    "seafood-products": (r"\bcanned\s+(?:tuna|fish|sardines?|mackerel|crab|clams?)\b|"
                         r"\b(?:tuna|sardines?|mackerel)\s+in\s+(?:oil|brine|water|sauce)\b|"
                         r"\bprepared\s+(?:fish|seafood)\b", r""),
    "rough-diamonds": (r"\b(?:rough|uncut|unworked|unsorted|raw)\s+diamonds?\b", _STONE_GEM_EXCL),
    "bone-black": (r"\bbone\s+(?:black|char(?:coal)?)\b|\banimal\s+(?:black|charcoal)\b", r""),
    "physic-nuts-castor-beans": (r"\b(?:physic\s+nuts?|jatropha(?:\s+seeds?)?|castor\s+(?:oil\s+)?"
                                 r"(?:beans?|seeds?))\b", r"\bcastor\s+oil\b(?!\s+(?:beans?|seeds?))"),
}

# Derived commodities: id -> (name, how the prefixes are made, note)
DERIVED_COMMODITIES = [
    ("cotton-yarn-fabric", "cotton yarn, sewing thread and woven cotton fabric",
     ("downstream-of", "Cotton", ("52",)),
     "first processing steps of cotton: the 'downstream' rows of Cotton in hs_codes_for_goods.csv "
     "that fall in chapter 52 (5204 sewing thread, 5205-5207 yarn, 5208-5212 woven fabric); "
     "used only where a source extends a cotton listing to yarn and fabric"),
    ("cotton-apparel", "cotton garments and household linen",
     ("downstream-of-cotton-subheadings", "Cotton", ("61", "62", "6302")),
     "HS 2022 subheadings of the Cotton 'downstream' rows (chapters 61, 62 and heading 6302) whose "
     "description says 'of cotton' (computed from harmonized_system.csv), so garments of other "
     "fibres are not swallowed; used only where a source extends a cotton listing to goods made "
     "with that cotton"),
    ("jute-products", "jute yarn and woven jute fabric",
     ("downstream-of", "Jute (textiles)", ()),
     "the 'downstream' rows of Jute (textiles) in hs_codes_for_goods.csv (5307 yarn, 5310 woven "
     "fabric); used with the Bangladesh jute listing because DOL's good is jute textiles"),
    ("tobacco-products", "cigarettes, cigars and manufactured tobacco",
     ("downstream-of", "Tobacco", ()),
     "the 'downstream' rows of Tobacco in hs_codes_for_goods.csv (2402, 2403); used for the Malawi "
     "WRO, which covers products containing Malawi tobacco"),
    ("sugarcane-products", "cane sugar and molasses",
     ("downstream-of", "Sugarcane", ()),
     "the 'downstream' rows of Sugarcane in hs_codes_for_goods.csv (1701 cane or beet sugar, 1703 "
     "molasses); used for entity WROs on sugar"),
    ("palm-fruit-products", "palm oil and palm kernel oil",
     ("fixed", ("1511", "151321", "151329")),
     "the 'downstream' rows of Palm Fruit (1511 palm oil, 1513 palm kernel oil) with 1513 narrowed "
     "to its palm kernel subheadings 151321/151329 (1513 also holds coconut oil); used for entity WROs "
     "on palm oil"),
    ("seafood-products", "prepared fish and seafood",
     ("downstream-of", "Seafood [UFLPA sector 2024]", ()),
     "the 'downstream' rows of Seafood in hs_codes_for_goods.csv (1604, 1605)"),
    ("rough-diamonds", "rough diamonds",
     ("fixed", ("710210", "710221", "710231")),
     "not a row of hs_codes_for_goods.csv: the unworked subheadings of 7102 (unsorted; industrial "
     "and non-industrial unworked or simply sawn, cleaved or bruted) per harmonized_system.csv; "
     "used for the Marange rough-diamond WRO"),
    ("bone-black", "bone black (animal black)",
     ("fixed", ("380290",)),
     "not a row of hs_codes_for_goods.csv: 380290 covers 'animal black' per harmonized_system.csv "
     "together with other activated natural mineral products (assumed placement; check)"),
    ("lithium-ore", "lithium ores and concentrates",
     ("fixed", ("253090",)),
     "DOL good 'Lithium' (2024 list, Zimbabwe: lithium mining); not a row of "
     "hs_codes_for_goods.csv (its 'Lithium' row is the UFLPA sector: carbonate and hydroxide): "
     "lithium ores (spodumene, petalite, lepidolite) are classified as mineral substances n.e.c., "
     "2530.90, per harmonized_system.csv (assumed placement; check national tariffs, some use 2617.90)"),
    ("manganese", "manganese ores and concentrates",
     ("fixed", ("2602",)),
     "DOL good 'Manganese' (2024 list, Zambia: mining); not a row of hs_codes_for_goods.csv: 2602 "
     "manganese ores and concentrates per harmonized_system.csv"),
    ("electrolytic-copper", "electrolytic copper",
     ("fixed", ("7403",)),
     "DOL good 'Electrolytic copper products' (2024 list: made in China from DRC copper ore); not a "
     "row of hs_codes_for_goods.csv: 7403 refined copper, unwrought (cathodes), per "
     "harmonized_system.csv; copper wire and other products of refined copper are not included "
     "(assumed placement; check)"),
    ("physic-nuts-castor-beans", "physic nuts and castor beans",
     ("fixed", ("120730",)),
     "not a row of hs_codes_for_goods.csv (the good left the TVPRA list in 2018): 120730 castor oil "
     "seeds; physic nuts (jatropha) have no own subheading and are matched by description only "
     "(assumed placement)"),
]

# ---------------------------------------------------------------------------------------
# Curated source metadata: url -> (id, title, publisher, date). Other URLs get an id made from
# their host and path, a title made from their URL slug and the date rule in README.md.
# ---------------------------------------------------------------------------------------
GH_DOL_ANDROID = "https://github.com/USDepartmentofLabor/Child-Labor-Android/blob/"
# DOL's E.O. 13126 FAQ of September 2017 (datasets/reference/additions-2026-12/
# dol_eo13126_faq_2017.txt is its text), in DOL's own app repository.
DOL_EO_FAQ_URL = GH_DOL_ANDROID + "1bc5d7e/app/src/main/assets/EO.pdf"
# The statute (uflpa_list_updates.csv: "UFLPA enacted (Public Law 117-78)"): its page on govinfo.
UFLPA_LAW_URL = "https://www.govinfo.gov/app/details/PLAW-117publ78"
SOURCE_META = {
    GH_DOL_ANDROID + "d53ed8ba948d8fde83fb3f4e3bf7bd9df5dd0b02/app/src/main/assets/goods_2021.xml":
        ("dol-tvpra-2022-data", "DOL List of Goods Produced by Child Labor or Forced Labor, 2022 "
         "edition data (Sweat & Toil app file goods_2021.xml, commit d53ed8b)",
         "US Department of Labor, ILAB", "2022-11-30"),
    "https://github.com/USDepartmentofLabor/Child-Labor/blob/dbba9483721a2b13e1448d07970a0230c3cc81b1/"
    "Child%20Labor/complete_goods_by_good.xml":
        ("dol-tvpra-2014-data", "DOL List of Goods, 2014 edition data (Sweat & Toil iOS app file "
         "complete_goods_by_good.xml, commit dbba948)", "US Department of Labor, ILAB", "2014-12-01"),
    DOL_2014_DATA_687808F:
        ("dol-tvpra-2014-data-687808f", "DOL List of Goods, 2014 edition data (Sweat & Toil iOS app "
         "file complete_goods_by_good.xml, commit 687808f)", "US Department of Labor, ILAB",
         "2014-12-01"),
    GH_DOL_ANDROID + "2a89273fc2784fa839e3d56a8931a069e860003c/app/src/main/assets/goods_2016.xml":
        ("dol-tvpra-2016-data", "DOL List of Goods, 2016 edition data (Sweat & Toil app file "
         "goods_2016.xml, commit 2a89273)", "US Department of Labor, ILAB", "2016-09-30"),
    GH_DOL_ANDROID + "08a412f33287e8c97c9f8b0e18a280b04abf54a0/app/src/main/assets/goods_2017.xml":
        ("dol-tvpra-2018-data", "DOL List of Goods, 2018 edition data (Sweat & Toil app file "
         "goods_2017.xml, commit 08a412f)", "US Department of Labor, ILAB", "2018-09-20"),
    GH_DOL_ANDROID + "e4926e58655daa450a1254771d77de9fb0718c1e/app/src/main/assets/goods_2019.xml":
        ("dol-tvpra-2020-data", "DOL List of Goods, 2020 edition data (Sweat & Toil app file "
         "goods_2019.xml, commit e4926e5)", "US Department of Labor, ILAB", "2020-09-30"),
    GH_DOL_ANDROID + "c3af2347c93cad8a59262767a4f83904dad9ddfc/app/src/main/assets/goods_2019.xml":
        ("dol-tvpra-2021-07-data", "DOL List of Goods, July 2021 update data (Sweat & Toil app file "
         "goods_2019.xml, commit c3af234)", "US Department of Labor, ILAB", "2021-07"),
    "https://github.com/USDepartmentofLabor/Comply-Chain/blob/0efd2f0565229712fd3c4b86975ad9c78d8278d5/"
    "src/static/data/info/goods/en.js":
        ("dol-comply-chain-goods", "DOL Comply Chain app goods data (en.js, commit 0efd2f0)",
         "US Department of Labor, ILAB", "2020-09-30"),
    DOL_2014_RELEASE_URL:
        ("ohs-2014-12-02-dol-sixth-list", "DOL Releases Sixth List of Goods Produced by Child or "
         "Forced Labor", "Occupational Health & Safety", "2014-12-02"),
    "http://www.strtrade.com/news-publications-forced-child-labor-foreign-goods-TVPRA-list-101316.html":
        ("str-tvpra-2016", "ST&R: forced and child labor foreign goods list (TVPRA 2016 update)",
         "Sandler, Travis & Rosenberg (ST&R)", "2016-10-13"),
    "https://www.strtrade.com/news-publications-foreign-goods-forced-child-labor-list-092018.html":
        ("str-tvpra-2018", "ST&R: foreign goods forced and child labor list (TVPRA 2018 update)",
         "Sandler, Travis & Rosenberg (ST&R)", "2018-09-20"),
    "https://www.strtrade.com/trade-news-resources/str-trade-report/trade-report/"
    "list-of-foreign-goods-cited-for-forced-or-child-labor-adds-25-removes-one":
        ("str-tvpra-2020", "ST&R: List of foreign goods cited for forced or child labor adds 25, "
         "removes one (TVPRA 2020 update)", "Sandler, Travis & Rosenberg (ST&R)", "2020-09-30"),
    "https://www.strtrade.com/trade-news-resources/str-trade-report/trade-report/september/"
    "downstream-products-added-to-list-of-foreign-goods-cited-for-forced-or-child-labor":
        ("str-tvpra-2022", "ST&R: Downstream products added to list of foreign goods cited for "
         "forced or child labor (TVPRA 2022 update)", "Sandler, Travis & Rosenberg (ST&R)", "2022-09"),
    "https://www.thompsonhinesmartrade.com/2024/09/department-of-labor-updates-list-of-goods-"
    "produced-by-forced-labor/":
        ("thompsonhine-tvpra-2024", "Department of Labor updates List of Goods Produced by Forced "
         "Labor (TVPRA 2024 update)", "Thompson Hine (SmarTrade)", "2024-09"),
    "https://www.steptoeinternationalcomplianceblog.com/2021/07/biden-administration-targets-"
    "xinjiang-based-solar-companies-over-labor-allegations/":
        ("steptoe-2021-07-xinjiang-solar", "Biden administration targets Xinjiang-based solar "
         "companies over labor allegations", "Steptoe (International Compliance Blog)", "2021-07"),
    "http://www.gpo.gov/fdsys/pkg/FR-2018-07-31/html/2018-16288.htm":
        ("fr-2018-16288", "Notice of Initial Determination To Remove Cotton From Uzbekistan From the "
         "List of Products Requiring Federal Contractor Certification (E.O. 13126), 83 FR 36969",
         "Federal Register (GPO)", "2018-07-31"),
    "https://regulations.justia.com/regulations/fedreg/2019/03/25/2019-05360.html":
        ("fr-2019-05360-justia", "Notice of Final Determination To Remove Uzbek Cotton From the "
         "List of Products Requiring Federal Contractor Certification (E.O. 13126), 84 FR 11123 "
         "(Justia mirror)", "Federal Register (Justia mirror)", "2019-03-25"),
    "https://www.federalregister.gov/d/2019-05360":
        ("fr-2019-05360", "Notice of Final Determination To Remove Uzbek Cotton From the List of "
         "Products Requiring Federal Contractor Certification (E.O. 13126), 84 FR 11123",
         "Federal Register", "2019-03-25"),
    "https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods":
        ("dol-list-of-goods", "DOL List of Goods Produced by Child Labor or Forced Labor (web page)",
         "US Department of Labor, ILAB", ""),
    DOL_EO_FAQ_URL:
        ("dol-eo13126-faq-2017", "FAQs: Executive Order 13126 List of Products Produced by Forced "
         "or Indentured Child Labor (September 2017; Sweat & Toil app file EO.pdf, commit 1bc5d7e)",
         "US Department of Labor, ILAB", "2017-09"),
    UFLPA_LAW_URL:
        ("uflpa-public-law-117-78", "Public Law 117-78, Uyghur Forced Labor Prevention Act "
         "(enacted 2021-12-23)", "US Government Publishing Office (govinfo)", "2021-12-23"),
    "https://d1tvxue8o4w0fl.cloudfront.net/federal-register/notice-of-final-determination-to-remove-"
    "uzbek-cotton-from-the-list-of-products-requiring-federal-contractor-certification-as-to-forced-"
    "or-indentured-child-labor-pursuant-to-executive-order":
        ("fr-2019-05360-copy", "Notice of Final Determination To Remove Uzbek Cotton (E.O. 13126), "
         "84 FR 11123 (copy)", "Federal Register (copy on cloudfront.net)", "2019-03-25"),
    "https://www.strtrade.com/trade-news-resources/str-trade-report/trade-report/"
    "cotton-from-uzbekistan-removed-from-child-labor-list":
        ("str-2019-uzbek-cotton-eo13126", "ST&R: Cotton from Uzbekistan removed from child labor "
         "list (E.O. 13126)", "Sandler, Travis & Rosenberg (ST&R)", "2019-03"),
    "https://cottoncampaign.org/uzbek-cotton-pledge":
        ("cotton-campaign-uzbek-pledge", "The Uzbek Cotton Pledge for Companies", "Cotton Campaign",
         "2022-03-10"),
    "https://wikirate.org/Responsible_Sourcing_Network+Signatory_Uzbek_Cotton_Pledge":
        ("wikirate-uzbek-cotton-pledge", "Signatory Uzbek Cotton Pledge (pledge text as updated "
         "2018-07-10)", "WikiRate (Responsible Sourcing Network data)", "2018-07-10"),
    "https://sourcingnetwork.org/blog/turkmenspledge":
        ("rsn-turkmen-pledge-blog", "Turkmen Cotton Pledge (blog)", "Responsible Sourcing Network",
         "2011"),
    "https://github.com/opensanctions/opensanctions/blob/0394d35896bbf0b2ae6b9d7133aa7cd222953f4e/"
    "datasets/us/dhs_uflpa/us_dhs_uflpa.yml":
        ("opensanctions-us-dhs-uflpa", "OpenSanctions dataset definition: US DHS UFLPA Entity List "
         "(commit 0394d35)", "OpenSanctions", "2022-06-21"),
    "https://www.millerchevalier.com/publication/trade-compliance-flash-federal-register-notice-"
    "provides-new-information-uflpa-entity":
        ("millerchevalier-2022-08-uflpa-fr-notice", "Trade Compliance Flash: Federal Register notice "
         "provides new information on the UFLPA Entity List", "Miller & Chevalier", "2022-08"),
    "https://www.cbp.gov/document/stats/withhold-release-orders-findings":
        ("cbp-wro-findings-list-transcribed", "CBP Withhold Release Orders and Findings list (dates "
         "and names as transcribed by a third-party GitHub crawler; unverified)", "CBP", "2025-12"),
    "https://www.law360.com/articles/1420608/cbp-removes-top-glove-from-forced-labor-blacklist":
        ("law360-2021-09-10-cbp-removes-top-glove", "CBP Removes Top Glove From Forced Labor "
         "Blacklist", "Law360", "2021-09-10"),
    "https://www.dhs.gov/uflpa-entity-list":
        ("dhs-uflpa-entity-list", "UFLPA Entity List (page markup as quoted in third-party GitHub "
         "test fixtures)", "DHS", "2025-01-15"),
}

PUBLISHERS = {
    "strtrade.com": "Sandler, Travis & Rosenberg (ST&R)",
    "thompsonhinesmartrade.com": "Thompson Hine (SmarTrade)",
    "acmesponge.com": "Sourcing Journal (syndicated copy on acmesponge.com)",
    "vinatex.com": "Vinatex", "mhlnews.com": "MHL News", "freightwaves.com": "FreightWaves",
    "cottoncampaign.org": "Cotton Campaign", "sourcingnetwork.org": "Responsible Sourcing Network",
    "ilo.org": "International Labour Organization", "rferl.org": "Radio Free Europe/Radio Liberty",
    "cmtradelaw.com": "Crowell & Moring (cmtradelaw)",
    "internationaltradetoday.com": "International Trade Today", "importexportlaw.net":
    "importexportlaw.net", "kun.uz": "Kun.uz", "regulations.justia.com":
    "Federal Register (Justia mirror)", "supplychaincompliance.bakermckenzie.com": "Baker McKenzie",
    "dorsey.com": "Dorsey & Whitney", "internationaltradeinsights.com": "International Trade Insights",
    "millerchevalier.com": "Miller & Chevalier", "youth.gov": "youth.gov",
    "exportcompliancedaily.com": "Export Compliance Daily", "ammlaw.com": "ammlaw.com",
    "jckonline.com": "JCK", "nemesisinternational.com": "Nemesis International",
    "gemstonesnews.africa": "Gemstones News Africa", "enoughproject.org": "Enough Project",
    "cbp.gov": "CBP", "focusmalaysia.my": "Focus Malaysia", "malaysia-today.net": "Malaysia Today",
    "lexology.com": "Lexology", "tobaccoreporter.com": "Tobacco Reporter",
    "addictionjournal.org": "Addiction (journal)", "dagangnews.com": "Dagang News",
    "freemalaysiatoday.com": "Free Malaysia Today", "exbulletin.com": "Exbulletin",
    "kualalumpurvoice.com": "Kuala Lumpur Voice",
    "consumerelectronicsdaily.com": "Consumer Electronics Daily", "i3investor.com": "i3investor",
    "govdelivery.com": "CBP (CSMS message via GovDelivery)", "dominicantoday.com": "Dominican Today",
    "lexblog.com": "LexBlog", "clarkhill.com": "Clark Hill", "assentcompliance.com": "Assent",
    "hktdc.com": "HKTDC Research", "marketscreener.com": "MarketScreener",
    "theepochtimes.com": "The Epoch Times", "tradelawdaily.com": "Trade Law Daily",
    "kharon.com": "Kharon", "brilliantglobe.com": "Brilliant Globe",
    "washingtontimes.com": "The Washington Times", "blogspot.com": "Independent Ag Network (blog)",
    "state.gov": "US Department of State", "freshplaza.com": "FreshPlaza", "hstoday.us": "HSToday",
    "technicaltextiles.in": "Technical Textiles", "justthenews.com": "Just the News",
    "mondaq.com": "Mondaq", "law360.com": "Law360", "chosun.com": "Chosun Biz", "maghress.com": "Maghress (Hespress)",
    "intrafish.com": "IntraFish", "einpresswire.com": "EIN Presswire (syndicated release)",
    "just-style.com": "Just Style", "newsmoris.com": "NewsMoris",
    "nationalcapitaldaily.com": "National Capital Daily",
    "european-rubber-journal.com": "European Rubber Journal", "yormicklaw.com": "Yormick Law",
    "dhs.gov": "DHS", "kelleydrye.com": "Kelley Drye", "federalregister.gov": "Federal Register",
    "govinfo.gov": "US Government Publishing Office (govinfo)", "ajot.com": "AJOT",
    "globalbusinessandhumanrights.com": "Global Business & Human Rights (Perkins Coie)",
    "lhcb.com": "LHCB", "esghub.hk": "ESG Hub", "crugroup.com": "CRU", "tuttlelaw.com": "Tuttle Law",
    "barnesrichardson.com": "Barnes, Richardson & Colburn",
    "communicationslitigationtoday.com": "Communications Litigation Today",
    "ghy.com": "GHY International", "firecrawl.dev": "Firecrawl", "complianceweek.com":
    "Compliance Week", "gdlsk.com": "GDLSK", "frtracker.app": "FR Tracker",
    "nnrglobal.com": "NNR Global Logistics", "diase.cn": "diase.cn",
    "natlawreview.com": "National Law Review",
    "afslaw.com": "ArentFox Schiff", "thompsoncoburn.com": "Thompson Coburn",
    "github.com/ai-village-agents": "ai-village-agents/deepseek-news (GitHub copy of a Federal "
    "Register notice summary)",
    "thrakika.gr": "Thrakika", "wikirate.org": "WikiRate", "knittingviews.com": "Knitting Views",
    "uzbekistannews.net": "Uzbekistan News", "respect.international": "RESPECT",
    "business-humanrights.org": "Business & Human Rights Resource Centre",
    "mfa.uz": "Ministry of Foreign Affairs of Uzbekistan", "asiagarmenthub.net": "Asia Garment Hub",
    "squarespace.com": "Cotton Campaign (squarespace copy)",
}

STOPWORDS = set("a an and the of to for on in at by with from over its is are be as us u s".split())

# Entity WRO commodity texts -> commodity ids (first match wins; no match -> '*').
WRO_COMMODITY_MAP = [
    (r"cotton products and tomato products", ["cotton", "cotton-yarn-fabric", "cotton-apparel",
                                              "tomatoes", "tomato-products"]),
    (r"\bcotton\b", ["cotton", "cotton-yarn-fabric", "cotton-apparel"]),
    (r"fresh tomatoes", ["tomatoes"]),
    (r"rough diamonds", ["rough-diamonds"]),
    (r"^gold$", ["gold"]),
    (r"tobacco", ["tobacco", "tobacco-products"]),
    (r"bone black", ["bone-black"]),
    (r"work gloves", ["gloves"]),
    (r"gloves", ["rubber-gloves"]),
    (r"hair products", ["hair-products"]),
    (r"textiles and apparel", ["garments", "textiles"]),
    (r"^(?:garments|apparel)$", ["garments"]),
    (r"palm oil", ["palm-fruit", "palm-fruit-products", "oleochemicals"]),
    (r"downstream products \(canned tuna", ["seafood", "seafood-products"]),
    (r"\btuna\b", ["seafood", "seafood-products"]),
    (r"seafood", ["seafood"]),
    (r"silica-based", ["silica-based-products", "polysilicon", "photovoltaic-ingots",
                       "photovoltaic-wafers", "solar-cells", "solar-modules"]),
    (r"sugar", ["sugarcane", "sugarcane-products"]),
    (r"sea salt", ["salt"]),
    (r"^coffee$", ["coffee"]),
    (r"\baluminum\b", ["aluminum"]),
    (r"carpet", ["carpets"]),
    (r"peeled garlic", ["garlic"]),
]

# ISO 3166-2 subdivision for place names in CBP/UFLPA rows (only where unambiguous).
REGION_CODES = [
    (r"\bxinjiang\b|\bxuar\b|\blop county\b|\bhetian\b|\bhotan\b|\baksu\b|\bakesu\b|\bturpan\b|"
     r"\bchangji\b|\bkashgar\b|\bhami\b|\bkaramay\b|\burumqi\b|\byili\b|\bbingtuan\b|\bxpcc\b|"
     r"\(shanshan\)",
     "CN-XJ"),
    (r"\binner mongolia\b", "CN-NM"), (r"\banhui\b", "CN-AH"), (r"\bhebei\b", "CN-HE"),
    (r"\bhenan\b", "CN-HA"), (r"\bhubei\b", "CN-HB"), (r"\bhunan\b", "CN-HN"),
    (r"\bshandong\b", "CN-SD"), (r"\bguangdong\b", "CN-GD"), (r"\bjiangsu\b", "CN-JS"),
    (r"\bzhejiang\b", "CN-ZJ"), (r"\bfujian\b", "CN-FJ"), (r"\bsichuan\b", "CN-SC"),
    (r"\bgansu\b", "CN-GS"), (r"\btianjin\b", "CN-TJ"), (r"\bshanghai\b", "CN-SH"),
    (r"\btamil nadu\b", "IN-TN"), (r"\bchiapas\b", "MX-CHP"), (r"\btamaulipas\b", "MX-TAM"),
    (r"\bjeollanam-do\b", "KR-46"),
]
# Locations stated in a UFLPA row's note rather than its name.
UFLPA_NOTE_PLACE = [
    (r"HQ Xiangyang, Hubei", "CN-HB"), (r"HQ Handan, Hebei", "CN-HE"),
    (r"located in the XUAR", "CN-XJ"), (r"footwear; Guangdong", "CN-GD"),
    (r"aspartame producer; Jiangsu", "CN-JS"), (r"XUAR; total after", "CN-XJ"),
    (r"; Urumqi;", "CN-XJ"),
]

# CBP rows whose status is 'modified' without a date in the reference data, completed from
# sources read while building this rule set: entity text -> (effective date, urls, note).
SUPPLEMENTARY_WRO_END = {
    "Top Glove": ("2021-09-09", [
        "https://business-humanrights.org/zh-hans/%E6%9C%80%E6%96%B0%E6%B6%88%E6%81%AF/"
        "cbp-modifies-forced-labor-finding-on-top-glove-corporation-bhd/",
        "https://www.law360.com/articles/1420608/cbp-removes-top-glove-from-forced-labor-blacklist"],
        "CBP modified the Finding on 2021-09-09 with immediate effect (gloves made at Top Glove's "
        "Malaysian facilities admissible again; CBP release as reproduced by the Business & Human "
        "Rights Resource Centre; Law360 2021-09-10); date not in the reference data"),
}

# UFLPA rows without a usable date: the earliest date a cited source supports.
UFLPA_DATE_FALLBACK = {
    "Xinjiang East Hope Nonferrous Metals Co., Ltd.":
        ("2024-11-25", "original listing date not in the reference data; 2024-11-25 is the earliest "
         "date a cited source supports (it was already listed when the November 2024 update removed "
         "the alias 'Xinjiang Nonferrous')"),
    "Changji Esquel Textile Co., Ltd.":
        ("2024-11-01", "original listing date not in the reference data; 2024-11-01 (its section "
         "move in FR 2024-25423) is the earliest date a cited source supports"),
    "Changhong Meiling Co., Ltd.":
        ("2022-06-21", "source gives June 2022 (initial list, as Hefei Meiling); the initial list "
         "took effect on 2022-06-21"),
}


# ---------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------
class BuildError(Exception):
    pass


def read_csv(folder, name, required=True):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        if required:
            raise BuildError("missing reference file: %s" % name)
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header])


# Query parameters that only track a visit or a session, and first host labels of staging
# copies; src/refdata/srcurl.c applies the same rules when flscan checks or imports sources.
TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga",
                   "_gl", "yclid", "bc", "search_id", "wgt_ref", "mkt_tok", "_hsenc", "_hsmi"}
STAGING_LABELS = {"stage", "staging", "dev", "test", "uat", "qa", "preview"}


def clean_url(url):
    """url without tracking parameters and without a staging host's first label."""
    m = re.match(r"^(https?://)([^/?#]*)(.*)$", url)
    if not m:
        return url
    scheme, host, rest = m.groups()
    labels = host.split(".")
    first = labels[0].lower()
    if len(labels) >= 3 and (first in STAGING_LABELS or re.match(r"^(?:dev|stage|staging)-.", first)):
        host = ".".join(labels[1:])
    frag = ""
    if "#" in rest:
        rest, frag = rest.split("#", 1)
        frag = "#" + frag
    if "?" in rest:
        path, query = rest.split("?", 1)
        kept = []
        for p in query.split("&"):
            if not p:
                continue
            k = p.split("=", 1)[0].lower()
            if k.startswith("utm_") or k.startswith("amp;") or k.startswith("amp%3b") or \
                    k in TRACKING_PARAMS:
                continue
            kept.append(p)
        rest = path + ("?" + "&".join(kept) if kept else "")
    return scheme + host + rest + frag


def is_primary(url):
    """A page of the US government itself (.gov, .mil), an agency's own GitHub data, or a
    bulletin DHS (CBP's CSMS messages) or DOL sent through GovDelivery (srcurl.h)."""
    host = re.sub(r"^https?://", "", url).split("/", 1)[0].split(":", 1)[0].lower()
    rest = re.sub(r"^https?://", "", url).lower()
    return host.endswith(".gov") or host.endswith(".mil") or \
        url.lower().startswith("https://github.com/usdepartmentoflabor/") or \
        re.match(r"content\.govdelivery\.com/(bulletins/gd|accounts)/usd(hs|ol)", rest) is not None


FR_DOC = re.compile(r"fedreg/\d{4}/\d\d/\d\d/(\d{4}-\d{5})\.html|frtracker\.app/fr/(\d{4}-\d{5})|"
                    r"gpo\.gov/fdsys/pkg/FR-[\d-]+/html/(\d{4}-\d{5})\.htm")
FR_PAGE = re.compile(r"^https?://(?:www\.)?federalregister\.gov/documents/\d{4}/\d\d/\d\d/"
                     r"(\d{4}-\d{5})(?:/[^?#]*)?$")


def fr_permalink(doc):
    """The Federal Register's own address of a document number (its documented short form)."""
    return "https://www.federalregister.gov/d/%s" % doc


def split_urls(cell):
    """Cells hold several URLs separated by ' ; '; strip trailing '(comment)'. URLs are cleaned
    (clean_url), and a copy of a Federal Register document (Justia, FR Tracker) brings the
    document's own federalregister.gov address with it."""
    out = []
    for part in (cell or "").split(" ; "):
        part = part.strip()
        if not part:
            continue
        url = part.split(" ", 1)[0].strip()
        if url.startswith("http://") or url.startswith("https://"):
            url = clean_url(url)
            m = FR_PAGE.match(url)
            if m:  # one address per Federal Register document: its permalink
                url = fr_permalink(m.group(1))
            m = FR_DOC.search(url)
            if m and "gpo.gov" not in url:
                perma = fr_permalink(next(g for g in m.groups() if g))
                if perma not in out:
                    out.append(perma)
            if url not in out:
                out.append(url)
    return out


def to_date(s):
    return datetime.date(*map(int, s.split("-")))


def start_of(s):
    """First day of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    p = s.split("-")
    if len(p) == 1:
        return "%s-01-01" % p[0]
    if len(p) == 2:
        return "%s-%s-01" % (p[0], p[1])
    return s


def end_of(s):
    """Last day of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    p = s.split("-")
    if len(p) == 1:
        return "%s-12-31" % p[0]
    if len(p) == 2:
        y, m = int(p[0]), int(p[1])
        nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
        return (nxt - datetime.timedelta(days=1)).isoformat()
    return s


def day_before(s):
    return (to_date(s) - datetime.timedelta(days=1)).isoformat()


def valid_date(s, partial=False):
    pat = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$" if partial else r"^\d{4}-\d{2}-\d{2}$"
    if not re.match(pat, s or ""):
        return False
    try:
        to_date(start_of(s))
        to_date(end_of(s))
    except ValueError:
        return False
    return True


def slug(text, maxlen=60):
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    if len(t) > maxlen:
        t = t[:maxlen].rsplit("-", 1)[0]
    return t


def cc(name):
    if name not in COUNTRY_CODES:
        raise BuildError("no ISO 3166-1 code for country name %r: add it to COUNTRY_CODES" % name)
    return COUNTRY_CODES[name]


def edition_key(label):
    m = re.match(r"^(\d{4})", (label or "").strip())
    if not m:
        raise BuildError("bad edition label %r" % label)
    if m.group(1) not in EDITION_DATES:
        raise BuildError("no publication date for edition %s: pass --edition %s=YYYY-MM-DD"
                         % (m.group(1), m.group(1)))
    return m.group(1)


def labor_word(labor):
    if labor == {"forced", "child"}:
        return "forced+child"
    return next(iter(labor))


def labor_text(labor):
    return {"forced+child": "forced labor and child labor", "forced": "forced labor",
            "child": "child labor"}[labor_word(labor)]


def tvpra_severity(labor):
    return "high" if "forced" in labor else "medium"


# ---------------------------------------------------------------------------------------
# sources
# ---------------------------------------------------------------------------------------
ACRONYMS = {"cbp": "CBP", "dhs": "DHS", "uflpa": "UFLPA", "wro": "WRO", "wros": "WROs",
            "dol": "DOL", "prc": "PRC", "fgv": "FGV", "xpcc": "XPCC", "drc": "DRC", "ilo": "ILO",
            "us": "US", "fletf": "FLETF", "d": "d.", "o": "o.", "ngo": "NGO", "yty": "YTY",
            "co": "Co.", "ltd": "Ltd.", "p": "(P)"}
GENERIC_ID_WORDS = STOPWORDS | {"cbp", "dhs", "news", "article", "html", "www", "withhold",
                                "release", "order", "orders", "trade", "compliance", "flash"}


class Sources:
    """Registry of cited URLs. Ids and titles come from SOURCE_META, else from the URL (host +
    path words) with the citing row's context when the URL slug says nothing; the date is the
    page date from SOURCE_META or the URL, else the latest date of the facts cited from it."""

    def __init__(self):
        self.rows = {}        # url -> row
        self.fact_dates = {}  # url -> [dates]

    @staticmethod
    def host_of(url):
        h = re.sub(r"^https?://", "", url).split("/", 1)[0].lower()
        return h.split(":", 1)[0]

    def publisher_for(self, url):
        low = url.lower()
        if "github.com/usdepartmentoflabor" in low:
            return "US Department of Labor, ILAB"
        if "github.com/ai-village-agents" in low:
            return PUBLISHERS["github.com/ai-village-agents"]
        host = self.host_of(url)
        parts = host.split(".")
        for i in range(len(parts) - 1):
            key = ".".join(parts[i:])
            if key in PUBLISHERS:
                return PUBLISHERS[key]
        return re.sub(r"^www\.", "", host)

    @staticmethod
    def date_from_url(url):
        m = re.search(r"(?<!\d)((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?!\d)", url)
        if m and valid_date("-".join(m.groups())):
            return "-".join(m.groups())
        m = re.search(r"/(20\d\d)/(\d{1,2})/", url)
        if m and 1 <= int(m.group(2)) <= 12:
            return "%s-%02d" % (m.group(1), int(m.group(2)))
        m = re.search(r"/(20\d\d)/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/(\d\d)/", url)
        if m:
            mon = "jan feb mar apr may jun jul aug sep oct nov dec".split().index(m.group(2)) + 1
            return "%s-%02d-%s" % (m.group(1), mon, m.group(3))
        return ""

    @staticmethod
    def _title_case(words):
        merged = []
        for w in words:  # 'u s' -> 'US'
            if merged and merged[-1].lower() == "u" and w.lower() == "s":
                merged[-1] = "US"
                continue
            merged.append(w)
        out = []
        for i, w in enumerate(merged):
            lw = w.lower()
            if lw in ACRONYMS:
                out.append(ACRONYMS[lw])
            elif i and lw in STOPWORDS:
                out.append(lw)
            else:
                out.append(w[:1].upper() + w[1:])
        return " ".join(out)

    def auto_id_title(self, url, context):
        host = self.host_of(url)
        hparts = [p for p in host.split(".") if p not in ("www", "stage", "dev-v4", "boston2",
                                                          "webiis08", "content", "brief", "blog",
                                                          "ch", "biz", "en")]
        hostkey = hparts[-2] if len(hparts) >= 2 else hparts[0]
        date = self.date_from_url(url)
        m = re.search(r"^https://www\.federalregister\.gov/d/(\d{4}-\d{5})$", url)
        if m:
            return ("fr-%s" % m.group(1), "Federal Register document %s" % m.group(1))
        m = re.search(r"fedreg/\d{4}/\d\d/\d\d/(\d{4}-\d{5})", url) or \
            re.search(r"frtracker\.app/fr/(\d{4}-\d{5})", url)
        if m:
            mirror = "justia" if "justia" in url else "frtracker"
            return ("fr-%s-%s" % (m.group(1), mirror),
                    "Federal Register document %s (%s)" % (
                        m.group(1), "Justia mirror" if "justia" in url else "FR Tracker"))
        m = re.search(r"ai-village-agents/.*_posts/(\d{4}-\d\d-\d\d)-[\d-]+-(notice[a-z-]*)", url)
        if m:
            return ("fr-summary-%s-uflpa-entity-list" % m.group(1),
                    "Federal Register notice regarding the UFLPA Entity List, %s (summary)"
                    % m.group(1))
        path = re.sub(r"^https?://[^/]+", "", url).split("?", 1)[0].split("#", 1)[0].rstrip("/")
        last = ""
        for seg in reversed([x for x in path.split("/") if x]):
            seg2 = re.sub(r"\.(?:html?|aspx?|md|yml|js|xml)$", "", seg)
            if len(re.findall(r"[A-Za-z]{3,}", seg2)) >= 3:
                last = seg2
                break
        words = [w for w in re.split(r"[^A-Za-z0-9]+", last) if w]
        words = [w for w in words if not re.match(r"^\d{6,}$|^[0-9a-f]*\d[0-9a-f]*[a-f][0-9a-f]*$",
                                                   w.lower()) or re.match(r"^\d{1,4}$", w)]
        while words and re.match(r"^(?:\d{4}|\d\d|story|h\d+)$", words[0].lower()) and len(words) > 3:
            words.pop(0)
        while words and re.match(r"^\d$", words[-1]) and len(words) > 3:
            words.pop()
        good = len([w for w in words if re.match(r"^[A-Za-z]{3,}$", w)]) >= 3
        if good:
            title = self._title_case(words)
            idw = [w.lower() for w in words if w.lower() not in GENERIC_ID_WORDS and len(w) > 1]
        else:
            title = "%s: %s" % (self.publisher_for(url), context or host)
            idw = [w for w in slug(context or host).split("-") if w not in GENERIC_ID_WORDS]
        base = hostkey + ("-" + date[:7] if date else "") + "-" + "-".join(idw[:6])
        return slug(base, 70), title

    def add(self, url, fact_date="", context=""):
        if url not in self.rows:
            if url in SOURCE_META:
                base, title, pub, date = SOURCE_META[url]
                curated = True
            else:
                base, title = self.auto_id_title(url, context)
                pub, date, curated = self.publisher_for(url), self.date_from_url(url), False
            self.rows[url] = {"base": base, "title": title, "publisher": pub, "date": date,
                              "url": url, "curated": curated}
            self.fact_dates[url] = []
        if fact_date:
            self.fact_dates[url].append(fact_date)
        return url

    def ids(self, urls, fact_date="", context=""):
        """Register urls (plain, with fact date fact_date, or (url, fact date) pairs); returns
        a token list for the 'sources' cell, resolved to ids by finish()."""
        out = []
        for u in urls:
            url, fd = (u if isinstance(u, tuple) else (u, fact_date))
            url = clean_url(url)
            self.add(url, fd, context)
            if url not in out:
                out.append(url)
        # the agency's or the Federal Register's own page first
        out = [u for u in out if is_primary(u)] + [u for u in out if not is_primary(u)]
        return "\n".join(out)

    def finish(self):
        """Assign ids (a clash of auto ids gets a hash of the URL, so an id depends only on its
        URL and the URLs sharing its base) and return (rows, url -> id)."""
        groups = {}
        for url, r in self.rows.items():
            groups.setdefault(r["base"], []).append(url)
        idmap = {}
        for base, urls in groups.items():
            for url in urls:
                clash = len(urls) > 1 and not self.rows[url]["curated"]
                idmap[url] = ("%s-%s" % (base, hashlib.sha1(url.encode()).hexdigest()[:6])
                              if clash else base)
        if len(set(idmap.values())) != len(idmap):
            raise BuildError("source id clash among curated sources")
        rows = []
        for url in sorted(self.rows, key=lambda u: idmap[u]):
            r = self.rows[url]
            date = r["date"]
            if not date:
                # latest fact taken from the page: a lower bound for its publication date
                fd = sorted(self.fact_dates[url], key=lambda d: end_of(d))
                date = fd[-1] if fd else ""
            rows.append({"id": idmap[url], "title": r["title"], "publisher": r["publisher"],
                         "date": date, "url": url})
        return rows, idmap


# ---------------------------------------------------------------------------------------
# commodities
# ---------------------------------------------------------------------------------------
def build_commodities(ref):
    hs_rows = read_csv(ref, "harmonized_system.csv")
    hs = {r["hscode"]: r for r in hs_rows}
    goods = []  # ordered good names
    by_good = {}
    for r in read_csv(ref, "hs_codes_for_goods.csv"):
        g = r["good"]
        if g not in by_good:
            by_good[g] = []
            goods.append(g)
        by_good[g].append(r)

    def dedupe_prefixes(codes):
        out = []
        for c in codes:
            if c in out:
                continue
            if any(c != o and c.startswith(o) for o in codes):
                continue
            out.append(c)
        return out

    commodities = {}
    order = []
    good_to_id = {}
    for g in goods:
        cid = COMMODITY_IDS.get(g) or slug(g)
        if cid in commodities:
            raise BuildError("duplicate commodity id %s (good %r)" % (cid, g))
        direct = [r for r in by_good[g] if r["relation"] == "direct"]
        if not direct:
            raise BuildError("good %r has no direct HS row" % g)
        codes = [r["hs_code"] for r in direct]
        kept = dedupe_prefixes(codes)
        parts = []
        for r in direct:
            desc = r["note"] or hs.get(r["hs_code"], {}).get("description", "")
            extra = "" if r["hs_code"] in kept else " (inside a broader prefix)"
            parts.append("%s %s%s" % (r["hs_code"], desc, extra))
        name = COMMODITY_NAMES.get(cid) or re.sub(r"\s*\[[^\]]*\]$", "", g)
        note = "DOL good %r; HS (direct rows of hs_codes_for_goods.csv): %s" % (g, "; ".join(parts))
        if "[" in g:
            note = "good %r (not a 2022 TVPRA good); HS (direct rows): %s" % (g, "; ".join(parts))
        if cid in COMMODITY_NOTE_EXTRA:
            note += "; " + COMMODITY_NOTE_EXTRA[cid]
        pat, excl = PATTERNS.get(cid, ("", ""))
        commodities[cid] = {"id": cid, "name": name, "hs_prefixes": ";".join(kept),
                            "description_pattern": pat, "exclude_pattern": excl, "note": note}
        order.append(cid)
        good_to_id[g] = cid

    for cid, name, how, note in DERIVED_COMMODITIES:
        if how[0] == "fixed":
            codes = list(how[1])
        else:
            good, chapters = how[1], how[2]
            down = [r["hs_code"] for r in by_good.get(good, []) if r["relation"] == "downstream"]
            if not down:
                raise BuildError("derived commodity %s: no downstream rows for %r" % (cid, good))
            if how[0] == "downstream-of":
                codes = [c for c in down if not chapters or any(c.startswith(ch) for ch in chapters)]
            else:  # subheadings 'of cotton' under the downstream rows in the given chapters
                roots = [c for c in down if any(c.startswith(ch) for ch in chapters)]
                codes = []
                for r in hs_rows:
                    c, d = r["hscode"], r["description"].lower()
                    if r["level"] != "6" or not any(c.startswith(x) for x in roots):
                        continue
                    if re.search(r"\bof cotton\b", d) and not re.search(
                            r"other than[^;)]*cotton|excluding cotton", d):
                        codes.append(c)
        pat, excl = PATTERNS[cid]
        commodities[cid] = {"id": cid, "name": name, "hs_prefixes": ";".join(dedupe_prefixes(codes)),
                            "description_pattern": pat, "exclude_pattern": excl, "note": note}
        order.append(cid)
    for cid in order:
        if not commodities[cid]["description_pattern"]:
            raise BuildError("commodity %s has no description pattern" % cid)
    return [commodities[c] for c in order], good_to_id, hs


def commodity_for_good(good, good_to_id):
    g = GOOD_ALIASES.get(good, good)
    if g.startswith("@"):
        return g[1:]
    if g not in good_to_id:
        raise BuildError("no HS mapping for good %r" % good)
    return good_to_id[g]


# ---------------------------------------------------------------------------------------
# TVPRA rules
# ---------------------------------------------------------------------------------------
def build_tvpra(ref, src, good_to_id):
    goods = read_csv(ref, "tvpra_goods.csv")
    changes = read_csv(ref, "tvpra_changes.csv")
    additions = read_csv(ref, "tvpra_goods_2024_additions.csv")
    timeline = read_csv(ref, "timeline_uzbekistan_cotton.csv")
    ed = EDITION_DATES
    dol2014 = [u for u in SOURCE_META if SOURCE_META[u][0] == "dol-tvpra-2014-data"]

    ch_by_pair = {}
    for r in changes:
        ch_by_pair.setdefault((r["country"], r["good"]), []).append(r)

    rules = []
    covered = set()
    not_screenable = []

    def yes(v):
        return (v or "").strip().lower() == "yes"

    def make_windows(country, good, start_ed, labor0, events, base_urls, fcl_now, note_extra,
                     start_urls):
        """events: list of (edition, kind, labor_after or empty set, urls, note).

        URLs are kept as (url, fact date) pairs: base and start URLs support the window start,
        event URLs support the change on the event's date."""
        windows = []
        d0 = ed[start_ed]
        cur_from, cur_labor = d0, labor0
        cur_urls = [(u, d0) for u in list(start_urls) + list(base_urls)]
        cur_note = []
        for e_ed, kind, lab_after, urls, enote in events:
            d = ed[e_ed]
            ev_urls = [(u, d) for u in urls]
            if cur_labor:
                windows.append((cur_from, day_before(d), cur_labor, cur_urls + ev_urls, cur_note,
                                (kind, e_ed, lab_after)))
            cur_from, cur_labor = d, lab_after
            cur_urls = ev_urls + [(u, d) for u in base_urls]
            cur_note = [enote] if enote else []
        if cur_labor:
            windows.append((cur_from, "", cur_labor, cur_urls, cur_note, None))
        out = []
        extra_coms, extra_note = EXTRA_COMMODITIES.get(good, ([], ""))
        for i, (vf, vt, lab, urls, wnote, end_ev) in enumerate(windows):
            notes = []
            if i == 0 and start_ed == BASE_EDITION:
                notes.append("Listed for %s in the 2014 edition data, the earliest edition "
                             "available here: the earliest documented date (2014 edition, released "
                             "2014-12-01) is used; the list began in 2009" % labor_text(lab))
            elif i == 0 and start_ed == "2021":
                notes.append("Listed for %s in the out-of-cycle 2021 update (DOL Federal Register "
                             "notice of %s)" % (labor_text(lab), vf))
            elif i == 0:
                notes.append("Listed for %s in the %s edition (%s)" % (labor_text(lab), start_ed, vf))
            else:
                notes.append("Listed for %s from the %s edition (%s)" % (
                    labor_text(lab), [e for e in ed if ed[e] == vf][0], vf))
            notes += wnote
            if end_ev:
                kind, e_ed, lab_after = end_ev
                if lab_after:
                    notes.append("the %s edition (%s) changed the listing to %s, so this window "
                                 "ends the day before" % (e_ed, ed[e_ed], labor_text(lab_after)))
                else:
                    notes.append("the %s edition (%s) removed it from the list, so this window "
                                 "ends the day before" % (e_ed, ed[e_ed]))
            if fcl_now and not vt and lab == {"forced", "child"}:
                notes.append("forced child labor is also listed")
            if extra_note:
                notes.append(extra_note)
            notes += note_extra
            com = ";".join([commodity_for_good(good, good_to_id)] + extra_coms)
            rid = "tvpra-%s-%s-%s" % (cc(country).lower(), slug(good, 40), vf)
            out.append({
                "id": rid,
                "title": "%s - %s: %s (TVPRA list)" % (disp(country), good, labor_text(lab)),
                "basis": "TVPRA", "countries": cc(country), "regions": "",
                "commodities": com, "labor": labor_word(lab), "severity": tvpra_severity(lab),
                "valid_from": vf, "valid_to": vt, "_urls": urls, "_pair": (country, good),
                "_ctx": "TVPRA list: %s from %s" % (good, disp(country)),
                "note": "DOL TVPRA list, %s from %s. %s." % (good, disp(country), "; ".join(notes)),
            })
        return out

    add_by_pair = {(a["country"], a["good"]): a for a in additions if not a["downstream_of"].strip()}

    # pairs of the current edition
    for row in goods:
        country, good = row["country"], row["good"]
        key = (country, good)
        if good in NOT_SCREENABLE_GOODS:
            not_screenable.append(key)
            continue
        labor_now = set()
        if yes(row["forced_labor"]):
            labor_now.add("forced")
        if yes(row["child_labor"]):
            labor_now.add("child")
        start_ed = edition_key(row["year_added"]) if row["year_added"].strip() else BASE_EDITION
        base_urls = split_urls(row["source_url"])
        start_urls = dol2014 + [DOL_2014_RELEASE_URL] if start_ed == BASE_EDITION else []
        pre, post = [], []
        for c in ch_by_pair.get(key, []):
            e = edition_key(c["edition"])
            if c["change"] in ("forced_labor_added", "child_labor_added", "child_labor_removed",
                               "removed"):
                (post if e > CURRENT_EDITION else pre).append((e, c))
        # reconstruct the labor type before each pre-2022 change, backwards from the 2022 state
        pre.sort(key=lambda x: x[0])
        labor = set(labor_now)
        states = []
        for e, c in reversed(pre):
            after = set(labor)
            if c["change"] == "forced_labor_added":
                labor = labor - {"forced"}
            elif c["change"] == "child_labor_added":
                labor = labor - {"child"}
            elif c["change"] == "child_labor_removed":
                labor = labor | {"child"}
            states.append((e, after, split_urls(c["source_url"])))
        states.reverse()
        labor0 = labor
        events = [(e, "type", after, urls, "") for e, after, urls in states]
        # changes after the current edition (2024 removals and type changes)
        cur = set(labor_now)
        for e, c in sorted(post, key=lambda x: x[0]):
            urls = split_urls(c["source_url"])
            enote = ""
            if c["change"] == "child_labor_removed":
                cur = cur - {"child"}
                fa = c["forced_labor_after"].strip().lower()
                if fa == "no":
                    cur = cur - {"forced"}
                elif fa != "yes" and "forced" in cur:
                    enote = ("the child-labor listing was removed in 2024; the forced-labor "
                             "listing is kept because its 2024 status was not verified")
            elif c["change"] == "removed":
                cur = set()
            elif c["change"] == "forced_labor_added":
                cur = cur | {"forced"}
            elif c["change"] == "child_labor_added":
                cur = cur | {"child"}
            events.append((e, "post", set(cur), urls, enote))
        a = add_by_pair.pop(key, None)
        if a:
            newlab = set(cur)
            if yes(a["forced_labor"]):
                newlab.add("forced")
            if yes(a["child_labor"]):
                newlab.add("child")
            if newlab != cur:
                events.append(("2024", "post", newlab, split_urls(a["source_url"]),
                               "2024 edition: %s (%s)" % (labor_text(newlab), a["note"])))
                cur = newlab
        if labor0 == set():
            raise BuildError("pair %r has no labor type at its first edition" % (key,))
        rs = make_windows(country, good, start_ed, labor0, events, base_urls,
                          yes(row["forced_child_labor"]), [], start_urls)
        rules += rs
        covered.add(key)

    # pairs removed before the current edition (not in tvpra_goods.csv)
    for key, cl in sorted(ch_by_pair.items()):
        if key in covered or key in not_screenable:
            continue
        removed = [c for c in cl if c["change"] == "removed"]
        if not removed:
            continue
        if key not in HISTORIC_2014_LABOR:
            raise BuildError("removed pair %r: add its first listed labor type to "
                             "HISTORIC_2014_LABOR" % (key,))
        country, good = key
        added = [c for c in cl if c["change"] == "added"]
        start_ed = edition_key(added[0]["edition"]) if added else BASE_EDITION
        labor0 = set(HISTORIC_2014_LABOR[key])
        start_urls = (dol2014 + [DOL_2014_DATA_687808F, DOL_2014_RELEASE_URL]
                      if start_ed == BASE_EDITION else split_urls(added[0]["source_url"]))
        extra = []
        tl_urls = {}  # edition year -> timeline URLs about this pair's TVPRA status
        for r in timeline:
            if (r["country"], r["commodity"].lower()) == (country, good.lower()) and \
                    r["status_after"].startswith("tvpra") and r["date"][:4] in EDITION_DATES:
                tl_urls.setdefault(r["date"][:4], []).extend(split_urls(r["source_url"]))
        if tl_urls:
            start_urls += [u for u in tl_urls.get(start_ed, []) if u not in start_urls]
        if key == ("Uzbekistan", "Cotton"):
            extra = ["the 2014 data also flag forced child labor", "the E.O. 13126 listing "
                     "(2010 to 2019-03-24) is a separate rule in rules-eo13126.csv"]
        events = []
        cur = set(labor0)
        for c in sorted(cl, key=lambda c: edition_key(c["edition"])):
            e = edition_key(c["edition"])
            if c["change"] == "child_labor_removed":
                cur = cur - {"child"}
            elif c["change"] == "forced_labor_added":
                cur = cur | {"forced"}
            elif c["change"] == "child_labor_added":
                cur = cur | {"child"}
            elif c["change"] == "removed":
                cur = set()
            else:
                continue
            urls = split_urls(c["source_url"])
            urls += [u for u in tl_urls.get(e, []) if u not in urls]
            events.append((e, "type", set(cur), urls, ""))
        hist = make_windows(country, good, start_ed, labor0, events, [], False, extra, start_urls)
        for r in hist:  # timeline rows dated inside a window (e.g. the 2020 edition's status)
            for year, urls in sorted(tl_urls.items()):
                d = EDITION_DATES[year]
                if r["valid_from"] < d <= (r["valid_to"] or "9999-12-31"):
                    r["_urls"] += [(u, d) for u in urls if (u, d) not in r["_urls"]]
        rules += hist
        covered.add(key)

    # new pairs of the 2024 edition that the reference could source
    for key, a in sorted(add_by_pair.items()):
        country, good = key
        lab = set()
        if yes(a["forced_labor"]):
            lab.add("forced")
        if yes(a["child_labor"]):
            lab.add("child")
        urls = split_urls(a["source_url"])
        com = commodity_for_good(good, good_to_id)
        vf = ed["2024"]
        if lab:
            sev = tvpra_severity(lab)
            note = ("DOL TVPRA list, 2024 edition (%s): %s from %s listed for %s; types not stated "
                    "in the sources seen are not asserted. Source note: %s." %
                    (vf, good, country, labor_text(lab), a["note"]))
        else:
            lab = {"forced"}
            sev = "medium"
            note = ("DOL TVPRA list, 2024 edition (%s): %s from %s is on the list, but the sources "
                    "seen do not state the exploitation type. Recorded conservatively as forced "
                    "labor at medium severity (not high): DOL (via MHL News) ties 21 of the List's "
                    "31 goods from China to forced labor in the XUAR, but this pair is not confirmed; "
                    "re-check against the DOL 2024 list. Source note: %s." % (vf, good, country,
                                                                             a["note"]))
        rules.append({
            "id": "tvpra-%s-%s-%s" % (cc(country).lower(), slug(good, 40), vf),
            "title": "%s - %s: %s (TVPRA list, 2024)" % (disp(country), good, labor_text(lab)),
            "_ctx": "TVPRA list 2024: %s from %s" % (good, disp(country)),
            "basis": "TVPRA", "countries": cc(country), "regions": "", "commodities": com,
            "labor": labor_word(lab), "severity": sev, "valid_from": vf, "valid_to": "",
            "_urls": urls, "_pair": key, "note": note})
        covered.add(key)

    # reach of the Uzbek cotton listing to yarn and fabric made in Uzbekistan (Cotton Pledge)
    rules += uzbek_pledge_reach(rules, timeline)
    return rules, covered, not_screenable, goods


def pledge_window(timeline):
    """Uzbek Cotton Pledge: start year and the day it was lifted."""
    start, lifted, urls = "", "", []
    for r in timeline:
        if r["country"] != "Uzbekistan" or r["commodity"] != "cotton":
            continue
        st = r["status_after"]
        if st == "pledge_active":
            if not start or start_of(r["date"]) < start:
                start = start_of(r["date"])
            urls += [(u, r["date"]) for u in split_urls(r["source_url"])]
        if "pledge_lifted" in st:
            lifted = r["date"]
            urls += [(u, r["date"]) for u in split_urls(r["source_url"])]
    return start, lifted, urls


def uzbek_pledge_reach(rules, timeline):
    start, lifted, purls = pledge_window(timeline)
    if not start or not lifted:
        return []
    purls = [u for u in purls if "pledge" in u[0].lower() or "wikirate" in u[0]]
    out = []
    for r in list(rules):
        if r["_pair"] != ("Uzbekistan", "Cotton"):
            continue
        vf = max(r["valid_from"], start)
        vt = min(r["valid_to"] or "9999-12-31", day_before(lifted))
        if vf > vt:
            continue
        out.append({
            "id": r["id"].replace("tvpra-uz-cotton-", "tvpra-uz-cotton-yarn-fabric-reach-"),
            "title": "Uzbekistan - cotton yarn and fabric made from Uzbek cotton: %s (TVPRA list, "
                     "reach via the Uzbek Cotton Pledge)" % labor_text(set(r["labor"].split("+"))),
            "basis": "TVPRA", "countries": "UZ", "regions": "", "commodities": "cotton-yarn-fabric",
            "labor": r["labor"], "severity": "medium", "valid_from": vf, "valid_to": vt,
            "_urls": r["_urls"] + purls, "_pair": None,
            "note": "Reach row: DOL lists raw cotton from Uzbekistan only. Yarn and fabric made in "
                    "Uzbekistan are included as the first processing steps because the Uzbek Cotton "
                    "Pledge (in force from 2010 until lifted on %s) committed signatories not to "
                    "knowingly use Uzbek cotton in any of their products; severity medium as for "
                    "downstream goods; window = the TVPRA window %s cut to the pledge period."
                    % (lifted, r["id"])})
    return out


def build_tvpra_downstream(ref, src, good_to_id, tvpra_rules):
    rows = read_csv(ref, "tvpra_downstream.csv")
    first_listed = {}
    for r in tvpra_rules:
        if r["_pair"]:
            k = r["_pair"]
            if k not in first_listed or r["valid_from"] < first_listed[k][0]:
                first_listed[k] = (r["valid_from"], r)
    current = {}
    for r in tvpra_rules:
        if r["_pair"] and not r["valid_to"]:
            current[r["_pair"]] = r
    groups = {}
    skipped = []
    for r in rows:
        prod = r["country_of_downstream_production"].strip()
        if not prod:
            skipped.append(r)
            continue
        g = r["downstream_good"]
        if "cotton textile products" in g:
            coms = ["cotton-yarn-fabric", "cotton-apparel"]
        else:
            coms = [commodity_for_good(g, good_to_id)]
        year = edition_key(r["list_edition"])
        key = (prod, r["country_of_input"], r["input_good"], year,
               tuple(coms) if year == "2024" else tuple(coms))
        if year == "2024":
            key = (prod, r["country_of_input"], r["input_good"], year)
        grp = groups.setdefault(key, {"coms": [], "urls": [], "goods": [], "rows": []})
        for c in coms:
            if c not in grp["coms"]:
                grp["coms"].append(c)
        for u in split_urls(r["source_url"]):
            if u not in grp["urls"]:
                grp["urls"].append(u)
        grp["goods"].append(g)
        grp["rows"].append(r)
    out = []
    for key in sorted(groups, key=lambda k: (k[3], k[0], k[1], k[2], tuple(groups[k]["coms"]))):
        prod, cin, gin, year = key[0], key[1], key[2], key[3]
        grp = groups[key]
        inp = current.get((cin, gin))
        if not inp:
            raise BuildError("downstream input %s/%s is not a current TVPRA listing" % (cin, gin))
        lab = set(inp["labor"].split("+"))
        vf = EDITION_DATES[year]
        goods = sorted(set(g.split(" (category")[0] for g in grp["goods"]))
        if year == "2024":
            items = [("+".join(grp["coms"]), " and ".join(goods), gin.lower() + "-products")]
        else:
            items = [(c, grp["goods"][i], c) for i, c in enumerate(grp["coms"])]
        for com, gname, idpart in items:
            note = ("DOL %s list of goods produced with inputs made by child or forced labor: %s "
                    "made in %s from %s from %s (input listed for %s, rule %s); the labor type is "
                    "the input's listing." % (year, gname, disp(prod), gin.lower(), disp(cin),
                                              labor_text(lab), inp["id"]))
            if year == "2024" and any("cotton textile products" in g for g in grp["goods"]):
                note += (" The 2024 announcement names this category only; the specific 2024 "
                         "downstream goods were not captured, so cotton yarn, fabric and cotton "
                         "garments/linen stand for the category.")
            for r0 in grp["rows"]:
                if r0["note"].startswith("secondary"):
                    note += " Source note: %s." % r0["note"]
            out.append({
                "id": "tvpra-ds-%s-%s-%s" % (cc(prod).lower(), slug(idpart, 40), vf),
                "title": "%s - %s made from %s %s: %s (TVPRA downstream)" % (
                    disp(prod), gname, disp(cin), gin.lower(), labor_text(lab)),
                "basis": "TVPRA-downstream", "countries": cc(prod), "regions": "",
                "commodities": com.replace("+", ";"), "labor": labor_word(lab),
                "severity": "medium", "valid_from": vf, "valid_to": "",
                "_urls": grp["urls"], "_pair": None,
                "_ctx": "TVPRA downstream %s: %s from %s %s" % (year, gname, disp(cin), gin.lower()),
                "note": note})
    return out, skipped


# ---------------------------------------------------------------------------------------
# E.O. 13126
# ---------------------------------------------------------------------------------------
def build_eo13126(ref, good_to_id):
    timeline = read_csv(ref, "timeline_uzbekistan_cotton.csv")
    out = []
    listed = {}
    for r in timeline:
        key = (r["country"], r["commodity"])
        st = r["status_after"]
        if st == "eo13126_listed":
            listed.setdefault(key, {"from": r["date"], "to": "", "urls": [], "proposed": []})
            listed[key]["urls"] += [(u, r["date"]) for u in split_urls(r["source_url"])]
        elif st == "eo13126_removal_proposed":
            listed.setdefault(key, {"from": "", "to": "", "urls": [], "proposed": []})
            listed[key]["urls"] += [(u, r["date"]) for u in split_urls(r["source_url"])]
            listed[key]["proposed"].append(r["date"])
        elif st == "eo13126_delisted":
            listed.setdefault(key, {"from": "", "to": "", "urls": [], "proposed": []})
            listed[key]["to"] = r["date"]
            listed[key]["urls"] += [(u, r["date"]) for u in split_urls(r["source_url"])]
    start, lifted, purls = pledge_window(timeline)
    purls = [u for u in purls if "pledge" in u[0].lower() or "wikirate" in u[0]]
    for (country, commodity), v in sorted(listed.items()):
        if not v["from"]:
            continue
        com = commodity_for_good(commodity.capitalize(), good_to_id)
        vf = start_of(v["from"])
        vt = day_before(v["to"]) if v["to"] else ""
        exact = vf == v["from"]
        rid = "eo13126-%s-%s-%s" % (cc(country).lower(), slug(commodity), vf)
        out.append({
            "id": rid,
            "title": "%s - %s: E.O. 13126 list (forced or indentured child labor)" % (
                disp(country), commodity),
            "basis": "EO13126", "countries": cc(country), "regions": "", "commodities": com,
            "labor": "forced+child", "severity": "high", "valid_from": vf, "valid_to": vt,
            "_urls": v["urls"], "_pair": None,
            "note": "E.O. 13126 list of products made with forced or indentured child labor: %s "
                    "from %s, placed on the list in %s%s; removal proposed %s (FR 2018-16288) and "
                    "final on %s (FR 2019-05360, 84 FR 11123), so the window ends the day before. "
                    "The E.O. list names %s only; yarn and fabric are in a separate reach row." % (
                        commodity, country, v["from"],
                        "" if exact else " (the sources give the year only: the window starts on "
                        "the first day of that year)",
                        ", ".join(v["proposed"]) or "-", v["to"] or "-", commodity)})
        if country == "Uzbekistan" and commodity == "cotton" and start and lifted:
            rvf = max(vf, start)
            rvt = min(vt or "9999-12-31", day_before(lifted))
            out.append({
                "id": rid.replace("eo13126-uz-cotton-", "eo13126-uz-cotton-yarn-fabric-reach-"),
                "title": "Uzbekistan - cotton yarn and fabric made from Uzbek cotton: E.O. 13126 "
                         "listing of cotton, reach via the Uzbek Cotton Pledge",
                "basis": "EO13126", "countries": "UZ", "regions": "",
                "commodities": "cotton-yarn-fabric", "labor": "forced+child", "severity": "medium",
                "valid_from": rvf, "valid_to": rvt, "_urls": v["urls"] + purls, "_pair": None,
                "note": "Reach row: the E.O. 13126 list names raw cotton from Uzbekistan. Yarn and "
                        "fabric made in Uzbekistan are included as first processing steps because "
                        "the Uzbek Cotton Pledge (launched 2010, lifted %s) committed signatories "
                        "not to knowingly use Uzbek cotton in any of their products; this is not "
                        "part of the E.O. list itself, so severity is medium (downstream level)."
                        % lifted})
    out += build_eo13126_products(ref, good_to_id)
    return out


def build_eo13126_products(ref, good_to_id):
    """E.O. 13126 listings of eo13126_products.csv (country, product, date_listed, date_removed,
    source_url, note): the additions DOL's FAQ dates."""
    counts = [r for r in read_csv(ref, "official_counts.csv", required=False)
              if r["list"].startswith("E.O. 13126")]
    sizes = "; ".join("%s on %s" % (r["count"], r["as_of"]) for r in counts)
    out = []
    for r in read_csv(ref, "eo13126_products.csv", required=False):
        country, product = r["country"], r["product"]
        vf = r["date_listed"]
        if not valid_date(vf):
            raise BuildError("eo13126_products.csv: bad date_listed %r" % vf)
        vt = day_before(r["date_removed"]) if r["date_removed"].strip() else ""
        note = ("E.O. 13126 list of products made with forced or indentured child labor: %s from "
                "%s, listed from %s. Source: %s." % (product.lower(), disp(country), vf, r["note"]))
        if not vt:
            note += (" The list's official sizes (%s) show that a product left it between 2022 "
                     "and 2024 without the reference data saying which; this listing is kept "
                     "open until a source says otherwise." % sizes)
        out.append({
            "id": "eo13126-%s-%s-%s" % (cc(country).lower(), slug(product, 40), vf),
            "title": "%s - %s: E.O. 13126 list (forced or indentured child labor)" % (
                disp(country), product),
            "basis": "EO13126", "countries": cc(country), "regions": "",
            "commodities": commodity_for_good(product, good_to_id), "labor": "forced+child",
            "severity": "high", "valid_from": vf, "valid_to": vt,
            "_urls": [(u, vf) for u in split_urls(r["source_url"])], "_pair": None,
            "_ctx": "E.O. 13126 list: %s from %s" % (product.lower(), disp(country)),
            "note": note})
    return out


# ---------------------------------------------------------------------------------------
# CBP WRO / Findings
# ---------------------------------------------------------------------------------------
def wro_commodities(text):
    t = text.lower().strip()
    for pat, ids in WRO_COMMODITY_MAP:
        if re.search(pat, t):
            return ids
    return None


def wro_end(status, status_date):
    """valid_to for a WRO row; '' when still in force (or the date of the change is unknown)."""
    st = status.strip()
    if st in ("revoked", "finding_revoked", "modified") and status_date.strip():
        d = status_date.strip()
        if len(d) == 10:
            return day_before(d), "lifted or superseded with effect from %s" % d
        return end_of(d), ("lifted in %s (month only: the window runs to the end of that month)"
                           % d)
    return "", ""


def build_wro(ref, good_to_id):
    rows = read_csv(ref, "cbp_wro.csv")
    rules, entity_rows, skipped = [], [], []
    for i, r in enumerate(rows):
        ent = r["entity"].strip()
        note = r["note"].strip()
        at = r["action_type"].strip()
        if at not in ("WRO", "Finding"):
            skipped.append((r, "action type %r is not a 19 U.S.C. 1307 WRO/Finding" % at))
            continue
        if ent and not ent.startswith("(producer not named"):
            entity_rows.append(r)
            continue
        # country-, region- or area-wide order
        coms = wro_commodities(r["commodity"])
        if not coms:
            skipped.append((r, "commodity not mapped"))
            continue
        if "[unverified" in note:
            skipped.append((r, "unverified area order"))
            continue
        country = cc(r["country"])
        region = r["region"].strip()
        regions = ""
        if region and re.search(r"xinjiang", region, re.I) and "region-wide" in region:
            regions = "CN-XJ"
        vf = start_of(r["date"])
        vt, endnote = wro_end(r["status"], r["status_date"])
        sev = "critical"
        parts = ["CBP %s of %s on %s from %s%s." % (at, r["date"], r["commodity"], disp(r["country"]),
                                                   " (%s)" % region if region else "")]
        if r["status"] == "partially_modified":
            parts.append("Partially modified %s: %s. The order stays in force for everyone else, "
                         "so the rule stays critical." % (r["status_date"], note))
        elif vt:
            parts.append("Window closes: %s." % endnote)
        elif note:
            parts.append("Reference note: %s." % note)
        if r["status"] == "issued":
            parts.append("Status 'issued' means no later change was found in the sources "
                         "consulted.")
        if ent.startswith("(producer not named"):
            parts.append("The order targets one producer whose name is not in the sources seen; "
                         "applied to the whole country as a proxy until the producer is identified.")
        if region and not regions:
            parts.append("The order covers %s only; origin data cannot tell the area, so the rule "
                         "applies to the whole country." % region)
        if "cotton" in coms:
            parts.append("Reach: cotton plus cotton yarn, fabric and cotton garments/linen, because "
                         "the order covers products made wholly or partly with that cotton; goods "
                         "made in third countries from it cannot be seen from origin alone.")
        if regions:
            parts.append("Region-wide: fires on shippers located in Xinjiang (CN-XJ); it also "
                         "covers downstream goods processed elsewhere, which origin data cannot show.")
        heads = [c for c in coms if not re.search(r"-(?:products|yarn-fabric|apparel)$", c)]
        rid = "wro-%s-%s-%s" % (country.lower() + ("-xj" if regions else ""), "-".join(heads), vf)
        fact = r["status_date"].strip() or r["date"]
        rules.append({
            "id": rid,
            "title": "%s%s - %s: CBP %s" % (disp(r["country"]), " (Xinjiang)" if regions else "",
                                           r["commodity"], at),
            "basis": "WRO", "countries": country, "regions": regions,
            "commodities": ";".join(coms), "labor": "forced", "severity": sev,
            "valid_from": vf, "valid_to": vt,
            "_urls": [(u, fact) for u in split_urls(r["source_url"])], "_pair": None,
            "_ctx": "CBP %s on %s from %s, %s" % (at, r["commodity"].split(",")[0],
                                                  disp(r["country"]), r["date"]),
            "note": " ".join(parts)})
    return rules, entity_rows, skipped


# ---------------------------------------------------------------------------------------
# UFLPA
# ---------------------------------------------------------------------------------------
def build_uflpa(ref):
    updates = read_csv(ref, "uflpa_list_updates.csv")
    timeline = read_csv(ref, "timeline_uzbekistan_cotton.csv")
    eff = [u for u in updates if "presumption takes effect" in u["change"].lower()]
    if not eff:
        raise BuildError("uflpa_list_updates.csv: no 'presumption takes effect' row")
    vf = eff[0]["date"]
    urls = [UFLPA_LAW_URL] + split_urls(eff[0]["source_url"])
    for r in timeline:
        if r["status_after"] == "uflpa_presumption_active":
            urls += [u for u in split_urls(r["source_url"]) if u not in urls]
    return [{
        "id": "uflpa-region-cn-xj-%s" % vf,
        "title": "China (Xinjiang) - all goods: UFLPA rebuttable presumption",
        "basis": "UFLPA-region", "countries": "CN", "regions": "CN-XJ", "commodities": "*",
        "labor": "forced", "severity": "critical", "valid_from": vf, "valid_to": "",
        "_urls": urls, "_pair": None,
        "note": "Uyghur Forced Labor Prevention Act (enacted 2021-12-23): from %s goods mined, "
                "produced or manufactured wholly or in part in the Xinjiang Uyghur Autonomous Region "
                "are presumed made with forced labor and barred unless CBP grants an exception. "
                "Fires on shippers located in Xinjiang; goods with Xinjiang inputs made elsewhere are "
                "also covered but cannot be seen from origin alone. Listed entities are in "
                "entities.csv; high-priority sectors in datasets/reference/uflpa_sectors.csv." % vf}]


# ---------------------------------------------------------------------------------------
# entities
# ---------------------------------------------------------------------------------------
NOTE_PAREN = re.compile(r"subsidiar|joint|spelling|parent|flagged|owned|fleet|vessel|affiliat|"
                        r"as reported|not captured|further|former|truncated|in source|manufacturing$",
                        re.I)


def uflpa_fr_notices(ref):
    """(date, document number, change) of the Federal Register notices in
    uflpa_list_updates.csv, oldest first."""
    rows = read_csv(ref, "uflpa_list_updates.csv")
    return sorted((r["date"], r["federal_register_doc"].strip(), r["change"]) for r in rows
                  if r["federal_register_doc"].strip())


def notice_for(notices, date):
    """The notice that published the list with an entity listed on date: the notice of that
    very date, or for the initial list (listed before any notice) the notice that published
    it."""
    for d, doc, _ in notices:
        if d == date:
            return doc
    if notices and date < notices[0][0] and "publishing the list" in notices[0][2]:
        return notices[0][1]
    return ""


def official_size(ref, name):
    """(count, as_of) of the newest official_counts.csv row of list name, or None."""
    rows = [r for r in read_csv(ref, "official_counts.csv", required=False) if r["list"] == name]
    if not rows:
        return None
    r = max(rows, key=lambda r: r["as_of"])
    m = re.match(r"^(\d+)", r["count"])
    return (m.group(1) if m else r["count"], r["as_of"])


def split_name(text):
    """'Name (X)' -> (name, alias or '', note or '')."""
    m = re.match(r"^(.*\S)\s*\(([^()]*)\)\s*$", text)
    if not m:
        return text.strip(), "", ""
    name, inner = m.group(1).strip(), m.group(2).strip()
    if NOTE_PAREN.search(inner) or len(inner.split()) > 6:
        return name, "", inner
    return name, inner, ""


def split_top(text, sep):
    """Split on sep outside parentheses."""
    out, depth, cur, i = [], 0, "", 0
    while i < len(text):
        if text.startswith(sep, i) and depth == 0:
            out.append(cur)
            cur = ""
            i += len(sep)
            continue
        ch = text[i]
        depth += (ch == "(") - (ch == ")")
        cur += ch
        i += 1
    out.append(cur)
    return [x for x in out if x.strip()]


def regions_for(text, country):
    out = []
    for pat, code in REGION_CODES:
        if code.startswith(country + "-") and re.search(pat, text, re.I) and code not in out:
            out.append(code)
    return out


def build_entities(ref, src, wro_entity_rows):
    out = []
    skipped = []
    ids = set()

    def uniq(base):
        rid, n = base, 2
        while rid in ids:
            rid = "%s-%d" % (base, n)
            n += 1
        ids.add(rid)
        return rid

    uflpa_rows = read_csv(ref, "uflpa_entity_list.csv")
    notices = uflpa_fr_notices(ref)
    size = official_size(ref, "UFLPA Entity List")
    partial = "UFLPA Entity List copy is partial (%d of %s entities%s)" % (
        len(uflpa_rows), size[0] if size else "?", " as of %s" % size[1] if size else "")
    for r in uflpa_rows:
        raw = r["entity_name"].strip()
        subs = re.search(r"\s+and subsidiaries$", raw, re.I)
        if subs:  # DHS's "NAME and subsidiaries": the name, with a note
            raw = raw[:subs.start()]
        name, alias, pnote = split_name(raw)
        if subs:
            pnote = "listed with its subsidiaries" + ("; " + pnote if pnote else "")
        aliases = []
        if alias:
            aliases.append(alias)
        anotes = []
        for a in r["aliases"].split(";"):
            a = a.strip()
            if not a:
                continue
            an, aa, anote = split_name(a)
            if a.startswith("("):
                anotes.append(a.strip("()"))
                continue
            aliases.append(an)
            if aa:
                aliases.append(aa)
            if anote:
                anotes.append("%s: %s" % (an, anote))
        notes = []
        d = r["date_added"].strip()
        if name in UFLPA_DATE_FALLBACK and (not d or len(d) < 10):
            d, why = UFLPA_DATE_FALLBACK[name]
            notes.append(why)
        elif not d:
            skipped.append((raw, "no date"))
            continue
        elif len(d) < 10:
            notes.append("source gives %s only; the window starts on the first day" % d)
            d = start_of(d)
        country = "CN"
        if re.search(r"Hong Kong-based", r["note"]):
            country = "HK"
        regs = regions_for(name + " " + " ".join(aliases), country)
        for pat, code in UFLPA_NOTE_PLACE:
            if re.search(pat, r["note"]) and code.startswith(country) and code not in regs:
                regs.append(code)
        if pnote:
            notes.append(pnote)
        if anotes:
            notes.append("aliases: " + "; ".join(anotes))
        notes.append("section: %s" % r["list_section"])
        notes.append("batch: %s" % r["batch"])
        if r["note"].strip():
            notes.append(r["note"].strip())
        notes.append(partial)
        urls = split_urls(r["source_url"])
        doc = notice_for(notices, d)
        if doc:
            # the notice of that date, whose appendix is the whole list as of then
            urls = [fr_permalink(doc)] + [u for u in urls if u != fr_permalink(doc)]
            notes.append("Federal Register %s: the notice of the list as of its listing" % doc)
        out.append({
            "id": uniq("uflpa-" + slug(name, 50)), "name": name, "aliases": "|".join(aliases),
            "country": country, "regions": ";".join(regs), "basis": "UFLPA-entity",
            "listed_from": d, "listed_to": "", "commodities": "*",
            "sources": src.ids(urls, d, "UFLPA Entity List: %s (%s)" % (r["batch"], d)),
            "note": "; ".join(notes)})

    for r in wro_entity_rows:
        country = cc(r["country"]) if r["country"].strip() else ""  # a vessel's flag not stated
        coms = wro_commodities(r["commodity"]) or ["*"]
        d = r["date"].strip()
        vf = start_of(d)
        vt, endnote = wro_end(r["status"], r["status_date"])
        extra_urls = []
        for key, (edate, eurls, enote) in SUPPLEMENTARY_WRO_END.items():
            if key in r["entity"] and r["status"] == "modified" and not r["status_date"].strip():
                vt, endnote = day_before(edate), enote
                extra_urls = [(u, edate) for u in eurls]
        unverified = "[unverified" in r["note"]
        base_notes = []
        if unverified:
            base_notes.append("unverified: date and name come from a third-party transcription of "
                              "CBP's WRO/Findings file that has known errors")
        base_notes.append("CBP %s of %s on %s" % (r["action_type"], d, r["commodity"]))
        if vf != d:
            base_notes.append("source gives %s only; the window starts on the first day" % d)
        if vt:
            base_notes.append("window closes: %s" % endnote)
        elif r["status"] == "modified":
            base_notes.append("status 'modified' (lifted) on a date not captured in the reference "
                              "data: kept open; verify before relying on it")
        elif r["status"] == "partially_modified":
            base_notes.append("partially modified %s (see below); the companies named here remain "
                              "covered" % r["status_date"])
        if coms == ["*"]:
            base_notes.append("all goods of the entity (the order's goods are not a mapped "
                              "commodity)")
        if re.search(r"subsidiar|joint venture|affiliat", r["entity"], re.I):
            base_notes.append("the order also covers subsidiaries, affiliates or joint ventures")
        names = []   # (name, aliases, note)
        for part in split_top(r["entity"], "; "):
            part = re.sub(r"\s+and (?:its )?(?:subsidiaries|subordinate/affiliated entities)"
                          r"(?=\s*\(|$)", "", part.strip())
            if " a/k/a " in part:
                akas = [x.strip() for x in part.split(", a/k/a ")]
                names.append((akas[0], akas[1:], ""))
                continue
            m = re.match(r"^(.*\S)\s*\(([^()]*;[^()]*)\)\s*$", part)
            if m:   # 'Group (A; B; C)': companies named inside the parentheses
                names.append((m.group(1), [], ""))
                names += [(x.strip(), [], "") for x in m.group(2).split(";") if x.strip()]
                continue
            name, alias, pnote = split_name(part)
            names.append((name, [alias] if alias else [], pnote))
        # a trailing group name in parentheses after the last company belongs to all of them
        group = ""
        if len(names) > 1 and names[-1][1] and not re.search(r"\(", r["entity"].split("; ")[0]):
            group = names[-1][1][0]
            names = [(n, [a for a in al if a != group], nt) for n, al, nt in names]
        region_text = r["region"].strip()
        clean_note = re.sub(r"\s*\[unverified:[^\]]*\]", "", r["note"]).strip()
        for name, aliases, pnote in names:
            if group and group != name:
                aliases = aliases + [group]
            notes = list(base_notes)
            if pnote and not re.search(r"subsidiar|joint venture|affiliat", pnote, re.I):
                notes.append(pnote)
            if len(names) > 1:
                notes.append("named in the same order: " + "; ".join(n for n, _, _ in names
                                                                        if n != name))
            if clean_note:
                notes.append(clean_note)
            regs = regions_for(" ".join([region_text, name] + aliases), country)
            out.append({
                "id": uniq("wro-%s-%s" % (vf, slug(name, 45))), "name": name,
                "aliases": "|".join(aliases), "country": country, "regions": ";".join(regs),
                "basis": "WRO", "listed_from": vf, "listed_to": vt,
                "commodities": ";".join(coms),
                "sources": (src.ids([(u, r["status_date"].strip() or d)
                                             for u in split_urls(r["source_url"])] + extra_urls, vf,
                                            "CBP %s on %s (%s), %s" % (
                                                r["action_type"], r["commodity"].split(";")[0],
                                                names[0][0], d))),
                "note": "; ".join(notes)})
    return out, skipped


# ---------------------------------------------------------------------------------------
# checks
# ---------------------------------------------------------------------------------------
CJK = r"[\u3000-\u9fff\uf900-\ufaff]"


def check_all(ruleset_rows, sources, commodities, rule_files, entities, hs, goods_rows, covered,
              not_screenable):
    errors = []
    src_ids = [s["id"] for s in sources]
    com_ids = [c["id"] for c in commodities]
    for name, ids in (("sources", src_ids), ("commodities", com_ids)):
        dup = sorted(set(i for i in ids if ids.count(i) > 1))
        if dup:
            errors.append("duplicate %s ids: %s" % (name, dup))
    all_rules = [r for rs in rule_files.values() for r in rs]
    rids = [r["id"] for r in all_rules]
    dup = sorted(set(i for i in rids if rids.count(i) > 1))
    if dup:
        errors.append("duplicate rule ids: %s" % dup)
    eids = [e["id"] for e in entities]
    dup = sorted(set(i for i in eids + rids if (eids + rids).count(i) > 1))
    if dup:
        errors.append("duplicate ids across rules and entities: %s" % dup)
    sset, cset = set(src_ids), set(com_ids)
    for s in sources:
        if not re.match(r"^[A-Za-z0-9._-]+$", s["id"]):
            errors.append("bad source id %s" % s["id"])
        if not valid_date(s["date"], partial=True):
            errors.append("source %s: bad date %r" % (s["id"], s["date"]))
        if not re.match(r"^https?://\S+$", s["url"]):
            errors.append("source %s: bad url" % s["id"])
    for c in commodities:
        if not re.match(r"^[a-z0-9_-]+$", c["id"]):
            errors.append("bad commodity id %s" % c["id"])
        for p in c["hs_prefixes"].split(";"):
            if not re.match(r"^\d{2,10}$", p):
                errors.append("commodity %s: bad HS prefix %r" % (c["id"], p))
            elif p not in hs:
                errors.append("commodity %s: HS prefix %s not in harmonized_system.csv"
                              % (c["id"], p))
        for col in ("description_pattern", "exclude_pattern"):
            pat = c[col]
            if not pat:
                continue
            try:
                re.compile(pat, re.I)
            except re.error as e:
                errors.append("commodity %s: %s does not compile: %s" % (c["id"], col, e))
            if col == "description_pattern" and not (
                    re.search(pat, c["name"], re.I) and not (
                        c["exclude_pattern"] and re.search(c["exclude_pattern"], c["name"], re.I))):
                errors.append("commodity %s: description pattern does not match its own name %r"
                              % (c["id"], c["name"]))
            if re.search(r"\\b" + CJK + "|" + CJK + r"\\b", pat):
                errors.append("commodity %s: \\b next to a CJK character" % c["id"])
    for fname, rs in rule_files.items():
        for r in rs:
            where = "%s %s" % (fname, r["id"])
            if not re.match(r"^[A-Za-z0-9._-]+$", r["id"]):
                errors.append("%s: bad id" % where)
            if not r["countries"] and not r["regions"]:
                errors.append("%s: no countries or regions" % where)
            for c in filter(None, r["countries"].split(";")):
                if not re.match(r"^[A-Z]{2}$", c):
                    errors.append("%s: bad country %r" % (where, c))
            if r["commodities"] != "*":
                for c in r["commodities"].split(";"):
                    if c not in cset:
                        errors.append("%s: unknown commodity %s" % (where, c))
            if not r["sources"]:
                errors.append("%s: no source" % where)
            for s in r["sources"].split(";"):
                if s not in sset:
                    errors.append("%s: unknown source %s" % (where, s))
            if not valid_date(r["valid_from"]):
                errors.append("%s: bad valid_from %r" % (where, r["valid_from"]))
            if r["valid_to"] and (not valid_date(r["valid_to"]) or r["valid_to"] < r["valid_from"]):
                errors.append("%s: bad valid_to %r" % (where, r["valid_to"]))
            if r["labor"] not in ("forced", "child", "forced+child"):
                errors.append("%s: bad labor" % where)
            if r["severity"] not in ("critical", "high", "medium", "low"):
                errors.append("%s: bad severity" % where)
    for e in entities:
        where = "entities %s" % e["id"]
        if not valid_date(e["listed_from"]):
            errors.append("%s: bad listed_from %r" % (where, e["listed_from"]))
        if e["listed_to"] and (not valid_date(e["listed_to"]) or e["listed_to"] < e["listed_from"]):
            errors.append("%s: bad listed_to" % where)
        if not e["sources"]:
            errors.append("%s: no source" % where)
        for s in e["sources"].split(";"):
            if s not in sset:
                errors.append("%s: unknown source %s" % (where, s))
        if e["commodities"] != "*":
            for c in e["commodities"].split(";"):
                if c not in cset:
                    errors.append("%s: unknown commodity %s" % (where, c))
        # a WRO on a vessel whose flag the sources do not state has no country
        if not re.match(r"^[A-Z]{2}$", e["country"]) and not (e["basis"] == "WRO" and
                                                             not e["country"]):
            errors.append("%s: bad country" % where)
    for k, v in ruleset_rows:
        if k == "date" and not valid_date(v):
            errors.append("ruleset.csv: bad date")
    # TVPRA coverage of the current edition
    pairs = [(g["country"], g["good"]) for g in goods_rows]
    n_pairs = len(set(pairs))
    with_rules = [p for p in set(pairs) if p in covered]
    ns = [p for p in set(pairs) if p in set(not_screenable)]
    missing = [p for p in set(pairs) if p not in covered and p not in set(not_screenable)]
    if missing:
        errors.append("TVPRA pairs without a rule: %s" % sorted(missing))
    return errors, n_pairs, len(with_rules), len(ns)


def rules_in_force(all_rules, commodities, country, hs_code, date):
    cmap = {c["id"]: c for c in commodities}
    out = []
    for r in all_rules:
        if country not in r["countries"].split(";"):
            continue
        if r["regions"]:
            continue  # region rules need the shipper's region; spot checks give countries only
        if not (r["valid_from"] <= date and (not r["valid_to"] or date <= r["valid_to"])):
            continue
        if r["commodities"] != "*":
            ok = False
            for c in r["commodities"].split(";"):
                if any(hs_code.startswith(p) for p in cmap[c]["hs_prefixes"].split(";")):
                    ok = True
            if not ok:
                continue
        out.append(r)
    return out


def spot_checks(all_rules, commodities):
    cmap = {c["id"]: c for c in commodities}
    rows = []

    def chk(label, country, hs, date, test, want):
        found = rules_in_force(all_rules, commodities, country, hs, date)
        ok = test(found)
        desc = ", ".join("%s/%s/%s" % (r["basis"], r["labor"], r["severity"]) for r in found) or "none"
        rows.append((ok, label, country, hs, date, want, desc))

    chk("Uzbek cotton 2011 harvest", "UZ", "5201", "2011-10-05",
        lambda f: any(r["basis"] == "EO13126" for r in f), ">=1 rule, EO13126")
    chk("Uzbek cotton 2016", "UZ", "5201", "2016-05-01",
        lambda f: any(r["basis"] == "TVPRA" and "forced" in r["labor"] for r in f),
        "TVPRA forced labor")
    chk("Uzbek cotton 2024", "UZ", "5201", "2024-05-01", lambda f: not f, "none")
    chk("Turkmen cotton 2019", "TM", "5201", "2019-06-01",
        lambda f: any(r["basis"] == "WRO" and r["severity"] == "critical" for r in f),
        "critical via WRO")
    chk("Malaysian rubber gloves 2021", "MY", "401519", "2021-06-01",
        lambda f: any(r["basis"] == "TVPRA" and "forced" in r["labor"] and r["severity"] == "high"
                      and r["valid_from"] == "2020-09-30" for r in f),
        "high, TVPRA forced, listed 2020")
    chk("Ghanaian cocoa", "GH", "1801", "2023-06-01",
        lambda f: any(r["basis"] == "TVPRA" and r["labor"] == "child" for r in f),
        "TVPRA child labor")
    chk("Indian cotton", "IN", "5201", "2023-06-01",
        lambda f: any(r["basis"] == "TVPRA" and r["labor"] == "child" for r in f),
        "TVPRA child labor")
    chk("Cote d'Ivoire cocoa", "CI", "1801", "2023-06-01",
        lambda f: any(r["basis"] == "TVPRA" for r in f), "TVPRA rule")
    chk("China polysilicon 2021", "CN", "280461", "2021-12-01",
        lambda f: any(r["basis"] == "TVPRA" and "forced" in r["labor"] for r in f),
        "TVPRA forced from 2021")
    chk("China polysilicon 2020", "CN", "280461", "2020-12-01", lambda f: not f, "none before 2021")
    cot = cmap["cotton"]["hs_prefixes"].split(";")
    ok = not any("8438".startswith(p) or p.startswith("8438") for p in cot)
    rows.append((ok, "cotton commodity vs HS 8438", "-", "8438", "-", "not cotton",
                 "cotton prefixes: " + ";".join(cot)))
    return rows


# descriptions -> commodity ids expected to match (True) or not (False); checked with Python re
PATTERN_TESTS = [
    ("COTTON CANDY MACHINE", "cotton", False),
    ("Cotton candy machine, electric", "cotton-apparel", False),
    ("RAW COTTON BALES, UPLAND", "cotton", True),
    ("cotton lint", "cotton", True),
    ("100% COTTON KNITTED T-SHIRTS", "cotton", False),
    ("100% COTTON KNITTED T-SHIRTS", "cotton-apparel", True),
    ("COTTON YARN NE 30/1 COMBED", "cotton-yarn-fabric", True),
    ("COTTON YARN NE 30/1 COMBED", "cotton", False),
    ("хлопок-волокно", "cotton", True),
    ("пряжа хлопковая", "cotton-yarn-fabric", True),
    ("хлопковая пряжа", "cotton-yarn-fabric", True),
    ("棉花", "cotton", True),
    ("皮棉", "cotton", True),
    ("棉纱 32支", "cotton-yarn-fabric", True),
    ("棉纱 32支", "cotton", False),
    ("棉花糖机", "cotton", False),
    ("石棉板", "cotton", False),
    ("纯棉T恤", "cotton-apparel", True),
    ("番茄酱 220L", "tomato-products", True),
    ("番茄酱 220L", "tomatoes", False),
    ("томатная паста", "tomato-products", True),
    ("томатная паста", "tomatoes", False),
    ("fresh tomatoes", "tomatoes", True),
    ("поликремний", "polysilicon", True),
    ("多晶硅", "polysilicon", True),
    ("polysilicon chunks 9N", "polysilicon", True),
    ("mono PERC solar cells", "solar-cells", True),
    ("solar modules 550W", "solar-modules", True),
    ("FRESH GRAPES FROM CHILE", "chile-peppers", False),
    ("orange colour plastic crates", "citrus-fruits", False),
    ("nitrile examination gloves", "rubber-gloves", True),
    ("nitrile examination gloves", "gloves", False),
    ("BED SHEETS COTTON", "cotton-apparel", True),
    ("BED SHEETS COTTON", "cotton", False),
    ("T-SHIRTS 100% POLYESTER", "cotton-apparel", False),
    ("cocoa beans", "cocoa", True),
    ("cocoa butter", "cocoa", False),
]


# The official sizes written to coverage.csv: official_counts.csv's list name, the name shown,
# the basis whose rules hold the list's listings, and what the count counts (coverage.h).
LIST_SIZES = [
    ("TVPRA List of Goods", "TVPRA List of Goods", "TVPRA", "goods"),
    ("E.O. 13126 List", "E.O. 13126 List of Products", "EO13126", "products"),
    ("UFLPA Entity List", "UFLPA Entity List", "UFLPA-entity", "entities"),
    ("CBP WROs/Findings in force", "CBP Withhold Release Orders and Findings in force", "WRO",
     "orders"),
]
# Dates of counts given to the month only, and why that day.
COUNT_DATES = {
    "2024-12 (after Kingtom Finding)": "2024-12-04",  # the Kingtom Aluminio Finding (CBP Dec. 24-17)
}


def build_sizes(ref, src):
    """coverage.csv rows: the newest official count of each list of LIST_SIZES."""
    rows = read_csv(ref, "official_counts.csv", required=False)
    out = []
    for key, name, basis, unit in LIST_SIZES:
        mine = [r for r in rows if r["list"] == key]
        if not mine:
            continue
        r = max(mine, key=lambda r: COUNT_DATES.get(r["as_of"], r["as_of"]))
        as_of = COUNT_DATES.get(r["as_of"], r["as_of"])
        if not valid_date(as_of):
            raise BuildError("official_counts.csv: %s: date %r needs a day (COUNT_DATES)"
                             % (key, r["as_of"]))
        words = r["count"]
        if unit == "orders":  # "51 WROs and 9 Findings"
            count = sum(int(n) for n in re.findall(r"(\d+)\s+(?:WROs?|Findings?)", words))
        else:
            count = int(re.match(r"^(\d+)", words).group(1))
        m = re.search(r"(\d+)\s+countr", words)
        note = "official count: %s (%s)" % (words, r["as_of"])
        if r["note"]:
            note += "; " + r["note"]
        if "secondary" in r["note"]:
            note = "secondary: " + note
        out.append({"list": name, "basis": basis, "count": str(count), "unit": unit,
                    "countries": m.group(1) if m else "", "as_of": as_of,
                    "sources": src.ids(split_urls(r["source_url"]), as_of,
                                       "%s official count %s" % (name, as_of)),
                    "note": note})
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", required=True, help="folder with the reference CSV files")
    ap.add_argument("--out", required=True, help="rules folder to write")
    ap.add_argument("--datasets", metavar="DIR",
                    help="also copy the reference tables flscan reads (DATASET_FILES) into DIR, "
                         "e.g. datasets/reference")
    ap.add_argument("--edition", action="append", default=[], metavar="LABEL=YYYY-MM-DD",
                    help="add or override a TVPRA edition publication date")
    args = ap.parse_args(argv)
    for e in args.edition:
        k, _, v = e.partition("=")
        if not re.match(r"^\d{4}$", k) or not valid_date(v):
            ap.error("bad --edition %r" % e)
        EDITION_DATES[k] = v
    ref, out = args.reference, args.out
    os.makedirs(out, exist_ok=True)
    if args.datasets and os.path.realpath(args.datasets) != os.path.realpath(ref):
        os.makedirs(args.datasets, exist_ok=True)
        for name in DATASET_FILES:
            shutil.copyfile(os.path.join(ref, name), os.path.join(args.datasets, name))

    src = Sources()
    commodities, good_to_id, hs = build_commodities(ref)
    tvpra, covered, not_screenable, goods_rows = build_tvpra(ref, src, good_to_id)
    downstream, ds_skipped = build_tvpra_downstream(ref, src, good_to_id, tvpra)
    eo = build_eo13126(ref, good_to_id)
    wro, wro_entity_rows, wro_skipped = build_wro(ref, good_to_id)
    uflpa = build_uflpa(ref)

    rule_files = {
        "rules-tvpra.csv": tvpra + downstream,
        "rules-eo13126.csv": eo,
        "rules-wro.csv": wro,
        "rules-uflpa.csv": uflpa,
    }
    for rs in rule_files.values():
        for r in rs:
            r["sources"] = src.ids(r["_urls"], r["valid_from"], r.get("_ctx", r["title"]))
    entities, ent_skipped = build_entities(ref, src, wro_entity_rows)
    sizes = build_sizes(ref, src)
    sources, idmap = src.finish()
    for row in [r for rs in rule_files.values() for r in rs] + entities + sizes:
        row["sources"] = ";".join(idmap[u] for u in row["sources"].split("\n") if u)
    for row in [r for rs in rule_files.values() for r in rs] + entities:
        # a fact taken from a third party quoting the official text says so first
        if re.search(r"\bsecondary\s*[:(]|as secondary\b", row["note"]) and \
                not row["note"].startswith("secondary"):
            row["note"] = "secondary: " + row["note"]

    header = ["id", "title", "basis", "countries", "regions", "commodities", "labor", "severity",
              "valid_from", "valid_to", "sources", "note"]
    write_csv(os.path.join(out, "ruleset.csv"), ["key", "value"],
              [{"key": k, "value": v} for k, v in RULESET])
    write_csv(os.path.join(out, "sources.csv"), ["id", "title", "publisher", "date", "url"], sources)
    write_csv(os.path.join(out, "commodities.csv"),
              ["id", "name", "hs_prefixes", "description_pattern", "exclude_pattern", "note"],
              commodities)
    for fname, rs in rule_files.items():
        write_csv(os.path.join(out, fname), header, sorted(rs, key=lambda r: r["id"]))
    write_csv(os.path.join(out, "entities.csv"),
              ["id", "name", "aliases", "country", "regions", "basis", "listed_from", "listed_to",
               "commodities", "sources", "note"], entities)
    write_csv(os.path.join(out, "coverage.csv"),
              ["list", "basis", "count", "unit", "countries", "as_of", "sources", "note"], sizes)

    # ---- report ----
    errors, n_pairs, n_with_rules, n_ns = check_all(RULESET, sources, commodities, rule_files,
                                                    entities, hs, goods_rows, covered,
                                                    not_screenable)
    for desc, cid, want in PATTERN_TESTS:
        c = next(x for x in commodities if x["id"] == cid)
        got = bool(re.search(c["description_pattern"], desc, re.I)) and not (
            c["exclude_pattern"] and re.search(c["exclude_pattern"], desc, re.I))
        if got != want:
            errors.append("pattern test: %r %s %s (expected %s)" % (desc, "matches" if got else
                                                                     "does not match", cid, want))
    all_rules = [r for rs in rule_files.values() for r in rs]
    print("flscan rule set %s %s written to %s" % (RULESET[1][1], RULESET[2][1], out))
    print("  sources: %d  commodities: %d  entities: %d (UFLPA-entity %d, WRO %d)" % (
        len(sources), len(commodities), len(entities),
        sum(1 for e in entities if e["basis"] == "UFLPA-entity"),
        sum(1 for e in entities if e["basis"] == "WRO")))
    for fname, rs in rule_files.items():
        print("  %-18s %4d rules" % (fname, len(rs)))
    counts = {}
    for r in all_rules:
        counts[r["basis"]] = counts.get(r["basis"], 0) + 1
    print("  rules per basis: " + ", ".join("%s %d" % kv for kv in sorted(counts.items())))
    sev = {}
    for r in all_rules:
        sev[r["severity"]] = sev.get(r["severity"], 0) + 1
    print("  rules per severity: " + ", ".join("%s %d" % kv for kv in sorted(sev.items())))
    print("Sanity checks:")
    print("  TVPRA pairs in tvpra_goods.csv: %d; with rules: %d; not screenable (no HS mapping): "
          "%d; accounted for: %d %s" % (n_pairs, n_with_rules, n_ns, n_with_rules + n_ns,
                                        "OK" if n_with_rules + n_ns == n_pairs == 457 else "FAIL"))
    if n_with_rules + n_ns != n_pairs or n_pairs != 457:
        errors.append("TVPRA pair count is not 457")
    print("  not screenable: " + "; ".join("%s/%s" % p for p in sorted(not_screenable)))
    print("  every rule cites existing sources, ids unique, HS prefixes in harmonized_system.csv, "
          "dates valid, patterns compile: %s" % ("OK" if not errors else "FAIL"))
    for e in errors:
        print("  ERROR: " + e)
    if ds_skipped:
        print("  downstream rows without a producing country (no rule): " +
              "; ".join("%s from %s %s" % (r["downstream_good"], r["country_of_input"],
                                            r["input_good"]) for r in ds_skipped))
    for r, why in wro_skipped:
        print("  CBP row not used as a rule: %s %s %s (%s)" % (r["date"], r["country"],
                                                               r["entity"] or r["commodity"], why))
    for name, why in ent_skipped:
        print("  UFLPA entity left out: %s (%s)" % (name, why))
    print("Spot checks (country, HS, date -> rules in force, basis/labor/severity):")
    bad = 0
    for ok, label, country, hsc, date, want, desc in spot_checks(all_rules, commodities):
        bad += not ok
        print("  %-4s %-30s %-3s %-7s %-10s want %-32s got %s" % ("OK" if ok else "FAIL", label,
                                                                 country, hsc, date, want, desc))
    uz = sorted((r for r in all_rules if r["countries"] == "UZ" and "cotton" in r["commodities"]),
                key=lambda r: (r["valid_from"], r["id"]))
    print("Uzbek cotton windows:")
    for r in uz:
        print("  %-12s %-10s .. %-10s %-13s %-8s %s" % (r["basis"], r["valid_from"],
                                                       r["valid_to"] or "open", r["labor"],
                                                       r["severity"], r["commodities"]))
    if errors or bad:
        print("FAILED: %d error(s), %d spot check(s) failed" % (len(errors), bad))
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BuildError as e:
        print("build_rules.py: error: %s" % e, file=sys.stderr)
        sys.exit(2)
