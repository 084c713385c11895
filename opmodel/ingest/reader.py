"""Bytes on disk -> sheets of raw cell values, refusing hostile or oversized files first.

No domain knowledge lives here. Cells are read with python-calamine (a Rust reader, about
13x faster than openpyxl's read-only mode on a 2M-cell matrix; it also opens workbooks
openpyxl rejects). Formulas are never evaluated: both readers return the value Excel
cached when the file was saved. Formatting (bold, merged cells), which calamine cannot
see, is read with openpyxl on demand and only for files small enough to afford it.
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from opmodel.errors import (
    EncryptedFileError,
    OpmodelError,
    UnreadableFileError,
    UnsafeFileError,
)
from opmodel.location import column_letter, column_number

# Documented limits (README "Limits"). Each refusal names the limit it hit.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 10_000
MAX_SHEET_CELLS = 10_000_000  # 4x the 100,000-activity benchmark's RACI sheet
MAX_WORKBOOK_CELLS = 20_000_000
MAX_SHEETS = 256
MAX_CSV_ROWS = 1_048_576  # Excel's own sheet limits
MAX_CSV_COLUMNS = 16_384
MAX_CSV_CELLS = 10_000_000
SNIFF_CHARS = 4_000
MAX_FILLED_ROWS = 150_000  # 1.5x DESIGN's 100,000-activity target
MAX_MERGED_CELLS = 1_000_000  # openpyxl makes an object per merged cell
FORMATTING_MAX_BYTES = 8 * 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
_CSV_ENCODINGS = ("utf-8-sig", "cp1252")

_FORMULA_TRIGGERS = frozenset("=+-@")

CellValue = str | float | int | bool | date | datetime | time | timedelta | None


def cell_text(value: Any) -> str:
    """A cell as the text a user sees: whole numbers without ``.0``, stripped strings.

    >>> cell_text(3.0), cell_text(2.5), cell_text("  A/R "), cell_text(None), cell_text(True)
    ('3', '2.5', 'A/R', '', 'yes')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        # A leading apostrophe before = + - @ is how exports neutralise formulas; Excel
        # itself never stores it as content.
        if text[:1] == "'" and text[1:2] in _FORMULA_TRIGGERS and len(text) > 1:
            return text[1:]
        return text
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


@dataclass
class Sheet:
    """One sheet's raw values (rows of cells, 0-based) in workbook order."""

    name: str
    rows: list[list[Any]]

    def text(self, row: int, col: int) -> str:
        """The text of a cell, '' outside the used range."""
        cells = self.rows[row] if row < len(self.rows) else ()
        return cell_text(cells[col]) if col < len(cells) else ""

    @property
    def width(self) -> int:
        """Widest row."""
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Workbook:
    """What the reader hands to the parser: sheets plus what it noticed on the way."""

    path: Path
    sheets: list[Sheet]
    has_macros: bool = False
    has_external_links: bool = False
    formatting: Formatting | None = None
    notes: list[str] = field(default_factory=list)

    def sheet(self, name: str) -> Sheet:
        """A sheet by its exact name."""
        return next(s for s in self.sheets if s.name == name)


class Formatting:
    """Bold and merged cells from openpyxl, loaded once, only when a caller asks."""

    def __init__(self, path: Path) -> None:
        """Remember the file; nothing is read until the first question."""
        self._path = path
        self._book: Any = None
        self.failure: str | None = None  # why formatting could not be read, for the report

    def _sheet(self, name: str) -> Any:
        if self._book is None and self.failure is None:
            import openpyxl  # openpyxl picks up defusedxml when it is installed

            try:
                self._book = openpyxl.load_workbook(self._path, data_only=True)
            except Exception as exc:  # values came from calamine; formatting is optional
                self.failure = _first_line(exc) or type(exc).__name__
        return self._book[name] if self._book is not None and name in self._book else None

    def is_bold(self, sheet: str, row: int, col: int) -> bool:
        """Whether a cell (0-based indices) is in bold type."""
        ws = self._sheet(sheet)
        if ws is None:
            return False
        font = ws.cell(row=row + 1, column=col + 1).font
        return bool(font is not None and font.b)

    def is_merged_across(self, sheet: str, row: int, col: int, min_width: int = 3) -> bool:
        """Whether the cell starts a merged range spanning several columns of its row."""
        ws = self._sheet(sheet)
        if ws is None:
            return False
        for merged in ws.merged_cells.ranges:
            if (merged.min_row == row + 1 and merged.min_col == col + 1
                    and merged.max_col - merged.min_col + 1 >= min_width):
                return True
        return False


def read(path: Path | str) -> Workbook:
    """Read a workbook (.xlsx, .xlsm, .xls) or a .csv file safely.

    Raises an OpmodelError subclass, with one sentence saying what to do, when the file
    cannot or must not be read: whatever a library raises on the way (a damaged zip's
    OSError, an undecodable member name, a MemoryError) becomes one.
    """
    path = Path(path)
    try:
        return _read(path)
    except OpmodelError:
        raise
    except MemoryError as exc:
        raise UnsafeFileError(
            f"{path.name} needs more memory than this machine can give it: delete unused "
            "rows, columns and sheets, or split the workbook.") from exc
    except RecursionError as exc:
        raise UnsafeFileError(
            f"{path.name} nests its XML too deeply to read: open it in Excel and save it "
            "again.") from exc
    except Exception as exc:  # the reader's boundary: any library error gets a sentence
        raise UnreadableFileError(
            f"{path.name} could not be read ({type(exc).__name__}: {_first_line(exc)}): "
            "open it in Excel and save it again as .xlsx.") from exc


def _read(path: Path) -> Workbook:
    if not path.is_file():
        raise UnreadableFileError(f"{path.name}: no such file.")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFileError(f"{path.name} is empty: save the workbook again and retry.")
    if size > MAX_FILE_BYTES:
        raise UnsafeFileError(
            f"{path.name} is {size / 2**20:.0f} MB, above the {MAX_FILE_BYTES // 2**20} MB "
            "limit: split the workbook or remove unused sheets."
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_ZIP_MAGIC):
        return _read_zip_workbook(path)
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in path.read_bytes():
            raise EncryptedFileError(
                f"{path.name} is password-protected: remove the password in Excel "
                "(File > Info > Protect Workbook) and upload it again."
            )
        # Legacy .xls has no pre-scan: calamine reads it where an abort cannot reach us.
        from opmodel.ingest import isolated

        return Workbook(path, [_filled_rows_checked(path, Sheet(name, rows))
                               for name, rows in isolated.read_sheets(path)])
    if path.suffix.lower() == ".ods":
        raise _opendocument(path)
    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        return _read_csv(path)
    raise UnreadableFileError(
        f"{path.name} is not an Excel workbook or a CSV file: save it as .xlsx or .csv."
    )


def _opendocument(path: Path) -> OpmodelError:
    """OpenDocument spreadsheets are refused by name: their repeat counts let a 1 KB file
    ask the reader for hundreds of millions of cells, and no pre-scan guards them."""
    return UnreadableFileError(
        f"{path.name} is an OpenDocument spreadsheet, which opmodel does not read: save it "
        "as .xlsx (File > Save As > Excel Workbook) and upload that.")


def _read_zip_workbook(path: Path) -> Workbook:
    """Check the zip container before any XML is parsed, then read the cells."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise UnreadableFileError(
            f"{path.name} is damaged (not a readable .xlsx): open it in Excel and save it again."
        ) from exc
    with archive:
        infos = archive.infolist()
        _check_container(path, infos)
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names and ("content.xml" in names or "mimetype" in names):
            raise _opendocument(path)
        if "xl/workbook.xml" not in names:
            raise UnreadableFileError(
                f"{path.name} is a zip file but not a spreadsheet: save it as .xlsx."
            )
        try:
            sheet_parts = _sheet_parts(archive)
        except _DAMAGED as exc:
            raise UnreadableFileError(
                f"{path.name} is damaged ({_first_line(exc)}): open it in Excel and save it "
                "again."
            ) from exc
        _check_no_doctype(path, archive, infos, {p: s for s, p in sheet_parts})
        _check_extents(path, archive, sheet_parts)
        try:
            _check_shared_strings(path, archive)
        except _DAMAGED as exc:
            raise _damaged(path, "xl/sharedStrings.xml", {}, exc) from exc
    workbook = _read_with_calamine(path)
    workbook.has_macros = any(n.endswith("vbaProject.bin") for n in names)
    workbook.has_external_links = any(n.startswith("xl/externalLinks/") for n in names)
    if path.stat().st_size <= FORMATTING_MAX_BYTES:
        workbook.formatting = Formatting(path)
    return workbook


def _check_container(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse zip bombs on the sizes the archive declares, before inflating anything."""
    if len(infos) > MAX_ZIP_ENTRIES:
        raise UnsafeFileError(
            f"{path.name} holds {len(infos)} parts, above the limit of {MAX_ZIP_ENTRIES}: "
            "it is not a normal workbook."
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnsafeFileError(
            f"{path.name} would expand to {total / 2**30:.1f} GB, above the "
            f"{MAX_UNCOMPRESSED_BYTES // 2**30} GB limit: refusing to open a possible zip bomb."
        )
    for info in infos:
        if info.flag_bits & 0x1:
            raise EncryptedFileError(
                f"{path.name} has encrypted parts: remove the password and upload it again."
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 50 * 2**20 and ratio > MAX_COMPRESSION_RATIO:
            raise UnsafeFileError(
                f"{path.name}: part {info.filename} expands {ratio:.0f}-fold "
                f"(limit {MAX_COMPRESSION_RATIO}): refusing to open a possible zip bomb."
            )


_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)


def _damaged(path: Path, part: str, names: dict[str, str], exc: BaseException) -> OpmodelError:
    """One sentence naming the sheet (or part) that cannot be inflated."""
    what = f"sheet '{names[part]}'" if part in names else f"part {part}"
    return UnreadableFileError(f"{path.name}: {what} is damaged ({_first_line(exc)}): open "
                               "the workbook in Excel and save it again.")


def _check_no_doctype(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo],
                      names: dict[str, str]) -> None:
    """Refuse XML with a DOCTYPE: Excel never writes one, entity-expansion attacks need one.

    The prolog (declaration, comments, processing instructions, whitespace) is skipped
    however long it is, so padding cannot push a DOCTYPE out of sight.
    """
    # Every part, whatever its name: readers open what the relationships point to.
    for info in infos:
        try:
            declares = not info.is_dir() and _declares_doctype(archive, info)
        except _DAMAGED as exc:
            raise _damaged(path, info.filename, names, exc) from exc
        if declares:
            raise UnsafeFileError(
                f"{path.name}: part {info.filename} declares XML entities, which workbooks "
                "saved by Excel never do: refusing a possible entity-expansion attack."
            )


def _declares_doctype(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    closers = {b"<?": b"?>", b"<!--": b"-->"}
    buffer = b""
    with archive.open(info) as part:
        while True:
            buffer = buffer.lstrip(b" \t\r\n\xef\xbb\xbf")
            opener = next((o for o in closers if buffer.startswith(o)), None)
            if opener is not None:
                end = buffer.find(closers[opener])
                if end >= 0:
                    buffer = buffer[end + len(closers[opener]):]
                    continue
            elif len(buffer) >= 9 or (buffer and not b"<!DOCTYPE".startswith(buffer[:9])):
                return buffer[:9].upper() == b"<!DOCTYPE"
            chunk = part.read(65536)
            if not chunk:
                return buffer[:9].upper() == b"<!DOCTYPE"
            buffer += chunk


# A tag's attributes, quoted values included: a '>' inside a value does not end the tag.
_ATTRS = rb"""((?:[^>"']|"[^"]*"|'[^']*')*)"""
_TAG = re.compile(rb"<(?:[\w.-]+:)?(sheet|Relationship)\b" + _ATTRS + rb">", re.I)
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row\b" + _ATTRS + rb">", re.I)
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)""", re.I)
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c\b" + _ATTRS + rb">", re.I)
# Readers take any number of letters (EQXC is column 99,999) and digits: so does the scan.
_CELL_REFERENCE = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]*)\$?(\d*)""")
_SST_COUNTS = {"uniquecount": "uniqueCount", "count": "count"}
_SST_TAG = re.compile(rb"<(?:[\w.-]+:)?sst\b" + _ATTRS + rb">", re.I)
_MERGE_REF = re.compile(rb"""<(?:[\w.-]+:)?mergeCell\b[^>]*?\sref\s*=\s*["']([^"']*)""", re.I)
_RANGE = re.compile(r"\$?([A-Za-z]+)\$?(\d+)(?::\$?([A-Za-z]+)\$?(\d+))?$")


def _attributes(raw: bytes) -> dict[str, str]:
    """An XML tag's attributes, in any order, either quote (names without prefixes)."""
    found = {}
    for name, double, single in _ATTRIBUTE.findall(raw):
        local = name.decode("ascii", "replace").rsplit(":", 1)[-1].casefold()
        found[local] = (double or single).decode("utf-8", "replace")
    return found


def _members(archive: zipfile.ZipFile, part: str) -> list[zipfile.ZipInfo]:
    """Every zip entry stored under a name: a crafted zip may repeat one, and readers
    disagree on which copy they open."""
    return [i for i in archive.infolist() if i.filename == part]


def _check_extents(path: Path, archive: zipfile.ZipFile, sheets: list[tuple[str, str]]) -> None:
    """Refuse sheets spanning more than MAX_SHEET_CELLS before calamine builds them.

    Calamine allocates the dense rectangle up to the farthest cell (placed by the cell's
    own reference, whatever its row says), so one cell at XFD1048576 in a 10 KB file
    would ask for 2**34 cells and abort the process; the references in the XML tell the
    real extent first. Every sheet entry counts towards the workbook's total, also when
    several entries name one part (each is read again), and every worksheet part is
    checked, whether or not the workbook's map names it.
    """
    if len(sheets) > MAX_SHEETS:
        raise UnsafeFileError(
            f"{path.name}: xl/workbook.xml lists {len(sheets):,} sheets, above the limit of "
            f"{MAX_SHEETS}: delete unused sheets or split the workbook.")
    parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and
             n.endswith(".xml")]
    entries = [*sheets, *((part, part) for part in parts
                          if part not in {p for _, p in sheets})]
    extents: dict[str, tuple[int, int, int]] = {}
    total = merged = 0
    for sheet, part in entries:
        if part not in extents:
            extents[part] = (0, 0, 0)
            for info in _members(archive, part):
                try:
                    data = archive.read(info)
                except _DAMAGED as exc:
                    raise _damaged(path, part, dict((p, s) for s, p in sheets), exc) from exc
                found = (*_extent(data), _merged_cells(data))
                extents[part] = tuple(map(max, extents[part], found))  # type: ignore[assignment]
        rows, columns, merges = extents[part]
        if rows * columns > MAX_SHEET_CELLS:
            raise UnsafeFileError(
                f"{path.name}: sheet '{sheet}' ({part}) reaches row {rows:,} and column "
                f"{column_letter(max(columns, 1) - 1)}, above the limit of "
                f"{MAX_SHEET_CELLS:,} cells: delete unused rows and columns (a stray value "
                "far from the table is enough).")
        total += rows * columns
        if total > MAX_WORKBOOK_CELLS:
            raise UnsafeFileError(
                f"{path.name}: its {len(entries)} sheet entries span more than "
                f"{MAX_WORKBOOK_CELLS:,} cells in all: split the workbook or delete unused "
                "sheets.")
        merged += merges
        if merged > MAX_MERGED_CELLS:
            raise UnsafeFileError(
                f"{path.name}: sheet '{sheet}' ({part}) merges more than "
                f"{MAX_MERGED_CELLS:,} cells, the limit: unmerge the cells (a merge over "
                "whole rows or columns is enough).")


def _merged_cells(data: bytes) -> int:
    """How many cells a sheet's merged ranges cover (the formatting reader makes an object
    for each)."""
    start = data.find(b"mergeCell")
    if start < 0:
        return 0
    cells = 0
    for ref in _MERGE_REF.findall(data, max(start - 16, 0)):
        match = _RANGE.match(ref.decode("ascii", "replace").strip())
        if match is None:
            continue
        first_col, first_row, last_col, last_row = match.groups()
        last_col, last_row = last_col or first_col, last_row or first_row
        height = abs(int(last_row) - int(first_row)) + 1
        width = abs(column_number(last_col.upper()) - column_number(first_col.upper())) + 1
        cells += height * width
    return cells


_PREFIXED = re.compile(rb"<[\w.-]+:(?:c|row)\b")
_PLAIN_COLUMN = re.compile(rb'<c r="([A-Za-z]+)')
_PLAIN_ROW = re.compile(rb'<row r="(\d+)"')


def _extent(data: bytes) -> tuple[int, int]:
    """(rows, columns) a reader will allocate for a sheet's XML.

    A cell with a reference is placed by it (its row may say otherwise); rows and cells
    without one follow the previous one, as readers place them; prefixes, either quote
    and lowercase references are understood. The common shape (every cell written
    ``<c r="B7"``, as Excel, openpyxl and xlsxwriter write it) takes a fast path: 0.1 s
    for a 2-million-cell sheet.
    """
    if (data.count(b'<c r="') == data.count(b"<c ") + data.count(b"<c>")
            and data.count(b'<row r="') == data.count(b"<row ") + data.count(b"<row>")
            and not _PREFIXED.search(data)):
        rows = max(map(int, _PLAIN_ROW.findall(data)), default=0)
        # Only a cell reference with at least as many digits can lie beyond the last row.
        far = re.findall(rb'<c r="[A-Za-z]*(\d{%d,})' % len(str(rows)), data)
        rows = max(rows, max(map(int, far), default=0))
        letters = set(_PLAIN_COLUMN.findall(data))
        return rows, max((column_number(c.decode().upper()) for c in letters), default=0)
    rows = 0
    for attributes in _ROW_TAG.findall(data):
        number = _ROW_NUMBER.search(attributes)
        rows = max(rows, int(number.group(1)) if number else rows + 1)
    cells = _CELL_TAG.findall(data)
    referenced = _CELL_REFERENCE.findall(b" ".join(cells))
    columns = max((column_number(c.decode().upper()) for c in {c for c, _ in referenced}
                   if c), default=0)
    rows = max(rows, max(map(int, {r for _, r in referenced if r}), default=0))
    if sum(1 for c, r in referenced if c and r) < len(cells):
        # Some cells carry no reference: count them row by row, as a reader would.
        for row in re.split(rb"</(?:[\w.-]+:)?row>", data):
            columns = max(columns, len(_CELL_TAG.findall(row)))
    return rows, columns


def _check_shared_strings(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a shared-string table declaring more strings than a workbook can hold:
    calamine reserves memory for the declared ``uniqueCount`` before reading one."""
    for info in archive.infolist():
        if not info.filename.casefold().endswith("sharedstrings.xml"):
            continue
        with archive.open(info) as part:
            head = part.read(65536)
        tag = _SST_TAG.search(head)
        attributes = _attributes(tag.group(1)) if tag else {}
        for name in ("uniquecount", "count"):
            declared = attributes.get(name, "0").strip()
            if not declared.isdigit() or int(declared[:20]) > MAX_WORKBOOK_CELLS:
                raise UnsafeFileError(
                    f"{path.name}: part {info.filename} declares {declared[:20]!r} shared "
                    f"strings ({_SST_COUNTS[name]}), above the limit of "
                    f"{MAX_WORKBOOK_CELLS:,}: open the workbook in Excel and save it again.")


def _part_names(target: str) -> set[str]:
    """The zip members a workbook relationship target may name: readers resolve targets
    differently (relative to xl/, absolute, with or without '..'), so all are checked."""
    bare = target.replace("\\", "/").lstrip("/")
    found = {bare, f"xl/{bare}"}
    return found | {posixpath.normpath(name) for name in found}


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, worksheet part) for every <sheet> entry of the workbook, in order:
    several entries may name one part, and a part may live anywhere in the zip."""
    members = set(archive.namelist())
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    targets: dict[str, str] = {}
    for tag, raw in _TAG.findall(rels):
        if tag.lower() == b"relationship":
            attributes = _attributes(raw)
            targets.setdefault(attributes.get("id", ""), attributes.get("target", ""))
    sheets: list[tuple[str, str]] = []
    for tag, raw in _TAG.findall(workbook):
        if tag.lower() == b"sheet":
            attributes = _attributes(raw)
            target = targets.get(attributes.get("id", ""), "")
            name = attributes.get("name", "")
            found = sorted(_part_names(target) & members) if target else []
            sheets.extend((name, part) for part in found or [""])
    return sheets


def _read_with_calamine(path: Path) -> Workbook:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several untyped errors; each gets a sentence
        raise open_failure(path, exc) from exc
    sheets: list[Sheet] = []
    for meta in book.sheets_metadata:
        if "WorkSheet" not in str(meta.typ):
            continue  # chart and dialog sheets hold no cells
        sheets.append(_read_sheet(path, book, meta.name))
    return Workbook(path=path, sheets=sheets)


def open_failure(path: Path, exc: BaseException) -> OpmodelError:
    """The sentence for a workbook calamine cannot open."""
    if "password" in str(exc).casefold():
        return EncryptedFileError(
            f"{path.name} is password-protected: remove the password in Excel "
            "(File > Info > Protect Workbook) and upload it again.")
    return UnreadableFileError(
        f"{path.name} could not be read as a workbook ({_first_line(exc)}): open it in "
        "Excel and save it again as .xlsx.")


def sheet_failure(path: Path, name: str, exc: BaseException) -> OpmodelError:
    """The sentence for a sheet calamine cannot parse."""
    if "entity" in str(exc).casefold():
        return UnsafeFileError(
            f"{path.name}: sheet '{name}' uses XML entities, which workbooks saved by "
            "Excel never do: refusing a possible entity-expansion attack.")
    return UnreadableFileError(
        f"{path.name}: sheet '{name}' is damaged and cannot be read "
        f"({_first_line(exc)}): open the workbook in Excel and save it again.")


def too_many_cells(path: Path, name: str, rows: int, columns: int) -> OpmodelError | None:
    """The refusal for a sheet calamine built beyond MAX_SHEET_CELLS, if it is."""
    if rows * columns <= MAX_SHEET_CELLS:
        return None
    return UnsafeFileError(
        f"{path.name}: sheet '{name}' spans {rows:,} rows x {columns:,} columns, above the "
        f"limit of {MAX_SHEET_CELLS:,} cells: delete unused rows and columns.")


def _read_sheet(path: Path, book: Any, name: str) -> Sheet:
    """One worksheet's values; a sheet calamine cannot parse is reported, never dropped."""
    try:
        sheet = book.get_sheet_by_name(name)
        # total_height/width are the last row/column indices, hence the + 1.
        refusal = too_many_cells(path, name, sheet.total_height + 1, sheet.total_width + 1)
        if refusal is not None:
            raise refusal
        return _filled_rows_checked(path, Sheet(name, sheet.to_python(skip_empty_area=False)))
    except (UnsafeFileError, MemoryError):
        raise
    except Exception as exc:  # calamine's parse errors are untyped; each gets a sentence
        raise sheet_failure(path, name, exc) from exc


def _filled_rows_checked(path: Path, sheet: Sheet) -> Sheet:
    """Refuse a sheet with more rows holding values than MAX_FILLED_ROWS: each becomes an
    element of the model (about 10 KB and 0.1 ms of import and analysis), so a few MB of
    short rows would otherwise take minutes and gigabytes.

    Blank rows become empty lists (their positions, hence every cell's row number, stay):
    a stray value at row 1,000,000 then costs the parser a million empty rows, not a
    million rows of blank cells to inspect one by one.
    """
    rows = sheet.rows
    truthy = list(map(any, rows))
    filled = sum(truthy)
    if filled < len(rows):
        for index in itertools.compress(range(len(rows)), map(operator.not_, truthy)):
            row = rows[index]
            if len(row) == row.count("") + row.count(None):
                rows[index] = []
            else:
                filled += 1  # zeros or False: values, not blanks
    if filled > MAX_FILLED_ROWS:
        raise UnsafeFileError(
            f"{path.name}: sheet '{sheet.name}' has {filled:,} rows with values, above the "
            f"limit of {MAX_FILLED_ROWS:,}: split the model into several workbooks.")
    return sheet


def _first_line(exc: BaseException) -> str:
    """A library's message, cut to fit inside one sentence of ours."""
    line = (str(exc).splitlines() or [type(exc).__name__])[0][:120]
    return re.sub(r"[.!?](\s|$)", r";\1", line).rstrip("; ") or type(exc).__name__


def _read_csv(path: Path) -> Workbook:
    """CSV in UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode Text") or
    Windows-1252; comma, semicolon or tab separated."""
    raw = path.read_bytes()
    text = decode_text(path, raw)
    if "\x00" in text:
        raise UnreadableFileError(f"{path.name} is binary, not CSV text: save it as .csv.")
    try:
        dialect: Any = csv.Sniffer().sniff(_sniff_sample(text), delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = _csv_rows(path, csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise UnreadableFileError(
            f"{path.name} is not a readable CSV table ({exc}): save it again from Excel as "
            "CSV UTF-8, or upload the .xlsx workbook."
        ) from exc
    return Workbook(path=path, sheets=[_filled_rows_checked(path, Sheet(path.stem, rows))])


def _sniff_sample(text: str) -> str:
    """The start of a CSV text the dialect is guessed from: whole lines, at most
    SNIFF_CHARS. csv.Sniffer's quote regex takes quadratic time in its sample (a crafted
    20,000-character sample took 20 s), so the sample stays small."""
    sample = text[:SNIFF_CHARS]
    end = sample.rfind("\n")
    return sample[:end] if end > SNIFF_CHARS // 4 else sample


def _csv_rows(path: Path, records: Iterator[list[str]]) -> list[list[str]]:
    """Every record, refusing the file as soon as it passes a CSV budget: the whole table
    becomes Python strings (about 60 bytes a cell), so the limits are tighter than a
    workbook's and are checked while reading, never after."""
    rows: list[list[str]] = []
    cells = 0
    for record in records:
        if len(rows) >= MAX_CSV_ROWS:
            raise UnsafeFileError(
                f"{path.name} has more than {MAX_CSV_ROWS:,} rows, the CSV limit: split the "
                "file or remove blank lines.")
        if len(record) > MAX_CSV_COLUMNS:
            raise UnsafeFileError(
                f"{path.name}: row {len(rows) + 1:,} has {len(record):,} columns, above the "
                f"CSV limit of {MAX_CSV_COLUMNS:,}: check the separator or split the file.")
        cells += len(record)
        if cells > MAX_CSV_CELLS:
            raise UnsafeFileError(
                f"{path.name} has more than {MAX_CSV_CELLS:,} cells (reached at row "
                f"{len(rows) + 1:,}), the CSV limit: split the file or save it as .xlsx.")
        rows.append(record)
    return rows


def decode_text(path: Path, raw: bytes) -> str:
    """A CSV's text: UTF-16 by its byte-order mark, else UTF-8, else Windows-1252 (what
    Excel writes); anything else is one sentence. The event-log reader shares it."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableFileError(
                f"{path.name} starts like UTF-16 text but is not: save it as CSV UTF-8.") from exc
    for encoding in _CSV_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError(
        f"{path.name} is not UTF-8 or Windows-1252 text: save it from Excel as "
        "\"CSV UTF-8\" and try again."
    )


def iter_rows(sheet: Sheet, start: int = 0) -> Iterator[tuple[int, list[Any]]]:
    """Rows with their 0-based index, from ``start``."""
    for index in range(start, len(sheet.rows)):
        yield index, sheet.rows[index]
