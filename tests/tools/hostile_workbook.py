#!/usr/bin/env python3
"""Write a hostile reviews workbook (tests/hostile/reviews_*): hostile_workbook.py KIND OUT.

The zip is written by hand so that big members cost no time: a deflated member is one
compressed block repeated (each block ends with a full flush, so the copies are a valid
deflate stream), and its CRC is left 0 when the reader must refuse the member before its end.

  empty-strings  20,000,000 empty shared strings (<si/>), about 150 KB
  long-strings   1,500 shared strings of 1 MiB each, about 1.5 MB
  big-sheet      a sheet of 1 GiB (rows of two short cells), about 1 MB
  lying-book     an xl/workbook.xml of 256 MiB (text in an unknown element) whose zip
                 directory says 248 bytes, about 260 KB
  rows           1,048,577 rows in one sheet (all numbered 2), stored
  cells          a row of 16,385 cells, stored
  duplicate      xl/worksheets/sheet1.xml twice: Confirmed in the first, False positive in
                 the second
  bad-xml        a sheet whose line 3 is not well-formed
  big-strings    96 shared strings of 1 MiB each, stored (for a run under ulimit -v)
"""
import struct
import sys
import zlib

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
WORKBOOK = ('<?xml version="1.0"?><workbook ' + NS + ' xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Flags" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>').encode()
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>').encode()
HEAD = ('<?xml version="1.0"?><worksheet ' + NS + '><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>Fingerprint</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Disposition</t></is></c></row>').encode()
TAIL = b'</sheetData></worksheet>'
FP = b'a' * 64


def row(disp):
    return (b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + FP + b'</t></is></c><c r="B2" '
            b't="inlineStr"><is><t>' + disp + b'</t></is></c></row>')


class Member:
    """One zip member: name, data as it is stored, method, CRC and sizes."""

    def __init__(self, name, data, method=0, crc=None, size=None):
        self.name, self.data, self.method = name.encode(), data, method
        self.size = len(data) if size is None else size
        self.crc = zlib.crc32(data) if crc is None else crc


def deflated(name, head, block, copies, tail, said=None):
    """head + block * copies + tail, deflated without compressing more than one block."""
    parts = []
    for piece in (head, block):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        parts.append(c.compress(piece) + c.flush(zlib.Z_FULL_FLUSH))
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = parts[0] + parts[1] * copies + c.compress(tail) + c.flush()
    size = len(head) + len(block) * copies + len(tail)
    return Member(name, data, 8, crc=0, size=size if said is None else said)


def write(path, members):
    out, central = bytearray(), bytearray()
    for m in members:
        entry = struct.pack('<HHHHHIIIHH', 20, 0, m.method, 0, 0x21, m.crc, len(m.data),
                            m.size, len(m.name), 0)
        central += (struct.pack('<IH', 0x02014b50, 20) + entry + struct.pack('<HHHII', 0, 0, 0, 0,
                                                                             len(out)) + m.name)
        out += struct.pack('<I', 0x04034b50) + entry + m.name + m.data
    n = len(members)
    eocd = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, n, n, len(central), len(out), 0)
    with open(path, 'wb') as f:
        f.write(bytes(out + central + eocd))


def book(*more):
    return [Member('xl/workbook.xml', WORKBOOK), Member('xl/_rels/workbook.xml.rels', RELS)] + list(more)


def sheet(body):
    return Member('xl/worksheets/sheet1.xml', HEAD + body + TAIL)


def sst(name_block, copies):
    return deflated('xl/sharedStrings.xml', b'<sst ' + NS.encode() + b'>', name_block, copies,
                    b'</sst>')


def main():
    kind, path = sys.argv[1], sys.argv[2]
    if kind == 'empty-strings':
        members = book(sheet(b''), sst(b'<si/>' * 100000, 200))
    elif kind == 'long-strings':
        members = book(sheet(b''), sst(b'<si><t>' + b'x' * (1 << 20) + b'</t></si>', 1500))
    elif kind == 'big-sheet':
        block = b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>' * 16384
        members = book(deflated('xl/worksheets/sheet1.xml', HEAD, block, (1 << 30) // len(block),
                                TAIL))
    elif kind == 'lying-book':
        block = b'<x>' + b'x' * (1 << 20) + b'</x>'
        head, tail = WORKBOOK[:-len(b'</workbook>')], b'</workbook>'
        members = [deflated('xl/workbook.xml', head, block, 256, tail, said=len(WORKBOOK)),
                   Member('xl/_rels/workbook.xml.rels', RELS), sheet(b'')]
    elif kind == 'rows':
        members = book(sheet(b'<row r="2"/>' * 1048577))
    elif kind == 'cells':
        members = book(sheet(b'<row r="2">' + b'<c/>' * 16385 + b'</row>'))
    elif kind == 'duplicate':
        members = book(sheet(row(b'Confirmed')), sheet(row(b'False positive')))
    elif kind == 'bad-xml':
        members = book(sheet(b'\n<row r="2"><c r="A2"><v>1</v></c>\n</rowx>'))
    elif kind == 'big-strings':
        s = b'<sst ' + NS.encode() + b'>' + (b'<si><t>' + b'x' * (1 << 20) + b'</t></si>') * 96
        members = book(sheet(b''), Member('xl/sharedStrings.xml', s + b'</sst>'))
    else:
        sys.exit(f'unknown kind {kind}')
    write(path, members)


if __name__ == '__main__':
    main()
