/*
 * names.c - company names as classified token lists (see names.h).
 *
 * The tables below are the knowledge of this module: spellings of trade words and legal
 * forms seen in customs data, places, and the Chinese words used to cut a Chinese name into
 * place, brand, trade word and legal form. Add to them rather than to the code.
 */
#include "names.h"

#include <pthread.h>
#include <string.h>

#include "strmap.h"
#include "unorm.h"

/* ---- tables -------------------------------------------------------------------------- */

/* What a phrase is. Weak legal forms fall back to a name word (or, for "co", a generic word)
   when they are not in a legal-form position (names.h, step 5). */
enum kind {
    K_NAME = 0, /* a name word spelt one canonical way */
    K_GEN,      /* generic trade word */
    K_PLACE,    /* place */
    K_STOP,     /* joining word: dropped */
    K_LS,       /* strong legal form: legal anywhere */
    K_LW,       /* weak legal form: legal in legal positions, else a name word */
    K_LWC,      /* weak legal form: legal in legal positions, else a generic word */
    K_LWP,      /* weak legal form that is also written first (PT, АО) */
};

typedef struct phrase {
    const char *words; /* folded words separated by one space */
    const char *canon; /* canonical token(s), several separated by '|' */
    unsigned char kind;
} phrase;

/* clang-format off: tables laid out by hand */
/* Folded forms (as fl_unorm_key gives them: "S.A. de C.V." -> "s a de c v"). */
static const phrase phrases[] = {
    /* legal forms: English and common-law */
    {"ltd", "ltd", K_LS},
    {"limited", "ltd", K_LS},
    {"ltd sti", "ltd|sti", K_LS},
    {"sti", "sti", K_LS},
    {"llc", "llc", K_LS},
    {"l l c", "llc", K_LS},
    {"inc", "inc", K_LS},
    {"incorporated", "inc", K_LS},
    {"corp", "corp", K_LS},
    {"corporation", "corp", K_LS},
    {"plc", "plc", K_LS},
    {"p l c", "plc", K_LS},
    {"llp", "llp", K_LS},
    {"lp", "lp", K_LW},
    {"co", "co", K_LWC},
    {"company", "co", K_LWC},
    {"cos", "co", K_LWC},
    {"coy", "co", K_LWC},
    {"pvt", "pvt", K_LS},
    {"private", "pvt", K_LW},
    {"p", "pvt", K_LW},
    {"pte", "pte", K_LS},
    {"pty", "pty", K_LS},
    {"sdn", "sdn", K_LS},
    {"sendirian", "sdn", K_LS},
    {"bhd", "bhd", K_LS},
    {"berhad", "bhd", K_LS},
    {"pt", "pt", K_LWP},
    {"p t", "pt", K_LWP},
    {"tbk", "tbk", K_LS},
    {"cv", "cv", K_LWP},
    {"pcl", "pcl", K_LS},
    {"kk", "kk", K_LS},
    {"kabushiki kaisha", "kk", K_LS},
    {"yugen kaisha", "yk", K_LS},
    {"tnhh", "tnhh", K_LS},
    {"cong ty", "co", K_LWC},
    {"co phan", "jsc", K_LS},
    /* continental Europe and Latin America */
    {"gmbh", "gmbh", K_LS},
    {"mbh", "mbh", K_LS},
    {"ag", "ag", K_LW},
    {"a g", "ag", K_LW},
    {"kg", "kg", K_LW},
    {"kgaa", "kgaa", K_LS},
    {"ohg", "ohg", K_LS},
    {"ug", "ug", K_LW},
    {"se", "se", K_LW},
    {"sa", "sa", K_LW},
    {"s a", "sa", K_LW},
    {"sas", "sas", K_LW},
    {"s a s", "sas", K_LW},
    {"sarl", "sarl", K_LS},
    {"s a r l", "sarl", K_LS},
    {"sa de cv", "sa de cv", K_LS},
    {"s a de c v", "sa de cv", K_LS},
    {"s de rl de cv", "s de rl de cv", K_LS},
    {"s de r l de c v", "s de rl de cv", K_LS},
    {"s de rl", "s de rl", K_LS},
    {"s de r l", "s de rl", K_LS},
    {"srl", "srl", K_LS},
    {"s r l", "srl", K_LS},
    {"spa", "spa", K_LW},
    {"s p a", "spa", K_LS},
    {"sl", "sl", K_LW},
    {"s l", "sl", K_LW},
    {"slu", "slu", K_LS},
    {"ltda", "ltda", K_LS},
    {"lda", "lda", K_LS},
    {"eireli", "eireli", K_LS},
    {"bv", "bv", K_LW},
    {"b v", "bv", K_LW},
    {"nv", "nv", K_LW},
    {"n v", "nv", K_LW},
    {"sro", "sro", K_LS},
    {"s r o", "sro", K_LS},
    {"sp z o o", "sp zoo", K_LS},
    {"spzoo", "sp zoo", K_LS},
    {"doo", "doo", K_LS},
    {"d o o", "doo", K_LS},
    {"ad", "ad", K_LW},
    {"a d", "ad", K_LW},
    {"kft", "kft", K_LS},
    {"zrt", "zrt", K_LS},
    {"nyrt", "nyrt", K_LS},
    {"oy", "oy", K_LW},
    {"oyj", "oyj", K_LS},
    {"ab", "ab", K_LW},
    {"as", "as", K_LW},
    {"a s", "as", K_LW},
    {"asa", "asa", K_LW},
    {"aps", "aps", K_LW},
    {"a p s", "aps", K_LW},
    {"sae", "sae", K_LW},
    {"sac", "sac", K_LW},
    /* former USSR, in Latin and Cyrillic letters (Cyrillic maps to the Latin form) */
    {"jsc", "jsc", K_LS},
    {"j s c", "jsc", K_LS},
    {"ojsc", "ojsc", K_LS},
    {"cjsc", "cjsc", K_LS},
    {"pjsc", "pjsc", K_LS},
    {"oao", "oao", K_LS},
    {"zao", "zao", K_LS},
    {"ooo", "ooo", K_LS},
    {"o o o", "ooo", K_LS},
    {"pao", "pao", K_LS},
    {"ao", "ao", K_LWP},
    {"too", "too", K_LWP},
    {"llp", "llp", K_LS},
    {"mchj", "mchj", K_LS},
    {"aj", "aj", K_LW},
    {"xk", "xk", K_LW},
    {"qk", "qk", K_LW},
    {"ooo", "ooo", K_LS},
    {"ооо", "ooo", K_LS},
    {"оао", "oao", K_LS},
    {"зао", "zao", K_LS},
    {"пао", "pao", K_LS},
    {"ао", "ao", K_LWP},
    {"тоо", "too", K_LS},
    {"ип", "ip", K_LWP},
    {"чп", "chp", K_LWP},
    {"мчж", "mchj", K_LS},
    {"аж", "aj", K_LW},
    {"хк", "xk", K_LW},
    {"тов", "tov", K_LS},
    {"общество с ограниченной ответственностью", "ooo", K_LS},
    {"открытое акционерное общество", "oao", K_LS},
    {"закрытое акционерное общество", "zao", K_LS},
    {"публичное акционерное общество", "pao", K_LS},
    {"акционерное общество", "ao", K_LS},
    {"товарищество с ограниченной ответственностью", "too", K_LS},
    {"mas uliyati cheklangan jamiyat", "mchj", K_LS},
    {"mas uliyati cheklangan jamiyati", "mchj", K_LS},
    {"masuliyati cheklangan jamiyati", "mchj", K_LS},
    {"aksiyadorlik jamiyati", "aj", K_LS},

    /* generic trade words and their customs spellings */
    {"international", "intl", K_GEN},
    {"intl", "intl", K_GEN},
    {"int l", "intl", K_GEN},
    {"internacional", "intl", K_GEN},
    {"internationale", "intl", K_GEN},
    {"industry", "ind", K_GEN},
    {"industries", "ind", K_GEN},
    {"industrial", "ind", K_GEN},
    {"ind", "ind", K_GEN},
    {"indus", "ind", K_GEN},
    {"inds", "ind", K_GEN},
    {"indust", "ind", K_GEN},
    {"industria", "ind", K_GEN},
    {"industrias", "ind", K_GEN},
    {"industrie", "ind", K_GEN},
    {"sanayi", "ind", K_GEN},
    {"san ve tic", "ind|trdg", K_GEN},
    {"san tic", "ind|trdg", K_GEN},
    {"import and export", "ie", K_GEN},
    {"import export", "ie", K_GEN},
    {"imports and exports", "ie", K_GEN},
    {"imp and exp", "ie", K_GEN},
    {"imp exp", "ie", K_GEN},
    {"i e", "ie", K_GEN},
    {"impex", "ie", K_GEN},
    {"imp ex", "ie", K_GEN},
    {"export import", "ie", K_GEN},
    {"exp imp", "ie", K_GEN},
    {"import", "import", K_GEN},
    {"imports", "import", K_GEN},
    {"importer", "import", K_GEN},
    {"importers", "import", K_GEN},
    {"imp", "import", K_GEN},
    {"export", "export", K_GEN},
    {"exports", "export", K_GEN},
    {"exporter", "export", K_GEN},
    {"exporters", "export", K_GEN},
    {"exp", "export", K_GEN},
    {"technology", "tech", K_GEN},
    {"technologies", "tech", K_GEN},
    {"tech", "tech", K_GEN},
    {"techn", "tech", K_GEN},
    {"technological", "tech", K_GEN},
    {"science", "sci", K_GEN},
    {"sci", "sci", K_GEN},
    {"scientific", "sci", K_GEN},
    {"group", "grp", K_GEN},
    {"grp", "grp", K_GEN},
    {"groups", "grp", K_GEN},
    {"commerce", "comm", K_GEN},
    {"comm", "comm", K_GEN},
    {"commercial", "comm", K_GEN},
    {"services", "svc", K_GEN},
    {"service", "svc", K_GEN},
    {"srvces", "svc", K_GEN},
    {"svcs", "svc", K_GEN},
    {"svc", "svc", K_GEN},
    {"srvc", "svc", K_GEN},
    {"serv", "svc", K_GEN},
    {"manufacturing", "mfg", K_GEN},
    {"mfg", "mfg", K_GEN},
    {"manufacture", "mfg", K_GEN},
    {"manufacturer", "mfg", K_GEN},
    {"manufacturers", "mfg", K_GEN},
    {"mfr", "mfg", K_GEN},
    {"mfrs", "mfg", K_GEN},
    {"manufactory", "mfg", K_GEN},
    {"trading", "trdg", K_GEN},
    {"trdg", "trdg", K_GEN},
    {"trade", "trdg", K_GEN},
    {"trader", "trdg", K_GEN},
    {"traders", "trdg", K_GEN},
    {"ticaret", "trdg", K_GEN},
    {"textile", "tex", K_GEN},
    {"textiles", "tex", K_GEN},
    {"tex", "tex", K_GEN},
    {"textil", "tex", K_GEN},
    {"txtl", "tex", K_GEN},
    {"development", "dev", K_GEN},
    {"developments", "dev", K_GEN},
    {"dev", "dev", K_GEN},
    {"devt", "dev", K_GEN},
    {"develop", "dev", K_GEN},
    {"biotechnology", "biotech", K_GEN},
    {"biotech", "biotech", K_GEN},
    {"bio tech", "biotech", K_GEN},
    {"bio technology", "biotech", K_GEN},
    {"biological technology", "biotech", K_GEN},
    {"biotechnologies", "biotech", K_GEN},
    {"biological", "bio", K_GEN},
    {"bio", "bio", K_GEN},
    {"products", "prod", K_GEN},
    {"product", "prod", K_GEN},
    {"prods", "prod", K_GEN},
    {"prod", "prod", K_GEN},
    {"materials", "mat", K_GEN},
    {"material", "mat", K_GEN},
    {"matls", "mat", K_GEN},
    {"new", "new", K_GEN},
    {"energy", "energy", K_GEN},
    {"energies", "energy", K_GEN},
    {"power", "power", K_GEN},
    {"solar", "solar", K_GEN},
    {"photovoltaic", "pv", K_GEN},
    {"pv", "pv", K_GEN},
    {"silicon", "silicon", K_GEN},
    {"polysilicon", "polysilicon", K_GEN},
    {"chemical", "chem", K_GEN},
    {"chemicals", "chem", K_GEN},
    {"chem", "chem", K_GEN},
    {"chemistry", "chem", K_GEN},
    {"cotton", "cotton", K_GEN},
    {"linen", "linen", K_GEN},
    {"wool", "wool", K_GEN},
    {"yarn", "yarn", K_GEN},
    {"yarns", "yarn", K_GEN},
    {"spinning", "spin", K_GEN},
    {"knitting", "knit", K_GEN},
    {"knit", "knit", K_GEN},
    {"dyeing", "dye", K_GEN},
    {"dyed", "dye", K_GEN},
    {"weaving", "weave", K_GEN},
    {"fabric", "fabric", K_GEN},
    {"fabrics", "fabric", K_GEN},
    {"garment", "garment", K_GEN},
    {"garments", "garment", K_GEN},
    {"gmt", "garment", K_GEN},
    {"apparel", "apparel", K_GEN},
    {"apparels", "apparel", K_GEN},
    {"clothing", "clothing", K_GEN},
    {"clothes", "clothing", K_GEN},
    {"fashion", "fashion", K_GEN},
    {"fashions", "fashion", K_GEN},
    {"shoes", "shoe", K_GEN},
    {"shoe", "shoe", K_GEN},
    {"footwear", "shoe", K_GEN},
    {"hair", "hair", K_GEN},
    {"accessories", "accessory", K_GEN},
    {"accessory", "accessory", K_GEN},
    {"wig", "wig", K_GEN},
    {"wigs", "wig", K_GEN},
    {"glove", "glove", K_GEN},
    {"gloves", "glove", K_GEN},
    {"melange", "melange", K_GEN},
    {"color", "color", K_GEN},
    {"colour", "color", K_GEN},
    {"metals", "metal", K_GEN},
    {"metal", "metal", K_GEN},
    {"nonferrous", "nonferrous", K_GEN},
    {"non ferrous", "nonferrous", K_GEN},
    {"mining", "mine", K_GEN},
    {"mine", "mine", K_GEN},
    {"mines", "mine", K_GEN},
    {"minerals", "mineral", K_GEN},
    {"mineral", "mineral", K_GEN},
    {"steel", "steel", K_GEN},
    {"iron", "iron", K_GEN},
    {"coal", "coal", K_GEN},
    {"electricity", "electricity", K_GEN},
    {"electric", "electric", K_GEN},
    {"electrical", "electric", K_GEN},
    {"electronics", "electronic", K_GEN},
    {"electronic", "electronic", K_GEN},
    {"aluminum", "alum", K_GEN},
    {"aluminium", "alum", K_GEN},
    {"magnesium", "magnesium", K_GEN},
    {"copper", "copper", K_GEN},
    {"zinc", "zinc", K_GEN},
    {"gold", "gold", K_GEN},
    {"rare earth", "rare|earth", K_GEN},
    {"oil", "oil", K_GEN},
    {"gas", "gas", K_GEN},
    {"petroleum", "petroleum", K_GEN},
    {"food", "food", K_GEN},
    {"foods", "food", K_GEN},
    {"foodstuff", "food", K_GEN},
    {"foodstuffs", "food", K_GEN},
    {"tomato", "tomato", K_GEN},
    {"tomatoes", "tomato", K_GEN},
    {"sugar", "sugar", K_GEN},
    {"fruit", "fruit", K_GEN},
    {"fruits", "fruit", K_GEN},
    {"vegetable", "vegetable", K_GEN},
    {"vegetables", "vegetable", K_GEN},
    {"canned", "canned", K_GEN},
    {"seafood", "seafood", K_GEN},
    {"seafoods", "seafood", K_GEN},
    {"fishery", "fish", K_GEN},
    {"fisheries", "fish", K_GEN},
    {"fishing", "fish", K_GEN},
    {"fish", "fish", K_GEN},
    {"agricultural", "agri", K_GEN},
    {"agriculture", "agri", K_GEN},
    {"agri", "agri", K_GEN},
    {"agro", "agri", K_GEN},
    {"farm", "farm", K_GEN},
    {"farms", "farm", K_GEN},
    {"plantation", "plantation", K_GEN},
    {"plantations", "plantation", K_GEN},
    {"rubber", "rubber", K_GEN},
    {"medical", "medical", K_GEN},
    {"pharmaceutical", "pharma", K_GEN},
    {"pharmaceuticals", "pharma", K_GEN},
    {"pharma", "pharma", K_GEN},
    {"health", "health", K_GEN},
    {"herbal", "herbal", K_GEN},
    {"medicine", "medicine", K_GEN},
    {"medicinal", "medicine", K_GEN},
    {"logistics", "logistics", K_GEN},
    {"logistic", "logistics", K_GEN},
    {"shipping", "shipping", K_GEN},
    {"freight", "freight", K_GEN},
    {"forwarding", "forwarding", K_GEN},
    {"forwarder", "forwarding", K_GEN},
    {"express", "express", K_GEN},
    {"transport", "transport", K_GEN},
    {"transportation", "transport", K_GEN},
    {"supply", "supply", K_GEN},
    {"supplies", "supply", K_GEN},
    {"chain", "chain", K_GEN},
    {"warehouse", "warehouse", K_GEN},
    {"warehousing", "warehouse", K_GEN},
    {"storage", "storage", K_GEN},
    {"holdings", "holding", K_GEN},
    {"holding", "holding", K_GEN},
    {"investment", "invest", K_GEN},
    {"investments", "invest", K_GEN},
    {"capital", "capital", K_GEN},
    {"resources", "resource", K_GEN},
    {"resource", "resource", K_GEN},
    {"enterprise", "ent", K_GEN},
    {"enterprises", "ent", K_GEN},
    {"general", "general", K_GEN},
    {"economic", "econ", K_GEN},
    {"economy", "econ", K_GEN},
    {"business", "business", K_GEN},
    {"engineering", "eng", K_GEN},
    {"eng", "eng", K_GEN},
    {"construction", "constr", K_GEN},
    {"building", "building", K_GEN},
    {"real estate", "real|estate", K_GEN},
    {"machinery", "machinery", K_GEN},
    {"machine", "machinery", K_GEN},
    {"machines", "machinery", K_GEN},
    {"equipment", "equipment", K_GEN},
    {"tools", "tool", K_GEN},
    {"tool", "tool", K_GEN},
    {"hardware", "hardware", K_GEN},
    {"parts", "parts", K_GEN},
    {"auto", "auto", K_GEN},
    {"automotive", "auto", K_GEN},
    {"battery", "battery", K_GEN},
    {"batteries", "battery", K_GEN},
    {"appliance", "appliance", K_GEN},
    {"appliances", "appliance", K_GEN},
    {"household", "household", K_GEN},
    {"home", "home", K_GEN},
    {"furniture", "furniture", K_GEN},
    {"plastic", "plastic", K_GEN},
    {"plastics", "plastic", K_GEN},
    {"packaging", "packaging", K_GEN},
    {"paper", "paper", K_GEN},
    {"printing", "printing", K_GEN},
    {"glass", "glass", K_GEN},
    {"branch", "branch", K_GEN},
    {"division", "division", K_GEN},
    {"subsidiary", "subsidiary", K_GEN},
    {"factory", "factory", K_GEN},
    {"factories", "factory", K_GEN},
    {"mill", "mill", K_GEN},
    {"mills", "mill", K_GEN},
    {"plant", "plant", K_GEN},
    {"works", "works", K_GEN},
    {"park", "park", K_GEN},
    {"center", "center", K_GEN},
    {"centre", "center", K_GEN},
    {"station", "station", K_GEN},
    {"office", "office", K_GEN},
    {"zone", "zone", K_GEN},
    {"county", "county", K_GEN},
    {"city", "city", K_GEN},
    {"province", "province", K_GEN},
    {"prefecture", "prefecture", K_GEN},
    {"district", "district", K_GEN},
    {"region", "region", K_GEN},
    {"autonomous", "autonomous", K_GEN},
    {"no", "no", K_GEN},
    {"global", "global", K_GEN},
    {"world", "world", K_GEN},
    {"worldwide", "world", K_GEN},
    {"universal", "universal", K_GEN},
    {"united", "united", K_GEN},
    {"union", "union", K_GEN},
    {"green", "green", K_GEN},
    {"eco", "eco", K_GEN},
    {"ecological", "eco", K_GEN},
    {"environmental", "eco", K_GEN},
    {"smart", "smart", K_GEN},
    {"digital", "digital", K_GEN},
    {"information", "info", K_GEN},
    {"info", "info", K_GEN},
    {"network", "network", K_GEN},
    {"software", "software", K_GEN},
    {"systems", "system", K_GEN},
    {"system", "system", K_GEN},
    {"solutions", "solution", K_GEN},
    {"solution", "solution", K_GEN},
    {"modern", "modern", K_GEN},
    {"advanced", "advanced", K_GEN},
    {"great", "great", K_GEN},
    {"golden", "golden", K_GEN},
    {"management", "management", K_GEN},
    {"consulting", "consulting", K_GEN},
    {"agency", "agency", K_GEN},
    {"partners", "partners", K_GEN},
    {"associates", "associates", K_GEN},
    {"economic and trade", "econ|trdg", K_GEN},
    {"production", "production", K_GEN},
    {"kogyo", "ind", K_GEN},
    {"qiye", "ent", K_GEN},
    {"carpet", "carpet", K_GEN},
    {"carpets", "carpet", K_GEN},
    {"rug", "rug", K_GEN},
    {"rugs", "rug", K_GEN},
    {"vessel", "vessel", K_GEN},
    {"vocational", "vocational", K_GEN},
    {"skills", "skills", K_GEN},
    {"education", "education", K_GEN},
    {"training", "training", K_GEN},
    {"safety", "safety", K_GEN},
    {"protective", "protective", K_GEN},
    {"quality", "quality", K_GEN},
    {"ingredients", "ingredient", K_GEN},
    {"ingredient", "ingredient", K_GEN},
    {"automation", "automation", K_GEN},

    /* places: China and its provinces, Xinjiang's prefectures and towns, some cities;
       transliteration variants map to one spelling */
    {"china", "china", K_PLACE},
    {"chinese", "china", K_PLACE},
    {"prc", "china", K_PLACE},
    {"zhongguo", "china", K_PLACE},
    {"xiangyang", "xiangyang", K_PLACE},
    {"asia", "asia", K_PLACE},
    {"asian", "asia", K_PLACE},
    {"pacific", "pacific", K_PLACE},
    {"hong kong", "hongkong", K_PLACE},
    {"hongkong", "hongkong", K_PLACE},
    {"hk", "hongkong", K_PLACE},
    {"macau", "macau", K_PLACE},
    {"macao", "macau", K_PLACE},
    {"taiwan", "taiwan", K_PLACE},
    {"europe", "europe", K_PLACE},
    {"european", "europe", K_PLACE},
    {"america", "america", K_PLACE},
    {"american", "america", K_PLACE},
    {"africa", "africa", K_PLACE},
    {"xinjiang", "xinjiang", K_PLACE},
    {"sinkiang", "xinjiang", K_PLACE},
    {"xuar", "xinjiang", K_PLACE},
    {"uyghur", "uyghur", K_PLACE},
    {"uighur", "uyghur", K_PLACE},
    {"urumqi", "urumqi", K_PLACE},
    {"urumchi", "urumqi", K_PLACE},
    {"wulumuqi", "urumqi", K_PLACE},
    {"hotan", "hetian", K_PLACE},
    {"khotan", "hetian", K_PLACE},
    {"hetian", "hetian", K_PLACE},
    {"kashgar", "kashgar", K_PLACE},
    {"kashi", "kashgar", K_PLACE},
    {"turpan", "turpan", K_PLACE},
    {"turfan", "turpan", K_PLACE},
    {"tulufan", "turpan", K_PLACE},
    {"aksu", "aksu", K_PLACE},
    {"akesu", "aksu", K_PLACE},
    {"yili", "yili", K_PLACE},
    {"ili", "yili", K_PLACE},
    {"korla", "korla", K_PLACE},
    {"kuerle", "korla", K_PLACE},
    {"changji", "changji", K_PLACE},
    {"shihezi", "shihezi", K_PLACE},
    {"hami", "hami", K_PLACE},
    {"kumul", "hami", K_PLACE},
    {"karamay", "karamay", K_PLACE},
    {"kelamayi", "karamay", K_PLACE},
    {"altay", "altay", K_PLACE},
    {"aletai", "altay", K_PLACE},
    {"bortala", "bortala", K_PLACE},
    {"tacheng", "tacheng", K_PLACE},
    {"wujiaqu", "wujiaqu", K_PLACE},
    {"hebei", "hebei", K_PLACE},
    {"henan", "henan", K_PLACE},
    {"shandong", "shandong", K_PLACE},
    {"shanxi", "shanxi", K_PLACE},
    {"shaanxi", "shaanxi", K_PLACE},
    {"anhui", "anhui", K_PLACE},
    {"fujian", "fujian", K_PLACE},
    {"guangdong", "guangdong", K_PLACE},
    {"guangxi", "guangxi", K_PLACE},
    {"gansu", "gansu", K_PLACE},
    {"sichuan", "sichuan", K_PLACE},
    {"hunan", "hunan", K_PLACE},
    {"hubei", "hubei", K_PLACE},
    {"jiangsu", "jiangsu", K_PLACE},
    {"zhejiang", "zhejiang", K_PLACE},
    {"jiangxi", "jiangxi", K_PLACE},
    {"yunnan", "yunnan", K_PLACE},
    {"guizhou", "guizhou", K_PLACE},
    {"hainan", "hainan", K_PLACE},
    {"liaoning", "liaoning", K_PLACE},
    {"jilin", "jilin", K_PLACE},
    {"heilongjiang", "heilongjiang", K_PLACE},
    {"qinghai", "qinghai", K_PLACE},
    {"ningxia", "ningxia", K_PLACE},
    {"tibet", "tibet", K_PLACE},
    {"xizang", "tibet", K_PLACE},
    {"inner mongolia", "innermongolia", K_PLACE},
    {"nei mongol", "innermongolia", K_PLACE},
    {"neimenggu", "innermongolia", K_PLACE},
    {"beijing", "beijing", K_PLACE},
    {"peking", "beijing", K_PLACE},
    {"shanghai", "shanghai", K_PLACE},
    {"tianjin", "tianjin", K_PLACE},
    {"chongqing", "chongqing", K_PLACE},
    {"shenzhen", "shenzhen", K_PLACE},
    {"guangzhou", "guangzhou", K_PLACE},
    {"canton", "guangzhou", K_PLACE},
    {"dongguan", "dongguan", K_PLACE},
    {"ningbo", "ningbo", K_PLACE},
    {"hangzhou", "hangzhou", K_PLACE},
    {"xiamen", "xiamen", K_PLACE},
    {"qingdao", "qingdao", K_PLACE},
    {"dalian", "dalian", K_PLACE},
    {"suzhou", "suzhou", K_PLACE},
    {"wuxi", "wuxi", K_PLACE},
    {"nanjing", "nanjing", K_PLACE},
    {"hefei", "hefei", K_PLACE},
    {"chengdu", "chengdu", K_PLACE},
    {"wuhan", "wuhan", K_PLACE},
    {"xian", "xian", K_PLACE},
    {"zhengzhou", "zhengzhou", K_PLACE},
    {"jinan", "jinan", K_PLACE},
    {"shijiazhuang", "shijiazhuang", K_PLACE},
    {"zhuhai", "zhuhai", K_PLACE},
    {"foshan", "foshan", K_PLACE},
    {"yiwu", "yiwu", K_PLACE},
    {"shaoxing", "shaoxing", K_PLACE},
    {"nantong", "nantong", K_PLACE},
    {"changzhou", "changzhou", K_PLACE},

    /* joining words */
    {"and", "", K_STOP},
    {"of", "", K_STOP},
    {"the", "", K_STOP},
    {"und", "", K_STOP},
    {"et", "", K_STOP},
    {"y", "", K_STOP},
    {"de", "", K_STOP},
    {"del", "", K_STOP},
    {"des", "", K_STOP},
    {"du", "", K_STOP},
    {"la", "", K_STOP},
    {"le", "", K_STOP},
    {"les", "", K_STOP},
    {"der", "", K_STOP},
    {"die", "", K_STOP},
    {"das", "", K_STOP},
    {"dos", "", K_STOP},
    {"ve", "", K_STOP},
    {"va", "", K_STOP},
    {"или", "", K_STOP},
    {"и", "", K_STOP},
    {"or", "", K_STOP},
};

/* Chinese/Japanese/Korean: legal forms peeled from the end (longest first) or, for the
   Japanese and Korean forms, from the start. */
static const phrase cjk_legal[] = {
    {"股份有限公司", "co|ltd", K_LS}, {"有限责任公司", "co|ltd", K_LS},
    {"有限責任公司", "co|ltd", K_LS}, {"有限公司", "co|ltd", K_LS},
    {"株式会社", "kk", K_LS},         {"有限会社", "yk", K_LS},
    {"주식회사", "co|ltd", K_LS},     {"股份公司", "co", K_LS},
    {"总公司", "co", K_LS},           {"總公司", "co", K_LS},
    {"分公司", "co", K_LS},           {"公司", "co", K_LS},
};

/* Japanese and Korean legal forms are also written first. */
static const phrase cjk_legal_first[] = {
    {"株式会社", "kk", K_LS},
    {"有限会社", "yk", K_LS},
    {"주식회사", "co|ltd", K_LS},
};

/* Words that cut a CJK run; what is between them is the brand. Longest match wins. */
static const phrase cjk_words[] = {
    {"中国", "中国", K_PLACE},         {"中國", "中国", K_PLACE},
    {"新疆", "新疆", K_PLACE},         {"维吾尔", "维吾尔", K_PLACE},
    {"自治区", "自治区", K_GEN},       {"乌鲁木齐", "乌鲁木齐", K_PLACE},
    {"昌吉", "昌吉", K_PLACE},         {"阿克苏", "阿克苏", K_PLACE},
    {"喀什", "喀什", K_PLACE},         {"和田", "和田", K_PLACE},
    {"哈密", "哈密", K_PLACE},         {"吐鲁番", "吐鲁番", K_PLACE},
    {"鄯善", "鄯善", K_PLACE},         {"石河子", "石河子", K_PLACE},
    {"伊犁", "伊犁", K_PLACE},         {"库尔勒", "库尔勒", K_PLACE},
    {"克拉玛依", "克拉玛依", K_PLACE}, {"阿勒泰", "阿勒泰", K_PLACE},
    {"北京", "北京", K_PLACE},         {"上海", "上海", K_PLACE},
    {"天津", "天津", K_PLACE},         {"重庆", "重庆", K_PLACE},
    {"河北", "河北", K_PLACE},         {"河南", "河南", K_PLACE},
    {"山东", "山东", K_PLACE},         {"山西", "山西", K_PLACE},
    {"陕西", "陕西", K_PLACE},         {"安徽", "安徽", K_PLACE},
    {"福建", "福建", K_PLACE},         {"广东", "广东", K_PLACE},
    {"广西", "广西", K_PLACE},         {"甘肃", "甘肃", K_PLACE},
    {"四川", "四川", K_PLACE},         {"湖南", "湖南", K_PLACE},
    {"湖北", "湖北", K_PLACE},         {"江苏", "江苏", K_PLACE},
    {"浙江", "浙江", K_PLACE},         {"江西", "江西", K_PLACE},
    {"云南", "云南", K_PLACE},         {"贵州", "贵州", K_PLACE},
    {"海南", "海南", K_PLACE},         {"辽宁", "辽宁", K_PLACE},
    {"吉林", "吉林", K_PLACE},         {"黑龙江", "黑龙江", K_PLACE},
    {"青海", "青海", K_PLACE},         {"宁夏", "宁夏", K_PLACE},
    {"西藏", "西藏", K_PLACE},         {"内蒙古", "内蒙古", K_PLACE},
    {"香港", "香港", K_PLACE},         {"澳门", "澳门", K_PLACE},
    {"台湾", "台湾", K_PLACE},         {"深圳", "深圳", K_PLACE},
    {"广州", "广州", K_PLACE},         {"东莞", "东莞", K_PLACE},
    {"宁波", "宁波", K_PLACE},         {"杭州", "杭州", K_PLACE},
    {"厦门", "厦门", K_PLACE},         {"青岛", "青岛", K_PLACE},
    {"大连", "大连", K_PLACE},         {"苏州", "苏州", K_PLACE},
    {"无锡", "无锡", K_PLACE},         {"南京", "南京", K_PLACE},
    {"合肥", "合肥", K_PLACE},         {"成都", "成都", K_PLACE},
    {"武汉", "武汉", K_PLACE},         {"郑州", "郑州", K_PLACE},
    {"珠海", "珠海", K_PLACE},         {"常州", "常州", K_PLACE},
    {"新能源", "新能源", K_GEN},       {"能源", "能源", K_GEN},
    {"新材料", "新材料", K_GEN},       {"材料", "材料", K_GEN},
    {"科技", "科技", K_GEN},           {"技术", "技术", K_GEN},
    {"生物科技", "生物科技", K_GEN},   {"生物", "生物", K_GEN},
    {"实业", "实业", K_GEN},           {"工业", "工业", K_GEN},
    {"产业", "产业", K_GEN},           {"硅业", "硅业", K_GEN},
    {"多晶硅", "多晶硅", K_GEN},       {"光伏", "光伏", K_GEN},
    {"太阳能", "太阳能", K_GEN},       {"贸易", "贸易", K_GEN},
    {"商贸", "商贸", K_GEN},           {"经贸", "经贸", K_GEN},
    {"进出口", "进出口", K_GEN},       {"国际", "国际", K_GEN},
    {"纺织", "纺织", K_GEN},           {"毛纺织", "毛纺织", K_GEN},
    {"毛纺", "毛纺", K_GEN},           {"纺纱", "纺纱", K_GEN},
    {"色纺", "色纺", K_GEN},           {"棉业", "棉业", K_GEN},
    {"棉花", "棉花", K_GEN},           {"棉麻", "棉麻", K_GEN},
    {"化工", "化工", K_GEN},           {"化学", "化学", K_GEN},
    {"有色金属", "有色金属", K_GEN},   {"金属", "金属", K_GEN},
    {"矿业", "矿业", K_GEN},           {"钢铁", "钢铁", K_GEN},
    {"煤电", "煤电", K_GEN},           {"电力", "电力", K_GEN},
    {"电子", "电子", K_GEN},           {"电器", "电器", K_GEN},
    {"机械", "机械", K_GEN},           {"设备", "设备", K_GEN},
    {"食品", "食品", K_GEN},           {"服装", "服装", K_GEN},
    {"服饰", "服饰", K_GEN},           {"制衣", "制衣", K_GEN},
    {"发制品", "发制品", K_GEN},       {"制品", "制品", K_GEN},
    {"鞋业", "鞋业", K_GEN},           {"水产", "水产", K_GEN},
    {"渔业", "渔业", K_GEN},           {"番茄", "番茄", K_GEN},
    {"糖业", "糖业", K_GEN},           {"发展", "发展", K_GEN},
    {"投资", "投资", K_GEN},           {"控股", "控股", K_GEN},
    {"物流", "物流", K_GEN},           {"农业", "农业", K_GEN},
    {"建设", "建设", K_GEN},           {"工程", "工程", K_GEN},
    {"集团", "集团", K_GEN},           {"集團", "集团", K_GEN},
    {"股份", "股份", K_GEN},           {"兵团", "兵团", K_GEN},
    {"生产", "生产", K_GEN},           {"制造", "制造", K_GEN},
    {"环保", "环保", K_GEN},           {"信息", "信息", K_GEN},
    {"医药", "医药", K_GEN},           {"供应链", "供应链", K_GEN},
};

/* clang-format on */

#define N_PHRASES (sizeof phrases / sizeof phrases[0])

/* ---- phrase lookup by first word (built once) ------------------------------------- */

#define PH_SLOTS 2048u /* power of two, > 2 * distinct first words */

static struct {
    uint16_t slot[PH_SLOTS];      /* 1 + index of the first phrase with this first word */
    uint16_t next[N_PHRASES];     /* 1 + index of the next phrase with the same first word */
    uint8_t first_len[N_PHRASES]; /* bytes of the first word */
    const char *words[N_PHRASES]; /* the phrase folded like input text (fl_unorm_key) */
    char pool[16384];
} phidx;
static pthread_once_t ph_once = PTHREAD_ONCE_INIT;

static size_t first_word_len(const char *s)
{
    const char *sp = strchr(s, ' ');
    return sp ? (size_t)(sp - s) : strlen(s);
}

/* The tables are written as people spell the words; input is folded (Cyrillic й loses its
   breve, for one), so the tables are folded the same way once, here. */
static void ph_build(void)
{
    size_t used = 0;
    for (size_t i = 0; i < N_PHRASES; i++) {
        const char *w = phrases[i].words;
        ssize_t k = fl_unorm_key(w, strlen(w), phidx.pool + used, sizeof phidx.pool - used);
        if (k > 0) {
            phidx.words[i] = phidx.pool + used;
            used += (size_t)k + 1;
        } else {
            phidx.words[i] = w;
        }
    }
    for (size_t i = 0; i < N_PHRASES; i++) {
        size_t fl = first_word_len(phidx.words[i]);
        phidx.first_len[i] = (uint8_t)fl;
        uint32_t h = (uint32_t)fl_hash_bytes(phidx.words[i], fl) & (PH_SLOTS - 1);
        for (;;) {
            uint16_t s = phidx.slot[h];
            if (!s) {
                phidx.slot[h] = (uint16_t)(i + 1);
                break;
            }
            size_t j = s - 1u;
            if (phidx.first_len[j] == fl && memcmp(phidx.words[j], phidx.words[i], fl) == 0) {
                /* append to the chain (keeps table order; longest match is chosen later) */
                while (phidx.next[j])
                    j = phidx.next[j] - 1u;
                phidx.next[j] = (uint16_t)(i + 1);
                break;
            }
            h = (h + 1) & (PH_SLOTS - 1);
        }
    }
}

/* Index of the first phrase whose first word is w[0..n), or -1. */
static int ph_first(const char *w, size_t n)
{
    pthread_once(&ph_once, ph_build);
    uint32_t h = (uint32_t)fl_hash_bytes(w, n) & (PH_SLOTS - 1);
    for (;;) {
        uint16_t s = phidx.slot[h];
        if (!s)
            return -1;
        size_t j = s - 1u;
        if (phidx.first_len[j] == n && memcmp(phidx.words[j], w, n) == 0)
            return (int)j;
        h = (h + 1) & (PH_SLOTS - 1);
    }
}

bool fl_name_builtin_word(const char *w, size_t len)
{
    for (int j = ph_first(w, len); j >= 0; j = (int)phidx.next[j] - 1)
        if (phidx.words[j][len] == '\0')
            return true;
    return false;
}

const char *fl_ntok_class_str(fl_ntok_class c)
{
    static const char *const s[FL_NTOK_CLASS_COUNT] = {"name", "generic", "legal", "place"};
    return (unsigned)c < FL_NTOK_CLASS_COUNT ? s[c] : "?";
}

const char *fl_name_role_str(fl_name_role r)
{
    static const char *const s[] = {"whole", "principal", "agent", "alias"};
    return (unsigned)r <= FL_ROLE_ALIAS ? s[r] : "?";
}

/* ---- wrappers -------------------------------------------------------------------------- */

enum wrap { W_CAREOF, W_AGENTFOR, W_ORDER, W_ALIAS };

static const struct marker {
    const char *words;
    enum wrap type;
} markers[] = {
    {"c/o", W_CAREOF},
    {"c/0", W_CAREOF},
    {"care of", W_CAREOF},
    {"in care of", W_CAREOF},
    {"attn", W_CAREOF},
    {"as agent for", W_AGENTFOR},
    {"as agents for", W_AGENTFOR},
    {"as agent of", W_AGENTFOR},
    {"agent for", W_AGENTFOR},
    {"agents for", W_AGENTFOR},
    {"for and on behalf of", W_AGENTFOR},
    {"on behalf of", W_AGENTFOR},
    {"o/b/o", W_AGENTFOR},
    {"o/b", W_AGENTFOR},
    {"obo", W_AGENTFOR},
    {"for account of", W_AGENTFOR},
    {"for the account of", W_AGENTFOR},
    {"a/c of", W_AGENTFOR},
    {"a/c", W_AGENTFOR},
    {"to the order of", W_ORDER},
    {"to order of", W_ORDER},
    {"a/k/a", W_ALIAS},
    {"aka", W_ALIAS},
    {"f/k/a", W_ALIAS},
    {"fka", W_ALIAS},
    {"formerly known as", W_ALIAS},
    {"formerly", W_ALIAS},
    {"d/b/a", W_ALIAS},
    {"dba", W_ALIAS},
    {"t/a", W_ALIAS},
    {"doing business as", W_ALIAS},
};

typedef struct rawword {
    size_t start, end;
} rawword;

static bool raw_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c >= 0x80;
}

static char lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Does raw word w equal the marker word m[0..mlen) ignoring ASCII case? */
static bool word_eq(const char *s, const rawword *w, const char *m, size_t mlen)
{
    if (w->end - w->start != mlen)
        return false;
    for (size_t i = 0; i < mlen; i++)
        if (lower_ascii(s[w->start + i]) != m[i])
            return false;
    return true;
}

/* Number of raw words marker mk spans starting at word i, or 0 when it does not match. */
static size_t marker_at(const char *s, const rawword *ws, size_t n, size_t i,
                        const struct marker *mk)
{
    const char *m = mk->words;
    size_t k = 0;
    while (*m) {
        size_t ml = first_word_len(m);
        if (i + k >= n || !word_eq(s, &ws[i + k], m, ml))
            return 0;
        k++;
        m += ml;
        if (*m == ' ')
            m++;
    }
    return k;
}

static bool trim_byte(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ';' || c == ':' ||
           c == '-' || c == '.' || c == '/' || c == '&';
}

static void add_part(fl_name_part *parts, size_t *np, size_t max, const char *s, size_t a, size_t b,
                     fl_name_role role, const char *marker)
{
    while (a < b && trim_byte((unsigned char)s[a]))
        a++;
    while (b > a && trim_byte((unsigned char)s[b - 1]))
        b--;
    if (a == b || *np == max)
        return;
    parts[*np] = (fl_name_part){a, b - a, role, marker};
    (*np)++;
}

static fl_name_role role_left_of(enum wrap w)
{
    switch (w) {
    case W_CAREOF:
        return FL_ROLE_PRINCIPAL;
    case W_AGENTFOR:
        return FL_ROLE_AGENT;
    case W_ORDER:
        return FL_ROLE_AGENT;
    default:
        return FL_ROLE_ALIAS;
    }
}

static fl_name_role role_right_of(enum wrap w)
{
    switch (w) {
    case W_CAREOF:
        return FL_ROLE_AGENT;
    case W_AGENTFOR:
        return FL_ROLE_PRINCIPAL;
    case W_ORDER:
        return FL_ROLE_PRINCIPAL;
    default:
        return FL_ROLE_ALIAS;
    }
}

static fl_name_role combine(fl_name_role a, fl_name_role b)
{
    if (a == FL_ROLE_PRINCIPAL || b == FL_ROLE_PRINCIPAL)
        return FL_ROLE_PRINCIPAL;
    if (a == FL_ROLE_AGENT || b == FL_ROLE_AGENT)
        return FL_ROLE_AGENT;
    if (a == FL_ROLE_ALIAS || b == FL_ROLE_ALIAS)
        return FL_ROLE_ALIAS;
    return FL_ROLE_WHOLE;
}

size_t fl_name_split(const char *s, size_t len, fl_name_part *parts, size_t max)
{
    enum { MAXW = 128 };
    rawword ws[MAXW];
    size_t n = 0;
    for (size_t i = 0; i < len && n < MAXW;) {
        while (i < len && !raw_word_byte((unsigned char)s[i]))
            i++;
        if (i == len)
            break;
        size_t a = i;
        while (i < len && raw_word_byte((unsigned char)s[i]))
            i++;
        ws[n++] = (rawword){a, i};
    }
    /* found wrappers: word range and type */
    struct hit {
        size_t w0, w1;
        enum wrap type;
        const char *words;
    } hits[FL_NAME_MAX_PARTS];
    size_t nh = 0;
    for (size_t i = 0; i < n && max && nh < max - 1 && nh < FL_NAME_MAX_PARTS - 1;) {
        size_t best = 0, bi = 0;
        for (size_t k = 0; k < sizeof markers / sizeof markers[0]; k++) {
            size_t m = marker_at(s, ws, n, i, &markers[k]);
            if (m > best) {
                best = m;
                bi = k;
            }
        }
        if (!best) {
            i++;
            continue;
        }
        hits[nh++] = (struct hit){i, i + best, markers[bi].type, markers[bi].words};
        i += best;
    }
    size_t np = 0;
    if (!nh) {
        add_part(parts, &np, max, s, 0, len, FL_ROLE_WHOLE, "");
        return np;
    }
    for (size_t h = 0; h <= nh; h++) {
        size_t a = h == 0 ? 0 : ws[hits[h - 1].w1 - 1].end;
        size_t b = h == nh ? len : ws[hits[h].w0].start;
        fl_name_role left = h > 0 ? role_right_of(hits[h - 1].type) : FL_ROLE_WHOLE;
        fl_name_role right = h < nh ? role_left_of(hits[h].type) : FL_ROLE_WHOLE;
        const char *mk = h > 0 ? hits[h - 1].words : hits[h].words;
        add_part(parts, &np, max, s, a, b, combine(left, right), mk);
    }
    return np;
}

/* ---- parsing --------------------------------------------------------------------------- */

/* A folded word of the input. */
typedef struct word {
    const char *p;
    uint16_t len;
    uint8_t seg;   /* bracket segment number: phrases never cross segments */
    uint8_t paren; /* inside brackets */
    uint8_t cjk;
    uint8_t split; /* a piece of a run-together word */
} word;

/* A canonical unit before legal forms are resolved. */
typedef struct unit {
    const char *p; /* canonical text */
    uint16_t len;
    const char *orig; /* folded source text (for weak legal forms that fall back to names) */
    uint16_t olen;
    uint8_t kind;
    uint8_t paren, cjk, split;
    uint8_t cjkrun; /* a CJK brand run of 3+ characters: emitted as bigrams */
} unit;

#define MAX_WORDS 96
#define MAX_UNITS 96

typedef struct parser {
    word w[MAX_WORDS];
    size_t nw;
    unit u[MAX_UNITS];
    size_t nu;
    char fold[FL_NAME_MAX_INPUT * 3 + 64]; /* folded segments, NUL-separated */
    size_t fold_len;
    bool truncated;
} parser;

static size_t utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static uint32_t utf8_cp(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    switch (n) {
    case 1:
        return u[0];
    case 2:
        return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
    case 3:
        return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    default:
        return ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) |
               (u[3] & 0x3Fu);
    }
}

/* Han, kana, Hangul: scripts written without spaces between words. */
static bool is_cjk(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

static void add_word(parser *P, const char *p, size_t len, unsigned seg, bool paren, bool cjk)
{
    if (!len)
        return;
    if (P->nw == MAX_WORDS) {
        P->truncated = true;
        return;
    }
    P->w[P->nw++] = (word){p, (uint16_t)len, (uint8_t)seg, paren, cjk, 0};
}

/* Split a folded segment into words; a word that mixes CJK and other letters is cut where
   the script changes ("合盛硅业abc" -> "合盛硅业" "abc"). */
static void collect_words(parser *P, const char *f, size_t n, unsigned seg, bool paren)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && f[i] == ' ')
            i++;
        size_t a = i;
        int cur = -1;
        while (i < n && f[i] != ' ') {
            size_t l = utf8_len((unsigned char)f[i]);
            if (i + l > n)
                l = n - i;
            int c = is_cjk(utf8_cp(f + i, l)) ? 1 : 0;
            if (cur >= 0 && c != cur) {
                add_word(P, f + a, i - a, seg, paren, cur == 1);
                a = i;
            }
            cur = c;
            i += l;
        }
        if (i > a)
            add_word(P, f + a, i - a, seg, paren, cur == 1);
    }
}

static bool is_open(const char *s, size_t i, size_t len, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    *w = 1;
    if (c == '(' || c == '[' || c == '{')
        return true;
    /* U+FF08 （ = EF BC 88, U+3010 【 = E3 80 90 */
    if (i + 2 < len && c == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
        (unsigned char)s[i + 2] == 0x88) {
        *w = 3;
        return true;
    }
    if (i + 2 < len && c == 0xE3 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x90) {
        *w = 3;
        return true;
    }
    return false;
}

static bool is_close(const char *s, size_t i, size_t len, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    *w = 1;
    if (c == ')' || c == ']' || c == '}')
        return true;
    /* U+FF09 ） = EF BC 89, U+3011 】 = E3 80 91 */
    if (i + 2 < len && c == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
        (unsigned char)s[i + 2] == 0x89) {
        *w = 3;
        return true;
    }
    if (i + 2 < len && c == 0xE3 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x91) {
        *w = 3;
        return true;
    }
    return false;
}

static void fold_segment(parser *P, const char *s, size_t len, unsigned seg, bool paren)
{
    if (!len)
        return;
    size_t cap = sizeof P->fold - P->fold_len;
    char *out = P->fold + P->fold_len;
    ssize_t k = fl_unorm_key(s, len, out, cap);
    if (k < 0) {
        /* only "does not fit" is possible here (the input was validated) */
        P->truncated = true;
        return;
    }
    P->fold_len += (size_t)k + 1;
    collect_words(P, out, (size_t)k, seg, paren);
}

/* Cut the input into bracket segments and fold each. */
static void fold_input(parser *P, const char *s, size_t len)
{
    unsigned seg = 0;
    int depth = 0;
    size_t a = 0, w;
    for (size_t i = 0; i < len;) {
        bool op = is_open(s, i, len, &w), cl = !op && is_close(s, i, len, &w);
        if (op || cl) {
            fold_segment(P, s + a, i - a, seg, depth > 0);
            seg++;
            if (op)
                depth++;
            else if (depth > 0)
                depth--;
            i += w;
            a = i;
            continue;
        }
        i++;
    }
    fold_segment(P, s + a, len - a, seg, depth > 0);
}

/* Is w[0..n) a word the splitter may use as a piece? */
static bool known_piece(const fl_name_vocab *v, const char *w, size_t n)
{
    if (fl_name_builtin_word(w, n))
        return true;
    return v && v->known && v->known(v->ctx, w, n);
}

static bool all_lower_ascii(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < 'a' || p[i] > 'z')
            return false;
    return true;
}

/* Split run-together words in place (names.h, step 3). */
static void split_glued(parser *P, const fl_name_vocab *v)
{
    enum { MINP = 3, MAXL = 40, MAXP = 4 };
    word out[MAX_WORDS];
    size_t no = 0;
    for (size_t i = 0; i < P->nw; i++) {
        const word *wd = &P->w[i];
        size_t L = wd->len;
        uint8_t best[MAXL + 1];
        uint8_t back[MAXL + 1];
        bool done = false;
        if (!wd->cjk && L >= 2 * MINP && L <= MAXL && all_lower_ascii(wd->p, L) &&
            !known_piece(v, wd->p, L)) {
            best[0] = 0;
            for (size_t e = 1; e <= L; e++) {
                best[e] = 255;
                for (size_t b = 0; b + MINP <= e; b++) {
                    if (best[b] == 255 || best[b] + 1 >= best[e] || best[b] + 1 > MAXP)
                        continue;
                    if (known_piece(v, wd->p + b, e - b)) {
                        best[e] = (uint8_t)(best[b] + 1);
                        back[e] = (uint8_t)b;
                    }
                }
            }
            if (best[L] >= 2 && best[L] <= MAXP && no + best[L] <= MAX_WORDS) {
                size_t cuts[MAXP + 1], nc = 0;
                for (size_t e = L; e > 0; e = back[e])
                    cuts[nc++] = e;
                size_t b = 0;
                while (nc--) {
                    size_t e = cuts[nc];
                    out[no] = *wd;
                    out[no].p = wd->p + b;
                    out[no].len = (uint16_t)(e - b);
                    out[no].split = 1;
                    no++;
                    b = e;
                }
                done = true;
            }
        }
        if (!done && no < MAX_WORDS)
            out[no++] = *wd;
    }
    /* cppcheck-suppress uninitvar ; out[0..no) is written above, and no is 0 when nothing was */
    memcpy(P->w, out, no * sizeof out[0]);
    P->nw = no;
}

static void add_unit(parser *P, const char *p, size_t len, const char *orig, size_t olen,
                     unsigned kind, const word *src)
{
    if (P->nu == MAX_UNITS) {
        P->truncated = true;
        return;
    }
    P->u[P->nu++] = (unit){p,        (uint16_t)len, orig, (uint16_t)olen, (uint8_t)kind, src->paren,
                           src->cjk, src->split,    0};
}

/* Emit the units of one phrase: canon may hold several tokens separated by '|'. */
static void add_phrase_units(parser *P, const phrase *ph, const char *orig, size_t olen,
                             const word *src)
{
    if (ph->kind == K_STOP)
        return;
    const char *c = ph->canon;
    while (*c) {
        const char *bar = strchr(c, '|');
        size_t n = bar ? (size_t)(bar - c) : strlen(c);
        add_unit(P, c, n, orig, olen, ph->kind, src);
        c += n;
        if (*c == '|')
            c++;
    }
}

/* Does phrase ph match the words starting at i (same segment)? Returns its word count. */
static size_t phrase_match(const parser *P, size_t i, size_t ph)
{
    const char *m = phidx.words[ph];
    size_t k = 0;
    while (*m) {
        size_t ml = first_word_len(m);
        if (i + k >= P->nw || P->w[i + k].cjk || P->w[i + k].seg != P->w[i].seg ||
            P->w[i + k].len != ml || memcmp(P->w[i + k].p, m, ml) != 0)
            return 0;
        k++;
        m += ml;
        if (*m == ' ')
            m++;
    }
    return k;
}

static bool has_prefix(const char *p, size_t n, const char *pre, size_t pn)
{
    return n >= pn && memcmp(p, pre, pn) == 0;
}

/* A CJK word: peel legal forms, cut at dictionary words, keep the rest as brand runs. */
static void cjk_units(parser *P, const word *wd)
{
    const char *p = wd->p;
    size_t n = wd->len;
    const phrase *tail[4];
    size_t ntail = 0;
    /* legal forms written first (株式会社...) */
    for (size_t k = 0; k < sizeof cjk_legal_first / sizeof cjk_legal_first[0]; k++) {
        size_t ln = strlen(cjk_legal_first[k].words);
        if (ln < n && has_prefix(p, n, cjk_legal_first[k].words, ln)) {
            add_phrase_units(P, &cjk_legal_first[k], p, ln, wd);
            p += ln;
            n -= ln;
            break;
        }
    }
    /* legal forms at the end, repeatedly ("...集团有限公司" keeps 集团 as a trade word) */
    for (bool again = true; again && ntail < 4;) {
        again = false;
        for (size_t k = 0; k < sizeof cjk_legal / sizeof cjk_legal[0]; k++) {
            size_t ln = strlen(cjk_legal[k].words);
            if (ln <= n && memcmp(p + n - ln, cjk_legal[k].words, ln) == 0) {
                tail[ntail++] = &cjk_legal[k];
                n -= ln;
                again = n > 0;
                break;
            }
        }
    }
    size_t run = 0; /* start of the pending brand run */
    size_t i = 0;
    while (i < n) {
        const phrase *best = NULL;
        size_t bl = 0;
        for (size_t k = 0; k < sizeof cjk_words / sizeof cjk_words[0]; k++) {
            size_t ln = strlen(cjk_words[k].words);
            if (ln > bl && i + ln <= n && memcmp(p + i, cjk_words[k].words, ln) == 0) {
                best = &cjk_words[k];
                bl = ln;
            }
        }
        if (!best) {
            i += utf8_len((unsigned char)p[i]);
            continue;
        }
        if (i > run) {
            add_unit(P, p + run, i - run, p + run, i - run, K_NAME, wd);
            size_t chars = 0;
            for (size_t q = run; q < i; q += utf8_len((unsigned char)p[q]))
                chars++;
            if (P->nu && chars >= 3)
                P->u[P->nu - 1].cjkrun = 1;
        }
        add_phrase_units(P, best, p + i, bl, wd);
        i += bl;
        run = i;
    }
    if (n > run) {
        add_unit(P, p + run, n - run, p + run, n - run, K_NAME, wd);
        size_t chars = 0;
        for (size_t q = run; q < n; q += utf8_len((unsigned char)p[q]))
            chars++;
        if (P->nu && chars >= 3)
            P->u[P->nu - 1].cjkrun = 1;
    }
    while (ntail) {
        const phrase *t = tail[--ntail];
        add_phrase_units(P, t, t->words, strlen(t->words), wd);
    }
}

/* Words -> canonical units (longest phrase first). */
static void map_units(parser *P)
{
    for (size_t i = 0; i < P->nw;) {
        const word *wd = &P->w[i];
        if (wd->cjk) {
            cjk_units(P, wd);
            i++;
            continue;
        }
        const phrase *best = NULL;
        size_t bk = 0;
        for (int j = ph_first(wd->p, wd->len); j >= 0; j = (int)phidx.next[j] - 1) {
            size_t k = phrase_match(P, i, (size_t)j);
            if (k > bk) {
                bk = k;
                best = &phrases[j];
            }
        }
        if (!best) {
            add_unit(P, wd->p, wd->len, wd->p, wd->len, K_NAME, wd);
            i++;
            continue;
        }
        const char *orig = wd->p;
        size_t olen = (size_t)(P->w[i + bk - 1].p + P->w[i + bk - 1].len - wd->p);
        add_phrase_units(P, best, orig, olen, wd);
        i += bk;
    }
}

static bool legal_kind(unsigned k)
{
    return k == K_LS || k == K_LW || k == K_LWC || k == K_LWP;
}

static bool all_digits(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return n > 0;
}

/* Append text to out->text; returns its offset, or -1 when full. */
static int put_text(fl_name *out, const char *p, size_t n)
{
    if (out->text_len + n + 1 > sizeof out->text)
        return -1;
    int off = (int)out->text_len;
    memcpy(out->text + out->text_len, p, n);
    out->text[out->text_len + n] = '\0';
    out->text_len += n + 1;
    return off;
}

static void add_token(fl_name *out, const char *p, size_t n, unsigned cls, unsigned flags,
                      unsigned nrun)
{
    if (out->n_tok == FL_NAME_MAX_TOKENS) {
        out->truncated = true;
        return;
    }
    int off = put_text(out, p, n);
    if (off < 0) {
        out->truncated = true;
        return;
    }
    out->tok[out->n_tok++] =
        (fl_ntok){(uint16_t)off, (uint16_t)n, (uint8_t)cls, (uint8_t)flags, (uint8_t)nrun};
}

static void append_str(char *dst, size_t cap, const char *p, size_t n, bool *trunc)
{
    size_t l = strlen(dst);
    size_t need = (l ? 1 : 0) + n;
    if (l + need + 1 > cap) {
        *trunc = true;
        return;
    }
    if (l)
        dst[l++] = ' ';
    memcpy(dst + l, p, n);
    dst[l + n] = '\0';
}

/* Has the legal token p[0..n) been emitted already? */
static bool legal_seen(const fl_name *out, const char *p, size_t n)
{
    for (size_t i = 0; i < out->n_tok; i++)
        if (out->tok[i].cls == FL_NTOK_LEGAL && out->tok[i].len == n &&
            memcmp(fl_name_tok(out, i), p, n) == 0)
            return true;
    return false;
}

/* Resolve legal positions, classify, emit tokens, key and legal signature. */
static void emit(parser *P, fl_name *out)
{
    size_t n = P->nu;
    bool legal[MAX_UNITS] = {false};
    /* the run of legal forms that ends the name */
    for (size_t j = n; j > 0 && legal_kind(P->u[j - 1].kind); j--)
        legal[j - 1] = true;
    /* forms written first */
    for (size_t j = 0; j < n && (P->u[j].kind == K_LWP || P->u[j].kind == K_LS); j++)
        legal[j] = true;
    for (size_t j = 0; j < n; j++)
        if (P->u[j].kind == K_LS)
            legal[j] = true;
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t j = 0; j < n; j++) {
            if (legal[j] || !legal_kind(P->u[j].kind))
                continue;
            if ((j > 0 && legal[j - 1]) || (j + 1 < n && legal[j + 1])) {
                legal[j] = true;
                changed = true;
            }
        }
    }
    /* words after a legal form that does not end the name qualify it (seat, branch) */
    size_t tail_from = n;
    bool named = false; /* a non-legal word seen: legal forms written first do not count */
    for (size_t j = 0; j + 1 < n; j++) {
        named = named || !legal[j];
        if (named && legal[j] && !legal[j + 1] && !P->u[j].cjk)
            tail_from = j + 1;
    }
    for (size_t j = 0; j < n; j++) {
        const unit *u = &P->u[j];
        unsigned flags = (u->paren ? FL_NTOK_PAREN : 0u) | (u->cjk ? FL_NTOK_CJK : 0u) |
                         (u->split ? FL_NTOK_SPLIT : 0u) | (j >= tail_from ? FL_NTOK_TAIL : 0u);
        const char *p = u->p;
        size_t len = u->len;
        unsigned cls;
        if (legal[j]) {
            cls = FL_NTOK_LEGAL;
            if (!legal_seen(out, p, len))
                append_str(out->legal, sizeof out->legal, p, len, &out->truncated);
            add_token(out, p, len, cls, flags, 0);
            continue;
        }
        switch (u->kind) {
        case K_GEN:
            cls = FL_NTOK_GENERIC;
            break;
        case K_PLACE:
            cls = FL_NTOK_PLACE;
            break;
        case K_LWC:
            cls = FL_NTOK_GENERIC;
            break;
        case K_LW:
        case K_LWP:
            /* an ambiguous legal form used as a word: keep the word as written */
            p = u->orig;
            len = u->olen;
            cls = (flags & (FL_NTOK_PAREN | FL_NTOK_TAIL)) ? FL_NTOK_PLACE : FL_NTOK_NAME;
            break;
        default:
            cls = (flags & (FL_NTOK_PAREN | FL_NTOK_TAIL)) ? FL_NTOK_PLACE : FL_NTOK_NAME;
            break;
        }
        if (cls == FL_NTOK_NAME && all_digits(p, len))
            flags |= FL_NTOK_DIGITS;
        append_str(out->key, sizeof out->key, p, len, &out->truncated);
        if (u->cjkrun) {
            /* overlapping bigrams of the brand run */
            size_t chars = 0;
            for (size_t a = 0; a < len; a += utf8_len((unsigned char)p[a]))
                chars++;
            unsigned nrun = chars - 1 > 255 ? 255u : (unsigned)(chars - 1);
            for (size_t a = 0; a < len;) {
                size_t l1 = utf8_len((unsigned char)p[a]);
                if (a + l1 >= len)
                    break;
                size_t l2 = utf8_len((unsigned char)p[a + l1]);
                add_token(out, p + a, l1 + l2, cls, flags, nrun);
                a += l1;
            }
        } else {
            add_token(out, p, len, cls, flags, 0);
        }
    }
}

fl_status fl_name_parse(const char *s, size_t len, const fl_name_vocab *vocab, fl_name *out)
{
    out->n_tok = 0;
    out->key[0] = out->legal[0] = out->text[0] = '\0';
    out->text_len = 0;
    out->truncated = false;
    if (len && !s)
        return FL_ERR_INPUT;
    if (!fl_utf8_valid(s, len))
        return FL_ERR_INPUT;
    parser P;
    P.nw = P.nu = P.fold_len = 0;
    P.truncated = false;
    if (len > FL_NAME_MAX_INPUT) {
        size_t cut = FL_NAME_MAX_INPUT;
        while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
            cut--;
        len = cut;
        P.truncated = true;
    }
    fold_input(&P, s, len);
    split_glued(&P, vocab);
    map_units(&P);
    emit(&P, out);
    out->truncated = out->truncated || P.truncated;
    return FL_OK;
}
