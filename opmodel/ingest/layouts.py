"""Which sheet is which, where its header is, and how a RACI matrix is laid out.

Sheet and column names match case-insensitively, ignoring spaces, ``_`` and ``-``, with
the aliases of DESIGN.md section 3. RACI matrices come in three layouts, told apart by
their content rather than by their names: wide (one column per actor, codes in cells),
long (activity, actor, code), and by letter (one column per letter, names in cells),
including its real-world variant where names carry their codes ("Ben (A)").

Detection converts the sheet's top rows to text once (a ``Grid``) and classifies header
rows, group rows, the label column and the code columns from it; the result is one
``MatrixLayout`` subclass per layout, each reading its rows' cells through the same
interface, so the parser's row loop never asks which layout it reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, ClassVar, Protocol

from opmodel.ingest.reader import Sheet, cell_text
from opmodel.ingest.report import IssueCode, Level
from opmodel.location import SourceRef, column_letter
from opmodel.model import normalise_name
from opmodel.schemes import (
    ALL_LETTERS,
    ROLE_WORDS,
    ParsedCell,
    parse_codes,
    parse_named,
    split_names,
    strip_markdown,
)
from opmodel.sheets import READ_SHEETS, SHEETS, header_key

HEADER_SEARCH_ROWS = 10
_SAMPLE_ROWS = 400


_SHEET_BY_KEY = {alias: spec.role for spec in READ_SHEETS for alias in spec.aliases}
_SHEET_PREFIXES = tuple((prefix, spec.role) for spec in READ_SHEETS for prefix in spec.prefixes)


def sheet_role(name: str) -> str | None:
    """The role a sheet's name gives it, or None.

    >>> sheet_role("Decision Rights"), sheet_role("RAPID"), sheet_role("Sheet1")
    ('decision_rights', 'raci', None)
    """
    key = header_key(name)
    if key in _SHEET_BY_KEY:
        return _SHEET_BY_KEY[key]
    return next((role for prefix, role in _SHEET_PREFIXES if key.startswith(prefix)), None)


# field -> header keys, per tabular sheet (from the table in opmodel/sheets.py). The first
# field of each sheet names its elements.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    spec.role: {c.name: c.keys for c in spec.read_columns}
    for spec in READ_SHEETS if spec.role != "raci"
}
REQUIRED: dict[str, tuple[str, ...]] = {
    role: tuple(c.name for c in SHEETS[role].read_columns if c.required) for role in COLUMNS
}

# Meta columns a wide matrix may carry before (or after) its actor columns ("name" is the
# activity column), and the long layout's actor and code columns.
_LONG_ONLY = ("actor", "code")
RACI_META: dict[str, tuple[str, ...]] = {
    ("name" if c.name == "activity" else c.name): c.keys
    for c in SHEETS["raci"].read_columns if c.name not in _LONG_ONLY
}
_RACI_COLUMNS = {c.name: c.keys for c in SHEETS["raci"].read_columns}
_LONG_ACTOR = _RACI_COLUMNS["actor"]
_LONG_CODE = _RACI_COLUMNS["code"]


@dataclass(frozen=True)
class Header:
    """A tabular sheet's header: its row and which column holds which field."""

    row: int
    fields: dict[str, int]
    extras: dict[int, str] = field(default_factory=dict)


def find_header(sheet: Sheet, role: str) -> Header | None:
    """The first of the top rows holding the sheet's required columns."""
    aliases = COLUMNS[role]
    for row in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        fields: dict[str, int] = {}
        extras: dict[int, str] = {}
        for col, value in enumerate(sheet.rows[row]):
            text = cell_text(value)
            if not text:
                continue
            key = header_key(text)
            match = next((f for f, keys in aliases.items() if key in keys and f not in fields),
                         None)
            if match is None:
                extras[col] = text
            else:
                fields[match] = col
        if all(f in fields for f in REQUIRED[role]):
            return Header(row, fields, extras)
    return None


@lru_cache(maxsize=65536)
def cached_codes(text: str) -> ParsedCell:
    """parse_codes with a cache: a matrix repeats a handful of distinct cell texts."""
    return parse_codes(text)


class Grid:
    """A sheet's cells as text, each cell converted once however often detection looks.

    Detection reads the top rows again and again (header search, code columns, group rows,
    label column); the grid converts a row the first time it is asked for and keeps it.
    """

    def __init__(self, rows: list[list[Any]]) -> None:
        self.rows = rows
        self._texts: dict[int, list[str]] = {}

    def texts(self, row: int) -> list[str]:
        """The row's cells as text ('' for empty), converted on first use."""
        found = self._texts.get(row)
        if found is None:
            found = [cell_text(v) for v in self.rows[row]] if row < len(self.rows) else []
            self._texts[row] = found
        return found

    def text(self, row: int, col: int) -> str:
        cells = self.texts(row)
        return cells[col] if col < len(cells) else ""

    def filled(self, row: int) -> dict[int, str]:
        """Column -> text of the row's non-empty cells."""
        return {c: t for c, t in enumerate(self.texts(row)) if t}

    def column(self, col: int, start: int, stop: int) -> list[str]:
        """The non-empty texts of one column between two rows."""
        return [t for r in range(start, min(stop, len(self.rows)))
                if (t := self.text(r, col))]


class MatrixSink(Protocol):
    """What a layout hands the cells it reads to (the parser's matrix reader)."""

    def at(self, index: int, col: int, header: str = "") -> SourceRef: ...

    def actor(self, name: str, where: SourceRef, function: str | None) -> str: ...

    def take(self, parsed: ParsedCell, text: str, where: SourceRef, activity_id: str,
             team_id: str) -> None: ...

    def no_role(self, token: str) -> None: ...

    def issue(self, code: IssueCode, level: Level, message: str, where: SourceRef,
              hint: str = "") -> None: ...


@dataclass
class MatrixLayout:
    """How a matrix sheet is laid out: the rows it reads and how it reads their cells.

    One subclass per layout, all with the same interface, so the parser's row loop (labels,
    sections, notes, activities) is written once.
    """

    kind: ClassVar[str] = ""
    header_row: int
    body_start: int
    label_col: int
    meta_cols: dict[int, str] = field(default_factory=dict)  # col -> field
    extra_cols: dict[int, str] = field(default_factory=dict)  # col -> header text
    label_header_row: int | None = None

    def rows(self, sheet: Sheet) -> list[list[Any]]:
        """The rows to read, one per activity (the sheet's own rows)."""
        return sheet.rows

    def origin(self, index: int, col: int) -> tuple[int, int]:
        """The sheet cell (row, column) of a cell of ``rows``."""
        return index, col

    def line(self, index: int) -> str:
        """How a message names one of ``rows``."""
        return f"Row {index + 1}"

    def label_place(self) -> str:
        """Where the activity labels are, for messages."""
        return f"column {column_letter(self.label_col)}"

    @property
    def sheet_header_row(self) -> int:
        """The sheet row (0-based) holding the header, for the import report."""
        return self.header_row

    def data_cols(self) -> set[int]:
        """The columns that hold codes (or coded names)."""
        raise NotImplementedError

    def has_codes(self, cells: list[Any]) -> bool:
        """Whether a row holds any code (a legend cell "R - Responsible" does not)."""
        raise NotImplementedError

    def begin(self, sink: MatrixSink) -> None:
        """Declare what the layout knows before the rows (a wide matrix's actors)."""

    def read_cells(self, sink: MatrixSink, index: int, cells: list[Any],
                   activity_id: str) -> None:
        """Hand a row's codes to the sink."""
        raise NotImplementedError

    def actor_count(self, named: int) -> int:
        """Actors the sheet declares (``named``: those named in cells)."""
        return named


@dataclass
class WideLayout(MatrixLayout):
    """One column per actor, codes in the cells."""

    kind: ClassVar[str] = "wide"
    actor_cols: dict[int, str] = field(default_factory=dict)  # col -> actor name
    groups: dict[int, str] = field(default_factory=dict)  # col -> grouped header
    qualified: dict[int, str] = field(default_factory=dict)  # col -> name before its group
    idle: set[int] = field(default_factory=set)  # named actor columns without codes
    unnamed: dict[int, str] = field(default_factory=dict)  # col -> group of a blank header
    placeholders: dict[int, str] = field(default_factory=dict)  # col -> template text
    actor_ids: dict[int, str] = field(default_factory=dict)

    def data_cols(self) -> set[int]:
        return set(self.actor_cols)

    def has_codes(self, cells: list[Any]) -> bool:
        width = len(cells)
        for col in self.actor_cols:
            if col >= width:
                continue
            value = cells[col]
            if value is None or value == "":
                continue
            parsed = cached_codes(value.strip() if isinstance(value, str) else cell_text(value))
            if parsed.letters and not parsed.invalid:
                return True
        return False

    def begin(self, sink: MatrixSink) -> None:
        self.note_columns(sink)
        first_column: dict[str, str] = {}
        for col, name in self.actor_cols.items():
            where = sink.at(self.header_row, col, name)
            key = normalise_name(strip_markdown(name))
            if key in first_column:
                sink.issue(IssueCode.DUPLICATE_NAME, Level.WARNING,
                           f"Column {where.column} repeats the actor name '{name}' of "
                           f"column {first_column[key]}; both are read as one actor.",
                           where, "Give each column its own name if they differ.")
            first_column.setdefault(key, where.column)
            self.actor_ids[col] = sink.actor(strip_markdown(name), where, self.groups.get(col))

    def note_columns(self, sink: MatrixSink) -> None:
        """Say how grouped, blank, placeholder and code-less header cells were read."""
        for col, name in self.qualified.items():
            where = sink.at(self.header_row, col, name)
            sink.issue(IssueCode.QUALIFIED_ACTOR, Level.INFO,
                       f"'{name}' ({where}) heads columns under several group labels; this "
                       f"column was read as its own actor '{self.actor_cols[col]}'.", where)
        for col, group in self.unnamed.items():
            where = sink.at(self.header_row, col)
            sink.issue(IssueCode.UNNAMED_COLUMN, Level.INFO,
                       f"Column {where.column} under '{group}' has no name in row {where.row}; "
                       "it was ignored.", where, "Name the column if it is an actor.")
        for col, text in self.placeholders.items():
            where = sink.at(self.header_row, col, text)
            kept = (f"its codes were kept under the actor '{self.actor_cols[col]}'"
                    if col in self.actor_cols else "it is not counted as an actor")
            sink.issue(IssueCode.PLACEHOLDER_ACTOR, Level.WARNING,
                       f"'{text}' ({where}) is an unfilled template placeholder; {kept}.",
                       where, "Replace it with the name of the team or person.")
        for col in sorted(self.idle):
            where = sink.at(self.header_row, col, self.actor_cols[col])
            sink.issue(IssueCode.IDLE_ACTOR, Level.INFO,
                       f"'{self.actor_cols[col]}' ({where}) holds no codes; kept as an actor "
                       "with no roles.", where)

    def read_cells(self, sink: MatrixSink, index: int, cells: list[Any],
                   activity_id: str) -> None:
        width = len(cells)
        for col in self.actor_cols:
            if col >= width:
                continue
            value = cells[col]
            if value is None or value == "":
                continue
            text = value.strip() if isinstance(value, str) else cell_text(value)
            sink.take(cached_codes(text), text, sink.at(index, col, self.actor_cols[col]),
                      activity_id, self.actor_ids[col])

    def actor_count(self, named: int) -> int:
        return len(self.actor_cols)


@dataclass
class TransposedLayout(WideLayout):
    """Actors as rows and activities as columns: read as a wide matrix of the transpose."""

    kind: ClassVar[str] = "transposed"
    transposed: list[list[Any]] = field(default_factory=list)

    def rows(self, sheet: Sheet) -> list[list[Any]]:
        return self.transposed

    def origin(self, index: int, col: int) -> tuple[int, int]:
        return col, index

    def line(self, index: int) -> str:
        return f"Column {column_letter(index)}"

    def label_place(self) -> str:
        return f"row {self.label_col + 1}"

    def begin(self, sink: MatrixSink) -> None:
        where = sink.at(self.body_start, self.label_col)
        sink.issue(IssueCode.TRANSPOSED_MATRIX, Level.INFO,
                   f"Sheet '{where.sheet}' lists actors down column "
                   f"{column_letter(self.header_row)} and activities across row "
                   f"{self.label_col + 1}; it was read that way round.", where)
        super().begin(sink)

    @property
    def sheet_header_row(self) -> int:
        return self.label_col


@dataclass
class LongLayout(MatrixLayout):
    """One row per (activity, actor, code)."""

    kind: ClassVar[str] = "long"
    actor_col: int = -1
    code_col: int = -1

    def data_cols(self) -> set[int]:
        return {self.code_col}

    def has_codes(self, cells: list[Any]) -> bool:
        code = cell_text(cells[self.code_col]) if self.code_col < len(cells) else ""
        return bool(cached_codes(code).letters)

    def read_cells(self, sink: MatrixSink, index: int, cells: list[Any],
                   activity_id: str) -> None:
        code = cell_text(cells[self.code_col]) if self.code_col < len(cells) else ""
        actor = cell_text(cells[self.actor_col]) if self.actor_col < len(cells) else ""
        if not (code or actor):
            return
        where = sink.at(index, self.code_col, "code")
        if not actor:
            sink.issue(IssueCode.MISSING_VALUE, Level.ERROR,
                       f"{self.line(index)} of '{where.sheet}' has a code but no actor; the "
                       "code was not imported.", where, "Fill in the actor column.")
            return
        team_id = sink.actor(actor, sink.at(index, self.actor_col), None)
        sink.take(cached_codes(code), code, where, activity_id, team_id)


@dataclass
class ByLetterLayout(MatrixLayout):
    """One column per letter holding actor names, or names carrying codes ("Ben (A)")."""

    kind: ClassVar[str] = "by-letter"
    letter_cols: dict[int, str | None] = field(default_factory=dict)  # col -> letter

    def data_cols(self) -> set[int]:
        return set(self.letter_cols)

    def _tokens(self, cells: list[Any]) -> Iterator[tuple[int, str, str, tuple[str, ...]]]:
        """(column, token, name, letters) of every named token; "not involved" cells as
        (column, text, text, ()) with the column's letter withheld."""
        for col, column_code in self.letter_cols.items():
            text = cell_text(cells[col]) if col < len(cells) else ""
            if not text:
                continue
            if cached_codes(text).no_role is not None:
                yield col, text, text, ()
                continue
            for token in split_names(text):
                name, letters = parse_named(token)
                yield col, token, name, letters or ((column_code,) if column_code else ())

    def has_codes(self, cells: list[Any]) -> bool:
        return any(letters for _, _, _, letters in self._tokens(cells))

    def read_cells(self, sink: MatrixSink, index: int, cells: list[Any],
                   activity_id: str) -> None:
        for col, token, name, letters in self._tokens(cells):
            where = sink.at(index, col)
            if cached_codes(name).no_role is not None:
                sink.no_role(name)
                continue
            if not letters:
                sink.issue(IssueCode.INVALID_CODE, Level.ERROR,
                           f"'{token}' ({where}) names no role code; write it as "
                           f"'{name} (R)' or put it in an R/A/C/I column.", where)
                continue
            team_id = sink.actor(name, where, None)
            sink.take(ParsedCell(letters=letters), token, where, activity_id, team_id)


@dataclass
class NamesWithCodesLayout(ByLetterLayout):
    """The by-letter variant whose cells carry their codes ("Ben (A), Eve (R)")."""

    kind: ClassVar[str] = "names-with-codes"


def _is_code_cell(text: str) -> bool:
    """Reads as codes, with at least one letter some scheme uses (a lone "X" is a name)."""
    parsed = cached_codes(text)
    return (bool(parsed.letters) and not parsed.invalid
            and not ALL_LETTERS.isdisjoint(parsed.letters))


def _letter_for_header(text: str) -> str | None:
    key = header_key(text)
    if len(key) == 1 and key.upper() in ALL_LETTERS:
        return key.upper()
    return ROLE_WORDS.get(key)


def detect_raci(sheet: Sheet) -> MatrixLayout | None:
    """Detect the layout of a matrix sheet; None when it holds no matrix.

    The sheet's top rows are converted to text once (a Grid) and every detector reads them.
    """
    grid = Grid(sheet.rows)
    layout = _detect_long(grid) or _detect_by_letter(grid) or _detect_wide(grid)
    if isinstance(layout, WideLayout) and _looks_transposed(grid, layout):
        return _transpose(sheet) or layout
    return layout


def _detect_long(grid: Grid) -> LongLayout | None:
    for row in range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
        filled = grid.filled(row)
        keys = {header_key(t): c for c, t in filled.items()}
        activity = next((keys[k] for k in RACI_META["name"] if k in keys), None)
        actor = next((keys[k] for k in _LONG_ACTOR if k in keys), None)
        code = next((keys[k] for k in _LONG_CODE if k in keys), None)
        if activity is None or actor is None or code is None:
            continue
        codes = grid.column(code, row + 1, row + 1 + _SAMPLE_ROWS)
        if codes and sum(map(_is_code_cell, codes)) >= 0.6 * len(codes):
            used = {activity, actor, code}
            meta, extra = _split_meta({c: t for c, t in filled.items() if c not in used})
            return LongLayout(row, row + 1, activity, meta, extra, actor_col=actor,
                              code_col=code)
    return None


def _detect_by_letter(grid: Grid) -> ByLetterLayout | None:
    for row in range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
        header = grid.filled(row)
        start, stop = row + 1, row + 1 + _SAMPLE_ROWS
        letters = {c: _letter_for_header(t) for c, t in header.items()}
        named = {c for c in header if _names_with_codes_share(grid.column(c, start, stop)) >= 0.5}
        lettered = {c for c, letter in letters.items()
                    if letter and _holds_names(grid.column(c, start, stop))}
        if len(lettered) >= 2 or named:
            cols = lettered | named
            label = min((c for c in header if c not in cols), default=None)
            if label is None:
                continue
            rest = {c: t for c, t in header.items() if c not in cols and c != label}
            meta, extra = _split_meta(rest)
            cls = ByLetterLayout if len(lettered) >= 2 else NamesWithCodesLayout
            return cls(row, row + 1, label, meta, extra,
                       letter_cols={c: letters[c] for c in sorted(cols)})
    return None


def _holds_names(column: list[str]) -> bool:
    texts = [t for t in column if cached_codes(t).no_role is None]
    return bool(texts) and sum(not _is_code_cell(t) for t in texts) >= 0.6 * len(texts)


def _names_with_codes_share(column: list[str]) -> float:
    texts = [t for t in column if cached_codes(t).no_role is None]
    if not texts:
        return 0.0
    hits = sum(all(parse_named(p)[1] for p in split_names(t)) for t in texts)
    return hits / len(texts)


def _split_meta(headers: dict[int, str]) -> tuple[dict[int, str], dict[int, str]]:
    meta: dict[int, str] = {}
    extra: dict[int, str] = {}
    for col, text in headers.items():
        key = header_key(text)
        match = next((f for f, keys in RACI_META.items()
                      if f != "name" and key in keys and f not in meta.values()), None)
        if match:
            meta[col] = match
        else:
            extra[col] = text
    return meta, extra


def _matrix_cells(texts: list[str]) -> tuple[int, int]:
    """How many texts are codes, and how many are codes or explicit "not involved"."""
    codes = sum(map(_is_code_cell, texts))
    return codes, codes + sum(cached_codes(t).no_role is not None for t in texts)


def _code_columns(grid: Grid, start: int, stop: int, width: int, allowance: int) -> list[int]:
    cols = []
    for col in range(width):
        texts = grid.column(col, start, stop)
        codes, cells = _matrix_cells(texts)
        if codes >= 1 and cells >= 0.6 * (len(texts) - min(allowance, len(texts) // 2)):
            cols.append(col)
    return cols


def _detect_wide(grid: Grid) -> WideLayout | None:
    rows = grid.rows
    stop = min(len(rows), HEADER_SEARCH_ROWS + _SAMPLE_ROWS)
    width = max((len(r) for r in rows[:stop]), default=0)
    # Pass 1 finds where the data starts; pass 2 decides columns on the data alone.
    rough = _code_columns(grid, 0, stop, width, allowance=3)

    def looks_like_data(i: int, cols: list[int]) -> bool:
        texts = [t for c in cols if (t := grid.text(i, c))]
        codes, cells = _matrix_cells(texts)
        return codes >= 1 and cells >= 0.5 * len(texts)

    first_data = next((i for i in range(stop) if looks_like_data(i, rough)), None)
    if first_data is None:
        return None
    code_cols = _code_columns(grid, first_data, stop, width, allowance=0)
    # The actor names: the row above the data that names most code columns.
    candidates = range(max(0, first_data - HEADER_SEARCH_ROWS), first_data)

    def coverage(i: int) -> int:
        texts = [grid.text(i, c) for c in code_cols]
        return sum(1 for t in texts if t and not cached_codes(t).is_code_like)

    if not candidates or max(coverage(i) for i in candidates) == 0:
        return None
    header = max(candidates, key=lambda i: (coverage(i), i))
    # Drop code-looking columns whose header is empty and that sit outside the block.
    named = {c: grid.text(header, c) for c in code_cols if grid.text(header, c)}
    # Template text where a name belongs: a column someone filled with codes is still one
    # actor (named after its column); an unfilled one is no actor at all.
    placeholders = {c: t for c, t in named.items() if is_placeholder(t)}
    named.update({c: f"{t} (column {column_letter(c)})" for c, t in placeholders.items()})
    # Named columns inside the block with no codes at all are actors nobody gave a role.
    idle = {c for c in range(min(named), max(named)) if c not in named and c not in code_cols
            and (t := grid.text(header, c)) and header_key(t) not in _META_KEYS
            and not grid.column(c, first_data, stop)}
    placeholders.update({c: grid.text(header, c) for c in idle
                         if is_placeholder(grid.text(header, c))})
    idle -= set(placeholders)
    named = dict(sorted({**named, **{c: grid.text(header, c) for c in idle}}.items()))
    groups = _group_row(grid, header, first_data, list(named))
    unnamed = _unnamed_in_groups(grid, header, first_data, named, code_cols)
    qualified = _qualify_repeated(named, groups)
    placeholders.update({c: t for c in range(width) if c not in named and c not in unnamed
                         and is_placeholder(t := grid.text(header, c))
                         and not grid.column(c, first_data, stop)})
    non_code = [c for c in range(width)
                if c not in named and c not in unnamed and c not in placeholders]
    label_header_row = header
    label = _label_column(grid, non_code, header, first_data)
    if label is None:
        return None
    body_start = header + 1
    # A row right below the names, holding only the label's header or groups, is header too.
    while body_start < first_data and _is_header_continuation(grid, body_start, named, label):
        if grid.text(body_start, label):
            label_header_row = body_start
        body_start += 1
    headers = {c: _header_text(grid, c, header, body_start) for c in non_code if c != label}
    meta, extra = _split_meta({c: t for c, t in headers.items() if t})
    for col in non_code:
        if col != label and col not in meta and col not in extra and any(
                cell_text(r[col]) for r in rows[body_start:] if col < len(r)):
            extra[col] = f"column {column_letter(col)}"
    return WideLayout(header, body_start, label, meta, extra, label_header_row,
                      actor_cols={c: f"{groups[c]} / {t}" if c in qualified else t
                                  for c, t in named.items()},
                      groups=groups, qualified=qualified, idle=idle, unnamed=unnamed,
                      placeholders=placeholders)


_PLACEHOLDER = re.compile(
    # Bracketed prose is a placeholder; bracketed markup (`<img src=x ...>`) is a name.
    r"^(\[[^\]=()]*\]|<[^>=()]*>|\{[^}=()]*\}"
    r"|(insert|enter|add)\s+(a\s+)?(name|role|team).*"
    r"|(name|role|person|team|actor|stakeholder|department|resource)"
    r"(\s*(or|/)\s*(name|role|person|team|department))?\s*#?\s*\d*"
    r"|tbd|tbc|xxx+|\.\.\.+)$", re.I)
_META_KEYS = frozenset(k for keys in RACI_META.values() for k in keys)


def is_placeholder(text: str) -> bool:
    """Template text standing where an actor's name belongs.

    >>> [is_placeholder(t) for t in ("Name or Role", "[Name of person or department]",
    ...                              "Role 1", "<Team name>", "Sales", "Role of HR",
    ...                              "<img src=x onerror=alert(1)>")]
    [True, True, True, True, False, False, False]
    """
    return bool(_PLACEHOLDER.match(strip_markdown(text)))


def _qualify_repeated(named: dict[int, str], groups: dict[int, str]) -> dict[int, str]:
    """Columns whose name repeats under different group labels: col -> the bare name."""
    by_name: dict[str, list[int]] = {}
    for col, text in named.items():
        by_name.setdefault(normalise_name(strip_markdown(text)), []).append(col)
    qualified: dict[int, str] = {}
    for cols in by_name.values():
        labels = [groups.get(c) for c in cols]
        if len(cols) > 1 and all(labels) and len(set(labels)) == len(labels):
            qualified.update({c: named[c] for c in cols})
    return qualified


def _unnamed_in_groups(grid: Grid, header: int, first_data: int, named: dict[int, str],
                       code_cols: list[int]) -> dict[int, str]:
    """Columns inside the actor block, under a group label, with no name: col -> group."""
    cols = list(range(min(named), max(named) + 1))
    groups = _group_row(grid, header, first_data, cols)
    return {c: groups[c] for c in cols
            if c not in named and c in groups and not grid.text(header, c)
            and (c in code_cols or not any(grid.text(r, c) for r in range(header + 1,
                                                                          first_data)))}


def _header_text(grid: Grid, col: int, header: int, body_start: int) -> str:
    for row in range(body_start - 1, max(header - 2, -1), -1):
        text = grid.text(row, col)
        if text:
            return text
    return ""


def _is_header_continuation(grid: Grid, row: int, actors: dict[int, str], label: int) -> bool:
    """Below the names row: group labels and the label column's own header, no codes."""
    cells = grid.filled(row)
    if not cells or any(_is_code_cell(t) for c, t in cells.items() if c in actors):
        return False
    label_text = cells.get(label, "")
    # A label alone, that is not the label column's own header, is a section heading.
    return not (label_text and header_key(label_text) not in RACI_META["name"]
                and not any(c in actors for c in cells))


def _group_row(grid: Grid, header: int, first_data: int, actor_cols: list[int]) -> dict[int, str]:
    """Grouped headers (a merged "IT/Development" over several roles) above or below names."""
    groups: dict[int, str] = {}
    for row in (header - 1, header + 1):
        if row < 0 or row >= first_data:
            continue
        texts = {c: grid.text(row, c) for c in actor_cols}
        filled = [t for t in texts.values() if t]
        # Groups come two or more to a row; a lone text above the names is a title.
        if len(filled) < 2 or any(_is_code_cell(t) for t in filled):
            continue
        current = ""
        for col in actor_cols:
            current = texts[col] or current
            if current:
                groups[col] = current
        break
    return groups


def _label_column(grid: Grid, candidates: list[int], header: int, first_data: int) -> int | None:
    """The activity column: named like one, else the text column with most labels."""
    for row in range(max(0, header - 1), min(first_data, header + 3)):
        for col in candidates:
            if header_key(grid.text(row, col)) in RACI_META["name"]:
                return col
    body = grid.rows[first_data : first_data + _SAMPLE_ROWS]

    def text_count(col: int) -> int:
        return sum(1 for r in body if col < len(r) and isinstance(r[col], str) and r[col].strip()
                   and not _is_code_cell(r[col]))

    best = max(candidates, key=lambda c: (text_count(c), -c), default=None)
    return best if best is not None and text_count(best) > 0 else None


_ACTOR_HEADERS = frozenset({*_LONG_ACTOR, "stakeholder", "stakeholders", "roles", "teams",
                            "actors", "people", "persons", "name", "names"})


def _looks_transposed(grid: Grid, wide: WideLayout) -> bool:
    """Actors down the rows, activities across: the corner names actors, or each column
    (not each row) has exactly one accountable."""
    corner = header_key(grid.text(wide.label_header_row or wide.header_row, wide.label_col))
    if corner in RACI_META["name"] and corner not in _ACTOR_HEADERS:
        return False
    rows = range(wide.body_start, min(len(grid.rows), wide.body_start + _SAMPLE_ROWS))
    accountable = {(r, c) for r in rows for c in wide.actor_cols
                   if "A" in cached_codes(grid.text(r, c)).letters}
    coded_rows = [r for r in rows if any(cached_codes(grid.text(r, c)).letters
                                         for c in wide.actor_cols)]
    if len(coded_rows) < 2 or len(wide.actor_cols) < 2:
        return False
    if corner in _ACTOR_HEADERS and corner not in RACI_META["name"]:
        return True
    one_per_row = sum(sum((r, c) in accountable for c in wide.actor_cols) == 1
                      for r in coded_rows) / len(coded_rows)
    one_per_col = sum(sum((r, c) in accountable for r in coded_rows) == 1
                      for c in wide.actor_cols) / len(wide.actor_cols)
    return one_per_col >= 0.6 and one_per_row < 0.5


def _transpose(sheet: Sheet) -> TransposedLayout | None:
    """The sheet read the other way round, when that reads as a wide matrix."""
    width = sheet.width
    columns = [[row[c] if c < len(row) else None for row in sheet.rows] for c in range(width)]
    wide = _detect_wide(Grid(columns))
    if wide is None:
        return None
    return TransposedLayout(
        wide.header_row, wide.body_start, wide.label_col, wide.meta_cols, wide.extra_cols,
        wide.label_header_row, actor_cols=wide.actor_cols, groups=wide.groups,
        qualified=wide.qualified, idle=wide.idle, unnamed=wide.unnamed,
        placeholders=wide.placeholders, transposed=columns)
