#!/usr/bin/env python3
"""The same screening job in pandas, for comparison with flscan (bench/run.sh with PEERS=1).

pandas_screen.py INPUT.csv OUTPUT.csv  -- the rule subset of duckdb_screen.mjs."""
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
hs = df["HS Code"].str.replace(r"[^0-9]", "", regex=True)
d = pd.to_datetime(df["Arrival Date"].str.slice(0, 10), errors="coerce")
c = df["Country of Origin"].str.upper()
uz = c.isin(["UZ", "UZB", "UZBEKISTAN"]) & (hs.str.startswith("5201") | hs.str.startswith("5205") | (
    (hs == "") & df["Product Description"].str.contains(r"(?i)\bcotton\s+(?:yarn|lint)\b"))) & (
    d >= "2010-01-01") & (d <= "2022-09-27")
tm = c.isin(["TM", "TKM", "TURKMENISTAN"]) & hs.str.startswith("52") & (d >= "2018-05-18")
my = c.isin(["MY", "MYS", "MALAYSIA"]) & hs.str.startswith("401519") & (d >= "2020-09-30")
gh = c.isin(["GH", "GHANA", "CI", "CIV"]) & hs.str.startswith("1801")
xj = df["Shipper Address"].str.contains(
    r"(?i)\b(?:xinjiang|urumqi|kashgar|aksu|hotan|shihezi|korla|turpan)\b|新疆|乌鲁木齐") & (d >= "2022-06-21")
watch = df["Shipper Name"].str.upper().isin(["HOSHINE SILICON INDUSTRY CO LTD", "XINJIANG DAQO NEW ENERGY CO LTD",
                                             "XINJIANG ZHONGTAI CHEMICAL CO LTD"])
df[uz | tm | my | gh | xj | watch].to_csv(sys.argv[2], index=False)
