// The same screening job in DuckDB, for comparison with flscan (bench/run.sh --peers).
// node duckdb_screen.mjs INPUT.csv OUTPUT.csv [THREADS]
// Rules (a small, fixed subset of flscan's: country + HS prefix + date window, a description
// regex when the HS code is empty, a Xinjiang address regex, a watch list of names).
import { DuckDBInstance } from '@duckdb/node-api';

const [input, output, threads = '2'] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads });
const con = await db.connect();
const q = (s) => s.replaceAll("'", "''");
await con.run(`
COPY (
  WITH s AS (
    SELECT *, regexp_replace(coalesce("HS Code", ''), '[^0-9]', '', 'g') AS hs,
           try_cast(substr("Arrival Date", 1, 10) AS DATE) AS d
    FROM read_csv('${q(input)}', header = true, all_varchar = true)
  )
  SELECT * FROM s WHERE
    (upper("Country of Origin") IN ('UZ', 'UZB', 'UZBEKISTAN') AND (hs LIKE '5201%' OR hs LIKE '5205%'
       OR (hs = '' AND regexp_matches("Product Description", '(?i)\\bcotton\\s+(yarn|lint)\\b')))
       AND d BETWEEN DATE '2010-01-01' AND DATE '2022-09-27')
    OR (upper("Country of Origin") IN ('TM', 'TKM', 'TURKMENISTAN') AND hs LIKE '52%' AND d >= DATE '2018-05-18')
    OR (upper("Country of Origin") IN ('MY', 'MYS', 'MALAYSIA') AND hs LIKE '401519%' AND d >= DATE '2020-09-30')
    OR (upper("Country of Origin") IN ('GH', 'GHANA', 'CI', 'CIV') AND hs LIKE '1801%')
    OR (regexp_matches("Shipper Address", '(?i)\\b(xinjiang|urumqi|kashgar|aksu|hotan|shihezi|korla|turpan)\\b|新疆|乌鲁木齐')
        AND d >= DATE '2022-06-21')
    OR upper("Shipper Name") IN ('HOSHINE SILICON INDUSTRY CO LTD', 'XINJIANG DAQO NEW ENERGY CO LTD',
                                 'XINJIANG ZHONGTAI CHEMICAL CO LTD')
) TO '${q(output)}' (HEADER, DELIMITER ',');
`);
