"""Forge a partial (src/judge/partial.h, format 1): in the first record with a flag, give its
first hit a rule index far past the rule set (rule), or a text span of the description that
runs far past its end (span), re-encode the record and write a new, valid SHA-256: a file whose digest is
right but whose content no shard wrote. Usage: forge.py IN OUT rule|span"""
import hashlib
import sys


def uvar(b, i):
    v = shift = 0
    while True:
        x = b[i]
        i += 1
        v |= (x & 0x7F) << shift
        shift += 7
        if not x & 0x80:
            return v, i


def enc(v):
    out = bytearray()
    while True:
        c = v & 0x7F
        v >>= 7
        out.append(c | (0x80 if v else 0))
        if not v:
            return bytes(out)


def text(b, i):
    n, i = uvar(b, i)
    return i + n + 1  # bytes and the NUL


def first_hit(rec):
    """Offsets in rec of the first hit's rule varint and of its span's field varint, or None."""
    i = 0
    for _ in range(6):  # line, index, flags, reading, date, own date
        v, i = uvar(rec, i)
        if _ == 2:
            flags = v
    n, i = uvar(rec, i)
    for _ in range(n):
        i = text(rec, i)
        i = text(rec, i)
        i = text(rec, i)
        _, i = uvar(rec, i)
    if not flags & 1:
        return None
    i = text(rec, i)  # origin
    i = text(rec, i)  # hs
    for _ in range(13):
        i = text(rec, i)
    hits, i = uvar(rec, i)
    _, i = uvar(rec, i)  # fired
    if not hits:
        return None
    rule_at = i
    for _ in range(4):  # rule, severity, match, upstream + 1
        _, i = uvar(rec, i)
    return rule_at, i  # i: the span's field, then its start and end


def main():
    src, dst, what = sys.argv[1], sys.argv[2], sys.argv[3]
    b = bytearray(open(src, "rb").read())
    head_at = int.from_bytes(b[-80:-72], "little")
    _, i = uvar(b, 8)  # the format
    while i < head_at and b[i] != ord("E"):
        if b[i] == ord("U"):
            _, i = uvar(b, i + 1)
            _, i = uvar(b, i)
            continue
        n, j = uvar(b, i + 1)  # 'R', length
        rec = bytes(b[j:j + n])
        found = first_hit(rec)
        if found:
            rule_at, span_at = found
            if what == "rule":
                _, after = uvar(rec, rule_at)
                rec = rec[:rule_at] + enc(999999) + rec[after:]
            else:  # the description (field 8), from 0 to far past its end
                _, k = uvar(rec, span_at)
                _, k = uvar(rec, k)
                _, after = uvar(rec, k)
                rec = rec[:span_at] + enc(8) + enc(0) + enc(999999) + rec[after:]
            new = b"R" + enc(len(rec)) + rec
            delta = len(new) - (j + n - i)
            b[i:j + n] = new
            head_at += delta
            b[-80:-72] = head_at.to_bytes(8, "little")
            b[-72:-8] = hashlib.sha256(bytes(b[:-72])).hexdigest().encode()
            open(dst, "wb").write(b)
            return 0
        i = j + n
    return 1  # no record with a flag


sys.exit(main())
