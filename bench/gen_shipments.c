/*
 * gen_shipments.c - deterministic generator of large synthetic shipment CSV files for
 * benchmarking flscan.
 *
 *   gen_shipments ROWS [SEED] [--mix bench|realistic] [-o FILE] [-q]
 *
 * Writes ROWS US import bill-of-lading records (plus the header flscan's sample data uses) to
 * standard output or FILE: RFC 4180, UTF-8, LF line ends, about 380 bytes a record.
 *
 * --mix bench (the default): most rows are ordinary trade on lanes that avoid the goods of the
 * project's rule set; about 0.5% follow a risky pattern (Uzbek or Turkmen cotton in listed
 * years, shippers in Xinjiang, Malaysian rubber gloves, West African cocoa, Chinese
 * polysilicon, names from screening lists). 16 x 48 shippers, 400 importers.
 *
 * --mix realistic: the same 0.5% risky rows; the others come from 23 countries whose goods
 * (gen_realistic.h) put about 17% of the records on the TVPRA list (garments, footwear, toys,
 * electronics, Christmas decorations, gloves, fish, furniture, ... from China, Vietnam, India,
 * Bangladesh, Malaysia, ...), with about 17,000 distinct shippers and 80,000 distinct shipper
 * addresses a million records (growing with the rows) and 3,000 importers spelled four ways.
 *
 * In both, about 1% of rows carry a description with an embedded line break or doubled quotes,
 * and HS codes, country names and dates come in the styles real data uses.
 *
 * The same arguments always give the same bytes (own PRNG, no clock, no locale); the bench mix
 * gives the bytes it gave before --mix existed. A one-line summary goes to standard error
 * unless -q is given.
 *
 * Plain C11, no project libraries.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_rng.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------------------------ */
/* PRNG: splitmix64 (rnd64, bench_rng.h)                                                       */
/* ------------------------------------------------------------------------------------------ */


/* Uniform in [0, n), n < 2^32. */
static uint32_t rnd_below(uint32_t n)
{
    return (uint32_t)(((rnd64() >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int rnd_range(int lo, int hi)
{
    return lo + (int)rnd_below((uint32_t)(hi - lo + 1));
}

/* Uniform in [0, 1). */
static double rnd_unit(void)
{
    return (double)(rnd64() >> 11) * (1.0 / 9007199254740992.0);
}

static double rnd_uniform(double lo, double hi)
{
    return lo + (hi - lo) * rnd_unit();
}

#define PICK(arr) ((arr)[rnd_below((uint32_t)N_ELEMS(arr))])

/* Pick from a NULL-padded array. */
static const char *pick_n(const char *const *a, size_t cap)
{
    size_t n = 0;
    while (n < cap && a[n])
        n++;
    return a[rnd_below((uint32_t)n)];
}
#define PICKN(arr) pick_n((arr), N_ELEMS(arr))

/* ------------------------------------------------------------------------------------------ */
/* Output buffer                                                                               */
/* ------------------------------------------------------------------------------------------ */

#define OUT_CAP (1u << 21)
#define ROW_MAX 8192 /* no record is longer than this */

static char out_buf[OUT_CAP];
static size_t out_len;
static FILE *out_fp;
static uint64_t out_total;

static void out_flush(void)
{
    if (out_len && fwrite(out_buf, 1, out_len, out_fp) != out_len) {
        fprintf(stderr, "gen_shipments: write error: %s\n", strerror(errno));
        exit(1);
    }
    out_total += out_len;
    out_len = 0;
}

static void out_mem(const char *s, size_t n)
{
    memcpy(out_buf + out_len, s, n);
    out_len += n;
}

static void out_str(const char *s) { out_mem(s, strlen(s)); }

static void out_chr(char c) { out_buf[out_len++] = c; }

/* A CSV field: quoted (with quotes doubled) only when it holds ',', '"', CR or LF. */
static void out_field(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c == ',' || c == '"' || c == '\n' || c == '\r')
            break;
    }
    if (i == n) {
        out_mem(s, n);
        return;
    }
    out_chr('"');
    for (i = 0; i < n; i++) {
        if (s[i] == '"')
            out_chr('"');
        out_chr(s[i]);
    }
    out_chr('"');
}

static void out_fieldz(const char *s) { out_field(s, strlen(s)); }

/* ------------------------------------------------------------------------------------------ */
/* Small string builder for composed fields                                                    */
/* ------------------------------------------------------------------------------------------ */

typedef struct sb {
    char b[2048];
    size_t n;
} sb;

/* Declare an empty builder without zero-filling its buffer. */
#define SB(name) sb name; name.n = 0; name.b[0] = 0

static void sb_str(sb *s, const char *t)
{
    size_t k = strlen(t);
    if (s->n + k >= sizeof s->b)
        k = sizeof s->b - 1 - s->n;
    memcpy(s->b + s->n, t, k);
    s->n += k;
    s->b[s->n] = 0;
}

static void sb_u64(sb *s, uint64_t v)
{
    char t[24];
    int i = (int)sizeof t - 1;
    t[i] = 0;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sb_str(s, t + i);
}

/* v with exactly `width` digits, zero padded. */
static void sb_u64w(sb *s, uint64_t v, int width)
{
    char t[24];
    int i = (int)sizeof t - 1;
    t[i] = 0;
    while (width-- > 0) {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    }
    sb_str(s, t + i);
}

/* x rounded to `dec` decimals (0..2). */
static void sb_fixed(sb *s, double x, int dec)
{
    uint64_t scale = dec == 0 ? 1 : dec == 1 ? 10 : 100;
    uint64_t v = (uint64_t)(x * (double)scale + 0.5);
    sb_u64(s, v / scale);
    if (dec) {
        sb_str(s, ".");
        sb_u64w(s, v % scale, dec);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Reference tables                                                                            */
/* ------------------------------------------------------------------------------------------ */

typedef struct product {
    const char *hts;      /* 10-digit HTS */
    const char *desc[4];  /* base descriptions */
    int qlo, qhi;         /* packages */
    double klo, khi;      /* kg per package */
    double plo, phi;      /* USD per kg */
    const char *maker;    /* word for the maker's name ("Knitwear") */
} product;

enum {
    P_LAPTOP, P_NETWORK, P_ADAPTER, P_CABLE, P_PCPART, P_IC, P_BIKEPART, P_FASTENER, P_FURN,
    P_SEAT, P_RATTAN, P_LSHOE, P_AUTOPART, P_GEARBOX, P_BRAKE, P_HARNESS, P_BEARING, P_MACHINE,
    P_PHARMA, P_BEER, P_AVOCADO, P_ROSES, P_METALFURN, P_CERAMIC, P_TOOLS, P_BICYCLE, P_LED,
    P_VALVE, P_PLASTIC, P_TIRE, P_STEEL, P_FRIDGE, P_OLIVE, P_WINE, P_FLANGE, P_PASTA, P_MARBLE,
    P_LUMBER, P_AIRCON, P_WHISKY, P_CAP, P_BAG, P_COUNT
};

static const product PRODUCTS[P_COUNT] = {
    [P_LAPTOP] = {"8471300100", {"NOTEBOOK COMPUTERS", "LAPTOP COMPUTER 14 INCH", "Portable computers", "TABLET COMPUTERS 10.1 INCH"}, 50, 600, 4, 9, 60, 140, "Computer"},
    [P_NETWORK] = {"8517620090", {"WIRELESS ROUTERS", "NETWORK SWITCH 24 PORT", "WI-FI ACCESS POINTS", "OPTICAL NETWORK TERMINALS"}, 80, 900, 3, 8, 40, 110, "Network Technology"},
    [P_ADAPTER] = {"8504409580", {"AC POWER ADAPTERS", "USB-C CHARGER 65W", "SWITCHING POWER SUPPLIES", "POWER SUPPLY UNITS FOR LED DRIVERS"}, 100, 1500, 5, 12, 15, 40, "Power Electronics"},
    [P_CABLE] = {"8544429090", {"USB CABLES", "HDMI CABLE 2M", "DATA CABLES WITH CONNECTORS", "ETHERNET PATCH CORDS CAT6"}, 100, 1600, 6, 14, 8, 25, "Cable & Wire"},
    [P_PCPART] = {"8473301180", {"COMPUTER MOTHERBOARDS", "GRAPHICS CARD ASSEMBLIES", "PARTS FOR ADP MACHINES", "SOLID STATE DRIVE MODULES"}, 40, 500, 5, 10, 50, 160, "Computer Components"},
    [P_IC] = {"8542310000", {"INTEGRATED CIRCUITS", "MICROCONTROLLER UNITS, TAPE AND REEL", "PROCESSORS AND CONTROLLERS", "Electronic integrated circuits"}, 10, 200, 2, 6, 300, 1200, "Semiconductor"},
    [P_BIKEPART] = {"8714913000", {"BICYCLE FRAMES, ALUMINIUM", "BICYCLE FORKS", "CARBON BICYCLE FRAMES", "BICYCLE WHEEL RIMS"}, 50, 600, 6, 15, 12, 45, "Cycle Components"},
    [P_FASTENER] = {"7318152095", {"STEEL HEX BOLTS", "STAINLESS STEEL SCREWS", "ZINC PLATED CARRIAGE BOLTS", "FLANGE BOLTS, GRADE 8.8"}, 20, 60, 500, 1000, 1.5, 4, "Fastener Industrial"},
    [P_FURN] = {"9403608081", {"WOODEN DINING TABLES", "SOLID WOOD BOOKCASES", "TEAK OUTDOOR FURNITURE", "Wooden bedroom furniture, KD"}, 40, 400, 20, 60, 3, 8, "Furniture"},
    [P_SEAT] = {"9401614011", {"UPHOLSTERED SOFA, 3 SEATER", "FABRIC ARMCHAIRS", "UPHOLSTERED DINING CHAIRS", "RECLINER CHAIRS, FABRIC"}, 40, 300, 15, 45, 4, 9, "Upholstery"},
    [P_RATTAN] = {"9401530000", {"RATTAN CHAIRS", "RATTAN LOUNGE SET, 4 PCS", "RATTAN BAR STOOLS", "Rattan garden furniture"}, 40, 300, 8, 25, 5, 10, "Rattan Furniture"},
    [P_LSHOE] = {"6403999065", {"MEN'S LEATHER SHOES", "LEATHER BOOTS", "LADIES LEATHER LOAFERS", "LEATHER SANDALS"}, 100, 900, 7, 12, 25, 60, "Leather Footwear"},
    [P_AUTOPART] = {"8708998180", {"AUTO PARTS", "STEERING KNUCKLES", "SUSPENSION PARTS FOR MOTOR VEHICLES", "CONTROL ARMS"}, 20, 300, 20, 200, 4, 12, "Auto Components"},
    [P_GEARBOX] = {"8708407570", {"GEARBOXES FOR PASSENGER CARS", "TRANSMISSION ASSEMBLIES", "TRANSFER CASES", "Gear boxes and parts thereof"}, 10, 120, 60, 180, 8, 18, "Drivetrain"},
    [P_BRAKE] = {"8708305090", {"BRAKE PADS", "BRAKE ROTORS", "DISC BRAKE CALIPERS", "BRAKE DRUMS"}, 20, 300, 20, 120, 3, 9, "Brake Systems"},
    [P_HARNESS] = {"8544300000", {"WIRING HARNESS FOR VEHICLES", "IGNITION WIRING SETS", "ENGINE WIRE HARNESS", "Wiring sets for vehicles"}, 50, 600, 10, 40, 10, 30, "Wiring Systems"},
    [P_BEARING] = {"8482105044", {"BALL BEARINGS", "DEEP GROOVE BALL BEARINGS", "WHEEL HUB BEARINGS", "ANGULAR CONTACT BEARINGS"}, 20, 200, 30, 150, 6, 20, "Bearings"},
    [P_MACHINE] = {"8479899499", {"INDUSTRIAL MACHINERY PARTS", "PACKAGING MACHINE", "MIXING MACHINE", "INDUSTRIAL ROBOT ARM"}, 1, 20, 300, 3000, 10, 40, "Machinery"},
    [P_PHARMA] = {"3004909290", {"PHARMACEUTICAL PREPARATIONS IN DOSAGE FORM", "TABLETS 500MG, 30 X 10 BLISTER", "MEDICAMENTS, PUT UP FOR RETAIL SALE", "CAPSULES 20MG"}, 20, 400, 8, 25, 30, 200, "Pharmaceuticals"},
    [P_BEER] = {"2203000060", {"BEER IN BOTTLES 12 X 355ML", "LAGER BEER, CANS", "Malt beer", "BEER 24 X 330ML"}, 800, 2400, 8, 10, 1.2, 2.2, "Brewing"},
    [P_AVOCADO] = {"0804400010", {"FRESH HASS AVOCADOS", "FRESH AVOCADOS, 25 LB CARTONS", "Fresh avocados", "ORGANIC HASS AVOCADOS"}, 800, 1800, 10, 12, 1.8, 3.5, "Fresh Produce"},
    [P_ROSES] = {"0603110060", {"FRESH CUT ROSES", "FRESH ROSES, ASSORTED COLOURS", "FRESH CUT FLOWERS, ASSORTED BOUQUETS", "FRESH CARNATIONS"}, 100, 600, 10, 20, 4, 9, "Flowers"},
    [P_METALFURN] = {"9403200080", {"METAL SHELVING UNITS", "STEEL OFFICE DESKS", "METAL BED FRAMES", "STEEL STORAGE CABINETS"}, 80, 600, 15, 40, 2, 5, "Metal Products"},
    [P_CERAMIC] = {"6912004810", {"CERAMIC DINNERWARE SETS", "STONEWARE MUGS", "CERAMIC TABLEWARE, 16 PCS", "PORCELAIN BOWLS"}, 200, 1500, 8, 18, 1.5, 4, "Ceramics"},
    [P_TOOLS] = {"8205598000", {"HAND TOOLS", "PUTTY KNIVES AND SCRAPERS", "HAND TOOL SETS", "Hand tools, steel"}, 200, 1200, 8, 20, 3, 8, "Tools"},
    [P_BICYCLE] = {"8712002500", {"BICYCLES 26 INCH", "KIDS BICYCLES", "Bicycles, not motorised", "MOUNTAIN BICYCLES 29 INCH"}, 100, 500, 15, 22, 5, 12, "Bicycle"},
    [P_LED] = {"9405428440", {"LED DOWNLIGHTS", "LED FLOOD LIGHTS", "LED PANEL LIGHTS", "LED STRIP LIGHTS"}, 200, 1500, 5, 12, 6, 15, "Lighting"},
    [P_VALVE] = {"8481805090", {"BRASS BALL VALVES", "GATE VALVES", "CHECK VALVES, CAST IRON", "BUTTERFLY VALVES"}, 50, 500, 15, 40, 4, 10, "Valve"},
    [P_PLASTIC] = {"3924104000", {"PLASTIC FOOD STORAGE CONTAINERS", "PLASTIC KITCHENWARE", "PLASTIC CUTTING BOARDS", "Plastic tableware"}, 300, 1800, 4, 10, 2, 5, "Plastic Products"},
    [P_TIRE] = {"4011101010", {"PASSENGER CAR RADIAL TIRES", "NEW PNEUMATIC TIRES 205/55R16", "SUV TIRES 265/70R17", "Radial tyres"}, 200, 1200, 8, 12, 3, 6, "Tire"},
    [P_STEEL] = {"7210490091", {"GALVANIZED STEEL COILS", "HOT-DIP GALVANISED STEEL SHEET", "Flat-rolled steel, zinc coated", "GALVANIZED STEEL SHEETS IN COILS"}, 5, 40, 5000, 15000, 0.7, 1.2, "Steel"},
    [P_FRIDGE] = {"8418100080", {"REFRIGERATOR-FREEZERS", "FRENCH DOOR REFRIGERATORS", "Household refrigerators", "SIDE BY SIDE REFRIGERATORS"}, 40, 160, 70, 120, 4, 9, "Home Appliances"},
    [P_OLIVE] = {"1509204000", {"EXTRA VIRGIN OLIVE OIL 12 X 1L", "EXTRA VIRGIN OLIVE OIL, TINS 3L", "Olive oil, extra virgin", "ORGANIC EXTRA VIRGIN OLIVE OIL"}, 500, 1400, 11, 14, 6, 11, "Olive Oil"},
    [P_WINE] = {"2204215040", {"RED WINE, DOC, 12 X 750ML", "WHITE WINE 6 X 750ML", "Still red wine", "SPARKLING WINE 6 X 750ML"}, 600, 1600, 8, 16, 5, 14, "Wines"},
    [P_FLANGE] = {"7307915010", {"FORGED STEEL FLANGES", "WELD NECK FLANGES, ASTM A105", "SLIP ON FLANGES", "Steel pipe flanges"}, 20, 200, 100, 600, 2, 5, "Forgings"},
    [P_PASTA] = {"1902192090", {"DURUM WHEAT PASTA", "PASTA, SPAGHETTI 20 X 500G", "Dry pasta", "PENNE RIGATE 12 X 1KG"}, 800, 2000, 9, 11, 0.9, 1.6, "Food Products"},
    [P_MARBLE] = {"6802910500", {"MARBLE TILES, POLISHED", "TRAVERTINE PAVERS", "MARBLE SLABS", "Worked marble"}, 10, 40, 900, 1500, 0.4, 1.2, "Marble & Stone"},
    [P_LUMBER] = {"4407110042", {"SPRUCE-PINE-FIR LUMBER, KILN DRIED", "SPF DIMENSION LUMBER 2X4", "Sawn pine lumber", "DOUGLAS FIR LUMBER"}, 10, 30, 1500, 2500, 0.4, 0.9, "Lumber"},
    [P_AIRCON] = {"8415103080", {"SPLIT AIR CONDITIONERS", "WINDOW AIR CONDITIONERS 12000 BTU", "Air conditioning machines", "PORTABLE AIR CONDITIONERS"}, 100, 600, 25, 45, 4, 9, "Air Conditioning"},
    [P_WHISKY] = {"2208303030", {"SCOTCH WHISKY 6 X 70CL", "SINGLE MALT SCOTCH WHISKY", "Blended Scotch whisky", "SCOTCH WHISKY 12 X 1L"}, 300, 1200, 7, 10, 15, 45, "Distillers"},
    [P_CAP] = {"6505006090", {"BASEBALL CAPS, 100% POLYESTER", "KNITTED BEANIE HATS, ACRYLIC", "Caps and hats", "BUCKET HATS, POLYESTER"}, 200, 1200, 5, 9, 12, 25, "Headwear"},
    [P_BAG] = {"4202929100", {"BACKPACKS, POLYESTER", "TRAVEL BAGS, NYLON", "Tote bags of textile material", "LAPTOP BAGS, POLYESTER"}, 200, 1200, 6, 12, 10, 22, "Bags"},
};

typedef struct style {
    const char *s;
    int w;
} style;

typedef struct lane {
    const char *country;   /* country name as written at the end of addresses */
    int weight;
    style styles[7];       /* Country of Origin spellings (weight 0 ends the list) */
    const char *cities[6];
    const char *streets[6];
    const char *ports[5];
    int products[6];       /* -1 ends the list */
    const char *words[6];  /* for shipper names */
    const char *suffix[3];
} lane;

static const lane LANES[] = {
    {"Bangladesh", 8, {{"BANGLADESH", 5}, {"Bangladesh", 4}, {"BD", 2}, {"BGD", 1}},
     {"Dhaka", "Gazipur", "Chattogram", "Narayanganj", "Savar", "Ashulia"},
     {"Dhaka EPZ", "Road 7, Sector 4", "BSCIC Industrial Estate", "Tongi Industrial Area", "Konabari", "Plot 18, CEPZ"},
     {"Chittagong, Bangladesh", "CHITTAGONG", "Chattogram, Bangladesh"},
     {P_CAP, P_BAG, P_CERAMIC, P_BICYCLE, -1},
     {"Meghna", "Padma", "Rupali", "Sonali", "Jamuna", "Karnaphuli"},
     {"Ltd", "Industries Ltd", "Exports Ltd"}},
    {"Vietnam", 15, {{"VIETNAM", 4}, {"Vietnam", 3}, {"Viet Nam", 3}, {"VN", 2}},
     {"Ho Chi Minh City", "Binh Duong", "Bac Ninh", "Hai Phong", "Dong Nai", "Da Nang"},
     {"Saigon Hi-Tech Park", "VSIP II", "Yen Phong Industrial Park", "Trang Due Industrial Park", "Bien Hoa 2 Industrial Zone", "Tan Tao Industrial Park"},
     {"Cai Mep, Vietnam", "HAIPHONG", "Ho Chi Minh City, Vietnam", "VUNG TAU", "Da Nang, Vietnam"},
     {P_NETWORK, P_ADAPTER, P_CABLE, P_LAPTOP, P_PLASTIC, P_BAG},
     {"Saigon", "Mekong", "Red River", "Hoang Long", "Thanh Cong", "Phu My"},
     {"Co Ltd", "JSC", "Manufacturing Co Ltd"}},
    {"Taiwan", 9, {{"TAIWAN", 4}, {"Taiwan", 3}, {"Taiwan, R.O.C.", 1}, {"TW", 2}, {"Chinese Taipei", 1}},
     {"Hsinchu", "Taoyuan", "Taichung", "Kaohsiung", "New Taipei City", "Tainan"},
     {"Science Park Rd.", "Huaya 2nd Rd.", "Gongye 38th Rd.", "Benzhou Rd.", "Xintai 5th Rd.", "Nanke 3rd Rd."},
     {"Kaohsiung, Taiwan", "KEELUNG", "Taipei, Taiwan", "TAICHUNG"},
     {P_IC, P_PCPART, P_NETWORK, P_BIKEPART, P_FASTENER, -1},
     {"Hsin Yuan", "Da Tong", "Formosa", "Jade Mountain", "Sun Moon", "Tai Ping"},
     {"Corp", "Co Ltd", "Industrial Co Ltd"}},
    {"Indonesia", 7, {{"INDONESIA", 5}, {"Indonesia", 3}, {"ID", 2}},
     {"Jepara", "Cirebon", "Semarang", "Surabaya", "Tangerang", "Bekasi"},
     {"Jl. Raya Jepara-Kudus Km 5", "Jl. Raya Plered No. 88", "Kawasan Industri Wijayakusuma", "Jl. Rungkut Industri III", "Jl. Industri Raya III", "Kawasan Industri Jababeka"},
     {"Tanjung Priok, Jakarta", "SEMARANG", "Surabaya, Indonesia"},
     {P_FURN, P_RATTAN, P_SEAT, P_TIRE, -1},
     {"PT Nusantara", "PT Sinar", "PT Cahaya", "PT Mitra", "PT Karya", "PT Indah"},
     {"Tbk", "Industri", "Indonesia"}},
    {"Germany", 8, {{"GERMANY", 5}, {"Germany", 3}, {"DE", 2}, {"Deutschland", 1}},
     {"Köln", "Stuttgart", "Bremen", "Schweinfurt", "München", "Hannover"},
     {"Industriestrasse 14", "Porschestrasse 27", "Am Hafen 9", "Ernst-Sachs-Strasse 3", "Hansastrasse 40", "Gewerbering 8"},
     {"Hamburg, Germany", "BREMERHAVEN", "Hamburg"},
     {P_GEARBOX, P_AUTOPART, P_BEARING, P_MACHINE, P_PHARMA, -1},
     {"Rheinland", "Schwaben", "Weser", "Mainfranken", "Hanse", "Alpen"},
     {"GmbH", "AG", "GmbH & Co KG"}},
    {"Mexico", 8, {{"MEXICO", 5}, {"Mexico", 3}, {"MX", 2}, {"México", 1}},
     {"Irapuato", "Chihuahua", "Monterrey", "Saltillo", "Querétaro", "Uruapan"},
     {"Parque Industrial Castro del Río", "Av. Tecnológico 5500", "Av. Ruiz Cortines 2500", "Blvd. Industrial 120", "Carretera Federal 57 Km 12", "Av. de la Industria 300"},
     {"Manzanillo, Mexico", "VERACRUZ", "Lazaro Cardenas, Mexico"},
     {P_BRAKE, P_AUTOPART, P_HARNESS, P_BEER, P_AVOCADO, -1},
     {"Autopartes del Bajío", "Arneses del Norte", "Troqueles", "Componentes", "Industrias", "Grupo"},
     {"SA de CV", "S de RL de CV", "SAPI de CV"}},
    {"Colombia", 4, {{"COLOMBIA", 5}, {"Colombia", 3}, {"CO", 2}},
     {"Neiva", "Medellín", "Madrid, Cundinamarca", "Rionegro", "Armenia", "Pereira"},
     {"Calle 7 No. 6-40", "Carrera 48 No. 10-45", "Km 2 Vía Madrid-Facatativá", "Vereda Cimarronas", "Calle 21 No. 14-30", "Avenida 30 de Agosto 41"},
     {"Cartagena, Colombia", "BUENAVENTURA", "Bogota, Colombia"},
     {P_ROSES, P_AVOCADO, -1},
     {"Cafés del", "Trilladora", "Flores de la", "Rosas del", "Comercializadora", "Exportadora"},
     {"SAS", "Ltda", "SA"}},
    {"China", 12, {{"CHINA", 6}, {"China", 3}, {"CN", 2}, {"People's Republic of China", 1}, {"PRC", 1}, {"China (Mainland)", 1}},
     {"Foshan", "Chaozhou", "Yongkang", "Tianjin", "Zhongshan", "Ningbo"},
     {"No. 18 Xingye Road", "Fengxi Industrial Zone", "No. 9 Jinshan Road", "Jingbin Industrial Park", "Guzhen Town", "No. 66 Mingzhou Road"},
     {"Yantian, China", "NINGBO", "Shanghai, China", "QINGDAO", "Xiamen, China"},
     {P_METALFURN, P_CERAMIC, P_TOOLS, P_BICYCLE, P_LED, P_VALVE},
     {"Shunde", "Fengxi", "Jinhua", "Velo", "Bright", "Beilun"},
     {"Co Ltd", "Manufacturing Co Ltd", "Industrial Co Ltd"}},
    {"Korea", 5, {{"Republic of Korea", 3}, {"KOREA, SOUTH", 2}, {"South Korea", 2}, {"KR", 2}},
     {"Ulsan", "Daegu", "Gwangju", "Busan", "Changwon", "Incheon"},
     {"45 Gongdan-ro", "112 Seongseo-ro", "Hanam Industrial Complex", "27 Noksansaneop-ro", "88 Changwon-daero", "Namdong Industrial Complex"},
     {"Busan, Korea", "BUSAN", "Incheon, Korea"},
     {P_AUTOPART, P_BRAKE, P_STEEL, P_FRIDGE, P_TIRE, -1},
     {"Hanbit", "Daehan", "Seoul", "Hyundai Jin", "Samil", "Mirae"},
     {"Co Ltd", "Corp", "Industrial Co Ltd"}},
    {"Japan", 4, {{"JAPAN", 5}, {"Japan", 3}, {"JP", 2}},
     {"Nagoya", "Toyohashi", "Yokohama", "Osaka", "Hamamatsu", "Kobe"},
     {"2-15 Jingu, Atsuta-ku", "1-8 Akemi-cho", "3-1 Shin-Yokohama, Kohoku-ku", "4-2 Nishi-ku", "5-7 Naka-ku", "1-1 Chuo-ku"},
     {"Yokohama, Japan", "NAGOYA", "Tokyo, Japan", "KOBE"},
     {P_MACHINE, P_GEARBOX, P_AUTOPART, P_BEARING, -1},
     {"Nagoya Seiki", "Tokai", "Kanagawa", "Chubu", "Kansai", "Hamana"},
     {"Co Ltd", "KK", "Corporation"}},
    {"Italy", 4, {{"ITALY", 5}, {"Italy", 3}, {"IT", 2}},
     {"Firenze", "Fermo", "Alba", "Modena", "Bari", "Verona"},
     {"Via Chiantigiana 120", "Via dell'Industria 22", "Strada Alba 5", "Via Emilia Ovest 1010", "Via Adriatica 45", "Via Roma 8"},
     {"Genoa, Italy", "LA SPEZIA", "Livorno, Italy"},
     {P_OLIVE, P_LSHOE, P_WINE, P_MACHINE, -1},
     {"Colli Toscani", "Marche", "Langhe", "Emilia", "Puglia", "Veneta"},
     {"Srl", "SpA", "Srl"}},
    {"India", 3, {{"INDIA", 5}, {"India", 3}, {"IN", 2}},
     {"Hyderabad", "Rajkot", "Chennai", "Pune", "Ahmedabad", "Bengaluru"},
     {"Plot 21, IDA Jeedimetla", "GIDC Metoda", "SIPCOT Industrial Park", "MIDC Chakan", "Sanand GIDC", "Peenya Industrial Area"},
     {"Nhava Sheva, India", "MUNDRA", "Chennai, India"},
     {P_PHARMA, P_FLANGE, P_BRAKE, -1},
     {"Deccan", "Saurashtra", "Coromandel", "Sahyadri", "Narmada", "Kaveri"},
     {"Pvt Ltd", "Ltd", "Industries Pvt Ltd"}},
    {"Türkiye", 2, {{"Türkiye", 3}, {"TURKEY", 3}, {"Turkey", 2}, {"TR", 2}, {"TÜRKİYE", 1}},
     {"Gaziantep", "Afyonkarahisar", "Kocaeli", "Bursa", "İzmir", "Konya"},
     {"Organize Sanayi Bölgesi 3. Cadde No: 8", "İscehisar OSB", "Dilovası OSB 1. Kısım", "Nilüfer OSB", "Atatürk OSB", "Büyükkayacık OSB"},
     {"Mersin, Türkiye", "AMBARLI", "Izmit, Turkey"},
     {P_PASTA, P_MARBLE, P_FLANGE, -1},
     {"Anadolu", "Ege", "Marmara", "Toros", "Kapadokya", "Akdeniz"},
     {"AŞ", "Ltd Şti", "Sanayi AŞ"}},
    {"Canada", 3, {{"CANADA", 5}, {"Canada", 3}, {"CA", 2}},
     {"Surrey, BC", "Prince George, BC", "Cambridge, ON", "Windsor, ON", "Saint-Georges, QC", "Kelowna, BC"},
     {"19000 Industrial Way", "400 Industrial Rd", "125 Rang Saint-Joseph", "2200 Mill Rd", "77 Commerce Ct", "1500 River Rd"},
     {"Vancouver, BC", "MONTREAL", "Halifax, NS"},
     {P_LUMBER, P_AUTOPART, P_STEEL, -1},
     {"Fraser Valley", "Northern", "Laurentian", "Great Lakes", "Cascade", "Maritime"},
     {"Ltd", "Inc", "Corp"}},
    {"Thailand", 2, {{"THAILAND", 5}, {"Thailand", 3}, {"TH", 2}},
     {"Chonburi", "Rayong", "Ayutthaya", "Samut Prakan", "Pathum Thani", "Chachoengsao"},
     {"Amata City Chonburi", "Eastern Seaboard Industrial Estate", "Rojana Industrial Park", "Bangpoo Industrial Estate", "Navanakorn Industrial Estate", "Gateway City Industrial Estate"},
     {"Laem Chabang, Thailand", "BANGKOK"},
     {P_AIRCON, P_AUTOPART, P_TIRE, -1},
     {"Siam", "Chao Phraya", "Eastern", "Thai Rung", "Krung", "Sukhothai"},
     {"Co Ltd", "Public Co Ltd", "Industries Co Ltd"}},
    {"United Kingdom", 2, {{"UNITED KINGDOM", 3}, {"United Kingdom", 2}, {"UK", 2}, {"GB", 1}, {"Great Britain", 1}},
     {"Aberlour", "Birmingham", "Sheffield", "Glasgow", "Leeds", "Coventry"},
     {"Station Road", "Unit 4, Tyseley Industrial Estate", "Attercliffe Road", "Clyde Gateway", "Kirkstall Road", "Torrington Avenue"},
     {"Southampton, United Kingdom", "FELIXSTOWE", "Liverpool, UK"},
     {P_WHISKY, P_MACHINE, P_BEARING, -1},
     {"Speyside", "Midlands", "Pennine", "Clyde", "Yorkshire", "Severn"},
     {"Ltd", "Plc", "Ltd"}},
};

/* Risky-pattern country spellings. */
static const char *const UZ_STYLES[] = {"UZBEKISTAN", "Uzbekistan", "UZ", "UZB", "Узбекистан", "O'zbekiston", "Oʻzbekiston"};
static const char *const TM_STYLES[] = {"TURKMENISTAN", "Turkmenistan", "TM", "Туркменистан"};
static const char *const CN_STYLES[] = {"CHINA", "China", "CN", "PRC", "People's Republic of China"};
static const char *const MY_STYLES[] = {"MALAYSIA", "Malaysia", "MY", "MYS"};
static const char *const GH_STYLES[] = {"GHANA", "Ghana", "GH"};
static const char *const CI_STYLES[] = {"Côte d'Ivoire", "COTE D'IVOIRE", "Ivory Coast", "CI"};

static const char *const XJ_CITIES[] = {"Urumqi", "Shihezi", "Aksu", "Kashgar", "Korla", "Hotan", "Turpan", "Changji", "Kuitun", "Alar"};
static const char *const XJ_REGION[] = {"Xinjiang", "Xinjiang Uygur Autonomous Region", "XUAR", "Xinjiang Uyghur Autonomous Region", "Xinjiang, China"};
static const char *const XJ_CHINESE[] = {"新疆维吾尔自治区乌鲁木齐市经济技术开发区", "新疆石河子市开发区北四东路", "新疆维吾尔自治区阿克苏市纺织工业城", "新疆库尔勒市经济技术开发区"};
static const char *const ENTITY_NAMES[] = {
    "HOSHINE SILICON INDUSTRY (SHANSHAN) CO LTD", "Hoshine Silicon Industry (Shanshan) Co., Ltd.",
    "XINJIANG DAQO NEW ENERGY CO LTD", "Xinjiang East Hope Nonferrous Metals Co., Ltd.",
    "XINJIANG GCL NEW ENERGY MATERIAL TECHNOLOGY CO LTD", "HOSHINE SILICON IND (SHANSHAN) CO., LTD"};
static const char *const CARRIERS[] = {"MAEU", "MEDU", "CMDU", "COSU", "HLCU", "ONEY", "EGLV", "OOLU", "YMLU", "HDMU", "ZIMU"};

/* Consignee name parts (fictional US importers). */
static const char *const IMP_A[] = {"Harbor", "Blue", "Cedar", "Summit", "Prairie", "Kestrel", "Arcadia", "North", "Bright", "Oak", "Tide", "Great Lakes", "Ridge", "Mid", "Copper", "Sierra", "Bell", "Salt", "Maple", "Sun", "Clear", "Carolina", "Iron", "Key", "Meridian", "Evergreen", "Red", "Alder", "Bloom", "High", "West", "Pine", "Granite", "Silver", "Lake", "River"};
static const char *const IMP_B[] = {"line", "field", "stone", "gate", "wave", "wood", "water", "point", "view", "crest", "haven", "brook", "ridge", "bridge", "land", "way"};
static const char *const IMP_C[] = {"Apparel", "Outfitters", "Home Goods", "Electronics", "Computing", "Auto Parts", "Industrial Supply", "Foods", "Imports", "Trading", "Distribution", "Retail", "Brands", "Housewares", "Supply", "Merchandise"};
static const char *const IMP_D[] = {"Inc", "LLC", "Corp", "Co"};

static const char *const DESC_TAIL[] = {
    "SHIPPER'S LOAD, STOW AND COUNT", "THIS SHIPMENT CONTAINS NO SOLID WOOD PACKING MATERIALS",
    "FREIGHT COLLECT", "FREIGHT PREPAID", "SAID TO CONTAIN",
    "NO WOOD PACKAGING", "DELIVERY TERMS FOB", "CUSTOMER ORDER", "AS PER PROFORMA INVOICE",
    "MARKS AND NUMBERS AS PER ATTACHED LIST", "LOADED ON PALLETS", "L/C NO. AS PER COMMERCIAL INVOICE",
    "NOTIFY PARTY SAME AS CONSIGNEE", "TEMPERATURE CONTROLLED", "GROSS WEIGHT AS DECLARED"};

/* ------------------------------------------------------------------------------------------ */
/* Pools built at start-up                                                                     */
/* ------------------------------------------------------------------------------------------ */

#define SHIPPERS_PER_LANE 48
#define N_IMPORTERS 400

typedef struct shipper {
    char name[96];
    char addr[192];
    int prod[2];
    int cust[3];
} shipper;

typedef struct importer {
    char v[3][96]; /* name variants */
} importer;

static shipper shippers[N_ELEMS(LANES)][SHIPPERS_PER_LANE];
static importer importers[N_IMPORTERS];
static int lane_total_weight;

static int lane_nproducts(const lane *l)
{
    int n = 0;
    while (n < 6 && l->products[n] >= 0)
        n++;
    return n;
}

static void upper_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 'a' + 'A');
}

static void build_pools(void)
{
    for (int i = 0; i < N_IMPORTERS; i++) {
        importer *im = &importers[i];
        const char *d = PICK(IMP_D);
        const char *c = PICK(IMP_C);
        const char *b = PICK(IMP_B);
        const char *a = PICK(IMP_A);
        snprintf(im->v[0], sizeof im->v[0], "%s%s %s %s", a, b, c, d);
        memcpy(im->v[1], im->v[0], sizeof im->v[1]);
        upper_ascii(im->v[1]);
        snprintf(im->v[2], sizeof im->v[2], "%s%s %s, %s.", a, b, c, d);
    }
    for (size_t li = 0; li < N_ELEMS(LANES); li++) {
        const lane *l = &LANES[li];
        int np = lane_nproducts(l);
        lane_total_weight += l->weight;
        for (int k = 0; k < SHIPPERS_PER_LANE; k++) {
            shipper *s = &shippers[li][k];
            /* one random call per statement: argument evaluation order is unspecified */
            const char *city = PICKN(l->cities);
            const char *word = PICKN(l->words);
            const char *suffix = PICKN(l->suffix);
            const char *street = PICKN(l->streets);
            int number = rnd_range(1, 299);
            int postcode = rnd_range(10000, 99999);
            static const char *const UNIT[] = {"Building", "Block", "Factory", "Unit", "Plant"};
            const char *unit = PICK(UNIT);
            int unit_no = rnd_range(1, 12);
            s->prod[0] = l->products[rnd_below((uint32_t)np)];
            s->prod[1] = l->products[rnd_below((uint32_t)np)];
            snprintf(s->name, sizeof s->name, "%s %s %s", word, PRODUCTS[s->prod[0]].maker, suffix);
            snprintf(s->addr, sizeof s->addr, "%s %d, %s, No. %d, %s %05d, %s", unit, unit_no, street,
                     number, city, postcode, l->country);
            for (int c = 0; c < 3; c++)
                s->cust[c] = (int)rnd_below(N_IMPORTERS);
        }
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Field writers                                                                               */
/* ------------------------------------------------------------------------------------------ */

static const int MDAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

static int days_in(int y, int m)
{
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return MDAYS[m - 1];
}

/* Random date in [y0-m0, y1-m1] (whole months), written in a trade-data style. */
static void out_date(int y0, int m0, int y1, int m1)
{
    int span = (y1 * 12 + m1 - 1) - (y0 * 12 + m0 - 1) + 1;
    int k = (y0 * 12 + m0 - 1) + (int)rnd_below((uint32_t)span);
    int y = k / 12, m = k % 12 + 1;
    int d = rnd_range(1, days_in(y, m));
    SB(s);
    uint32_t r = rnd_below(100);
    if (r < 90) {
        sb_u64w(&s, (uint64_t)y, 4); sb_str(&s, "-"); sb_u64w(&s, (uint64_t)m, 2);
        sb_str(&s, "-"); sb_u64w(&s, (uint64_t)d, 2);
    } else if (r < 94) {
        sb_u64w(&s, (uint64_t)m, 2); sb_str(&s, "/"); sb_u64w(&s, (uint64_t)d, 2);
        sb_str(&s, "/"); sb_u64w(&s, (uint64_t)y, 4);
    } else if (r < 96) {
        sb_u64w(&s, (uint64_t)y, 4); sb_str(&s, "/"); sb_u64w(&s, (uint64_t)m, 2);
        sb_str(&s, "/"); sb_u64w(&s, (uint64_t)d, 2);
    } else if (r < 98) {
        sb_u64w(&s, (uint64_t)y, 4); sb_u64w(&s, (uint64_t)m, 2); sb_u64w(&s, (uint64_t)d, 2);
    } else {
        sb_u64w(&s, (uint64_t)y, 4); sb_str(&s, "-"); sb_u64w(&s, (uint64_t)m, 2);
        sb_str(&s, "-"); sb_u64w(&s, (uint64_t)d, 2); sb_str(&s, "T00:00:00");
    }
    out_field(s.b, s.n);
}

/* A 10-digit HTS code in one of the styles trade data uses. */
static void out_hs(const char *h)
{
    char t[24];
    size_t n = 0;
    uint32_t r = rnd_below(100);
#define CP(from, len) (memcpy(t + n, h + (from), (len)), n += (len))
    if (r < 30) {
        CP(0, 4); t[n++] = '.'; CP(4, 2);
    } else if (r < 45) {
        CP(0, 4); t[n++] = '.'; CP(4, 2); t[n++] = '.'; CP(6, 4);
    } else if (r < 65) {
        CP(0, 6);
    } else if (r < 72) {
        CP(0, 4); t[n++] = ' '; CP(4, 2);
    } else if (r < 90) {
        CP(0, 10);
    } else if (r < 95) {
        CP(0, 4); t[n++] = '.'; CP(4, 2); t[n++] = '.'; CP(6, 2);
    } else if (r < 98) {
        memcpy(t, "HS ", 3); n = 3; CP(0, 4); t[n++] = '.'; CP(4, 2);
    } else {
        CP(0, 4);
    }
#undef CP
    /* a spreadsheet dropped the leading zero of chapters 01-09 */
    if (t[0] == '0' && (r >= 45 && r < 65) && rnd_below(3) == 0)
        out_field(t + 1, n - 1);
    else
        out_field(t, n);
}

static const char *pick_style(const style *st)
{
    int total = 0;
    for (int i = 0; i < 7 && st[i].w; i++)
        total += st[i].w;
    int r = (int)rnd_below((uint32_t)total);
    for (int i = 0; i < 7 && st[i].w; i++) {
        if (r < st[i].w)
            return st[i].s;
        r -= st[i].w;
    }
    return st[0].s;
}

static uint64_t n_special; /* rows with an embedded newline or doubled quotes */

/* Description: base text plus the reference clutter real bills of lading carry. */
static void out_description(const char *base, const char *hts, int qty)
{
    SB(s);
    uint32_t r = rnd_below(1000);
    int special = r < 10; /* 1%: line break or quotes */
    if (rnd_below(4) == 0) {
        sb_u64(&s, (uint64_t)qty);
        sb_str(&s, rnd_below(2) ? " CARTONS " : " PACKAGES OF ");
    }
    sb_str(&s, base);
    if (special && r < 4) {
        sb_str(&s, " 24\" X 24\"");
    } else if (special && r < 6) {
        sb_str(&s, " \"RUSH ORDER\"");
    }
    int segs = 5 + (int)rnd_below(7);
    for (int i = 0; i < segs; i++) {
        if (special && r >= 6 && i == 1)
            sb_str(&s, "\n");
        else
            sb_str(&s, " ");
        switch (rnd_below(9)) {
        case 0: sb_str(&s, "PO# "); sb_u64(&s, 4500000000ull + rnd_below(100000000)); break;
        case 1: sb_str(&s, "STYLE NO. "); sb_u64w(&s, rnd_below(100000), 5); break;
        case 2: sb_str(&s, "INVOICE NO. "); sb_u64w(&s, 20 + rnd_below(7), 2); sb_str(&s, "-");
                sb_u64w(&s, rnd_below(100000), 5); break;
        case 3: sb_str(&s, "HS CODE "); { char t[7]; memcpy(t, hts, 6); t[6] = 0; sb_str(&s, t); } break;
        case 4: sb_str(&s, "HTS "); sb_str(&s, hts); break;
        case 5: sb_str(&s, "NET WEIGHT "); sb_u64(&s, 100 + rnd_below(20000)); sb_str(&s, " KGS"); break;
        case 6: sb_str(&s, "SEAL NO. "); sb_str(&s, PICK(CARRIERS)); sb_u64w(&s, rnd_below(10000000), 7); break;
        default: sb_str(&s, PICK(DESC_TAIL)); break;
        }
    }
    if (special)
        n_special++;
    out_field(s.b, s.n);
}

static void out_bol(uint64_t row, uint64_t seed)
{
    /* Unique per row: an odd multiplier not divisible by 5 permutes 0..10^10-1. */
    const uint64_t M = 10000000000ull;
    uint64_t x = (row * 2654435761ull + (seed * 7919ull) % M) % M;
    SB(s);
    sb_str(&s, CARRIERS[rnd_below((uint32_t)N_ELEMS(CARRIERS))]);
    sb_u64w(&s, x, 10);
    out_field(s.b, s.n);
}

static void out_numbers(const product *p, int qty)
{
    double kg = qty * rnd_uniform(p->klo, p->khi);
    double usd = kg * rnd_uniform(p->plo, p->phi);
    SB(s);
    sb_u64(&s, (uint64_t)qty);
    sb_str(&s, ",");
    sb_fixed(&s, kg, (int)rnd_below(2));
    sb_str(&s, ",");
    sb_fixed(&s, usd, rnd_below(2) ? 2 : 0);
    out_mem(s.b, s.n);
}

static const char *importer_name(int idx)
{
    const importer *im = &importers[idx];
    uint32_t r = rnd_below(10);
    return r < 6 ? im->v[0] : r < 8 ? im->v[1] : im->v[2];
}

/* ------------------------------------------------------------------------------------------ */
/* Rows                                                                                        */
/* ------------------------------------------------------------------------------------------ */

static void ordinary_row(void)
{
    int r = (int)rnd_below((uint32_t)lane_total_weight);
    size_t li = 0;
    while (r >= LANES[li].weight) {
        r -= LANES[li].weight;
        li++;
    }
    const lane *l = &LANES[li];
    const shipper *s = &shippers[li][rnd_below(SHIPPERS_PER_LANE)];
    const product *p = &PRODUCTS[s->prod[rnd_below(2)]];
    int qty = rnd_range(p->qlo, p->qhi);

    out_date(2010, 1, 2026, 10);
    out_chr(',');
    out_fieldz(importer_name(s->cust[rnd_below(3)]));
    out_chr(',');
    out_fieldz(s->name);
    out_chr(',');
    out_fieldz(s->addr);
    out_chr(',');
    out_fieldz(pick_style(l->styles));
    out_chr(',');
    out_fieldz(PICKN(l->ports));
    out_chr(',');
    out_hs(p->hts);
    out_chr(',');
    out_description(p->desc[rnd_below(4)], p->hts, qty);
    out_chr(',');
    out_numbers(p, qty);
}

/* One risky row: the pattern decides origin, goods, date window and shipper. */
static void risky_row(void)
{
    static const product RISK_GOODS[] = {
        {"5201001000", {"RAW COTTON IN BALES", "RAW COTTON, NOT CARDED OR COMBED", "Cotton lint", "RAW COTTON"}, 80, 130, 200, 230, 1.5, 2.1, ""},
        {"5205120000", {"COTTON YARN NE 30/1 COMBED", "100% COTTON YARN, CARDED", "Cotton yarn, ring spun", "COMBED COTTON YARN NE 40/1"}, 200, 420, 40, 50, 2.5, 4, ""},
        {"5208120000", {"WOVEN COTTON FABRIC, UNBLEACHED", "100% COTTON POPLIN FABRIC", "Cotton sheeting fabric", "COTTON TWILL FABRIC"}, 40, 90, 120, 180, 3, 5, ""},
        {"2002900000", {"TOMATO PASTE 28-30% BRIX", "TOMATO PASTE IN ASEPTIC DRUMS", "Tomato paste", "TOMATO PUREE"}, 60, 90, 230, 250, 0.9, 1.3, ""},
        {"2804610000", {"POLYSILICON, SOLAR GRADE", "POLYSILICON CHUNKS", "Polycrystalline silicon", "HIGH PURITY POLYSILICON 99.9999%"}, 20, 50, 480, 520, 15, 30, ""},
        {"4015190510", {"NITRILE EXAMINATION GLOVES, POWDER FREE", "DISPOSABLE NITRILE GLOVES", "Rubber gloves", "LATEX EXAMINATION GLOVES"}, 1500, 2800, 7, 9, 9, 14, ""},
        {"1801000000", {"RAW COCOA BEANS, WHOLE", "COCOA BEANS IN JUTE BAGS", "Cocoa beans, fermented and dried", "COCOA BEANS, MAIN CROP"}, 300, 420, 62, 64, 2.5, 4.2, ""},
        {"6109100012", {"MEN'S 100% COTTON T-SHIRTS", "COTTON KNIT T-SHIRTS", "Cotton T-shirts", "LADIES COTTON TEES"}, 400, 1200, 10, 13, 8, 12, ""},
    };
    enum { G_COTTON, G_YARN, G_FABRIC, G_TOMATO, G_POLY, G_GLOVES, G_COCOA, G_TSHIRT };
    const char *origin, *port;
    char name[160], addr[256];
    const product *p;
    int y0 = 2010, m0 = 1, y1 = 2026, m1 = 10;
    uint32_t pat = rnd_below(100);
    /* drawn up front: one random call per statement keeps the output compiler-independent */
    int num = rnd_range(1, 299);
    unsigned post = rnd_below(100);
    int coin = (int)rnd_below(2);

    if (pat < 20) { /* Uzbek cotton while listed */
        p = &RISK_GOODS[rnd_below(3)];
        origin = PICK(UZ_STYLES);
        port = rnd_below(2) ? "Riga, Latvia" : "Poti, Georgia";
        snprintf(name, sizeof name, "%s Cotton Trading LLC",
                 rnd_below(2) ? "Fergana" : rnd_below(2) ? "Bukhara" : "Namangan");
        snprintf(addr, sizeof addr, "%d Mustaqillik Street, Tashkent 1001%02u, Uzbekistan", num, post);
        y1 = 2022; m1 = 8;
    } else if (pat < 30) { /* Turkmen cotton after the WRO */
        p = &RISK_GOODS[rnd_below(3)];
        origin = PICK(TM_STYLES);
        port = "Poti, Georgia";
        snprintf(name, sizeof name, "Ashgabat Cotton %s", coin ? "Export Co" : "Spinning Mill");
        snprintf(addr, sizeof addr, "%d Magtymguly Avenue, Ashgabat 7440%02u, Turkmenistan", num, post);
        y0 = 2018; m0 = 6;
    } else if (pat < 55) { /* shipper in Xinjiang */
        static const int XG[] = {G_COTTON, G_YARN, G_TOMATO, G_POLY, G_TSHIRT, G_FABRIC};
        p = &RISK_GOODS[PICK(XG)];
        origin = PICK(CN_STYLES);
        port = rnd_below(2) ? "Tianjin, China" : "Qingdao, China";
        const char *city = PICK(XJ_CITIES);
        snprintf(name, sizeof name, "%s Tianshan %s Co Ltd", city,
                 p == &RISK_GOODS[G_TOMATO] ? "Tomato Products" : p == &RISK_GOODS[G_POLY] ? "Silicon" : "Textile");
        if (rnd_below(5) == 0) {
            const char *cn = PICK(XJ_CHINESE);
            snprintf(addr, sizeof addr, "%s%d号", cn, num);
        } else {
            const char *region = PICK(XJ_REGION);
            snprintf(addr, sizeof addr, "No. %d Beijing Road, %s, %s 8300%02u, China", num, city,
                     region, post);
        }
        y0 = 2022; m0 = 7;
    } else if (pat < 67) { /* Malaysian rubber gloves after the listing */
        p = &RISK_GOODS[G_GLOVES];
        origin = PICK(MY_STYLES);
        port = "Port Klang, Malaysia";
        snprintf(name, sizeof name, "%s Nitrile Sdn Bhd", coin ? "Klang Valley" : "Selangor");
        snprintf(addr, sizeof addr, "Lot %d, Jalan Perindustrian, 421%02u Klang, Selangor, Malaysia",
                 num, post);
        y0 = 2020; m0 = 10;
    } else if (pat < 80) { /* West African cocoa */
        p = &RISK_GOODS[G_COCOA];
        int gh = coin;
        origin = gh ? PICK(GH_STYLES) : PICK(CI_STYLES);
        port = gh ? "Tema, Ghana" : "San Pedro, Côte d'Ivoire";
        snprintf(name, sizeof name, "%s Cocoa Export %s", gh ? "Tema" : "San Pedro", gh ? "Ltd" : "SA");
        if (gh)
            snprintf(addr, sizeof addr, "Harbour Road, Community %d, Tema, Ghana", num);
        else
            snprintf(addr, sizeof addr, "Zone Portuaire, BP %d, San-Pédro, Côte d'Ivoire", num);
    } else if (pat < 90) { /* Chinese polysilicon after the listing */
        p = &RISK_GOODS[G_POLY];
        origin = PICK(CN_STYLES);
        port = "Shanghai, China";
        snprintf(name, sizeof name, "Jiangsu %s Silicon Materials Co Ltd", coin ? "Crystal" : "Zhongneng");
        snprintf(addr, sizeof addr, "No. %d Yangshan Road, Xuzhou, Jiangsu 2210%02u, China", num, post);
        y0 = 2022; m0 = 10;
    } else { /* names from screening lists */
        p = &RISK_GOODS[G_POLY];
        origin = PICK(CN_STYLES);
        port = "Ningbo, China";
        snprintf(name, sizeof name, "%s", PICK(ENTITY_NAMES));
        snprintf(addr, sizeof addr,
                 "Zhapu Economic Development Zone, Pinghu, Jiaxing, Zhejiang 3142%02u, China", post);
        y0 = 2022; m0 = 7;
    }
    int qty = rnd_range(p->qlo, p->qhi);

    out_date(y0, m0, y1, m1);
    out_chr(',');
    out_fieldz(importer_name((int)rnd_below(N_IMPORTERS)));
    out_chr(',');
    out_fieldz(name);
    out_chr(',');
    out_fieldz(addr);
    out_chr(',');
    out_fieldz(origin);
    out_chr(',');
    out_fieldz(port);
    out_chr(',');
    out_hs(p->hts);
    out_chr(',');
    out_description(p->desc[rnd_below(4)], p->hts, qty);
    out_chr(',');
    out_numbers(p, qty);
}

/* ------------------------------------------------------------------------------------------ */
/* Realistic mix (--mix realistic)                                                             */
/* ------------------------------------------------------------------------------------------ */

/*
 * The tables (goods, 23 countries) are in gen_realistic.h. A record picks a country by its
 * weight, then one of its goods by weight, so the share of flagged records does not depend on
 * which shippers a small file happens to draw. Each (country, good) keeps its shippers in the
 * order they first shipped: with probability Q_SHIPPER a record brings a new one, else it
 * reuses one, the earlier ones more often (index n * u^2). A known shipper writes a new
 * spelling of its address with probability Q_ADDRESS, else one it used before (mostly the
 * first). Distinct shippers and addresses so grow in step with the rows: about 17,000 and
 * 80,000 a million. A shipper's name and canonical address are a function of the seed, the
 * country, the good and its index (hash_rng), so nothing but a count of address spellings a
 * shipper is stored.
 */
#include "gen_realistic.h"

#define Q_SHIPPER 0.0175
#define Q_ADDRESS 0.059
#define N_RIMPORTERS 3000
#define RL_GOODS (N_ELEMS(RLANES[0].goods))

typedef struct pool {
    uint32_t *nvar; /* address spellings used so far, per shipper */
    uint32_t n, cap;
} pool;

typedef struct rimporter {
    char v[4][112]; /* spellings */
} rimporter;

typedef struct rship {
    const rlane *l;
    uint64_t key;
    char name[192];
    char addr[384]; /* canonical spelling */
} rship;

static pool pools[N_ELEMS(RLANES)][RL_GOODS];
static int rl_goods_weight[N_ELEMS(RLANES)];
static int rl_total_weight;
static rimporter *rimporters;
static uint64_t rl_salt;
static uint64_t rl_shippers, rl_addresses; /* made, for the summary line */

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A splitmix64 stream of its own, keyed by a shipper: its draws do not touch rnd64's. */
typedef struct hash_rng {
    uint64_t s;
} hash_rng;

static uint64_t h64(hash_rng *h)
{
    return mix64(h->s += 0x9E3779B97F4A7C15ull);
}

static uint32_t h_below(hash_rng *h, uint32_t n)
{
    return (uint32_t)(((h64(h) >> 32) * (uint64_t)n) >> 32);
}

static double h_unit(hash_rng *h)
{
    return (double)(h64(h) >> 11) * (1.0 / 9007199254740992.0);
}

static const char *h_pickn(hash_rng *h, const char *const *a, size_t cap)
{
    size_t n = 0;
    while (n < cap && a[n])
        n++;
    return a[h_below(h, (uint32_t)n)];
}
#define HPICKN(h, arr) h_pickn((h), (arr), N_ELEMS(arr))

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "gen_shipments: out of memory\n");
        exit(1);
    }
    return q;
}

/* Collapse runs of spaces, drop spaces before ',' and at the ends (an empty word in a
 * template leaves them). */
static void squeeze(sb *s)
{
    size_t o = 0;
    for (size_t i = 0; i < s->n; i++) {
        char c = s->b[i];
        if (c == ' ' && (o == 0 || s->b[o - 1] == ' '))
            continue;
        if (c == ',' && o && s->b[o - 1] == ' ')
            o--;
        s->b[o++] = c;
    }
    while (o && s->b[o - 1] == ' ')
        o--;
    s->n = o;
    s->b[o] = 0;
}

/* fmt with %x replaced by val[x - 'a']. */
static void expand(sb *s, const char *fmt, const char *const val[26])
{
    char lit[2] = {0, 0};
    for (const char *f = fmt; *f; f++) {
        if (f[0] == '%' && f[1] >= 'a' && f[1] <= 'z') {
            f++;
            sb_str(s, val[*f - 'a'] ? val[*f - 'a'] : "");
        } else {
            lit[0] = *f;
            sb_str(s, lit);
        }
    }
    squeeze(s);
}

/* A postcode: the place's first digits completed to len digits (len 0: a UK-style
 * inward code after the district). */
static void postcode(char *out, size_t cap, const rplace *pl, int len, hash_rng *h)
{
    size_t n = (size_t)snprintf(out, cap, "%s", pl->pc);
    if (len == 0) {
        if (n + 5 <= cap) {
            out[n++] = ' ';
            out[n++] = (char)('1' + h_below(h, 9));
            out[n++] = (char)('A' + h_below(h, 26));
            out[n++] = (char)('A' + h_below(h, 26));
        }
    } else {
        while (n < (size_t)len && n + 1 < cap)
            out[n++] = (char)('0' + h_below(h, 10));
    }
    out[n] = 0;
}

static void rl_shipper(rship *s, size_t li, size_t gi, uint32_t idx)
{
    const rlane *l = &RLANES[li];
    s->l = l;
    s->key = mix64(rl_salt ^ (((uint64_t)li << 48) | ((uint64_t)gi << 40) | idx));
    hash_rng h = {s->key};
    const rplace *pl = &l->places[h_below(&h, (uint32_t)N_ELEMS(l->places))];
    const char *val[26] = {0};
    char num[16], pc[24];
    val['c' - 'a'] = pl->city;
    val['a' - 'a'] = HPICKN(&h, l->brand_a);
    val['b' - 'a'] = HPICKN(&h, l->brand_b);
    val['m' - 'a'] = l->goods[gi].p->maker;
    val['x' - 'a'] = HPICKN(&h, l->mid);
    val['f' - 'a'] = HPICKN(&h, l->suffix);
    SB(name);
    expand(&name, l->name_fmt, val);
    memcpy(s->name, name.b, name.n + 1 < sizeof s->name ? name.n + 1 : sizeof s->name);
    s->name[sizeof s->name - 1] = 0;

    snprintf(num, sizeof num, "%u", 1 + h_below(&h, 480));
    postcode(pc, sizeof pc, pl, l->pc_len, &h);
    val['n' - 'a'] = num;
    val['s' - 'a'] = HPICKN(&h, l->streets);
    val['d' - 'a'] = HPICKN(&h, l->districts);
    val['r' - 'a'] = pl->prov;
    val['p' - 'a'] = pc;
    val['k' - 'a'] = l->country;
    SB(addr);
    expand(&addr, l->addr_fmt, val);
    memcpy(s->addr, addr.b, addr.n + 1 < sizeof s->addr ? addr.n + 1 : sizeof s->addr);
    s->addr[sizeof s->addr - 1] = 0;
}

/* Abbreviations real address fields use; the first that occurs is applied everywhere. */
static int abbreviate(sb *out, const char *a)
{
    static const char *const AB[][2] = {
        {" Road", " Rd"}, {" Street", " St"}, {" Avenue", " Ave"}, {"Industrial", "Ind."},
        {"District", "Dist."}, {" Province", " Prov."}, {"Boulevard", "Blvd"}, {"Estate", "Est."},
        {"strasse", "str."}, {"Caddesi", "Cad."}, {"Avenida", "Av."}, {"Jalan", "Jln"},
        {"Kawasan", "Kaw."}, {"Calle", "C/"}, {"Special Economic Zone", "SEZ"}, {"Plot", "Pl."},
        {"Lot", "L."}, {"Sec.", "Section"}, {"Via", "V."}, {"Rua", "R."},
    };
    for (size_t k = 0; k < N_ELEMS(AB); k++) {
        const char *hit = strstr(a, AB[k][0]);
        if (!hit)
            continue;
        size_t flen = strlen(AB[k][0]);
        while (hit) {
            char part[384];
            size_t n = (size_t)(hit - a);
            if (n >= sizeof part)
                n = sizeof part - 1;
            memcpy(part, a, n);
            part[n] = 0;
            sb_str(out, part);
            sb_str(out, AB[k][1]);
            a = hit + flen;
            hit = strstr(a, AB[k][0]);
        }
        sb_str(out, a);
        return 1;
    }
    return 0;
}

/*
 * Spelling v of a shipper's address: 0 is the canonical one; v >= 8 adds a room number (one
 * for each eight), and v % 8 picks the style: as written, upper case, abbreviated, without the
 * country, with a floor, with a closing period, with ';' for ',', on two lines.
 */
static void rl_address(sb *out, const rship *s, uint32_t v)
{
    char room[32] = "";
    if (v >= 8)
        snprintf(room, sizeof room, "Room %u, ", 100 + v / 8);
    sb_str(out, room);
    const char *a = s->addr;
    size_t start = out->n;
    switch (v % 8) {
    case 0:
        sb_str(out, a);
        break;
    case 1:
        sb_str(out, a);
        for (size_t i = start; i < out->n; i++)
            if (out->b[i] >= 'a' && out->b[i] <= 'z')
                out->b[i] = (char)(out->b[i] - 'a' + 'A');
        break;
    case 2:
        if (!abbreviate(out, a)) {
            sb_str(out, "Factory: ");
            sb_str(out, a);
        }
        break;
    case 3: {
        size_t n = strlen(a), k = strlen(s->l->country);
        sb_str(out, a);
        if (n > k + 2 && !strcmp(a + n - k, s->l->country)) {
            out->n -= k + 2;
            out->b[out->n] = 0;
        } else {
            sb_str(out, " (main office)");
        }
        break;
    }
    case 4: {
        char fl[24];
        snprintf(fl, sizeof fl, "%u/F, ", 2 + (unsigned)(mix64(s->key + v) % 28));
        sb_str(out, fl);
        sb_str(out, a);
        break;
    }
    case 5:
        sb_str(out, a);
        sb_str(out, ".");
        break;
    case 6:
        sb_str(out, a);
        for (size_t i = start; i < out->n; i++)
            if (out->b[i] == ',')
                out->b[i] = ';';
        break;
    default: {
        const char *comma = strstr(a, ", ");
        if (comma) {
            char part[384];
            size_t n = (size_t)(comma - a);
            memcpy(part, a, n);
            part[n] = 0;
            sb_str(out, part);
            sb_str(out, "\n");
            sb_str(out, comma + 2);
        } else {
            sb_str(out, a);
            sb_str(out, "\n");
        }
        break;
    }
    }
}

static void build_realistic(uint64_t seed)
{
    rl_salt = mix64(seed ^ 0x7265616C69737469ull);
    for (size_t li = 0; li < N_ELEMS(RLANES); li++) {
        rl_total_weight += RLANES[li].weight;
        for (size_t gi = 0; gi < RL_GOODS && RLANES[li].goods[gi].p; gi++)
            rl_goods_weight[li] += RLANES[li].goods[gi].w;
    }
    rimporters = xrealloc(NULL, N_RIMPORTERS * sizeof *rimporters);
    for (int i = 0; i < N_RIMPORTERS; i++) {
        rimporter *im = &rimporters[i];
        const char *d = PICK(IMP_D);
        const char *c = PICK(IMP_C);
        const char *b = PICK(IMP_B);
        const char *a = PICK(IMP_A);
        snprintf(im->v[0], sizeof im->v[0], "%s%s %s %s", a, b, c, d);
        memcpy(im->v[1], im->v[0], sizeof im->v[1]);
        upper_ascii(im->v[1]);
        snprintf(im->v[2], sizeof im->v[2], "%s%s %s, %s.", a, b, c, d);
        snprintf(im->v[3], sizeof im->v[3], "%s%s %s", a, b, c);
    }
}

static void free_realistic(void)
{
    for (size_t li = 0; li < N_ELEMS(RLANES); li++)
        for (size_t gi = 0; gi < RL_GOODS; gi++)
            free(pools[li][gi].nvar);
    free(rimporters);
}

/* Index in [0, n) with the low ones likelier: n * u^2. */
static uint32_t skewed(uint32_t n, double u)
{
    uint32_t i = (uint32_t)((double)n * u * u);
    return i < n ? i : n - 1;
}

/* Which shipper of pool p ships this record, and which spelling of its address it uses. */
static void rl_pick(pool *p, uint32_t *idx, uint32_t *var)
{
    double u = rnd_unit();
    if (p->n == 0 || u < Q_SHIPPER) {
        if (p->n == p->cap) {
            p->cap = p->cap ? 2 * p->cap : 16;
            p->nvar = xrealloc(p->nvar, p->cap * sizeof *p->nvar);
        }
        p->nvar[p->n] = 1;
        *idx = p->n++;
        *var = 0;
        rl_shippers++;
        rl_addresses++;
        return;
    }
    double w = rnd_unit();
    *idx = skewed(p->n, w);
    double z = rnd_unit();
    if (z < Q_ADDRESS) {
        *var = p->nvar[*idx]++;
        rl_addresses++;
    } else {
        double y = rnd_unit();
        *var = (uint32_t)((double)p->nvar[*idx] * y * y * y);
    }
}

/* The consignee: mostly one of the shipper's three customers, else anyone; the big importers
 * (low indexes) take the most records. Spelled four ways. */
static const char *rl_importer(const rship *s)
{
    hash_rng h = {s->key ^ 0x436F6E7369676E65ull};
    uint32_t cust[3];
    for (int k = 0; k < 3; k++)
        cust[k] = skewed(N_RIMPORTERS, h_unit(&h));
    uint32_t r = rnd_below(4);
    double u = rnd_unit();
    uint32_t who = r < 3 ? cust[r] : skewed(N_RIMPORTERS, u);
    uint32_t sp = rnd_below(10);
    return rimporters[who].v[sp < 6 ? 0 : sp < 8 ? 1 : sp < 9 ? 2 : 3];
}

static void realistic_row(void)
{
    int r = (int)rnd_below((uint32_t)rl_total_weight);
    size_t li = 0;
    while (r >= RLANES[li].weight)
        r -= RLANES[li++].weight;
    const rlane *l = &RLANES[li];
    int g = (int)rnd_below((uint32_t)rl_goods_weight[li]);
    size_t gi = 0;
    while (g >= l->goods[gi].w)
        g -= l->goods[gi++].w;
    const product *p = l->goods[gi].p;
    uint32_t idx, var;
    rl_pick(&pools[li][gi], &idx, &var);
    rship s;
    rl_shipper(&s, li, gi, idx);
    int qty = rnd_range(p->qlo, p->qhi);

    out_date(2021, 1, 2026, 10);
    out_chr(',');
    out_fieldz(rl_importer(&s));
    out_chr(',');
    out_fieldz(s.name);
    out_chr(',');
    SB(addr);
    rl_address(&addr, &s, var);
    out_field(addr.b, addr.n);
    out_chr(',');
    out_fieldz(pick_style(l->styles));
    out_chr(',');
    out_fieldz(PICKN(l->ports));
    out_chr(',');
    out_hs(p->hts);
    out_chr(',');
    out_description(p->desc[rnd_below(4)], p->hts, qty);
    out_chr(',');
    out_numbers(p, qty);
}

static const char HEADER[] =
    "Bill of Lading Number,Arrival Date,Consignee Name,Shipper Name,Shipper Address,"
    "Country of Origin,Foreign Port of Lading,HS Code,Product Description,Quantity,"
    "Weight (kg),Value (USD)\n";

static void usage(void)
{
    fputs("usage: gen_shipments ROWS [SEED] [--mix bench|realistic] [-o FILE] [-q]\n"
          "  Writes ROWS synthetic bill-of-lading records (CSV with header) to standard output\n"
          "  or FILE. The same arguments always give the same bytes (SEED defaults to 1).\n"
          "  --mix bench      (default) 0.5% risky records, a few hundred shippers\n"
          "  --mix realistic  about 17% of records flagged by the project's rule set, about\n"
          "                   17,000 shippers and 80,000 shipper addresses a million records\n",
          stderr);
    exit(2);
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    if (!*s || *s == '-')
        return 0;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return 0;
    *out = v;
    return 1;
}

int main(int argc, char **argv)
{
    uint64_t rows = 0, seed = 1;
    int have_rows = 0, have_seed = 0, quiet = 0, realistic = 0;
    const char *path = NULL;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--mix")) {
            if (++i >= argc)
                usage();
            if (!strcmp(argv[i], "realistic"))
                realistic = 1;
            else if (strcmp(argv[i], "bench"))
                usage();
        } else if (!strcmp(argv[i], "-o")) {
            if (++i >= argc)
                usage();
            path = argv[i];
        } else if (!strcmp(argv[i], "-q")) {
            quiet = 1;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage();
        } else if (!have_rows) {
            if (!parse_u64(argv[i], &rows))
                usage();
            have_rows = 1;
        } else if (!have_seed) {
            if (!parse_u64(argv[i], &seed))
                usage();
            have_seed = 1;
        } else {
            usage();
        }
    }
    if (!have_rows)
        usage();

    out_fp = stdout;
    if (path && !(out_fp = fopen(path, "wb"))) {
        fprintf(stderr, "gen_shipments: %s: %s\n", path, strerror(errno));
        return 1;
    }

    rng_state = seed ^ 0x5DEECE66Dull;
    build_pools();
    if (realistic)
        build_realistic(seed);

    uint64_t n_risky = 0;
    out_str(HEADER);
    for (uint64_t row = 0; row < rows; row++) {
        out_bol(row, seed);
        out_chr(',');
        if (rnd_below(1000) < 5) {
            risky_row();
            n_risky++;
        } else if (realistic) {
            realistic_row();
        } else {
            ordinary_row();
        }
        out_chr('\n');
        if (out_len > OUT_CAP - ROW_MAX)
            out_flush();
    }
    out_flush();
    if (fflush(out_fp) != 0 || (path && fclose(out_fp) != 0)) {
        fprintf(stderr, "gen_shipments: write error: %s\n", strerror(errno));
        return 1;
    }
    if (realistic) {
        free_realistic();
        if (!quiet)
            fprintf(stderr, "gen_shipments: realistic mix: %llu shippers, %llu shipper addresses\n",
                    (unsigned long long)rl_shippers, (unsigned long long)rl_addresses);
    }
    if (!quiet)
        fprintf(stderr,
                "gen_shipments: %llu rows, %llu bytes (%.1f per row), %llu risky, %llu with line "
                "breaks or quotes in the description, seed %llu\n",
                (unsigned long long)rows, (unsigned long long)out_total,
                rows ? (double)out_total / (double)rows : 0.0, (unsigned long long)n_risky,
                (unsigned long long)n_special, (unsigned long long)seed);
    return 0;
}
