"""Event logs in: CSV, XLSX, Parquet or XES -> one typed table of (case, time, group, ...).

Ticket systems export the same facts under different names, so the reader recognises the
common exports (ServiceNow, Zendesk/Jira, XES, a generic case/time/team table), says which
one it recognised and which timestamp format it chose, and refuses hostile or broken files
with one sentence (exit 2), as the workbook reader does.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from opmodel.errors import OpmodelError, UnreadableFileError, UnsafeFileError
from opmodel.ingest.reader import decode_text
from opmodel.location import SourceRef, column_letter

__all__ = ["ROLES", "EventLog", "LogError", "name_codes", "parse_columns", "read_log"]

# Documented limits (DESIGN section 7): a log is larger than a workbook, so its own limits.
MAX_LOG_BYTES = 4 * 1024**3
MAX_COLUMNS = 1_000
MAX_HEADER_BYTES = 256 * 1024
MAX_XES_EVENTS = 50_000_000
MAX_XES_VALUE_CHARS = 10_000

ROLES = ("case", "time", "team", "activity")
MISSING = ["?", "", "NULL", "null", "N/A", "n/a"]


class LogError(OpmodelError):
    """The event log cannot be read or understood; the message says what to do."""


@dataclass(frozen=True)
class Layout:
    """A recognised export: its name and which column plays which role."""

    source: str
    columns: dict[str, str]
    reopen: str | None = None
    sla: str | None = None
    order: str | None = None


@dataclass
class EventLog:
    """Events as ``case, time, group, reopened, sla_missed, order, row, key, group_code``
    in file order (``row`` as the file counts it; ``key`` a 64-bit hash of the case id,
    which the mine sorts on; ``group_code`` the group's code in ``groups``; events without
    a case or a time left out); the log's groups (``group, code, events, first_row``, most
    events first); and how the file was understood. The activity column is recognised and
    reported but not read: nothing mines it."""

    frame: pl.DataFrame
    groups: pl.DataFrame
    source: str
    columns: dict[str, str]
    time_format: str
    name: str
    letters: dict[str, str] = field(default_factory=dict)

    @property
    def events(self) -> int:
        """Number of events read."""
        return self.frame.height

    def ref(self, role: str, row: int | None) -> SourceRef | None:
        """Where in the log file a value of a role sits (row as the file counts it)."""
        if row is None:
            return None
        return SourceRef(sheet=self.name, row=row, column=self.letters.get(role, ""),
                         header=self.columns.get(role, ""))

    def span(self) -> tuple[datetime | None, datetime | None]:
        """First and last event time."""
        times = self.frame.get_column("time")
        return times.min(), times.max()  # type: ignore[return-value]

    def describe(self) -> str:
        """One line for the terminal: what was recognised and how timestamps were read."""
        return (f"{self.name}: recognised as {self.source} ({self.events:,} events; case="
                f"{self.columns['case']}, time={self.columns['time']}, team="
                f"{self.columns['team']}; timestamps {self.time_format})")


# ---------------------------------------------------------------------- recognition

def _key(name: str) -> str:
    return re.sub(r"[\s_\-:.]+", "", name.casefold())


_GENERIC = {
    "case": ("case", "caseid", "caseconceptname", "ticket", "ticketid", "incident", "number",
             "id", "issuekey", "key", "issueid"),
    "time": ("timestamp", "timetimestamp", "time", "datetime", "eventtime", "updated",
             "updatedat", "date", "sysupdatedat"),
    "team": ("team", "group", "orggroup", "assignmentgroup", "assigneegroup", "groupname",
             "queue", "department", "orgresource", "resource"),
    "activity": ("activity", "conceptname", "event", "status", "state", "incidentstate",
                 "action"),
}


def _recognise(header: Sequence[str]) -> Layout | None:
    keys = {_key(h): h for h in header}

    def pick(role: str) -> str | None:
        return next((keys[k] for k in _GENERIC[role] if k in keys), None)

    if {"number", "sysupdatedat", "assignmentgroup"} <= keys.keys():
        return Layout("servicenow", {"case": keys["number"], "time": keys["sysupdatedat"],
                                     "team": keys["assignmentgroup"],
                                     "activity": keys.get("incidentstate", "")},
                      reopen=keys.get("reopencount"), sla=keys.get("madesla"),
                      order=keys.get("sysmodcount"))
    if {"caseconceptname", "timetimestamp"} <= keys.keys() and (
            "orggroup" in keys or "orgresource" in keys):
        return Layout("xes", {"case": keys["caseconceptname"], "time": keys["timetimestamp"],
                              "team": keys.get("orggroup") or keys["orgresource"],
                              "activity": keys.get("conceptname", "")})
    ticket = next((keys[k] for k in ("ticketid", "ticket", "issuekey", "key", "issueid", "id")
                   if k in keys), None)
    group = next((keys[k] for k in ("group", "groupname", "assigneegroup", "assignmentgroup")
                  if k in keys), None)
    updated = next((keys[k] for k in ("updated", "updatedat", "updatedtime") if k in keys), None)
    if ticket and group and updated and "status" in keys:
        return Layout("zendesk", {"case": ticket, "time": updated, "team": group,
                                  "activity": keys["status"]})
    case, time, team = pick("case"), pick("time"), pick("team")
    if case and time and team:
        return Layout("generic", {"case": case, "time": time, "team": team,
                                  "activity": pick("activity") or ""})
    return None


def parse_columns(text: str | None) -> dict[str, str]:
    """``case=number,time=sys_updated_at`` -> {"case": "number", ...}; LogError if malformed.

    >>> parse_columns("case=Ticket, team = Queue")
    {'case': 'Ticket', 'team': 'Queue'}
    """
    if not text:
        return {}
    out: dict[str, str] = {}
    for part in text.split(","):
        role, sep, column = part.partition("=")
        role, column = role.strip().casefold(), column.strip()
        if not sep or role not in ROLES or not column:
            raise LogError(f"--columns: '{part.strip()}' is not role=column with a role among "
                           f"{', '.join(ROLES)} (e.g. case=number,time=sys_updated_at).")
        out[role] = column
    return out


def _layout(header: Sequence[str], override: Mapping[str, str], name: str) -> Layout:
    if len(header) > MAX_COLUMNS:
        raise UnsafeFileError(f"{name} has {len(header):,} columns, above the {MAX_COLUMNS:,} "
                              "limit for an event log: export only the columns you need.")
    found = _recognise(header)
    keys = {_key(h): h for h in header}
    for role, column in override.items():
        if _key(column) not in keys:
            raise LogError(f"{name} has no column '{column}' (given for {role} in --columns); "
                           f"its columns are: {', '.join(header[:20])}.")
    if found is None:
        if not {"case", "time", "team"} <= override.keys():
            raise LogError(
                f"{name} is not a recognised event log (ServiceNow, Zendesk/Jira, XES or a "
                "case/timestamp/team table): name its columns with --columns "
                "case=...,time=...,team=...,activity=....")
        found = Layout("generic", {"activity": ""})
    columns = {**found.columns, **{r: keys[_key(c)] for r, c in override.items()}}
    return Layout(found.source, columns, found.reopen, found.sla, found.order)


# ---------------------------------------------------------------------- timestamps

# Plain formats first: on a tie they win, and polars parses them on its fast path.
_FORMATS = (
    ("ISO 8601", "%Y-%m-%dT%H:%M:%S"), ("ISO 8601", "%Y-%m-%d %H:%M:%S"),
    ("ISO 8601", "%Y-%m-%dT%H:%M:%S%.f%z"), ("ISO 8601", "%Y-%m-%d %H:%M:%S%.f%z"),
    ("ISO 8601", "%Y-%m-%dT%H:%M:%S%.f"), ("ISO 8601", "%Y-%m-%d %H:%M:%S%.f"),
    ("ISO 8601", "%Y-%m-%dT%H:%M"), ("ISO 8601", "%Y-%m-%d %H:%M"), ("ISO 8601", "%Y-%m-%d"),
    ("day-first", "%d-%m-%Y %H:%M"), ("day-first", "%d-%m-%Y %H:%M:%S"),
    ("day-first", "%d/%m/%Y %H:%M"), ("day-first", "%d/%m/%Y %H:%M:%S"),
    ("day-first", "%d.%m.%Y %H:%M"), ("day-first", "%d.%m.%Y %H:%M:%S"),
    ("day-first", "%d/%m/%Y"), ("day-first", "%d-%m-%Y"),
    ("month-first", "%m/%d/%Y %H:%M"), ("month-first", "%m/%d/%Y %H:%M:%S"),
    ("month-first", "%m/%d/%Y %I:%M %p"), ("month-first", "%m/%d/%Y"),
)


def _to_datetime(column: pl.Expr, fmt: str, strip: bool = True) -> pl.Expr:
    parsed = (column.str.strip_chars() if strip else column).str.to_datetime(
        fmt, strict=False, time_unit="us")
    if "%z" in fmt:
        return parsed.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    return parsed


def _choose_format(values: pl.Series, name: str, column: str) -> tuple[str, str]:
    """The format that reads the most sampled values, the first in the list on a tie
    (day-first before month-first: the exports we know write day-first). A value it cannot
    read is then reported by row."""
    sample = values.gather_every(max(1, values.len() // 5_000)).drop_nulls()
    if sample.is_empty():
        raise LogError(f"{name}: the time column '{column}' is empty: choose another with "
                       "--columns time=....")
    frame = sample.to_frame("t")
    counts: list[int] = []
    for _, fmt in _FORMATS:  # the first format that reads every sampled value wins at once
        counts.append(frame.select(_to_datetime(pl.col("t"), fmt).is_not_null().sum()).item())
        if counts[-1] == sample.len():
            break
    best = max(range(len(counts)), key=lambda i: (counts[i], -i))
    if counts[best]:
        return _FORMATS[best]
    raise LogError(f"{name}: the time column '{column}' holds '{sample[0]}', which is not an "
                   "ISO (2016-02-29 01:16) or day-first (29-02-2016 01:16) timestamp: choose "
                   "another column with --columns time=... or export ISO timestamps.")


# ---------------------------------------------------------------------- file formats

def read_log(path: Path | str, columns: Mapping[str, str] | None = None) -> EventLog:
    """Read an event log (.csv/.tsv/.txt, .xlsx, .parquet, .xes) and recognise its export.

    Raises an OpmodelError (exit 2, one sentence) when the file cannot or must not be read.
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise UnreadableFileError(f"{name}: no such file.")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFileError(f"{name} is empty: export the log again.")
    if size > MAX_LOG_BYTES:
        raise UnsafeFileError(f"{name} is {size / 2**30:.1f} GB, above the "
                              f"{MAX_LOG_BYTES // 2**30} GB limit for an event log: export a "
                              "shorter period.")
    with path.open("rb") as handle:
        head = handle.read(MAX_HEADER_BYTES)
    suffix = path.suffix.casefold()
    override = dict(columns or {})
    try:
        if head.startswith(b"PAR1"):
            raw = pl.read_parquet(path)
        elif head.startswith(b"PK\x03\x04") or suffix in {".xlsx", ".xlsm", ".xls"}:
            raw = _read_workbook(path)
        elif suffix == ".xes" or head.lstrip().startswith(b"<"):
            from opmodel.observe.xes import read_xes

            raw = read_xes(path, MAX_XES_EVENTS, MAX_XES_VALUE_CHARS)
        else:
            return _normalise(*_read_csv(path, head, override), name)
    except OpmodelError:
        raise
    except (pl.exceptions.PolarsError, OSError, ValueError, UnicodeError) as exc:
        raise UnreadableFileError(f"{name} is not a readable event log ({_first_line(exc)}): "
                                  "export it again as CSV UTF-8.") from exc
    layout = _layout(raw.columns, override, name)
    return _normalise(raw.select(_needed(layout)), layout, raw.columns, name)


def _needed(layout: Layout) -> list[str]:
    """The columns the mine reads, each once (the activity is recognised, not read)."""
    wanted = [layout.columns["case"], layout.columns["time"], layout.columns["team"],
              layout.reopen, layout.sla, layout.order]
    return list(dict.fromkeys(c for c in wanted if c))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:120]


def _read_csv(path: Path, head: bytes, override: Mapping[str, str]
              ) -> tuple[pl.DataFrame, Layout, list[str]]:
    """The columns the mine needs (recognised from the header row), as text; UTF-8 (BOM or
    not), UTF-16 with a BOM, or Windows-1252; comma, semicolon or tab separated; ``?`` and
    empty cells are missing. Also the layout and the whole header."""
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFileError(f"{path.name} is binary, not CSV text: export the log as "
                                  "CSV, XLSX, Parquet or XES.")
    source: Path | bytes = path
    text_head = _decode_head(head)
    if text_head is None:  # not UTF-8: decode in Python (bounded by the size limit)
        raw = path.read_bytes()
        text = decode_text(path, raw)
        if "\x00" in text:
            raise UnreadableFileError(f"{path.name} is binary, not CSV text.")
        source, text_head = text.encode("utf-8"), text[:MAX_HEADER_BYTES]
    first = text_head.split("\n", 1)[0]
    if "\n" not in text_head and len(head) >= MAX_HEADER_BYTES:
        raise UnsafeFileError(f"{path.name}: the first line is longer than "
                              f"{MAX_HEADER_BYTES // 1024} KB, so it is not a header row: "
                              "export the log with one header line.")
    try:
        delimiter = csv.Sniffer().sniff(text_head[:20_000], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    header = next(csv.reader([first.lstrip("\ufeff")], delimiter=delimiter), [])
    if len(header) > MAX_COLUMNS:
        raise UnsafeFileError(f"{path.name} has {len(header):,} columns, above the "
                              f"{MAX_COLUMNS:,} limit for an event log: export only the "
                              "columns you need.")
    options: dict[str, Any] = {"separator": delimiter, "infer_schema": False,
                               "encoding": "utf8", "truncate_ragged_lines": True}
    names = pl.read_csv(source, n_rows=0, **options).columns
    layout = _layout(names, override, path.name)
    frame = pl.read_csv(source, columns=_needed(layout), null_values=MISSING, **options)
    return frame, layout, names


def _decode_head(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut by the head's end
            return head[:exc.start].decode("utf-8-sig")
        return None


def _read_workbook(path: Path) -> pl.DataFrame:
    """The first sheet of a workbook, through the workbook reader's safety checks."""
    from opmodel.ingest.reader import cell_text, read

    book = read(path)
    rows = book.sheets[0].rows if book.sheets else []
    if not rows:
        raise UnreadableFileError(f"{path.name} has no rows: put the log on the first sheet.")
    header = [cell_text(v) or f"column {i + 1}" for i, v in enumerate(rows[0])]
    body = [[cell_text(v) or None for v in row[:len(header)]] for row in rows[1:]]
    data = {h: [r[i] if i < len(r) else None for r in body] for i, h in enumerate(header)}
    return pl.DataFrame(data, schema=dict.fromkeys(header, pl.String))


# ---------------------------------------------------------------------- normalising

def _truthy(column: pl.Expr) -> pl.Expr:
    return column.cast(pl.String).str.strip_chars().str.to_lowercase().is_in(
        ["true", "yes", "1", "y", "t"])


def name_codes(names: pl.Series, rows: pl.Series) -> tuple[pl.Series, pl.DataFrame]:
    """Each value's integer code (null where missing) and, per distinct value, its ``code``,
    ``name``, ``events`` and ``first_row`` (``rows`` in file order): one group-by over the
    events, so that sorting, comparing and counting teams work on integers. Codes are a
    64-bit hash of the name; should two names share one, their rank instead."""
    table = pl.DataFrame({"name": names, "row": rows}).group_by("name").agg(
        pl.len().alias("events"), pl.col("row").first().alias("first_row")).drop_nulls("name")
    distinct = table.get_column("name")
    if distinct.hash().n_unique() == table.height:
        coded, code = names.hash(), distinct.hash()
    else:
        coded, code = names.rank("dense"), distinct.rank("dense")
    codes = pl.select(pl.when(names.is_not_null()).then(coded.cast(pl.UInt64))).to_series()
    return codes, table.select(code.cast(pl.UInt64).alias("code"), "name", "events",
                               "first_row").sort(["events", "name"], descending=[True, False])


def _groups(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The frame with ``group_code``, and the log's groups. Group names are cleaned
    (padding, missing markers) once per distinct name, and the column is touched only when
    one of them changes."""
    codes, table = name_codes(frame.get_column("group"), frame.get_column("row"))
    distinct = table.get_column("name")
    cleaned = distinct.str.strip_chars().replace(MISSING, None)
    changed = cleaned.ne_missing(distinct)
    if changed.any():
        frame = frame.with_columns(pl.col("group").replace(distinct.filter(changed),
                                                           cleaned.filter(changed)))
        codes, table = name_codes(frame.get_column("group"), frame.get_column("row"))
    return frame.with_columns(codes.alias("group_code")), table.rename({"name": "group"})


def _refuse_bad_time(raw: pl.DataFrame, frame: pl.DataFrame, column: str, fmt: str,
                     name: str) -> None:
    """LogError naming the first row whose time text (not blank) did not parse."""
    text = raw.get_column(column).cast(pl.String).str.strip_chars()
    bad = frame.select("row", "time", text.alias("text")).filter(
        pl.col("time").is_null() & pl.col("text").is_not_null() & (pl.col("text") != ""))
    if bad.height:
        first = bad.row(0, named=True)
        raise LogError(f"{name}: row {first['row']}, column {column}: '"
                       f"{first['text'][:40]}' does not match the log's timestamp format "
                       f"({fmt}); fix or remove that row.")


def _normalise(raw: pl.DataFrame, layout: Layout, header: Sequence[str], name: str) -> EventLog:
    cols = layout.columns
    time_raw = raw.get_column(cols["time"])
    if time_raw.dtype.is_temporal():
        label, fmt = "native", "timestamp"
        time_expr = pl.col(cols["time"]).cast(pl.Datetime("us"))
    else:
        time_raw = time_raw.cast(pl.String)
        label, fmt = _choose_format(time_raw, name, cols["time"])
        # unstripped first (most exports have no padding): a padded value then fails and
        # the column is parsed again stripped, so the result is the same either way
        time_expr = _to_datetime(pl.col(cols["time"]).cast(pl.String), fmt, strip=False)

    def text(column: str | None) -> pl.Expr:
        if not column:
            return pl.lit(None, dtype=pl.String)
        # the exports' markers of a missing value (``?`` in ServiceNow), whatever the format
        return pl.col(column).cast(pl.String).str.strip_chars().replace(MISSING, None)

    frame = raw.with_row_index("row", offset=2).select(
        text(cols["case"]).alias("case"),
        time_expr.alias("time"),
        pl.col(cols["team"]).cast(pl.String).alias("group"),
        (text(layout.reopen).cast(pl.Int64, strict=False).fill_null(0) > 0).alias("reopened")
        if layout.reopen else pl.lit(None, dtype=pl.Boolean).alias("reopened"),
        (~_truthy(pl.col(layout.sla))).alias("sla_missed")
        if layout.sla else pl.lit(None, dtype=pl.Boolean).alias("sla_missed"),
        (text(layout.order).cast(pl.Int64, strict=False) if layout.order
         else pl.lit(None, dtype=pl.Int64)).alias("order"),
        pl.col("row"),
    )
    # A value that is not a timestamp parses to null; only when there are more nulls than
    # missing cells is the (slower) search by text for the first such value needed.
    if frame.get_column("time").null_count() > time_raw.null_count() and label != "native":
        frame = frame.with_columns(
            time_raw.to_frame("time").select(_to_datetime(pl.col("time"), fmt)).to_series())
    if frame.get_column("time").null_count() > time_raw.null_count():
        _refuse_bad_time(raw, frame, cols["time"], fmt, name)
    if frame.get_column("case").null_count() or frame.get_column("time").null_count():
        frame = frame.filter(pl.col("case").is_not_null() & pl.col("time").is_not_null())
    if frame.is_empty():
        raise LogError(f"{name} has no event with both a case and a time: check the "
                       f"columns ({cols['case']}, {cols['time']}).")
    frame, groups = _groups(frame.with_columns(pl.col("case").hash().alias("key")))
    shown = dict(cols)
    if not shown.get("activity"):
        shown.pop("activity", None)
    position = {c: i for i, c in enumerate(header)}
    return EventLog(frame=frame, groups=groups, source=layout.source, columns=shown,
                    time_format=f"{label} ({fmt})", name=name,
                    letters={role: column_letter(position[c]) for role, c in shown.items()})

