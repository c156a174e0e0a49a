# An output named with another format's extension: written all the same (r.csv is a
# workbook), with a warning naming the option that was probably meant.
. "$FLSCAN_SRC/tests/cli/common.sh"
flscan scan -q --out r.csv --flags-csv f.xlsx --flags-jsonl f.json --summary-json s.txt \
    shipments.csv
head -c 2 r.csv && echo
flscan scan -q --out R.XLSX --flags-csv f.CSV --flags-jsonl f.ndjson --summary-json s.json \
    shipments.csv
