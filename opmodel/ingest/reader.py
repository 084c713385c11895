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
MAX_SHEET_CELLS = 30_000_000
MAX_WORKBOOK_CELLS = 60_000_000
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
    """Read a workbook (.xlsx, .xlsm, .xls, .ods) or a .csv file safely.

    Raises an OpmodelError subclass, with one sentence saying what to do, when the file
    cannot or must not be read.
    """
    path = Path(path)
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
        return _read_with_calamine(path)
    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        return _read_csv(path)
    raise UnreadableFileError(
        f"{path.name} is not an Excel workbook or a CSV file: save it as .xlsx or .csv."
    )


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
        if "xl/workbook.xml" not in names and "content.xml" not in names:
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
        _check_no_doctype(path, archive, infos, sheet_parts)
        _check_extents(path, archive, sheet_parts)
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


_TAG = re.compile(rb"<(?:[\w.-]+:)?(sheet|Relationship)\b([^>]*)>", re.I)
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ROW_TAG = re.compile(rb"<(?:[\w.-]+:)?row\b([^>]*)>", re.I)
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)""", re.I)
_CELL_TAG = re.compile(rb"<(?:[\w.-]+:)?c\b([^>]*?)/?>", re.I)
_CELL_COLUMN = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]{1,3})\$?\d""")


def _attributes(raw: bytes) -> dict[str, str]:
    """An XML tag's attributes, in any order, either quote (names without prefixes)."""
    found = {}
    for name, double, single in _ATTRIBUTE.findall(raw):
        local = name.decode("ascii", "replace").rsplit(":", 1)[-1].casefold()
        found[local] = (double or single).decode("utf-8", "replace")
    return found


def _check_extents(path: Path, archive: zipfile.ZipFile, names: dict[str, str]) -> None:
    """Refuse sheets spanning more than MAX_SHEET_CELLS before calamine builds them.

    Calamine allocates the dense rectangle up to the farthest cell, so one cell at
    XFD1048576 in a 10 KB file would ask for 2**34 cells and abort the process; the cell
    references in the XML tell the real extent first. Every worksheet part is checked,
    whether or not the workbook's own map names it.
    """
    parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and
             n.endswith(".xml")]
    total = 0
    for part in dict.fromkeys([*names, *parts]):
        sheet = names.get(part, part)
        try:
            data = archive.read(part)
        except KeyError:
            continue
        except _DAMAGED as exc:
            raise _damaged(path, part, names, exc) from exc
        rows, columns = _extent(data)
        if rows * columns > MAX_SHEET_CELLS:
            raise UnsafeFileError(
                f"{path.name}: sheet '{sheet}' reaches row {rows:,} and column "
                f"{column_letter(max(columns, 1) - 1)}, above the limit of "
                f"{MAX_SHEET_CELLS:,} cells: delete unused rows and columns (a stray value "
                "far from the table is enough)."
            )
        total += rows * columns
        if total > MAX_WORKBOOK_CELLS:
            raise UnsafeFileError(
                f"{path.name}: its sheets span more than {MAX_WORKBOOK_CELLS:,} cells in all: "
                "split the workbook or delete unused sheets.")


_PREFIXED = re.compile(rb"<[\w.-]+:(?:c|row)\b")
_PLAIN_COLUMN = re.compile(rb'<c r="([A-Za-z]{1,3})')
_PLAIN_ROW = re.compile(rb'<row r="(\d+)"')


def _extent(data: bytes) -> tuple[int, int]:
    """(rows, columns) a reader will allocate for a sheet's XML.

    Rows and cells without an ``r`` reference follow the previous one, as readers place
    them; prefixes, either quote and lowercase references are understood. The common
    shape (every cell written ``<c r="B7"``, as Excel, openpyxl and xlsxwriter write it)
    takes a fast path: 0.1 s for a 2-million-cell sheet.
    """
    if (data.count(b'<c r="') == data.count(b"<c ") + data.count(b"<c>")
            and data.count(b'<row r="') == data.count(b"<row ") + data.count(b"<row>")
            and not _PREFIXED.search(data)):
        rows = max(map(int, _PLAIN_ROW.findall(data)), default=0)
        letters = set(_PLAIN_COLUMN.findall(data))
        return rows, max((column_number(c.decode().upper()) for c in letters), default=0)
    rows = 0
    for attributes in _ROW_TAG.findall(data):
        number = _ROW_NUMBER.search(attributes)
        rows = int(number.group(1)) if number else rows + 1
    cells = _CELL_TAG.findall(data)
    referenced = _CELL_COLUMN.findall(b" ".join(cells))
    columns = max((column_number(c.decode().upper()) for c in set(referenced)), default=0)
    if len(referenced) < len(cells):
        # Some cells carry no reference: count them row by row, as a reader would.
        for row in re.split(rb"</(?:[\w.-]+:)?row>", data):
            columns = max(columns, len(_CELL_TAG.findall(row)))
    return rows, columns


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part -> sheet name, from the workbook and its relationships."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets: dict[str, str] = {}
    sheets: list[tuple[str, str]] = []
    for tag, raw in _TAG.findall(rels):
        if tag.lower() == b"relationship":
            attributes = _attributes(raw)
            targets[attributes.get("id", "")] = attributes.get("target", "")
    for tag, raw in _TAG.findall(workbook):
        if tag.lower() == b"sheet":
            attributes = _attributes(raw)
            sheets.append((attributes.get("name", ""), attributes.get("id", "")))
    parts: dict[str, str] = {}
    for name, rid in sheets:
        target = targets.get(rid, "").lstrip("/")
        if target and not target.startswith("xl/"):
            target = f"xl/{target}"
        if target:
            parts[target] = name
    return parts


def _read_with_calamine(path: Path) -> Workbook:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several untyped errors; each gets a sentence
        if "password" in str(exc).casefold():
            raise EncryptedFileError(
                f"{path.name} is password-protected: remove the password in Excel "
                "(File > Info > Protect Workbook) and upload it again.") from exc
        raise UnreadableFileError(
            f"{path.name} could not be read as a workbook ({_first_line(exc)}): open it in "
            "Excel and save it again as .xlsx."
        ) from exc
    sheets: list[Sheet] = []
    for meta in book.sheets_metadata:
        if "WorkSheet" not in str(meta.typ):
            continue  # chart and dialog sheets hold no cells
        sheets.append(_read_sheet(path, book, meta.name))
    return Workbook(path=path, sheets=sheets)


def _read_sheet(path: Path, book: Any, name: str) -> Sheet:
    """One worksheet's values; a sheet calamine cannot parse is reported, never dropped."""
    try:
        sheet = book.get_sheet_by_name(name)
        # total_height/width are the last row/column indices, hence the + 1.
        cells = (sheet.total_height + 1) * (sheet.total_width + 1)
        if cells > MAX_SHEET_CELLS:
            raise UnsafeFileError(
                f"{path.name}: sheet '{name}' spans {sheet.total_height + 1:,} rows x "
                f"{sheet.total_width + 1:,} columns, above the limit of {MAX_SHEET_CELLS:,} "
                "cells: delete unused rows and columns.")
        return Sheet(name, sheet.to_python(skip_empty_area=False))
    except UnsafeFileError:
        raise
    except Exception as exc:  # calamine's parse errors are untyped; each gets a sentence
        if "entity" in str(exc).casefold():
            raise UnsafeFileError(
                f"{path.name}: sheet '{name}' uses XML entities, which workbooks saved by "
                "Excel never do: refusing a possible entity-expansion attack.") from exc
        raise UnreadableFileError(
            f"{path.name}: sheet '{name}' is damaged and cannot be read "
            f"({_first_line(exc)}): open the workbook in Excel and save it again.") from exc


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:120]


def _read_csv(path: Path) -> Workbook:
    """CSV in UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode Text") or
    Windows-1252; comma, semicolon or tab separated."""
    raw = path.read_bytes()
    text = _decode(path, raw)
    if "\x00" in text:
        raise UnreadableFileError(f"{path.name} is binary, not CSV text: save it as .csv.")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:20000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise UnreadableFileError(
            f"{path.name} is not a readable CSV table ({exc}): save it again from Excel as "
            "CSV UTF-8, or upload the .xlsx workbook."
        ) from exc
    return Workbook(path=path, sheets=[Sheet(path.stem, rows)])


def _decode(path: Path, raw: bytes) -> str:
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
        "\"CSV UTF-8\" and upload it again."
    )


def iter_rows(sheet: Sheet, start: int = 0) -> Iterator[tuple[int, list[Any]]]:
    """Rows with their 0-based index, from ``start``."""
    for index in range(start, len(sheet.rows)):
        yield index, sheet.rows[index]
