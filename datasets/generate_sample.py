#!/usr/bin/env python3
"""Generate flscan's synthetic sample data set.

Writes, next to this script:
  sample_shipments.csv  ~2,000 US import bill-of-lading records (mostly ordinary trade,
                        plus the hand-written test cases in CASES below)
  sample_suppliers.csv  ~100 suppliers, tier 1 to 3, consistent with the shipments
  sample_holdings.csv   a small equity portfolio whose importers appear as consignees
  README.md             description of the files and the table of hand-written cases

Everything is synthetic: company names, addresses and numbers are invented (apart from the
few listed entities that the test cases are about, e.g. the UFLPA Entity List name in HWC-23).

Deterministic: a fixed seed, no clock, no iteration over sets or dicts whose order could depend
on hash randomisation. Running it twice gives byte-identical files.

Usage: python3 datasets/generate_sample.py
Python 3 standard library only.
"""

import datetime
import os
import random
import sys

SEED = 20261129
N_ROWS = 2000  # data rows in sample_shipments.csv, hand-written cases included

HEADER = [
    "Bill of Lading Number", "Arrival Date", "Consignee Name", "Shipper Name",
    "Shipper Address", "Country of Origin", "Foreign Port of Lading", "HS Code",
    "Product Description", "Quantity", "Weight (kg)", "Value (USD)",
]

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# US importers (consignees). key -> name variants as they appear in the data; the first is the
# canonical spelling. sample_holdings.csv lists the variants that actually occur.
# ---------------------------------------------------------------------------------------------
IMPORTERS = [
    ("harborline", ["Harborline Apparel Inc", "HARBORLINE APPAREL INC", "Harborline Apparel, Inc."]),
    ("bluefield", ["Bluefield Outfitters LLC", "BLUEFIELD OUTFITTERS LLC"]),
    ("cedar", ["Cedar & Thread Co", "CEDAR AND THREAD CO"]),
    ("summit", ["Summit Basics Inc", "SUMMIT BASICS INC."]),
    ("prairie", ["Prairie Knitwear LLC", "PRAIRIE KNITWEAR LLC"]),
    ("kestrel", ["Kestrel Computing Inc", "KESTREL COMPUTING INC", "Kestrel Computing, Inc."]),
    ("arcadia", ["Arcadia Devices LLC", "ARCADIA DEVICES LLC"]),
    ("northgate", ["Northgate Networks Inc", "NORTHGATE NETWORKS INC"]),
    ("brightwave", ["Brightwave Electronics Corp", "BRIGHTWAVE ELECTRONICS CORP"]),
    ("oakridge", ["Oakridge Home Furnishings Inc", "OAKRIDGE HOME FURNISHINGS"]),
    ("lumenloft", ["Lumen & Loft LLC", "LUMEN AND LOFT LLC"]),
    ("tidewater", ["Tidewater Home Goods Inc", "TIDEWATER HOME GOODS INC"]),
    ("greatlakes", ["Great Lakes Drivetrain Corp", "GREAT LAKES DRIVETRAIN CORP"]),
    ("ridgeback", ["Ridgeback Auto Parts Inc", "RIDGEBACK AUTO PARTS INC"]),
    ("midstate", ["Midstate Motor Components LLC", "MIDSTATE MOTOR COMPONENTS LLC"]),
    ("copperleaf", ["Copperleaf Coffee Roasters LLC", "COPPERLEAF COFFEE ROASTERS LLC"]),
    ("sierra", ["Sierra Valley Foods Inc", "SIERRA VALLEY FOODS INC"]),
    ("bellhaven", ["Bellhaven Imports Inc", "BELLHAVEN IMPORTS INC"]),
    ("saltmarsh", ["Saltmarsh Seafood Co", "SALTMARSH SEAFOOD CO"]),
    ("maplegrove", ["Maple Grove Confections Inc", "MAPLE GROVE CONFECTIONS INC"]),
    ("sunmeadow", ["Sunmeadow Energy Systems LLC", "SUNMEADOW ENERGY SYSTEMS LLC"]),
    ("brightacre", ["Brightacre Solar Inc", "BRIGHTACRE SOLAR INC"]),
    ("clearpath", ["Clearpath Medical Supply Inc", "CLEARPATH MEDICAL SUPPLY INC"]),
    ("carolina", ["Carolina Spindle Works Inc", "CAROLINA SPINDLE WORKS INC"]),
    ("piedmont", ["Piedmont Fiber Trading LLC", "PIEDMONT FIBER TRADING LLC"]),
    ("ironbridge", ["Ironbridge Industrial Supply Inc", "IRONBRIDGE INDUSTRIAL SUPPLY INC"]),
    ("keystone", ["Keystone Tool & Hardware Co", "KEYSTONE TOOL AND HARDWARE CO"]),
    ("meridian", ["Meridian Retail Holdings Inc", "MERIDIAN RETAIL HOLDINGS INC",
                  "Meridian Retail Holdings, Inc."]),
    ("evergreen", ["Evergreen Mercantile Corp", "EVERGREEN MERCANTILE CORP"]),
    ("redprairie", ["Red Prairie Meats Inc", "RED PRAIRIE MEATS INC"]),
    ("aldercreek", ["Alder Creek Metals Corp", "ALDER CREEK METALS CORP"]),
    ("bloomfield", ["Bloomfield Floral Distributors Inc", "BLOOMFIELD FLORAL DISTRIBUTORS INC"]),
    ("highland", ["Highland Cask Imports LLC", "HIGHLAND CASK IMPORTS LLC"]),
    ("westbrook", ["Westbrook Pharma Distribution Inc", "WESTBROOK PHARMA DISTRIBUTION INC"]),
    ("pinecrest", ["Pinecrest Building Supply Inc", "PINECREST BUILDING SUPPLY INC"]),
]
IMPORTER = dict(IMPORTERS)  # lookups only; never iterated


def imp(key):
    """Canonical consignee name of an importer."""
    return IMPORTER[key][0]


# ---------------------------------------------------------------------------------------------
# Products: key -> (10-digit HTS, descriptions, packages per shipment (lo, hi),
#                   kg per package (lo, hi), USD per kg (lo, hi), commodity tag)
# ---------------------------------------------------------------------------------------------
PRODUCTS = {
    "tshirt": ("6109100012", ["MEN'S 100% COTTON KNIT T-SHIRTS", "100% COTTON JERSEY T-SHIRTS, MENS",
                              "LADIES COTTON CREW NECK TEE", "Men's cotton knit T-shirts"],
               (200, 1800), (8, 14), (9, 16), "garments"),
    "tshirt_org": ("6109100012", ["ORGANIC COTTON T-SHIRTS", "100% ORGANIC COTTON JERSEY TEES, UNISEX"],
                   (150, 900), (8, 12), (14, 22), "garments"),
    "sweater": ("6110202079", ["COTTON KNITTED PULLOVER", "MEN'S COTTON CARDIGAN SWEATER",
                               "Ladies cotton knit sweaters"], (150, 1200), (9, 15), (10, 18), "garments"),
    "denim": ("6203424011", ["MEN'S DENIM JEANS 98% COTTON 2% ELASTANE", "MENS 5 POCKET DENIM TROUSERS",
                             "BOYS DENIM JEANS"], (200, 1500), (12, 20), (8, 14), "garments"),
    "wtrousers": ("6204624021", ["WOMEN'S COTTON TWILL PANTS", "LADIES DENIM JEANS, STRETCH"],
                  (200, 1400), (10, 18), (8, 15), "garments"),
    "wshirt": ("6205202016", ["MEN'S WOVEN COTTON SHIRT, LONG SLEEVE", "MENS 100% COTTON OXFORD SHIRTS"],
               (150, 1200), (8, 13), (11, 19), "garments"),
    "laptops": ("8471300100", ["NOTEBOOK COMPUTERS", "LAPTOP COMPUTER 14 INCH", "Portable computers"],
                (50, 600), (4, 9), (60, 140), "electronics"),
    "network": ("8517620090", ["WIRELESS ROUTERS", "NETWORK SWITCH 24 PORT", "WI-FI ACCESS POINTS"],
                (80, 900), (3, 8), (40, 110), "electronics"),
    "adapters": ("8504409580", ["AC POWER ADAPTERS", "USB-C CHARGER 65W", "SWITCHING POWER SUPPLIES"],
                 (100, 1500), (5, 12), (15, 40), "electronics"),
    "cables": ("8544429090", ["USB CABLES", "HDMI CABLE 2M", "DATA CABLES WITH CONNECTORS"],
               (100, 1600), (6, 14), (8, 25), "electronics"),
    "pcparts": ("8473301180", ["COMPUTER MOTHERBOARDS", "GRAPHICS CARD ASSEMBLIES", "PARTS FOR ADP MACHINES"],
                (40, 500), (5, 10), (50, 160), "electronics"),
    "ics": ("8542310000", ["INTEGRATED CIRCUITS", "MICROCONTROLLER UNITS, TAPE AND REEL"],
            (10, 200), (2, 6), (300, 1200), "electronics"),
    "servers": ("8471500150", ["RACK SERVERS 1U", "SERVER CHASSIS WITH MAINBOARD"],
                (20, 300), (15, 30), (60, 150), "electronics"),
    "bikeparts": ("8714913000", ["BICYCLE FRAMES, ALUMINIUM", "BICYCLE FORKS", "CARBON BICYCLE FRAMES"],
                  (50, 600), (6, 15), (12, 45), "bicycle parts"),
    "fasteners": ("7318152095", ["STEEL HEX BOLTS", "STAINLESS STEEL SCREWS", "ZINC PLATED CARRIAGE BOLTS"],
                  (20, 60), (500, 1000), (1.5, 4), "fasteners"),
    "furn_wood": ("9403608081", ["WOODEN DINING TABLES", "SOLID WOOD BOOKCASES", "TEAK OUTDOOR FURNITURE",
                                 "Wooden bedroom furniture, KD"], (40, 400), (20, 60), (3, 8), "furniture"),
    "seats_uph": ("9401614011", ["UPHOLSTERED SOFA, 3 SEATER", "FABRIC ARMCHAIRS", "UPHOLSTERED DINING CHAIRS"],
                  (40, 300), (15, 45), (4, 9), "furniture"),
    "rattan": ("9401530000", ["RATTAN CHAIRS", "RATTAN LOUNGE SET, 4 PCS"], (40, 300), (8, 25), (5, 10),
               "furniture"),
    "plywood": ("4412314155", ["TROPICAL HARDWOOD PLYWOOD 18MM", "PLYWOOD SHEETS 4 X 8 FT"],
                (20, 60), (900, 1400), (0.6, 1.1), "plywood"),
    "sport_shoes": ("6404119000", ["ATHLETIC FOOTWEAR, TEXTILE UPPERS", "RUNNING SHOES", "Sports shoes"],
                    (200, 1500), (6, 12), (12, 30), "footwear"),
    "leather_shoes": ("6403999065", ["MEN'S LEATHER SHOES", "LEATHER BOOTS", "LADIES LEATHER LOAFERS"],
                      (100, 900), (7, 12), (25, 60), "footwear"),
    "autoparts": ("8708998180", ["AUTO PARTS", "STEERING KNUCKLES", "SUSPENSION PARTS FOR MOTOR VEHICLES"],
                  (20, 300), (20, 200), (4, 12), "auto parts"),
    "gearboxes": ("8708407570", ["GEARBOXES FOR PASSENGER CARS", "TRANSMISSION ASSEMBLIES"],
                  (10, 120), (60, 180), (8, 18), "auto parts"),
    "brakes": ("8708305090", ["BRAKE PADS", "BRAKE ROTORS", "DISC BRAKE CALIPERS"],
               (20, 300), (20, 120), (3, 9), "auto parts"),
    "stampings": ("8708295160", ["BODY STAMPINGS", "DOOR ASSEMBLIES", "HOOD PANELS FOR MOTOR VEHICLES"],
                  (10, 150), (80, 400), (3, 7), "auto parts"),
    "bearings": ("8482105044", ["BALL BEARINGS", "DEEP GROOVE BALL BEARINGS"], (20, 200), (30, 150),
                 (6, 20), "bearings"),
    "engine_parts": ("8409919990", ["CYLINDER HEADS", "PISTONS FOR DIESEL ENGINES"], (10, 150),
                     (40, 200), (8, 20), "auto parts"),
    "harness": ("8544300000", ["WIRING HARNESS FOR VEHICLES", "IGNITION WIRING SETS"], (50, 600),
                (10, 40), (10, 30), "auto parts"),
    "machinery": ("8479899499", ["INDUSTRIAL MACHINERY PARTS", "PACKAGING MACHINE", "MIXING MACHINE"],
                  (1, 20), (300, 3000), (10, 40), "machinery"),
    "packmach": ("8422309180", ["FILLING MACHINES", "BOTTLE CAPPING MACHINE"], (1, 12), (400, 2500),
                 (12, 45), "machinery"),
    "machining": ("8457100110", ["VERTICAL MACHINING CENTERS", "CNC MACHINING CENTRE"], (1, 6),
                  (3000, 9000), (15, 40), "machinery"),
    "pharma": ("3004909290", ["PHARMACEUTICAL PREPARATIONS IN DOSAGE FORM",
                              "TABLETS 500MG, 30 X 10 BLISTER", "MEDICAMENTS, PUT UP FOR RETAIL SALE"],
               (20, 400), (8, 25), (30, 200), "pharmaceuticals"),
    "beer": ("2203000060", ["BEER IN BOTTLES 12 X 355ML", "LAGER BEER, CANS"], (800, 2400), (8, 10),
             (1.2, 2.2), "beer"),
    "avocados": ("0804400010", ["FRESH HASS AVOCADOS", "FRESH AVOCADOS, 25 LB CARTONS"], (800, 1800),
                 (10, 12), (1.8, 3.5), "avocados"),
    "coffee": ("0901110015", ["GREEN COFFEE BEANS, ARABICA, EXCELSO", "COLOMBIAN GREEN COFFEE 70KG BAGS",
                              "Unroasted coffee, not decaffeinated"], (250, 320), (69, 70.5), (3.5, 7),
               "coffee"),
    "roses": ("0603110060", ["FRESH CUT ROSES", "FRESH ROSES, ASSORTED COLOURS"], (100, 600), (10, 20),
              (4, 9), "flowers"),
    "flowers": ("0603190105", ["FRESH CUT FLOWERS, ASSORTED BOUQUETS", "FRESH CARNATIONS"], (100, 600),
                (10, 20), (3, 8), "flowers"),
    "metal_furn": ("9403200080", ["METAL SHELVING UNITS", "STEEL OFFICE DESKS", "METAL BED FRAMES"],
                   (80, 600), (15, 40), (2, 5), "furniture"),
    "ceramics": ("6912004810", ["CERAMIC DINNERWARE SETS", "STONEWARE MUGS", "CERAMIC TABLEWARE, 16 PCS"],
                 (200, 1500), (8, 18), (1.5, 4), "ceramics"),
    "handtools": ("8205598000", ["HAND TOOLS", "PUTTY KNIVES AND SCRAPERS", "HAND TOOL SETS"],
                  (200, 1200), (8, 20), (3, 8), "hand tools"),
    "bicycles": ("8712002500", ["BICYCLES 26 INCH", "KIDS BICYCLES", "Bicycles, not motorised"],
                 (100, 500), (15, 22), (5, 12), "bicycles"),
    "led": ("9405428440", ['LED PANEL LIGHT 24" X 24"', "LED DOWNLIGHTS", "LED FLOOD LIGHTS",
                           'LED TUBE 48", 18W'], (200, 1500), (5, 12), (6, 15), "lighting"),
    "valves": ("8481805090", ["BRASS BALL VALVES", "GATE VALVES", "CHECK VALVES, CAST IRON"], (50, 500),
               (15, 40), (4, 10), "valves"),
    "plastic_house": ("3924104000", ["PLASTIC FOOD STORAGE CONTAINERS", "PLASTIC KITCHENWARE"],
                      (300, 1800), (4, 10), (2, 5), "housewares"),
    "tires": ("4011101010", ["PASSENGER CAR RADIAL TIRES", "NEW PNEUMATIC TIRES 205/55R16"], (200, 1200),
              (8, 12), (3, 6), "tires"),
    "steel_sheet": ("7210490091", ["GALVANIZED STEEL COILS", "HOT-DIP GALVANISED STEEL SHEET"], (5, 40),
                    (5000, 15000), (0.7, 1.2), "steel"),
    "fridges": ("8418100080", ["REFRIGERATOR-FREEZERS", "FRENCH DOOR REFRIGERATORS"], (40, 160),
                (70, 120), (4, 9), "appliances"),
    "cameras": ("8525890000", ["DIGITAL CAMERAS", "MIRRORLESS CAMERA BODIES"], (20, 200), (5, 12),
                (150, 400), "electronics"),
    "olive_oil": ("1509204000", ["EXTRA VIRGIN OLIVE OIL 12 X 1L", "EXTRA VIRGIN OLIVE OIL, TINS 3L"],
                  (500, 1400), (11, 14), (6, 11), "olive oil"),
    "wine": ("2204215040", ["RED WINE, DOC, 12 X 750ML", "WHITE WINE 6 X 750ML"], (600, 1600), (8, 16),
             (5, 14), "wine"),
    "flanges": ("7307915010", ["FORGED STEEL FLANGES", "WELD NECK FLANGES, ASTM A105"], (20, 200),
                (100, 600), (2, 5), "steel"),
    "pasta": ("1902192090", ["DURUM WHEAT PASTA", "PASTA, SPAGHETTI 20 X 500G"], (800, 2000), (9, 11),
              (0.9, 1.6), "pasta"),
    "marble": ("6802910500", ["MARBLE TILES, POLISHED", "TRAVERTINE PAVERS"], (10, 40), (900, 1500),
               (0.4, 1.2), "stone"),
    "pipes": ("7306305028", ["WELDED STEEL PIPES", "ERW STEEL PIPE, GALVANIZED"], (10, 60), (1500, 4000),
              (0.8, 1.4), "steel"),
    "rubber_nat": ("4001220000", ["TECHNICALLY SPECIFIED NATURAL RUBBER TSR 20", "NATURAL RUBBER, TSR 10"],
                   (16, 40), (1200, 1260), (1.3, 2.0), "rubber"),
    "lumber": ("4407110042", ["SPRUCE-PINE-FIR LUMBER, KILN DRIED", "SPF DIMENSION LUMBER 2X4"],
               (10, 30), (1500, 2500), (0.4, 0.9), "lumber"),
    "maple": ("1702204000", ["PURE MAPLE SYRUP", "MAPLE SYRUP GRADE A, 12 X 500ML"], (300, 1000),
              (8, 12), (6, 12), "maple syrup"),
    "aircon": ("8415103080", ["SPLIT AIR CONDITIONERS", "WINDOW AIR CONDITIONERS 12000 BTU"], (100, 600),
               (25, 45), (4, 9), "appliances"),
    "whisky": ("2208303030", ["SCOTCH WHISKY 6 X 70CL", "SINGLE MALT SCOTCH WHISKY"], (300, 1200),
               (7, 10), (15, 45), "spirits"),
    "cork": ("4503100000", ["NATURAL CORK STOPPERS", "CORKS FOR WINE BOTTLES"], (100, 500), (8, 15),
             (10, 25), "cork"),
    "cocoa_butter": ("1804000000", ["COCOA BUTTER, DEODORISED", "PURE PRIME PRESSED COCOA BUTTER"],
                     (400, 1000), (25, 25.5), (5, 9), "cocoa butter"),
    "solar_modules": ("8541430010", ["PHOTOVOLTAIC MODULES 550W", "SOLAR PANELS, MONOCRYSTALLINE"],
                      (20, 80), (600, 900), (4, 8), "solar modules"),
}

# ---------------------------------------------------------------------------------------------
# Trade lanes of the ordinary ("background") trade: country of origin, share of rows, ports of
# lading, and shippers (name, address, product keys, importer keys). Every shipper here is a
# tier-1 supplier in sample_suppliers.csv.
# ---------------------------------------------------------------------------------------------
LANES = [
    ("BD", 8, ["Chittagong, Bangladesh", "CHITTAGONG", "Chattogram, Bangladesh"], [
        ("Meghna Knit Composite Ltd", "Plot 45-47, Road 2, Dhaka EPZ, Savar, Dhaka 1349, Bangladesh",
         ["tshirt", "sweater"], ["harborline", "meridian"]),
        ("Sonargaon Apparels Ltd", "House 12, Road 7, Sector 4, Uttara, Dhaka 1230, Bangladesh",
         ["denim", "wtrousers"], ["summit", "meridian"]),
        ("Karnaphuli Garments Ltd", "CEPZ, Plot 18, South Halishahar, Chattogram 4223, Bangladesh",
         ["wshirt", "tshirt"], ["harborline", "bluefield"]),
        ("Gazipur Denim Mills Ltd", "Konabari, Gazipur 1751, Bangladesh", ["denim"], ["bluefield", "cedar"]),
        ("Narayanganj Knitwear Ltd", "BSCIC Industrial Estate, Fatullah, Narayanganj 1421, Bangladesh",
         ["tshirt", "sweater"], ["prairie", "summit"]),
        ("Dhaka Knit Composite Ltd", "Zirabo, Ashulia, Savar, Dhaka 1341, Bangladesh", ["tshirt"],
         ["harborline"]),
    ]),
    ("VN", 15, ["Cai Mep, Vietnam", "HAIPHONG", "Ho Chi Minh City, Vietnam", "VUNG TAU"], [
        ("Saigon Precision Electronics Co Ltd",
         "Lot I-3, Saigon Hi-Tech Park, Thu Duc City, Ho Chi Minh City, Vietnam",
         ["network", "adapters", "cables"], ["kestrel", "northgate"]),
        ("Bac Ninh Digital Manufacturing Co Ltd", "Yen Phong Industrial Park, Bac Ninh Province, Vietnam",
         ["laptops", "network"], ["arcadia", "brightwave"]),
        ("Hai Phong Components JSC", "Trang Due Industrial Park, An Duong District, Hai Phong, Vietnam",
         ["cables", "adapters"], ["brightwave", "ironbridge"]),
        ("Binh Duong Furniture Co Ltd", "VSIP II, Thu Dau Mot City, Binh Duong, Vietnam",
         ["furn_wood", "seats_uph"], ["oakridge", "lumenloft"]),
        ("Dong Nai Wood Products JSC", "Bien Hoa 2 Industrial Zone, Dong Nai, Vietnam", ["furn_wood"],
         ["tidewater", "oakridge"]),
        ("Mekong Footwear Co Ltd", "Tan Tao Industrial Park, Binh Tan District, Ho Chi Minh City, Vietnam",
         ["sport_shoes"], ["bluefield", "meridian"]),
        ("Mekong Solar Module Co Ltd", "Lot C5, Phu My 2 Industrial Park, Ba Ria - Vung Tau, Vietnam",
         ["solar_modules"], ["sunmeadow"]),
        ("Binh Duong Garment JSC", "My Phuoc 3 Industrial Park, Ben Cat, Binh Duong, Vietnam",
         ["tshirt", "wshirt"], ["harborline", "summit"]),
    ]),
    ("TW", 9, ["Kaohsiung, Taiwan", "KEELUNG", "Taipei, Taiwan", "TAICHUNG"], [
        ("Hsinchu Micro Devices Corp", "No. 8, Li-Hsin Rd. 6, Hsinchu Science Park, Hsinchu 300, Taiwan",
         ["ics", "pcparts"], ["kestrel", "arcadia"]),
        ("Taoyuan Server Systems Co Ltd", "No. 66, Huaya 2nd Rd., Guishan Dist., Taoyuan City 333, Taiwan",
         ["servers", "pcparts"], ["northgate", "kestrel"]),
        ("Taichung Cycle Works Co Ltd", "No. 12, Gongye 38th Rd., Xitun Dist., Taichung 407, Taiwan",
         ["bikeparts"], ["evergreen"]),
        ("Kaohsiung Fastener Industrial Co Ltd", "No. 3, Benzhou Rd., Gangshan Dist., Kaohsiung 820, Taiwan",
         ["fasteners"], ["ironbridge", "keystone"]),
        ("New Taipei Network Tech Co Ltd",
         "5F, No. 97, Sec. 1, Xintai 5th Rd., Xizhi Dist., New Taipei City 221, Taiwan",
         ["network"], ["northgate"]),
    ]),
    ("ID", 7, ["Tanjung Priok, Jakarta", "SEMARANG", "Surabaya, Indonesia"], [
        ("PT Jepara Teak Furniture", "Jl. Raya Jepara-Kudus Km 5, Jepara, Central Java 59418, Indonesia",
         ["furn_wood", "rattan"], ["oakridge", "tidewater"]),
        ("PT Cirebon Rattan Indah", "Jl. Raya Plered No. 88, Cirebon, West Java 45154, Indonesia",
         ["rattan"], ["lumenloft"]),
        ("PT Semarang Mebel Nusantara", "Kawasan Industri Wijayakusuma, Semarang 50153, Indonesia",
         ["furn_wood", "seats_uph"], ["oakridge"]),
        ("PT Surabaya Plywood Industries", "Jl. Rungkut Industri III No. 20, Surabaya 60293, Indonesia",
         ["plywood"], ["pinecrest"]),
        ("PT Tangerang Sepatu Prima", "Jl. Industri Raya III, Jatake, Tangerang, Banten 15136, Indonesia",
         ["leather_shoes", "sport_shoes"], ["bluefield"]),
    ]),
    ("DE", 8, ["Hamburg, Germany", "BREMERHAVEN", "Hamburg"], [
        ("Rheinland Antriebstechnik GmbH", "Industriestrasse 14, 50735 Köln, Germany",
         ["gearboxes", "autoparts"], ["greatlakes", "ridgeback"]),
        ("Schwaben Motorenteile GmbH", "Porschestrasse 27, 70435 Stuttgart, Germany",
         ["engine_parts", "bearings"], ["midstate", "greatlakes"]),
        ("Weser Maschinenbau GmbH", "Am Hafen 9, 28217 Bremen, Germany", ["machinery", "packmach"],
         ["ironbridge"]),
        ("Mainfranken Wälzlager GmbH", "Ernst-Sachs-Strasse 3, 97424 Schweinfurt, Germany", ["bearings"],
         ["midstate"]),
        ("Hanse Pharma Logistik GmbH", "Wandsbeker Zollstrasse 87, 22041 Hamburg, Germany", ["pharma"],
         ["westbrook"]),
    ]),
    ("MX", 8, ["Manzanillo, Mexico", "VERACRUZ", "Lazaro Cardenas, Mexico"], [
        ("Autopartes del Bajío SA de CV", "Parque Industrial Castro del Río, Irapuato, Gto. 36810, Mexico",
         ["brakes", "autoparts"], ["ridgeback", "greatlakes"]),
        ("Arneses de Chihuahua S de RL de CV", "Av. Tecnológico 5500, Chihuahua, Chih. 31160, Mexico",
         ["harness"], ["midstate"]),
        ("Troqueles Monterrey SA de CV", "Av. Ruiz Cortines 2500, Guadalupe, N.L. 67190, Mexico",
         ["stampings"], ["greatlakes"]),
        ("Cervecería del Pacífico Norte SA de CV", "Blvd. Insurgentes 1200, Mazatlán, Sin. 82000, Mexico",
         ["beer"], ["sierra"]),
        ("Aguacates de Michoacán SPR de RL", "Carretera Uruapan-Pátzcuaro Km 3, Uruapan, Mich. 60190, Mexico",
         ["avocados"], ["sierra"]),
    ]),
    ("CO", 4, ["Cartagena, Colombia", "BUENAVENTURA", "Bogota, Colombia"], [
        ("Cafés del Huila SAS", "Calle 7 No. 6-40, Neiva, Huila, Colombia", ["coffee"], ["copperleaf"]),
        ("Trilladora Antioquia SAS", "Carrera 48 No. 10-45, Medellín, Antioquia, Colombia", ["coffee"],
         ["copperleaf", "meridian"]),
        ("Flores de la Sabana SAS", "Km 2 Vía Madrid-Facatativá, Madrid, Cundinamarca, Colombia",
         ["roses", "flowers"], ["bloomfield"]),
        ("Rosas del Rionegro SAS", "Vereda Cimarronas, Rionegro, Antioquia, Colombia", ["roses"],
         ["bloomfield"]),
    ]),
    ("CN", 12, ["Yantian, China", "NINGBO", "Shanghai, China", "QINGDAO", "Xiamen, China"], [
        ("Foshan Shunde Homeware Co Ltd",
         "No. 18 Xingye Road, Lunjiao, Shunde District, Foshan, Guangdong 528308, China",
         ["metal_furn", "plastic_house"], ["meridian", "evergreen"]),
        ("Chaozhou Fengxi Ceramics Co Ltd", "Fengxi Industrial Zone, Chaozhou, Guangdong 521031, China",
         ["ceramics"], ["evergreen", "tidewater"]),
        ("Yongkang Tools Manufacturing Co Ltd", "No. 9 Jinshan Road, Yongkang, Zhejiang 321300, China",
         ["handtools"], ["keystone"]),
        ("Tianjin Velo Bicycle Co Ltd", "No. 55 Jingbin Industrial Park, Wuqing District, Tianjin 301700, China",
         ["bicycles"], ["evergreen"]),
        ("Zhongshan Bright Lighting Co Ltd", "Guzhen Town, Zhongshan, Guangdong 528421, China", ["led"],
         ["ironbridge", "meridian"]),
        ("Wenzhou Ouhai Valve Co Ltd",
         "No. 288 Wenzhou Avenue, Ouhai District, Wenzhou, Zhejiang 325000, China", ["valves"],
         ["ironbridge"]),
        ("Ningbo Beilun Housewares Co Ltd",
         "No. 66 Mingzhou Road, Beilun District, Ningbo, Zhejiang 315800, China", ["plastic_house"],
         ["meridian"]),
        ("Qingdao Harbor Tire Co Ltd", "No. 7 Huashan Road, Huangdao District, Qingdao, Shandong 266555, China",
         ["tires"], ["ridgeback"]),
    ]),
    ("KR", 5, ["Busan, Korea", "BUSAN", "Incheon, Korea"], [
        ("Hanbit Auto Parts Co Ltd", "45 Gongdan-ro, Buk-gu, Ulsan 44780, Korea", ["autoparts", "brakes"],
         ["ridgeback"]),
        ("Daegu Steel Coil Co Ltd", "112 Seongseo-ro, Dalseo-gu, Daegu 42721, Korea", ["steel_sheet"],
         ["ironbridge"]),
        ("Gwangju Cooling Systems Co Ltd", "Hanam Industrial Complex, Gwangsan-gu, Gwangju 62218, Korea",
         ["fridges"], ["meridian"]),
        ("Busan Radial Tire Co Ltd", "27 Noksansaneop-ro, Gangseo-gu, Busan 46752, Korea", ["tires"],
         ["ridgeback", "midstate"]),
    ]),
    ("JP", 4, ["Yokohama, Japan", "NAGOYA", "Tokyo, Japan", "KOBE"], [
        ("Nagoya Seiki Co Ltd", "2-15 Jingu, Atsuta-ku, Nagoya, Aichi 456-0031, Japan", ["machining"],
         ["ironbridge"]),
        ("Toyohashi Auto Components KK", "1-8 Akemi-cho, Toyohashi, Aichi 441-8074, Japan",
         ["gearboxes", "autoparts"], ["greatlakes"]),
        ("Kanagawa Optics Co Ltd", "3-1 Shin-Yokohama, Kohoku-ku, Yokohama 222-0033, Japan", ["cameras"],
         ["brightwave"]),
    ]),
    ("IT", 4, ["Genoa, Italy", "LA SPEZIA", "Livorno, Italy"], [
        ("Oleificio Colli Toscani Srl", "Via Chiantigiana 120, 50012 Bagno a Ripoli FI, Italy", ["olive_oil"],
         ["bellhaven"]),
        ("Calzaturificio Marche Srl", "Via dell'Industria 22, 63900 Fermo FM, Italy", ["leather_shoes"],
         ["cedar"]),
        ("Cantine Langhe Riunite Srl", "Strada Alba 5, 12051 Alba CN, Italy", ["wine"], ["bellhaven"]),
        ("Emilia Packaging Machines SpA", "Via Emilia Ovest 1010, 41123 Modena MO, Italy", ["packmach"],
         ["sierra"]),
    ]),
    ("IN", 3, ["Nhava Sheva, India", "MUNDRA", "Chennai, India"], [
        ("Hyderabad Generics Pvt Ltd", "Plot 21, IDA Jeedimetla, Hyderabad, Telangana 500055, India",
         ["pharma"], ["westbrook"]),
        ("Rajkot Forge & Flanges Pvt Ltd", "GIDC Metoda, Rajkot, Gujarat 360021, India", ["flanges"],
         ["ironbridge"]),
        ("Chennai Brake Systems Pvt Ltd", "SIPCOT Industrial Park, Sriperumbudur, Tamil Nadu 602105, India",
         ["brakes"], ["ridgeback"]),
    ]),
    ("TR", 2, ["Mersin, Türkiye", "AMBARLI", "Izmit, Turkey"], [
        ("Anadolu Makarna Sanayi AŞ", "Organize Sanayi Bölgesi 3. Cadde No: 8, Gaziantep, Türkiye",
         ["pasta"], ["sierra"]),
        ("Afyon Mermer Ltd Şti", "İscehisar OSB, Afyonkarahisar, Türkiye", ["marble"], ["pinecrest"]),
        ("Kocaeli Boru Sanayi AŞ", "Dilovası OSB 1. Kısım, Kocaeli, Türkiye", ["pipes"], ["ironbridge"]),
    ]),
    ("CI", 1, ["Abidjan, Côte d'Ivoire", "SAN PEDRO", "ABIDJAN"], [
        ("Caoutchouc du Bandama SA", "Zone Industrielle de Yopougon, Abidjan, Côte d'Ivoire", ["rubber_nat"],
         ["ironbridge"]),
        ("San Pedro Hévéa SA", "Zone Portuaire, San-Pédro, Côte d'Ivoire", ["rubber_nat"], ["ironbridge"]),
    ]),
    ("CA", 3, ["Vancouver, BC", "MONTREAL", "Halifax, NS"], [
        ("Fraser Valley Lumber Ltd", "19000 Industrial Way, Surrey, BC V3S 0A1, Canada", ["lumber"],
         ["pinecrest"]),
        ("Érablière Beauce Inc", "125 Rang Saint-Joseph, Saint-Georges, QC G5Y 5B9, Canada", ["maple"],
         ["sierra"]),
        ("Ontario Auto Stampings Inc", "400 Industrial Rd, Cambridge, ON N3H 4R7, Canada", ["stampings"],
         ["greatlakes"]),
    ]),
    ("TH", 2, ["Laem Chabang, Thailand", "BANGKOK"], [
        ("Chonburi Cooling Industries Co Ltd", "700/123 Moo 1, Amata City Chonburi, Chonburi 20000, Thailand",
         ["aircon"], ["meridian"]),
        ("Rayong Auto Parts Co Ltd", "Eastern Seaboard Industrial Estate, Pluak Daeng, Rayong 21140, Thailand",
         ["autoparts"], ["ridgeback"]),
    ]),
    ("MY", 1, ["Port Klang, Malaysia", "PASIR GUDANG"], [
        ("Muar Timber Furniture Sdn Bhd",
         "Lot 1208, Jalan Perindustrian Bukit Pasir, 84300 Muar, Johor, Malaysia", ["furn_wood"],
         ["tidewater"]),
    ]),
    ("GB", 2, ["Southampton, United Kingdom", "FELIXSTOWE", "Liverpool, UK"], [
        ("Speyside Cask Distillers Ltd", "Station Road, Rothes, Aberlour AB38 7AA, United Kingdom",
         ["whisky"], ["highland"]),
        ("Midlands Precision Engineering Ltd", "Unit 4, Tyseley Industrial Estate, Birmingham B11 2AE, United Kingdom",
         ["machinery"], ["ironbridge"]),
    ]),
    ("PT", 2, ["Leixoes, Portugal", "LISBON"], [
        ("Porto Malhas Lda", "Rua da Indústria 250, 4760-000 Vila Nova de Famalicão, Portugal",
         ["tshirt_org"], ["harborline"]),
        ("Cortiças do Montado Lda", "Zona Industrial, 4535-000 Santa Maria de Lamas, Portugal", ["cork"],
         ["bellhaven"]),
    ]),
    ("NL", 1, ["Rotterdam, Netherlands", "ROTTERDAM"], [
        ("Rotterdam Cocoa Processing BV", "Vlaardingweg 60, 3044 CK Rotterdam, Netherlands", ["cocoa_butter"],
         ["maplegrove"]),
    ]),
]

# How the Country of Origin column spells each country, with weights. Every spelling resolves
# through ISO 3166 names/codes or datasets/country_aliases.csv.
COUNTRY_STYLES = {
    "BD": [("BANGLADESH", 5), ("Bangladesh", 4), ("BD", 2), ("BGD", 1)],
    "VN": [("VIETNAM", 4), ("Vietnam", 3), ("Viet Nam", 3), ("VN", 2)],
    "TW": [("TAIWAN", 4), ("Taiwan", 3), ("Taiwan, R.O.C.", 1), ("TW", 2), ("Chinese Taipei", 1)],
    "ID": [("INDONESIA", 5), ("Indonesia", 3), ("ID", 2)],
    "DE": [("GERMANY", 5), ("Germany", 3), ("DE", 2), ("Deutschland", 1)],
    "MX": [("MEXICO", 5), ("Mexico", 3), ("MX", 2), ("México", 1)],
    "CO": [("COLOMBIA", 5), ("Colombia", 3), ("CO", 2)],
    "CN": [("CHINA", 6), ("China", 3), ("CN", 2), ("People's Republic of China", 1), ("PRC", 1),
           ("China (Mainland)", 1)],
    "KR": [("Republic of Korea", 3), ("KOREA, SOUTH", 2), ("South Korea", 2), ("KR", 2)],
    "JP": [("JAPAN", 5), ("Japan", 3), ("JP", 2)],
    "IT": [("ITALY", 5), ("Italy", 3), ("IT", 2)],
    "IN": [("INDIA", 5), ("India", 3), ("IN", 2)],
    "TR": [("Türkiye", 3), ("TURKEY", 3), ("Turkey", 2), ("TR", 2), ("TÜRKİYE", 1)],
    "CI": [("Côte d'Ivoire", 3), ("COTE D'IVOIRE", 2), ("Ivory Coast", 2), ("CI", 1)],
    "CA": [("CANADA", 5), ("Canada", 3), ("CA", 2)],
    "TH": [("THAILAND", 5), ("Thailand", 3), ("TH", 2)],
    "MY": [("MALAYSIA", 5), ("Malaysia", 3), ("MY", 2)],
    "GB": [("UNITED KINGDOM", 3), ("United Kingdom", 2), ("UK", 2), ("GB", 1), ("Great Britain", 1)],
    "PT": [("PORTUGAL", 5), ("Portugal", 3), ("PT", 2)],
    "NL": [("NETHERLANDS", 3), ("Netherlands", 2), ("The Netherlands", 1), ("NL", 1), ("Holland", 1)],
}

# Ocean carriers' SCAC codes, used as Bill of Lading prefixes.
CARRIERS = ["MAEU", "MEDU", "CMDU", "COSU", "HLCU", "ONEY", "EGLV", "OOLU", "YMLU", "HDMU", "ZIMU"]

FIRST_DAY = datetime.date(2010, 1, 1).toordinal()
LAST_DAY = datetime.date(2026, 10, 31).toordinal()

# =============================================================================================
# HAND-WRITTEN CASES
# (data row, expected outcome, the 12 fields). "data row" counts records after the header
# (1 = first record); the file line is printed by this script and listed in README.md.
# A case whose field list is not 12 long is written as is (the ragged row).
# Field bytes objects are written raw (the invalid UTF-8 case).
# =============================================================================================
CASES = [
    # --- Uzbek cotton timeline ------------------------------------------------------------
    # FLAG: Uzbek raw cotton 2011 (E.O. 13126 list; TVPRA list).
    (23, "FLAG: Uzbek cotton listed on the date (E.O. 13126; TVPRA)",
     ["HWC-01", "2011-10-05", imp("carolina"), "Bukhara Cotton Trading LLC",
      "7 Mustaqillik Street, Bukhara 200100, Uzbekistan", "Uzbekistan", "Riga, Latvia", "5201.00",
      "RAW COTTON, NOT CARDED OR COMBED, 1-1/8 INCH", "120", "26400", "46200"]),
    # FLAG: Uzbek raw cotton 2012, origin in Russian, HS without dots.
    (71, "FLAG: Uzbek cotton listed on the date (origin written in Russian)",
     ["HWC-02", "2012-06-18", imp("piedmont"), "Namangan Textile JSC",
      "21 Uychi Street, Namangan 160100, Uzbekistan", "Узбекистан", "Poti, Georgia", "520100",
      "RAW COTTON IN BALES", "100", "22000", "39600"]),
    # FLAG: Uzbek cotton yarn 2016 (E.O. 13126 covered cotton yarn until 2019-03-25).
    (118, "FLAG: Uzbek cotton yarn while E.O. 13126 listed Uzbek cotton (until 2019-03-25)",
     ["HWC-03", "2016-05-01", imp("carolina"), "Tashkent Yarn Export LLC",
      "14 Chilonzor Street, Tashkent 100115, Uzbekistan", "UZ", "Riga, Latvia", "520512",
      "COTTON YARN NE 30/1, COMBED, RING SPUN", "400", "18000", "54000"]),
    # FLAG: Uzbek woven cotton fabric 2012, origin in Uzbek (Latin, ASCII apostrophe).
    (166, "FLAG: Uzbek woven cotton fabric while E.O. 13126 listed it",
     ["HWC-04", "2012-11-20", imp("cedar"), "Namangan Textile JSC",
      "21 Uychi Street, Namangan 160100, Uzbekistan", "O'zbekiston", "Poti, Georgia", "5208.12",
      "WOVEN COTTON FABRIC, UNBLEACHED, 140 G/M2", "60", "9000", "31500"]),
    # CLEAN: Uzbek cotton yarn 2024 (TVPRA delisted Uzbek cotton 2022-09-28).
    (204, "CLEAN: Uzbek cotton delisted (TVPRA 2022-09-28; E.O. 13126 2019-03-25)",
     ["HWC-05", "2024-05-01", imp("carolina"), "Tashkent Yarn Export LLC",
      "14 Chilonzor Street, Tashkent 100115, Uzbekistan", "Uzbekistan", "Riga, Latvia", "5205.12.0000",
      "COTTON YARN, COMBED, NE 40/1", "380", "17100", "53000"]),
    # CLEAN: Uzbek raw cotton 2024, alpha-3 origin.
    (251, "CLEAN: Uzbek cotton delisted (TVPRA 2022-09-28)",
     ["HWC-06", "2024-05-01", imp("piedmont"), "Bukhara Cotton Trading LLC",
      "7 Mustaqillik Street, Bukhara 200100, Uzbekistan", "UZB", "Poti, Georgia", "5201",
      "RAW COTTON", "100", "22000", "37400"]),
    # FLAG (forced labor only): Uzbek raw cotton 2020 (child labor removed 2018-09-20).
    (297, "FLAG: Uzbek cotton, forced labor only (TVPRA child-labor listing removed 2018-09-20)",
     ["HWC-07", "2020-11-10", imp("piedmont"), "Bukhara Cotton Trading LLC",
      "7 Mustaqillik Street, Bukhara 200100, Uzbekistan", "Uzbekistan", "Riga, Latvia", "5201.00.1000",
      "RAW COTTON, STAPLE LENGTH UNDER 28.575 MM", "110", "24200", "41100"]),
    # --- Turkmen cotton (CBP WRO 2018-05-18) ----------------------------------------------
    # CRITICAL: Turkmen raw cotton 2019.
    (340, "CRITICAL: CBP WRO on Turkmen cotton (2018-05-18), action HOLD",
     ["HWC-08", "2019-02-14", imp("carolina"), "Ashgabat Cotton Export Co",
      "55 Magtymguly Avenue, Ashgabat 744000, Turkmenistan", "Turkmenistan", "Poti, Georgia", "5201.00",
      "RAW COTTON IN BALES", "90", "19800", "33700"]),
    # CRITICAL: Turkmen cotton yarn 2020 (goods made with Turkmen cotton), origin in Russian.
    (389, "CRITICAL: CBP WRO covers goods made with Turkmen cotton (yarn)",
     ["HWC-09", "2020-08-03", imp("piedmont"), "Ashgabat Cotton Spinning Mill",
      "12 Archabil Avenue, Ashgabat 744036, Turkmenistan", "Туркменистан", "Mersin, Türkiye", "5205.11",
      "COTTON YARN, CARDED, NE 20/1", "300", "13500", "36400"]),
    # --- HS beats description ---------------------------------------------------------------
    # CLEAN: a cotton candy machine is HS 8438 (machinery), not cotton.
    (433, "CLEAN: HS 8438.10 is machinery; 'cotton' in the description must not match",
     ["HWC-10", "2012-03-01", imp("meridian"), "Samarkand Candy Equipment LLC",
      "3 Registon Street, Samarkand 140100, Uzbekistan", "Uzbekistan", "Riga, Latvia", "8438.10",
      "Cotton candy machine, electric, commercial", "24", "720", "9600"]),
    # FLAG by description: no HS code, English description.
    (480, "FLAG: no HS code; description 'cotton yarn' decides (severity one step down)",
     ["HWC-11", "2013-06-15", imp("carolina"), "Tashkent Yarn Export LLC",
      "14 Chilonzor Street, Tashkent 100115, Uzbekistan", "O'zbekiston", "Riga, Latvia", "",
      "100% cotton yarn, combed", "50", "2250", "6900"]),
    # FLAG by description: no HS code, Russian description ("cotton yarn").
    (527, "FLAG: no HS code; Russian description 'Хлопковая пряжа' (cotton yarn) decides",
     ["HWC-12", "2013-07-15", imp("piedmont"), "Namangan Textile JSC",
      "21 Uychi Street, Namangan 160100, Uzbekistan", "Узбекистан", "Poti, Georgia", "",
      "Хлопковая пряжа", "50", "2250", "6700"]),
    # --- Malaysian rubber gloves (TVPRA 2020-09-30) -----------------------------------------
    (575, "FLAG: Malaysian rubber gloves (TVPRA forced labor, listed 2020-09-30)",
     ["HWC-13", "2021-03-09", imp("clearpath"), "Klang Valley Nitrile Sdn Bhd",
      "Lot 5, Jalan Sungai Puloh, Kawasan Perindustrian Sungai Puloh, 42100 Klang, Selangor, Malaysia",
      "Malaysia", "Port Klang, Malaysia", "4015.19", "NITRILE EXAMINATION GLOVES, POWDER FREE",
      "2400", "19200", "211000"]),
    (622, "CLEAN: Malaysian gloves before the 2020 listing",
     ["HWC-14", "2015-01-10", imp("clearpath"), "Klang Valley Nitrile Sdn Bhd",
      "Lot 5, Jalan Sungai Puloh, Kawasan Perindustrian Sungai Puloh, 42100 Klang, Selangor, Malaysia",
      "MYS", "Port Klang, Malaysia", "4015.19.0510", "NITRILE EXAMINATION GLOVES", "2000", "16000",
      "118000"]),
    # --- Other TVPRA goods ------------------------------------------------------------------
    (668, "FLAG: Ghana cocoa (TVPRA child labor)",
     ["HWC-15", "2023-02-20", imp("maplegrove"), "Tema Cocoa Traders Ltd",
      "Community 1, Harbour Road, Tema, Ghana", "Ghana", "Tema, Ghana", "1801.00",
      "RAW COCOA BEANS, WHOLE, FERMENTED AND DRIED", "400", "25000", "87500"]),
    (714, "FLAG: Côte d'Ivoire cocoa (TVPRA child and forced labor)",
     ["HWC-16", "2019-11-05", imp("maplegrove"), "San Pedro Cocoa Export SA",
      "Zone Portuaire, BP 1200, San-Pédro, Côte d'Ivoire", "Côte d'Ivoire", "San Pedro, Côte d'Ivoire",
      "180100", "COCOA BEANS IN JUTE BAGS", "380", "24000", "61000"]),
    (760, "FLAG: Indian cotton (TVPRA child labor)",
     ["HWC-17", "2020-04-22", imp("piedmont"), "Saurashtra Ginning Factory",
      "GIDC Estate, Rajkot, Gujarat 360003, India", "India", "Mundra, India", "5201",
      "RAW COTTON, SHANKAR-6", "100", "17000", "29000"]),
    (805, "FLAG: DRC cobalt ore (TVPRA child labor)",
     ["HWC-18", "2022-07-12", imp("aldercreek"), "Katanga Minerals Export SARL",
      "Avenue Kasa-Vubu 40, Lubumbashi, Haut-Katanga, DR Congo", "Congo, Dem. Rep.",
      "Dar es Salaam, Tanzania", "2605.00", "COBALT ORE CONCENTRATE (HETEROGENITE)", "20", "400000",
      "2300000"]),
    (851, "FLAG: Chinese polysilicon (TVPRA forced labor, added June 2021)",
     ["HWC-19", "2023-03-15", imp("brightacre"), "Xuzhou Crystal Silicon Materials Co Ltd",
      "No. 66 Yangshan Road, Xuzhou Economic Development Zone, Xuzhou, Jiangsu 221004, China", "CHINA",
      "Shanghai, China", "2804.61", "POLYSILICON, SOLAR GRADE, 99.9999%", "40", "20000", "560000"]),
    (897, "FLAG: solar modules, downstream of Chinese polysilicon (HS 85 is also China electronics)",
     ["HWC-20", "2023-08-21", imp("sunmeadow"), "Changzhou Sunray PV Technology Co Ltd",
      "No. 2 Tianhe Road, Wujin District, Changzhou, Jiangsu 213164, China", "CN", "Shanghai, China",
      "8541.43", "SOLAR MODULES 410W, MONOCRYSTALLINE", "50", "33000", "198000"]),
    # --- Xinjiang (region) ------------------------------------------------------------------
    (942, "CRITICAL: Xinjiang tomato products (CBP WRO 2021-01-13); UFLPA not yet in force",
     ["HWC-21", "2021-06-15", imp("sierra"), "Tianshan Red Tomato Products Co Ltd",
      "No. 88 Kashi East Road, Shuimogou District, Urumqi, Xinjiang 830017, China", "China",
      "Tianjin, China", "2002.90", "TOMATO PASTE 28-30% BRIX, ASEPTIC DRUMS", "80", "19200", "21100"]),
    (988, "CRITICAL: shipper in Xinjiang (UFLPA presumption since 2022-06-21)",
     ["HWC-22", "2023-04-11", imp("bluefield"), "Shihezi Tianrun Garment Co Ltd",
      "No. 16 Beisi Road, Shihezi, Xinjiang 832000, China", "CHINA", "Qingdao, China", "6109.10.0012",
      "MEN'S 100% COTTON T-SHIRTS", "900", "10800", "97200"]),
    (1033, "CRITICAL: UFLPA Entity List name (Hoshine); also TVPRA Chinese polysilicon",
     ["HWC-23", "2023-09-05", imp("brightacre"), "HOSHINE SILICON INDUSTRY (SHANSHAN) CO LTD",
      "Zhapu Economic Development Zone, Pinghu, Jiaxing, Zhejiang 314201, China", "CN",
      "Ningbo, China", "2804.61", "POLYSILICON CHUNKS", "30", "15000", "390000"]),
    (1079, "FLAG: Thai shrimp (TVPRA forced and child labor)",
     ["HWC-24", "2019-05-28", imp("saltmarsh"), "Samut Sakhon Frozen Seafood Co Ltd",
      "99/9 Moo 2, Ekkachai Road, Mueang Samut Sakhon, Samut Sakhon 74000, Thailand", "THAILAND",
      "Laem Chabang, Thailand", "0306.17", "FROZEN WHITE SHRIMP, PEELED AND DEVEINED, 16/20", "1800",
      "18000", "162000"]),
    (1124, "FLAG: Bangladesh garments (TVPRA child labor, listed 2014-12-01)",
     ["HWC-25", "2021-09-14", imp("harborline"), "Meghna Knit Composite Ltd",
      "Plot 45-47, Road 2, Dhaka EPZ, Savar, Dhaka 1349, Bangladesh", "Bangladesh",
      "Chittagong, Bangladesh", "6109100012", "MEN'S 100% COTTON KNIT T-SHIRTS", "1200", "14400",
      "158000"]),
    (1170, "FLAG: Burmese garments (TVPRA child labor, added 2018)",
     ["HWC-26", "2022-02-08", imp("summit"), "Yangon Apparel Manufacturing Co Ltd",
      "Shwe Pyi Thar Industrial Zone 4, Yangon, Myanmar", "Burma", "Yangon, Myanmar", "6203.42",
      "MEN'S COTTON TROUSERS", "700", "10500", "84000"]),
    (1215, "FLAG: Brazilian cattle (TVPRA child and forced labor)",
     ["HWC-27", "2018-10-02", imp("redprairie"), "Agropecuária Araguaia Ltda",
      "Rodovia BR-158 Km 12, Redenção, PA 68550-000, Brazil", "Brazil", "Santos, Brazil", "0102.29",
      "LIVE CATTLE FOR BREEDING", "40", "18000", "64000"]),
    (1261, "FLAG if the rule set maps cattle to beef (HS 0201/0202); else clean",
     ["HWC-28", "2022-05-19", imp("redprairie"), "Frigorífico Tocantins SA",
      "Rodovia TO-080 Km 3, Paraíso do Tocantins, TO 77600-000, Brazil", "BRAZIL", "Santos, Brazil",
      "0202.30", "FROZEN BONELESS BEEF CUTS", "1400", "26000", "135000"]),
    (1306, "CRITICAL: Xinjiang address in Chinese script (UFLPA presumption)",
     ["HWC-29", "2024-01-16", imp("carolina"), "新疆天虹纺织有限公司",
      "新疆维吾尔自治区阿克苏市纺织工业城 843000", "中国", "Shanghai, China", "5205.12",
      "COTTON YARN NE 32/1 COMBED", "300", "13800", "44000"]),
    # --- Look-alikes: must stay clean -------------------------------------------------------
    (1352, "No Xinjiang/UFLPA finding: 'Xinjiang Road' is a street in Shanghai (China electronics may flag)",
     ["HWC-30", "2023-10-12", imp("kestrel"), "Shanghai Jingan Digital Technology Co Ltd",
      "1288 Xinjiang Road, Jing'an District, Shanghai 200070, China", "CHINA", "Shanghai, China",
      "8471.30.0100", "NOTEBOOK COMPUTERS", "300", "2400", "288000"]),
    (1397, "CLEAN: 'Hoshino' (Japan) is not 'Hoshine'",
     ["HWC-31", "2023-06-07", imp("cedar"), "Hoshino Trading Co Ltd",
      "3-5-1 Nihonbashi, Chuo-ku, Tokyo 103-0027, Japan", "JAPAN", "Tokyo, Japan", "8452.90",
      "SEWING MACHINE PARTS", "60", "900", "27000"]),
    (1443, "CLEAN: 'Zhong Tai Logistics GmbH' (Hamburg) is not Xinjiang Zhongtai",
     ["HWC-32", "2024-02-27", imp("ironbridge"), "Zhong Tai Logistics GmbH",
      "Grosse Elbstrasse 145, 22767 Hamburg, Germany", "GERMANY", "Hamburg, Germany", "8483.40",
      "GEARS AND GEARING, INDUSTRIAL", "25", "3100", "48000"]),
    (1488, "CLEAN: US cotton (origin United States)",
     ["HWC-33", "2021-01-10", imp("carolina"), "Lubbock Plains Cotton Cooperative",
      "4002 E Loop 289, Lubbock, TX 79404, USA", "United States", "Houston, TX", "5201",
      "RAW COTTON, US UPLAND, RETURNED", "100", "22500", "38000"]),
    # --- Bad data: reported, not lost -------------------------------------------------------
    # REJECTED: ragged row, 10 fields (Weight and Value missing).
    (1534, "REJECTED: ragged row (10 fields, 12 expected), reported with its line",
     ["HWC-34", "2017-08-08", imp("meridian"), "Foshan Shunde Homeware Co Ltd",
      "No. 18 Xingye Road, Lunjiao, Shunde District, Foshan, Guangdong 528308, China", "CHINA",
      "Yantian, China", "9403.20", "METAL SHELVING UNITS", "300"]),
    (1580, "REJECTED (or warned): unparseable date '31/31/2020'",
     ["HWC-35", "31/31/2020", imp("evergreen"), "Chaozhou Fengxi Ceramics Co Ltd",
      "Fengxi Industrial Zone, Chaozhou, Guangdong 521031, China", "CHINA", "Yantian, China",
      "6912.00", "STONEWARE MUGS", "500", "6000", "14000"]),
    (1625, "REPORTED: invalid HS code 'ABC'",
     ["HWC-36", "2019-04-04", imp("evergreen"), "Chaozhou Fengxi Ceramics Co Ltd",
      "Fengxi Industrial Zone, Chaozhou, Guangdong 521031, China", "China", "Yantian, China", "ABC",
      "CERAMIC DINNERWARE SETS", "400", "5600", "13500"]),
    (1671, "REPORTED: unknown country 'Atlantis'",
     ["HWC-37", "2020-09-09", imp("bellhaven"), "Poseidon Export Ltd", "1 Harbour Street, Atlantis",
      "Atlantis", "Atlantis", "1509.20", "EXTRA VIRGIN OLIVE OIL", "600", "7800", "62000"]),
    (1716, "REPORTED: invalid UTF-8 bytes (FF FE) in Shipper Name; the row is not lost",
     ["HWC-38", "2022-11-03", imp("kestrel"), b"SAIGON TEXTILE \xff\xfe TRADING CO LTD",
      "Lot I-3, Saigon Hi-Tech Park, Thu Duc City, Ho Chi Minh City, Vietnam", "VIETNAM",
      "Cai Mep, Vietnam", "8544.42", "USB CABLES", "600", "6000", "90000"]),
    # VALID: quoted description with a newline, commas and doubled quotes (one record, 2 lines).
    (1900, "CLEAN, VALID: description spans two lines (quoted newline, commas, quotes)",
     ["HWC-39", "2022-03-22", imp("meridian"), "Zhongshan Bright Lighting Co Ltd",
      "Guzhen Town, Zhongshan, Guangdong 528421, China", "CHINA", "Yantian, China", "9405.42",
      'LED PANEL LIGHT 24" X 24", 40W, 4000K\nPO 4500012345, 4500012346, "RUSH"', "800", "7200",
      "61000"]),
]


# ---------------------------------------------------------------------------------------------
# Supply chains beyond tier 1 (for sample_suppliers.csv). (name, country, address, commodities,
# tier, buyer names). Buyers are supplier names (tier >= 2) or importer keys (tier 1).
# ---------------------------------------------------------------------------------------------
DEEP_SUPPLIERS = [
    # Porto Malhas Lda (PT, tier 1) <- Fergana Yarn Spinning LLC (UZ) <- Andijan ginnery (UZ)
    ("Fergana Yarn Spinning LLC", "UZ", "45 Al-Farghoniy Street, Fergana 150100, Uzbekistan",
     "cotton yarn", 2, ["Porto Malhas Lda"]),
    ("Andijan Cotton Ginnery JSC", "UZ", "Bobur Shoh Street 2, Andijan 170100, Uzbekistan",
     "cotton", 3, ["Fergana Yarn Spinning LLC"]),
    # a clean second path into Porto Malhas: Portuguese fabric knitter <- US cotton
    ("Braga Knit Fabrics Lda", "PT", "Rua do Parque Industrial 30, 4700-000 Braga, Portugal",
     "knit fabric", 2, ["Porto Malhas Lda"]),
    ("Lubbock Plains Cotton Cooperative", "US", "4002 E Loop 289, Lubbock, TX 79404, USA", "cotton", 3,
     ["Braga Knit Fabrics Lda"]),
    # Dhaka Knit Composite Ltd (BD) <- Turkmen yarn <- Turkmen ginnery
    ("Ashgabat Cotton Spinning Mill", "TM", "12 Archabil Avenue, Ashgabat 744036, Turkmenistan",
     "cotton yarn", 2, ["Dhaka Knit Composite Ltd"]),
    ("Mary Velayat Cotton Ginnery", "TM", "Gurbansoltan Eje Street 8, Mary 745400, Turkmenistan",
     "cotton", 3, ["Ashgabat Cotton Spinning Mill"]),
    # Binh Duong Garment JSC (VN) <- Xinjiang yarn <- Xinjiang ginnery
    ("Aksu Jinxiu Cotton Yarn Co Ltd", "CN", "No. 9 Textile City Road, Aksu, Xinjiang 843000, China",
     "cotton yarn", 2, ["Binh Duong Garment JSC"]),
    ("Alar Tarim Cotton Ginning Co Ltd", "CN", "No. 3 Tarim Avenue, Alar, Xinjiang 843300, China",
     "cotton", 3, ["Aksu Jinxiu Cotton Yarn Co Ltd"]),
    # Meghna Knit Composite Ltd (BD) <- Indian yarn <- Indian ginnery
    ("Gujarat Cotton Spinners Pvt Ltd", "IN", "Survey No. 112, Chhatral GIDC, Gandhinagar, Gujarat 382729, India",
     "cotton yarn", 2, ["Meghna Knit Composite Ltd", "Narayanganj Knitwear Ltd"]),
    ("Saurashtra Ginning Factory", "IN", "GIDC Estate, Rajkot, Gujarat 360003, India", "cotton", 3,
     ["Gujarat Cotton Spinners Pvt Ltd"]),
    # Mekong Solar Module Co Ltd (VN) <- Chinese wafers <- Hoshine (Xinjiang) silicon; + VN glass
    ("Jiangsu Yangtze Wafer Co Ltd", "CN", "No. 18 Huashan Road, Xinbei District, Changzhou, Jiangsu 213022, China",
     "silicon wafers", 2, ["Mekong Solar Module Co Ltd"]),
    ("Hoshine Silicon Industry (Shanshan) Co Ltd", "CN",
     "Shanshan Industrial Park, Shanshan County, Turpan, Xinjiang 838200, China",
     "polysilicon;metallurgical silicon", 3, ["Jiangsu Yangtze Wafer Co Ltd"]),
    ("Bac Giang Solar Glass Co Ltd", "VN", "Quang Chau Industrial Park, Viet Yen, Bac Giang, Vietnam",
     "solar glass", 2, ["Mekong Solar Module Co Ltd"]),
    # Rotterdam Cocoa Processing BV (NL) <- Ivorian and Ghanaian cocoa <- cooperative
    ("San Pedro Cocoa Export SA", "CI", "Zone Portuaire, BP 1200, San-Pédro, Côte d'Ivoire", "cocoa", 2,
     ["Rotterdam Cocoa Processing BV"]),
    ("Coopérative Agricole de Soubré", "CI", "Quartier Commerce, Soubré, Côte d'Ivoire", "cocoa", 3,
     ["San Pedro Cocoa Export SA"]),
    ("Tema Cocoa Traders Ltd", "GH", "Community 1, Harbour Road, Tema, Ghana", "cocoa", 2,
     ["Rotterdam Cocoa Processing BV"]),
    # PT Jepara Teak Furniture (ID) <- teak sawmill (clean chain)
    ("CV Blora Teak Timber", "ID", "Jl. Raya Blora-Cepu Km 7, Blora, Central Java 58219, Indonesia",
     "teak timber", 2, ["PT Jepara Teak Furniture", "PT Semarang Mebel Nusantara"]),
    # Saigon Precision Electronics (VN) <- Malaysian electronics assembler
    ("Penang Circuit Assembly Sdn Bhd", "MY", "Plot 88, Bayan Lepas Free Industrial Zone, 11900 Penang, Malaysia",
     "electronics", 2, ["Saigon Precision Electronics Co Ltd"]),
]

# Tier-1 suppliers that ship only in hand-written cases.
EXTRA_TIER1 = [
    ("Klang Valley Nitrile Sdn Bhd", "MY",
     "Lot 5, Jalan Sungai Puloh, Kawasan Perindustrian Sungai Puloh, 42100 Klang, Selangor, Malaysia",
     "rubber gloves", ["clearpath"]),
]

# Portfolio: holding, importer keys (the consignees it owns). Weights in percent, sum 100.
HOLDINGS = [
    ("Meridian Retail Holdings Inc", 12.50, ["meridian", "evergreen"]),
    ("Harborline Brands Corp", 8.25, ["harborline", "bluefield"]),
    ("Summit Basics Inc", 4.75, ["summit", "prairie"]),
    ("Kestrel Technologies Inc", 10.00, ["kestrel", "northgate"]),
    ("Arcadia Devices Corp", 7.50, ["arcadia", "brightwave"]),
    ("Great Lakes Mobility Corp", 9.00, ["greatlakes", "midstate", "ridgeback"]),
    ("Oakridge Living Inc", 5.25, ["oakridge", "lumenloft", "tidewater"]),
    ("Sunmeadow Renewables Corp", 6.00, ["sunmeadow", "brightacre"]),
    ("Maple Grove Foods Inc", 7.00, ["maplegrove", "copperleaf", "sierra"]),
    ("Clearpath Health Corp", 6.50, ["clearpath", "westbrook"]),
    ("Carolina Textile Group Inc", 3.25, ["carolina", "piedmont", "cedar"]),
    ("Coastline Provisions Inc", 4.00, ["saltmarsh", "redprairie", "bellhaven", "highland", "bloomfield"]),
    ("Alder Creek Resources Corp", 2.00, ["aldercreek"]),
    ("Ironbridge Industrial Inc", 5.00, ["ironbridge", "keystone", "pinecrest"]),
    # no trade data: its only importer name never appears in the shipments
    ("Quillon Software Corp", 9.00, None),
]
NO_TRADE_ALIAS = "Quillon Software Corp"


# =============================================================================================
# helpers
# =============================================================================================
def wchoice(rng, pairs):
    """Weighted choice from [(item, int weight), ...]."""
    total = sum(w for _, w in pairs)
    r = rng.randrange(total)
    for item, w in pairs:
        if r < w:
            return item
        r -= w
    raise AssertionError("unreachable")


def ymd(ordinal):
    """(y, m, d) for a proleptic Gregorian ordinal."""
    d = datetime.date.fromordinal(ordinal)
    return d.year, d.month, d.day


def date_style(rng, ordinal):
    y, m, d = ymd(ordinal)
    r = rng.random()
    if r < 0.90:
        return "%04d-%02d-%02d" % (y, m, d)
    if r < 0.94:
        return "%02d/%02d/%04d" % (m, d, y)          # US month first
    if r < 0.96:
        return "%04d/%02d/%02d" % (y, m, d)
    if r < 0.98:
        return "%04d%02d%02d" % (y, m, d)
    return "%04d-%02d-%02dT00:00:00" % (y, m, d)


def hs_style(rng, hts):
    """Write a 10-digit HTS code in one of the styles trade data uses."""
    r = rng.random()
    if r < 0.30:
        s = hts[:4] + "." + hts[4:6]                        # 5205.12
    elif r < 0.45:
        s = hts[:4] + "." + hts[4:6] + "." + hts[6:]        # 5205.12.0000
    elif r < 0.65:
        s = hts[:6]                                         # 520512
    elif r < 0.72:
        s = hts[:4] + " " + hts[4:6]                        # 5205 12
    elif r < 0.90:
        s = hts                                             # 6109100012
    elif r < 0.95:
        s = hts[:4] + "." + hts[4:6] + "." + hts[6:8]       # 6109.10.00
    elif r < 0.98:
        s = "HS " + hts[:4] + "." + hts[4:6]                # HS 6109.10
    else:
        s = hts[:4]                                         # heading only
    # spreadsheets drop the leading zero of chapters 01-09 in plain-digit codes
    if s.isdigit() and s[0] == "0" and rng.random() < 0.3:
        s = s[1:]
    return s


def fmt_num(x, decimals):
    return ("%." + str(decimals) + "f") % x


def description(rng, texts, hts, qty):
    t = rng.choice(texts)
    r = rng.random()
    if r < 0.25:
        t = t + " PO# " + str(rng.randrange(4500000000, 4599999999))
    elif r < 0.33:
        t = t + " HS CODE " + hts[:6]
    elif r < 0.43:
        t = str(qty) + " CARTONS " + t
    elif r < 0.47:
        t = t + ", SHIPPER'S LOAD, STOW AND COUNT"
    return t


def needs_quote(b):
    return any(c in b for c in (b",", b'"', b"\n", b"\r"))


def csv_line(fields):
    out = []
    for f in fields:
        b = f if isinstance(f, bytes) else f.encode("utf-8")
        if needs_quote(b):
            b = b'"' + b.replace(b'"', b'""') + b'"'
        out.append(b)
    return b",".join(out) + b"\n"


def cusip_check(s8):
    total = 0
    for i, ch in enumerate(s8):
        v = int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10
        if i % 2 == 1:
            v *= 2
        total += v // 10 + v % 10
    return str((10 - total % 10) % 10)


def isin_check(s11):
    digits = "".join(str(int(ch)) if ch.isdigit() else str(ord(ch) - ord("A") + 10) for ch in s11)
    total = 0
    for i, ch in enumerate(reversed(digits)):
        v = int(ch)
        if i % 2 == 0:
            v *= 2
        total += v // 10 + v % 10
    return str((10 - total % 10) % 10)


# =============================================================================================
# generation
# =============================================================================================
def background_row(rng, used_bols, lane_pairs):
    code, ports, shippers = wchoice(rng, lane_pairs)
    sname, saddr, prods, customers = rng.choice(shippers)
    pkey = rng.choice(prods)
    hts, texts, (qlo, qhi), (klo, khi), (plo, phi), _tag = PRODUCTS[pkey]
    variants = IMPORTER[rng.choice(customers)]
    consignee = variants[0] if rng.random() < 0.6 else rng.choice(variants)
    while True:
        bol = rng.choice(CARRIERS) + str(rng.randrange(1000000000, 9999999999))
        if bol not in used_bols:
            used_bols.add(bol)
            break
    qty = rng.randint(qlo, qhi)
    kg = qty * rng.uniform(klo, khi)
    usd = kg * rng.uniform(plo, phi)
    weight = fmt_num(kg, 1) if rng.random() < 0.5 else str(int(round(kg)))
    value = fmt_num(usd, 2) if rng.random() < 0.5 else str(int(round(usd)))
    return [
        bol,
        date_style(rng, rng.randint(FIRST_DAY, LAST_DAY)),
        consignee,
        sname,
        saddr,
        wchoice(rng, COUNTRY_STYLES[code]),
        rng.choice(ports),
        hs_style(rng, hts),
        description(rng, texts, hts, qty),
        str(qty),
        weight,
        value,
    ]


def build_shipments(rng):
    lane_pairs = [((code, ports, shippers), w) for code, w, ports, shippers in LANES]
    by_row = {}
    for row, expect, fields in CASES:
        assert row not in by_row, row
        by_row[row] = (expect, fields)
    used_bols = set()
    records = []      # (fields, case index or None)
    for row in range(1, N_ROWS + 1):
        if row in by_row:
            records.append((by_row[row][1], row))
        else:
            records.append((background_row(rng, used_bols, lane_pairs), None))
    return records


def write_shipments(records):
    path = os.path.join(OUT_DIR, "sample_shipments.csv")
    case_lines = {}
    used_consignees = set()
    line = 1
    with open(path, "wb") as f:
        f.write(csv_line(HEADER))
        line += 1
        for fields, case_row in records:
            data = csv_line(fields)
            if case_row is not None:
                case_lines[case_row] = line
            if len(fields) > 2 and isinstance(fields[2], str):
                used_consignees.add(fields[2])
            f.write(data)
            line += data.count(b"\n")
    return case_lines, used_consignees


def write_suppliers():
    # tier-1 suppliers: every background shipper, in lane order
    rows = []
    for code, _w, _ports, shippers in LANES:
        for name, addr, prods, customers in shippers:
            tags = []
            for p in prods:
                tag = PRODUCTS[p][5]
                if tag not in tags:
                    tags.append(tag)
            rows.append([name, code, addr, ";".join(tags), 1, [imp(c) for c in customers]])
    for name, code, addr, comm, customers in EXTRA_TIER1:
        rows.append([name, code, addr, comm, 1, [imp(c) for c in customers]])
    ids = {}
    for i, r in enumerate(rows):
        ids[r[0]] = "S%03d" % (i + 1)
    deep_start = len(rows)
    for i, (name, code, addr, comm, tier, _buyers) in enumerate(DEEP_SUPPLIERS):
        ids[name] = "S%03d" % (deep_start + i + 1)
    for name, code, addr, comm, tier, buyers in DEEP_SUPPLIERS:
        rows.append([name, code, addr, comm, tier, [ids[b] for b in buyers]])
    path = os.path.join(OUT_DIR, "sample_suppliers.csv")
    with open(path, "wb") as f:
        f.write(csv_line(["supplier_id", "name", "country", "address", "commodities", "tier",
                          "supplies_to"]))
        for r in rows:
            f.write(csv_line([ids[r[0]], r[0], r[1], r[2], r[3], str(r[4]), "|".join(r[5])]))
    return len(rows)


def write_holdings(used_consignees):
    assert abs(sum(w for _, w, _ in HOLDINGS) - 100.0) < 1e-9
    path = os.path.join(OUT_DIR, "sample_holdings.csv")
    with open(path, "wb") as f:
        f.write(csv_line(["holding", "isin", "weight", "importer_aliases"]))
        for i, (name, pct, keys) in enumerate(HOLDINGS):
            # CUSIP issuer numbers 990000-999999 are reserved for private use, so these ISINs are
            # well-formed (valid check digits) but cannot be real securities.
            cusip8 = "99%04d10" % (1200 + 37 * i)
            isin11 = "US" + cusip8 + cusip_check(cusip8)
            isin = isin11 + isin_check(isin11)
            if keys is None:
                aliases = [NO_TRADE_ALIAS]
                assert NO_TRADE_ALIAS not in used_consignees
            else:
                aliases = [v for k in keys for v in IMPORTER[k] if v in used_consignees]
                assert aliases, name
            f.write(csv_line([name, isin, "%.4f" % (pct / 100.0), "|".join(aliases)]))
    return len(HOLDINGS)


def md_escape(s):
    return s.replace("|", "\\|").replace("\n", "\\n")


def write_readme(case_lines, n_suppliers, n_holdings):
    rows = []
    for row, expect, fields in CASES:
        def fld(i):
            if i >= len(fields):
                return "(missing)"
            v = fields[i]
            if isinstance(v, bytes):
                return v.decode("utf-8", "backslashreplace")
            return v
        what = fld(8)
        if len(what) > 48:
            what = what[:45] + "..."
        rows.append("| %s | %d | %s | %s | %s | %s | %s | %s |" % (
            fld(0), case_lines[row], fld(1), md_escape(fld(5)), md_escape(fld(7)) or "(empty)",
            md_escape(fld(3)), md_escape(what), md_escape(expect)))
    text = README_TEMPLATE.format(
        n_rows=N_ROWS, n_cases=len(CASES), n_suppliers=n_suppliers, n_holdings=n_holdings,
        case_table="\n".join(rows))
    with open(os.path.join(OUT_DIR, "README.md"), "wb") as f:
        f.write(text.encode("utf-8"))


README_TEMPLATE = """\
# flscan sample data

<!-- Generated by datasets/generate_sample.py: edit the script, not this file. -->

Everything in the `sample_*.csv` files is **synthetic**. Company names, addresses, bill of
lading numbers, quantities and values are invented; any resemblance to a real business is
coincidental. The exceptions are deliberate: names that a screening list contains (for example
the UFLPA Entity List name in HWC-23 and the supplier chain in `sample_suppliers.csv`) and
public place names. Nothing here is a statement about any real company's supply chain.

`country_aliases.csv`, `subdivision_aliases.csv`, `names/`, `vendors/` and `reference/` are
reference data maintained separately; they are not produced by the generator.

## Regenerating

```
python3 datasets/generate_sample.py
```

Python 3 standard library only. The generator uses a fixed seed and no clock, so running it
twice gives byte-identical files. It prints the file line of every hand-written case.

## Files

| file | what it is |
|---|---|
| `sample_shipments.csv` | {n_rows} US import bill-of-lading records (+ header): ordinary trade with {n_cases} hand-written test cases mixed in at fixed rows |
| `sample_suppliers.csv` | {n_suppliers} suppliers, tier 1 to 3, consistent with the shipments |
| `sample_holdings.csv` | {n_holdings} portfolio holdings with the importer names they own |
| `generate_sample.py` | the generator |

### sample_shipments.csv

Header:
`Bill of Lading Number,Arrival Date,Consignee Name,Shipper Name,Shipper Address,Country of Origin,Foreign Port of Lading,HS Code,Product Description,Quantity,Weight (kg),Value (USD)`

RFC 4180, UTF-8 (except one deliberate bad row), LF line ends, fields quoted only when they
contain a comma, a double quote or a line break.

The ordinary rows model trade lanes such as garments from Bangladesh, electronics from Vietnam
and Taiwan, furniture from Indonesia and Vietnam, auto parts from Germany, Mexico, Korea and
Japan, coffee and flowers from Colombia, housewares, tools and lighting from coastal China, food
and wine from Italy. They vary the way real data varies:

- HS codes: `5205.12`, `5205.12.0000`, `520512`, `5205 12`, 10-digit HTS `6109100012`,
  8-digit `6109.10.00`, `HS 6109.10`, a bare heading, and chapter 01-09 codes that lost their
  leading zero (`90111` for 090111).
- Countries: names, capitals, alpha-2 and alpha-3 codes and variants (`CHINA`, `Viet Nam`, `VN`,
  `Republic of Korea`, `KOREA, SOUTH`, `Côte d'Ivoire`, `Türkiye`, `TÜRKİYE`, `Taiwan, R.O.C.`,
  `Holland`, `UK`), all resolvable through ISO 3166 or `country_aliases.csv`.
- Dates 2010-01-01 to 2026-10-31: ISO `YYYY-MM-DD` in 90% of rows, otherwise `MM/DD/YYYY`,
  `YYYY/MM/DD`, `YYYYMMDD` or `YYYY-MM-DDT00:00:00`.
- Consignees spelled several ways (`Harborline Apparel Inc`, `HARBORLINE APPAREL INC`,
  `Harborline Apparel, Inc.`).

"Ordinary" is not the same as "never flagged". The rows carry no planted risk beyond the cases
below, but some ordinary lanes are goods on the DOL TVPRA list, so a complete rule set flags
them: Bangladeshi garments, Vietnamese garments, furniture and footwear, Indonesian footwear and
Colombian coffee (roughly one ordinary row in seven with the project's rule set when this file
was written). Shippers in ordinary rows are never in Xinjiang and never on an entity list.

### sample_suppliers.csv

`supplier_id,name,country,address,commodities,tier,supplies_to`

- `country`: ISO 3166-1 alpha-2.
- `commodities`: `;`-separated plain words (`cotton yarn;knit fabric`).
- `tier`: 1 ships to the importer; 2 supplies a tier-1 supplier; 3 supplies a tier-2 supplier.
- `supplies_to`: `|`-separated. For tier 1, the importers' canonical Consignee Names; for tiers
  2 and 3, the `supplier_id`s of the buyers.

Every tier-1 supplier is a Shipper Name in `sample_shipments.csv`. A few deeper-tier suppliers
also sell straight to a US importer in a hand-written case (San Pedro Cocoa Export SA,
Tema Cocoa Traders Ltd, Saurashtra Ginning Factory, Lubbock Plains Cotton Cooperative), as
traders do. The deeper chains:

| tier 1 | tier 2 | tier 3 | risk |
|---|---|---|---|
| Porto Malhas Lda (PT) | Fergana Yarn Spinning LLC (UZ) | Andijan Cotton Ginnery JSC (UZ) | Uzbek cotton (while listed) |
| Porto Malhas Lda (PT) | Braga Knit Fabrics Lda (PT) | Lubbock Plains Cotton Cooperative (US) | none |
| Dhaka Knit Composite Ltd (BD) | Ashgabat Cotton Spinning Mill (TM) | Mary Velayat Cotton Ginnery (TM) | Turkmen cotton (CBP WRO) |
| Binh Duong Garment JSC (VN) | Aksu Jinxiu Cotton Yarn Co Ltd (CN, Xinjiang) | Alar Tarim Cotton Ginning Co Ltd (CN, Xinjiang) | Xinjiang (UFLPA) |
| Meghna Knit Composite Ltd (BD), Narayanganj Knitwear Ltd (BD) | Gujarat Cotton Spinners Pvt Ltd (IN) | Saurashtra Ginning Factory (IN) | Indian cotton (TVPRA) |
| Mekong Solar Module Co Ltd (VN) | Jiangsu Yangtze Wafer Co Ltd (CN) | Hoshine Silicon Industry (Shanshan) Co Ltd (CN, Xinjiang) | UFLPA Entity List, Xinjiang |
| Mekong Solar Module Co Ltd (VN) | Bac Giang Solar Glass Co Ltd (VN) | - | none |
| Rotterdam Cocoa Processing BV (NL) | San Pedro Cocoa Export SA (CI), Tema Cocoa Traders Ltd (GH) | Coopérative Agricole de Soubré (CI) | cocoa (TVPRA) |
| PT Jepara Teak Furniture (ID), PT Semarang Mebel Nusantara (ID) | CV Blora Teak Timber (ID) | - | none |
| Saigon Precision Electronics Co Ltd (VN) | Penang Circuit Assembly Sdn Bhd (MY) | - | Malaysian electronics (TVPRA) |

### sample_holdings.csv

`holding,isin,weight,importer_aliases`

- `isin`: well-formed ISINs with valid check digits, built from CUSIP issuer numbers in the
  990000-999999 range that CUSIP reserves for private use, so they are not real securities.
- `weight`: portfolio weight as a fraction; the weights sum to 1.
- `importer_aliases`: `|`-separated Consignee Names, exactly as they appear in the shipments.
- `Quillon Software Corp` has no trade data: its name never appears as a consignee.

## Company-name tables (`names/`)

How a company name is normalised (src/refdata/names.h) depends on six hand-edited tables,
read by `flscan scan` and checked by `flscan rules check` each time they run (no rebuild):
an analyst adds a legal form, a customs spelling or a place by adding a row. Every file has a
header and one row per phrase; UTF-8, RFC 4180 quoting.

| file | columns | rows are |
|---|---|---|
| `legal_forms.csv` | `phrase,canonical,kind,source` | legal forms in Latin and Cyrillic letters (Ltd, GmbH, S.A. de C.V., ООО, MChJ) |
| `generic_words.csv` | `phrase,canonical,source` | trade words and their abbreviations (international/intl/int'l -> `intl`) |
| `places.csv` | `phrase,canonical,source` | places written in names (China, provinces, Xinjiang's prefectures and towns) |
| `joining_words.csv` | `phrase,source` | words that are dropped (and, of, the, und, и) |
| `cjk_legal_forms.csv` | `phrase,canonical,written_first,source` | Chinese, Japanese and Korean legal forms (有限公司, 株式会社, 주식회사) |
| `cjk_words.csv` | `phrase,canonical,class,source` | Chinese words that cut a name into place, trade word and brand (新疆, 硅业, 集团) |

- `phrase`: as people write it; it is folded like input text (case, accents, punctuation:
  `S.A. de C.V.` is the same row as `s a de c v`). Two rows of the four word files, or of one
  CJK file, may not fold alike. The word files take no Chinese, Japanese or Korean
  characters, and the CJK files nothing else.
- `canonical`: the one form every spelling becomes, the same on both sides of a match; several
  tokens are separated by `|` (`rare earth` -> `rare|earth`). Write it folded already (lower
  case, no punctuation): `ltd`, `sa de cv`, `集团`.
- `kind` (legal forms): `strong` is a legal form wherever it stands (Ltd, GmbH, LLC);
  `weak` only at the end of the name, or next to another legal form (AG, SA, BV: "AG
  Industries" keeps "ag" as a name word); `weak-generic` likewise but a trade word elsewhere
  (Co, Company); `weak-first` a weak form also written first (PT, АО).
- `written_first` (CJK legal forms): `yes` when the form is also written before the name
  (株式会社ユニクロ); every form is peeled from the end.
- `class` (CJK words): `place` or `generic`.
- `source`: where the entry comes from: a code list (the ISO 20275 Entity Legal Forms code
  list published by GLEIF), a country's company law, or an observation in trade data; never
  empty. Rows taken over from the tables that used to be compiled in say "flscan, carried
  over from the built-in table (2026-11)".

Order matters only among rows that could match the same words: the longer phrase wins, and
the one read first among equals (files in the order of the table above, rows in file order).
A bad cell stops the run with exit 4 and a message `names/<file>:line:column: ...`.

## Subdivision names (`subdivision_aliases.csv`)

The country of an address is read from its end (src/refdata/address.h): a country's name, or
the name of one of its first-level subdivisions from the ISO 3166-2 data of `iso-codes`
("Ontario", "Gyeonggi-do", "Tamil Nadu"). `subdivision_aliases.csv` (`alias,code,note,source`)
adds the common abbreviations and local-script names an address uses instead ("Ont" for
`CA-ON`, "Jal." for `MX-JAL`, "广东" for `CN-GD`, "경기도" for `KR-41`), each with the page that
documents it; `code` is an ISO 3166-2 code listed by `iso-codes`, or `none` for a name that
addresses use more often for a town elsewhere ("Kingston", "Santiago", "Victoria": such a row
stops the name from counting at all). An alias that already means another country's
subdivision stops the run with exit 4 and `subdivision_aliases.csv:line:column: ...`.

## Vendor profiles (`vendors/`)

How each trade-data vendor's export names its columns and writes its values, one CSV per
vendor (`NAME.csv`, NAME being what `--vendor` takes), columns `kind,field,value,cell,note`:

| kind | field | value | cell |
|---|---|---|---|
| `vendor` | | the vendor's display name (one row) | |
| `source` | | the http(s) address of a page that documents the columns (one or more) | |
| `detect` | | a header only this vendor's exports have (two of them present detect the profile) | |
| `header` | a field (`record_id`, `date`, `importer`, `shipper`, `shipper_address`, `origin`, `port_of_lading`, `hs_code`, `description`, `quantity`, `weight`, `value`, `supplier_id`) | a header of its exports; the rows of one field are tried in file order, the second one present is read when the first is empty | `name_address` (shipper, importer: name and address in one cell), `address_part` (shipper_address: one of the columns joined into the address), or empty |
| `convention` | `date_order` | `mdy` or `dmy`: how its dates read ("01-03-2024") | |
| `convention` | `hs_codes` | `declared` or `inferred`: whether its unmarked HS codes are its own classification | |
| `convention` | `missing_hint` | a sentence added to the message when a required column is missing | |

Headers compare folded (case, spaces and punctuation ignored). A bad cell stops the run with
exit 4 and `vendors/NAME.csv:line:column: ...`. The profiles shipped are listed in the main
README; a new vendor is a new file, no rebuild.

## Hand-written cases

`Line` is the physical line in `sample_shipments.csv` where the record starts (line 1 is the
header). HWC-39 spans two lines. "FLAG" means at least one finding under the list named;
"CRITICAL" a finding of critical severity (a WRO or UFLPA, action HOLD); "CLEAN" no finding;
"REJECTED"/"REPORTED" means the problem is in the diagnostics and the row is counted, not
silently dropped. Outcomes assume the list dates given and a rule set that covers them; the
exact rule ids are the rule set's business.

| Case | Line | Date | Origin | HS | Shipper | Description | Expected |
|---|---|---|---|---|---|---|---|
{case_table}
"""


def main():
    rng = random.Random(SEED)
    records = build_shipments(rng)
    case_lines, used = write_shipments(records)
    n_sup = write_suppliers()
    n_hold = write_holdings(used)
    write_readme(case_lines, n_sup, n_hold)
    sys.stderr.write("sample_shipments.csv: %d records, %d hand-written cases\n"
                     % (len(records), len(CASES)))
    sys.stderr.write("sample_suppliers.csv: %d suppliers; sample_holdings.csv: %d holdings\n"
                     % (n_sup, n_hold))
    for row, expect, fields in CASES:
        sys.stderr.write("  line %4d  %s  %s\n" % (case_lines[row], fields[0], expect))


if __name__ == "__main__":
    main()
