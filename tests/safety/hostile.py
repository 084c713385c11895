"""Builders of hostile inputs, made in a test's tmp_path (never committed as binaries).

Shared by test_hostile_files.py (``opmodel.load``) and test_hostile_cli.py (``opmodel
validate``). Every builder returns the path it wrote. ``run_load`` imports a file in a
child process with a timeout and an address-space limit, so that a hang, a runaway
allocation or a crash of the native reader fails one test instead of the whole run.
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter

REPO = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT = 60  # seconds: the hang guard; speed is asserted on the child's own timing
CHILD_MEMORY = 4 * 2**30  # bytes of address space for the child

SHEET1 = "xl/worksheets/sheet1.xml"
XSS = "<img src=x onerror=alert(1)>"


def child_env() -> dict[str, str]:
    """The environment for a child interpreter that must import this checkout's opmodel."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    env.setdefault("RUST_BACKTRACE", "0")
    return env


def _limit_memory(limit: int) -> Any:
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


_CHILD = r"""
import json, sys, time
import opmodel
import opmodel.ingest.reader as reader
from opmodel.errors import OpmodelError
for name, value in json.loads(sys.argv[2]).items():
    setattr(reader, name, value)
start = time.perf_counter()
try:
    result = opmodel.load(sys.argv[1])
except OpmodelError as exc:
    out = {"error": type(exc).__name__, "message": str(exc)}
except BaseException as exc:  # a crash is the finding: report it, do not hide it
    out = {"crash": type(exc).__name__, "message": str(exc)[:500]}
else:
    model = result.model
    out = {"ok": True, "teams": [t.name for t in model.teams],
           "activities": [a.name for a in model.activities],
           "codes": sorted(i.code.value for i in result.report.issues)}
out["seconds"] = time.perf_counter() - start
print("\n" + json.dumps(out))
"""


def run_load(path: Path, limits: dict[str, int] | None = None,
             memory: int = CHILD_MEMORY) -> dict[str, Any]:
    """``opmodel.load(path)`` in a child process: its outcome as a dict.

    Keys: ``error``/``message`` (an OpmodelError), ``crash``/``message`` (anything else),
    or ``ok`` with ``teams``, ``activities`` and issue ``codes``; always ``seconds`` (the
    load alone) unless the child died, in which case ``died`` holds its return code and
    ``stderr`` its last lines.
    """
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), json.dumps(limits or {})],
        capture_output=True, text=True, timeout=CHILD_TIMEOUT, cwd=REPO, env=child_env(),
        preexec_fn=_limit_memory(memory), check=False,
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"died": proc.returncode, "stderr": proc.stderr[-2000:]}
    return json.loads(lines[-1])


# ---------------------------------------------------------------------- workbooks
RACI_ROWS: list[list[Any]] = [
    ["Activity", "Sales", "Service", "Billing"],
    ["Receive order", "A/R", "C", "I"],
    ["Check stock", "A", "R", None],
    ["Ship order", "A", "R", "I"],
    ["Invoice customer", "A", "I", "R"],
]


def openpyxl_raci(path: Path, rows: list[list[Any]] | None = None, title: str = "RACI") -> Path:
    """A small RACI workbook written by openpyxl (inline strings, no cached formula values)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows or RACI_ROWS:
        sheet.append(row)
    book.save(path)
    return path


def shared_strings_raci(path: Path, rows: list[list[Any]] | None = None) -> Path:
    """A small RACI workbook written by xlsxwriter in its default mode (xl/sharedStrings.xml)."""
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("RACI")
        for r, row in enumerate(rows or RACI_ROWS):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    return path


def parts_of(path: Path) -> dict[str, bytes]:
    """Every member of a zip, in order."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(src: Path, dst: Path, replace: dict[str, bytes] | None = None,
          add: dict[str, bytes] | None = None,
          compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """Copy a zip, replacing and adding members."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(dst, "w", compression) as out:
        for name, data in parts_of(src).items():
            out.writestr(name, replace.get(name, data))
        for name, data in add.items():
            out.writestr(name, data)
    return dst


def rename_part(src: Path, dst: Path, old: str, new: str, data: bytes | None = None) -> Path:
    """Move a member to another name (``data`` replacing its content) and point
    xl/_rels/workbook.xml.rels at it: readers follow the relationship, not the extension."""
    parts = parts_of(src)
    rels = "xl/_rels/workbook.xml.rels"
    old_target, new_target = old.removeprefix("xl/").encode(), new.removeprefix("xl/").encode()
    assert old_target in parts[rels], old
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in parts.items():
            if name == old:
                out.writestr(new, content if data is None else data)
            elif name == rels:
                out.writestr(name, content.replace(old_target, new_target))
            else:
                out.writestr(name, content)
    return dst


def sheet_part(path: Path, sheet: str) -> str:
    """The zip member holding a sheet, found through xl/workbook.xml and its rels."""
    parts = parts_of(path)

    def attrs(element: bytes) -> dict[bytes, bytes]:
        return dict(re.findall(rb'([\w:]+)="([^"]*)"', element))

    sheets = [attrs(e) for e in re.findall(rb"<sheet [^>]*>", parts["xl/workbook.xml"])]
    rid = next(a[b"r:id"] for a in sheets if a[b"name"] == sheet.encode())
    rels = [attrs(e) for e in re.findall(rb"<Relationship [^>]*>",
                                         parts["xl/_rels/workbook.xml.rels"])]
    target = next(a[b"Target"] for a in rels if a[b"Id"] == rid).decode().lstrip("/")
    return target if target.startswith("xl/") else f"xl/{target}"


def _central_directory(raw: bytes | bytearray) -> list[tuple[int, str]]:
    """(offset, name) of each central directory record."""
    end = raw.rindex(b"PK\x05\x06")
    pos = struct.unpack_from("<I", raw, end + 16)[0]
    records = []
    while raw[pos:pos + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack_from("<HHH", raw, pos + 28)
        records.append((pos, bytes(raw[pos + 46:pos + 46 + n]).decode()))
        pos += 46 + n + m + k
    return records


def declare_size(src: Path, dst: Path, member: str, size: int, local: bool = False) -> Path:
    """Rewrite the uncompressed size a zip declares for one member (central directory,
    and with ``local`` its local header too) without touching its data."""
    raw = bytearray(src.read_bytes())
    for pos, name in _central_directory(raw):
        if name == member:
            struct.pack_into("<I", raw, pos + 24, size)
            if local:
                header = struct.unpack_from("<I", raw, pos + 42)[0]
                struct.pack_into("<I", raw, header + 22, size)
    dst.write_bytes(bytes(raw))
    return dst


def set_method(src: Path, dst: Path, member: str, method: int) -> Path:
    """Claim another compression method (e.g. 9, Deflate64) for one member."""
    raw = bytearray(src.read_bytes())
    for pos, name in _central_directory(raw):
        if name == member:
            struct.pack_into("<H", raw, pos + 10, method)
            header = struct.unpack_from("<I", raw, pos + 42)[0]
            struct.pack_into("<H", raw, header + 8, method)
    dst.write_bytes(bytes(raw))
    return dst


def set_encrypted_flag(src: Path, dst: Path) -> Path:
    """Mark the first member as encrypted (general purpose flag bit 0)."""
    raw = bytearray(src.read_bytes())
    pos, _ = _central_directory(raw)[0]
    struct.pack_into("<H", raw, pos + 8, struct.unpack_from("<H", raw, pos + 8)[0] | 1)
    dst.write_bytes(bytes(raw))
    return dst


def corrupt_member(src: Path, dst: Path, member: str | None = None) -> Path:
    """Flip bytes inside one member's compressed data (the largest by default), keeping the
    zip's directory intact: the archive opens, inflating that member fails."""
    with zipfile.ZipFile(src) as archive:
        infos = archive.infolist()
    info = (next(i for i in infos if i.filename == member) if member
            else max(infos, key=lambda i: i.compress_size))
    raw = bytearray(src.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 4, start + min(44, info.compress_size)):
        raw[k] ^= 0xFF
    dst.write_bytes(bytes(raw))
    return dst


def flip_stored_byte(src: Path, dst: Path, member: str) -> Path:
    """Store every member uncompressed, then change one character of text inside ``member``:
    the XML stays well-formed, only the member's CRC-32 no longer matches."""
    stored = rezip(src, dst, compression=zipfile.ZIP_STORED)
    with zipfile.ZipFile(stored) as archive:
        info = archive.getinfo(member)
    raw = bytearray(stored.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytes(raw[start:start + info.file_size])
    k = start + data.index(b"<t>", info.file_size // 2) + 3
    raw[k] = ord("Z") if raw[k] != ord("Z") else ord("Y")
    dst.write_bytes(bytes(raw))
    return dst


def zeros_member(src: Path, dst: Path, megabytes: int = 60) -> Path:
    """Add a part of ``megabytes`` MB of zeros (compresses about 1000-fold)."""
    rezip(src, dst)
    with zipfile.ZipFile(dst, "a", zipfile.ZIP_DEFLATED) as archive, archive.open(
            "xl/media/image1.png", "w") as part:
        chunk = bytes(2**20)
        for _ in range(megabytes):
            part.write(chunk)
    return dst


def billion_laughs(levels: int = 9) -> bytes:
    """A DOCTYPE whose entity ``&lol<levels>;`` expands to 10**levels "lol"s."""
    decls = [b'<!ENTITY lol0 "lol">']
    for level in range(1, levels + 1):
        decls.append(b'<!ENTITY lol%d "%s">' % (level, b"&lol%d;" % (level - 1) * 10))
    return b"<!DOCTYPE lolz [" + b"".join(decls) + b"]>"


def with_doctype(xml: bytes, doctype: bytes, padding: bytes = b"",
                 replace: tuple[bytes, bytes] | None = None) -> bytes:
    """Put ``doctype`` after the XML declaration (after ``padding``, which may be a comment
    or whitespace) and optionally make a text node use an entity."""
    end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    head = xml[:end] if end else b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    body = xml[end:]
    if replace:
        assert replace[0] in body, replace[0]
        body = body.replace(replace[0], replace[1], 1)
    return head + padding + doctype + body


def huge_dimension(path: Path) -> Path:
    """A ~5 KB workbook (openpyxl) whose single far cell (XFD1048576) makes 2**34 cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "RACI"
    for row in RACI_ROWS:
        sheet.append(row)
    sheet["XFD1048576"] = "x"
    book.save(path)
    return path


_FAR = b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
# Ways to write the same far cell, all read by calamine as a 1,048,576 x 16,384 sheet.
FAR_CELLS: dict[str, bytes] = {
    "plain": b'<row r="1048576">' + _FAR + b"</row>",
    # OOXML allows cells (and rows) without r: calamine numbers them in sequence
    "cells-without-r": (b'<row r="6">' + b"<c/>" * 16383
                        + b'<c t="inlineStr"><is><t>y</t></is></c></row>'
                        b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c>'
                        b"</row>"),
    "prefixed-elements": (b'<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/'
                          b'2006/main" r="1048576"><x:c r="XFD1048576" t="inlineStr"><x:is>'
                          b"<x:t>x</x:t></x:is></x:c></x:row>"),
    "lowercase-reference": (b'<row r="1048576"><c r="xfd1048576" t="inlineStr"><is><t>x</t>'
                            b"</is></c></row>"),
    "single-quotes": (b"<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is>"
                      b"</c></row>"),
}


def far_cell(path: Path, variant: str) -> Path:
    """A small xlsxwriter workbook with one of FAR_CELLS appended to its RACI sheet."""
    src = shared_strings_raci(path.with_name(f"src-{path.name}"))
    xml = parts_of(src)[SHEET1]
    return rezip(src, path, replace={
        SHEET1: xml.replace(b"</sheetData>", FAR_CELLS[variant] + b"</sheetData>")})


def sparse_file(path: Path, size: int, head: bytes = b"PK\x03\x04") -> Path:
    """A file of ``size`` bytes that costs no disk space (sparse where supported)."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


# ---------------------------------------------------------------------- OLE2 / CFB
_END, _FREE, _FAT, _NONE = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """A minimal, valid OLE2 compound file (version 3, 512-byte sectors).

    Each stream is padded to at least 4096 bytes so it lives in normal sectors (no mini
    stream); sector 0 is the FAT and sector 1 the directory. Enough for calamine to open
    it, and the shape Excel gives a password-protected .xlsx (EncryptionInfo and
    EncryptedPackage streams) or a legacy .xls (a Workbook stream).
    """
    assert len(streams) in (1, 2, 3)
    sectors: list[bytes] = []
    fat = [_FAT, _END]
    entries: list[tuple[str, int, int]] = []
    for name, data in streams:
        data = data.ljust(max(4096, -(-len(data) // 512) * 512), b"\0")
        start = 2 + len(sectors)
        count = len(data) // 512
        for i in range(count):
            sectors.append(data[i * 512:(i + 1) * 512])
            fat.append(start + i + 1 if i < count - 1 else _END)
        entries.append((name, start, len(data)))
    assert len(fat) <= 128

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, _NONE, right,
                                                   child)
                + bytes(16 + 4 + 16) + struct.pack("<IQ", start, size))

    directory = [entry("Root Entry", 5, _NONE, 1, _END, 0)]
    for i, (name, start, size) in enumerate(entries):
        right = i + 2 if i + 1 < len(entries) else _NONE
        directory.append(entry(name, 2, right, _NONE, start, size))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108)
    fat_sector = b"".join(struct.pack("<I", v) for v in fat + [_FREE] * (128 - len(fat)))
    return header + fat_sector + b"".join(directory).ljust(512, b"\0") + b"".join(sectors)


def encrypted_xlsx(path: Path) -> Path:
    """What Excel writes for a password-protected .xlsx: an OLE2 file, not a zip."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    path.write_bytes(compound_file([("EncryptionInfo", info),
                                    ("EncryptedPackage", os.urandom(5000))]))
    return path


def _biff(record: int, data: bytes) -> bytes:
    return struct.pack("<HH", record, len(data)) + data


def password_xls(path: Path) -> Path:
    """A legacy .xls whose Workbook stream opens with BOF then FILEPASS (RC4 encryption)."""
    bof = _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))
    filepass = _biff(0x002F, struct.pack("<HHH", 1, 1, 1) + os.urandom(48))
    path.write_bytes(compound_file([("Workbook", bof + filepass + _biff(0x000A, b""))]))
    return path


# ---------------------------------------------------------------- process-killing cases
# Each of these aborted python-calamine (``memory allocation of N bytes failed``, exit 134)
# or took minutes and gigabytes before the reader's budgets (issue 14).
WORKBOOK = "xl/workbook.xml"
RELS = "xl/_rels/workbook.xml.rels"


def with_rows(path: Path, rows: bytes, after: bytes = b"") -> Path:
    """A small xlsxwriter RACI whose sheet gets extra ``rows`` (and XML after sheetData)."""
    src = shared_strings_raci(path.with_name(f"src-{path.name}"))
    xml = parts_of(src)[SHEET1]
    xml = xml.replace(b"</sheetData>", rows + b"</sheetData>" + after)
    return rezip(src, path, replace={SHEET1: xml})


def cell_reference_disagrees(path: Path, reference: str = "A1048576") -> Path:
    """``<c r="A1048576">`` inside ``<row r="6">``: readers place the cell by its own
    reference, not by its row."""
    return with_rows(path, b'<row r="6"><c r="%s" t="inlineStr"><is><t>x</t></is></c></row>'
                     % reference.encode())


def shared_string_count(path: Path, attribute: str = "uniqueCount",
                        value: str = "999999999999") -> Path:
    """A shared-string table declaring ``value`` strings (calamine reserves them)."""
    src = shared_strings_raci(path.with_name(f"src-{path.name}"))
    xml = parts_of(src)["xl/sharedStrings.xml"]
    xml = re.sub(rb' %s="\d+"' % attribute.encode(), b' %s="%s"' % (attribute.encode(),
                                                                   value.encode()), xml)
    return rezip(src, path, replace={"xl/sharedStrings.xml": xml})


def sheet_outside_worksheets(path: Path) -> Path:
    """A <sheet> whose name holds a '>' (ending naive tag scans early) and whose part
    lives outside xl/worksheets/, holding one far cell."""
    src = shared_strings_raci(path.with_name(f"src-{path.name}"))
    far = parts_of(src)[SHEET1].replace(b"</sheetData>", FAR_CELLS["plain"] + b"</sheetData>")
    moved = rename_part(src, path.with_name(f"moved-{path.name}"), SHEET1, "xl/data/x.xml", far)
    book = parts_of(moved)[WORKBOOK].replace(b'<sheet name="RACI"', b'<sheet name="R&gt;A>CI"')
    return rezip(moved, path, replace={WORKBOOK: book})


def sheets_sharing_a_part(path: Path, count: int = 12, rows: int = 1_000_000,
                          column: str = "J") -> Path:
    """``count`` <sheet> entries pointing at one worksheet part spanning ``rows`` x
    ``column`` (each within the per-sheet limit; together far above the workbook's)."""
    src = with_rows(path.with_name(f"rows-{path.name}"),
                    b'<row r="%d"><c r="%s%d"><v>1</v></c></row>' % (rows, column.encode(), rows))
    book = parts_of(src)[WORKBOOK]
    entry = re.search(rb"<sheet [^>]*/>", book)
    assert entry is not None
    entries = b"".join(entry.group(0).replace(b'name="RACI"', b'name="RACI%d"' % i)
                       .replace(b'sheetId="1"', b'sheetId="%d"' % (i + 1)) for i in range(count))
    return rezip(src, path, replace={WORKBOOK: book.replace(entry.group(0), entries)})


def merged_everything(path: Path, ref: str = "A1:XFD1048576") -> Path:
    """A RACI whose sheet merges ``ref`` (openpyxl makes one object per merged cell)."""
    return with_rows(path, b"", b'<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>'
                     % ref.encode())


def _label(row: int, col: int, text: str) -> bytes:
    raw = text.encode("latin-1")
    return _biff(0x0204, struct.pack("<HHHHB", row, col, 15, len(raw), 0) + raw)


def legacy_xls(path: Path, cells: list[tuple[int, int, str]] | None = None) -> Path:
    """A minimal BIFF8 .xls (one sheet of LABEL records) inside an OLE2 container."""
    cells = cells if cells is not None else [
        (r, c, str(v)) for r, row in enumerate(RACI_ROWS) for c, v in enumerate(row) if v]
    bof_globals = _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    name = b"RACI"
    boundsheet_len = 4 + 8 + len(name)
    sheet_offset = len(bof_globals) + boundsheet_len + 4
    boundsheet = _biff(0x0085, struct.pack("<IBBBB", sheet_offset, 0, 0, len(name), 0) + name)
    globals_ = bof_globals + boundsheet + _biff(0x000A, b"")
    sheet = (_biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
             + b"".join(_label(r, c, t) for r, c, t in cells) + _biff(0x000A, b""))
    path.write_bytes(compound_file([("Workbook", globals_ + sheet)]))
    return path


def repeated_ods(path: Path, rows: int = 290_000, columns: int = 100) -> Path:
    """A 1 KB OpenDocument spreadsheet whose repeat counts ask for rows x columns cells."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="RACI">'
        f'<table:table-row table:number-rows-repeated="{rows}">'
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
        "<text:p>R</text:p></table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        out.writestr("content.xml", content)
        out.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest '
                     'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return path


# ------------------------------------------------------- zips the zipfile module chokes on
def shifted_offsets(src: Path, dst: Path, shift: int = 5000) -> Path:
    """Point the end record at a central directory ``shift`` bytes further on: zipfile
    computes a negative start and seeks there (OSError: [Errno 22] Invalid argument)."""
    raw = bytearray(src.read_bytes())
    end = raw.rindex(b"PK\x05\x06")
    struct.pack_into("<I", raw, end + 16, struct.unpack_from("<I", raw, end + 16)[0] + shift)
    dst.write_bytes(bytes(raw))
    return dst


def undecodable_member_name(src: Path, dst: Path, member: str = SHEET1) -> Path:
    """Flag one member's name as UTF-8 (bit 11) and put a 0xFF byte in it."""
    raw = bytearray(src.read_bytes())
    pos = next(p for p, name in _central_directory(raw) if name == member)
    struct.pack_into("<H", raw, pos + 8, struct.unpack_from("<H", raw, pos + 8)[0] | 0x800)
    raw[pos + 46 + 3] = 0xFF
    dst.write_bytes(bytes(raw))
    return dst


def zip_version(src: Path, dst: Path, version: int = 99) -> Path:
    """Claim every member needs zip version ``version / 10`` to extract."""
    raw = bytearray(src.read_bytes())
    for pos, _ in _central_directory(raw):
        struct.pack_into("<H", raw, pos + 6, version)
    dst.write_bytes(bytes(raw))
    return dst
