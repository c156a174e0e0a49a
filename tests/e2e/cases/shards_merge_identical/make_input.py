"""The sample twice over, with line breaks inside quoted fields in every third record (LF, CRLF
and CR in turn) and a doubled quote in every fifth description, so that shard cuts fall
between, before and after records that span lines."""
import csv
import io
import sys

src, dst = sys.argv[1], sys.argv[2]
with open(src, newline="", encoding="utf-8", errors="surrogateescape") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:] * 2
addr = header.index("Shipper Address")
desc = header.index("Product Description")
breaks = ["\n", "\r\n", "\r"]
out = io.StringIO(newline="")
w = csv.writer(out, lineterminator="\r\n")
w.writerow(header)
for i, r in enumerate(body):
    if len(r) == len(header):
        if i % 3 == 0 and r[addr]:
            words = r[addr].split(" ", 1)
            r[addr] = words[0] + breaks[(i // 3) % 3] + (words[1] if len(words) > 1 else "")
        if i % 5 == 0:
            r[desc] = r[desc] + ' 12" pipe'
    w.writerow(r)
with open(dst, "w", newline="", encoding="utf-8", errors="surrogateescape") as f:
    f.write(out.getvalue())
