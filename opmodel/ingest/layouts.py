"""Which sheet is which, where its header is, and how a RACI matrix is laid out.

Sheet and column names match case-insensitively, ignoring spaces, ``_`` and ``-``, with
the aliases of DESIGN.md section 3. RACI matrices come in three layouts, told apart by
their content rather than by their names: wide (one column per actor, codes in cells),
long (activity, actor, code), and by letter (one column per letter, names in cells),
including its real-world variant where names carry their codes ("Ben (A)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from opmodel.ingest.reader import Sheet, cell_text
from opmodel.schemes import (
    ALL_LETTERS,
    ROLE_WORDS,
    ParsedCell,
    parse_codes,
    parse_named,
    split_names,
)

HEADER_SEARCH_ROWS = 10
_SAMPLE_ROWS = 400


def header_key(text: str) -> str:
    """The comparable form of a sheet or column name.

    >>> header_key("SLA (hours)"), header_key("Decision_Rights"), header_key("customer-facing")
    ('slahours', 'decisionrights', 'customerfacing')
    """
    return re.sub(r"[^0-9a-z]", "", text.casefold())


SHEET_ALIASES: dict[str, tuple[str, ...]] = {
    "teams": ("teams", "team", "actors", "roles", "org", "organisation", "organization",
              "people"),
    "systems": ("systems", "applications", "apps", "system", "inventory"),
    "access": ("access", "dataaccess", "permissions"),
    "activities": ("activities", "processes", "steps", "decisions", "activity"),
    "raci": ("raci", "rasci", "racivs", "cairo", "daci", "rapid", "matrix",
             "responsibilities", "racimatrix", "racichart", "responsibilitymatrix",
             "raciresponsibilities"),
    "handoffs": ("handoffs", "seams", "transitions", "handovers"),
    "escalations": ("escalations", "escalationpaths", "escalation"),
    "decision_rights": ("decisionrights", "authority", "rights"),
    "metrics": ("metrics", "kpis", "kpi", "measures"),
    "journey_sheet": ("journeys", "journey", "valuestreams", "valuestream", "customerjourneys"),
    "settings": ("settings", "config"),
    "renames": ("renames", "renamed", "renaming"),
}
_SHEET_BY_KEY = {alias: role for role, aliases in SHEET_ALIASES.items() for alias in aliases}


def sheet_role(name: str) -> str | None:
    """The role a sheet's name gives it, or None.

    >>> sheet_role("Decision Rights"), sheet_role("RAPID"), sheet_role("Sheet1")
    ('decision_rights', 'raci', None)
    """
    key = header_key(name)
    if key in _SHEET_BY_KEY:
        return _SHEET_BY_KEY[key]
    if key.startswith(("raci", "rasci", "daci", "rapid")):
        return "raci"
    return None


# field -> aliases (header keys). The first field of each sheet names its elements.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "teams": {
        "name": ("name", "team", "teamname", "actor", "role", "rolename", "person"),
        "id": ("id", "teamid", "key"),
        "kind": ("kind", "type", "teamkind"),
        "authority": ("authority", "decisionauthority"),
        "customer_facing": ("customerfacing", "frontline", "customer"),
        "parent": ("parent", "reportsto", "parentteam", "reportingto", "manager"),
        "function": ("function", "department", "group", "division", "unit"),
        "aliases": ("aliases", "alias", "aka", "alsoknownas", "othernames"),
    },
    "systems": {
        "name": ("name", "system", "application", "app", "systemname"),
        "id": ("id", "systemid", "key"),
        "owner": ("owner", "ownerteam", "ownedby", "systemowner"),
        "data": ("data", "datadomains", "domains", "holds"),
        "system_of_record": ("systemofrecord", "sor", "recordfor", "systemofrecordfor"),
        "customer_data": ("customerdata", "holdscustomerdata", "pii"),
    },
    "access": {
        "team": ("team", "actor", "role", "who"),
        "system": ("system", "application", "app"),
        "access": ("access", "level", "permission", "accesslevel"),
    },
    "activities": {
        "name": ("name", "activity", "activityname", "task", "process", "decision", "stepname"),
        "id": ("id", "activityid", "key"),
        "journey": ("journey", "customerjourney", "process", "valuestream"),
        "step": ("step", "order", "sequence", "stepnumber", "stepno", "no"),
        "kind": ("kind", "type"),
        "uses": ("uses", "systems", "system", "usessystems", "tools"),
        "customer_facing": ("customerfacing", "frontline", "momentoftruth"),
        "inputs": ("inputs", "fedby", "feeds", "inputactivities"),
        "phase": ("phase", "stage", "section"),
    },
    "handoffs": {
        "from": ("from", "fromteam", "source", "sender"),
        "to": ("to", "toteam", "target", "receiver"),
        "activity": ("activity", "step"),
        "journey": ("journey",),
        "owner": ("owner", "seamowner", "accountable", "ownerteam"),
        "sla_hours": ("slahours", "sla", "slah", "timestandard", "timestandardhours"),
    },
    "escalations": {
        "from": ("from", "fromteam", "source", "fromactivity"),
        "to": ("to", "toteam", "target", "escalateto"),
        "trigger": ("trigger", "when", "condition"),
        "time_limit_hours": ("timelimithours", "timelimit", "timelimith", "slahours", "sla",
                             "within", "withinhours"),
    },
    "decision_rights": {
        "team": ("team", "actor", "role", "who"),
        "decision": ("decision", "activity", "what"),
        "level": ("level", "right", "authority"),
        "limit": ("limit", "threshold", "upto"),
    },
    "metrics": {
        "name": ("name", "metric", "kpi", "measure"),
        "owner": ("owner", "ownerteam", "accountable"),
        "activity": ("activity", "decision", "drives", "drivesdecision", "linkedto"),
        "journey": ("journey",),
        "type": ("type", "metrictype", "category", "kind"),
        "target": ("target", "goal", "targetvalue"),
    },
    "journey_sheet": {
        "name": ("name", "journey", "journeyname", "valuestream"),
        "owner": ("owner", "journeyowner", "accountable", "ownerteam", "endtoendowner"),
        "promise_hours": ("promisehours", "promise", "customerpromise", "promiseh",
                          "promisehrs"),
        "volume": ("volume", "casespermonth", "volumepermonth", "monthlyvolume", "cases"),
        "description": ("description", "desc", "purpose"),
    },
    "settings": {
        "key": ("key", "setting", "name"),
        "value": ("value",),
    },
    "renames": {
        "old": ("old", "oldname", "from", "was", "before", "current"),
        "new": ("new", "newname", "to", "now", "after", "target"),
        "kind": ("kind", "type", "element"),
    },
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "teams": ("name",), "systems": ("name",), "access": ("team", "system", "access"),
    "activities": ("name",), "handoffs": ("from", "to"), "escalations": ("from", "to"),
    "decision_rights": ("team", "decision"), "metrics": ("name",), "settings": ("key", "value"),
    "renames": ("old", "new"), "journey_sheet": ("name",),
}

# Meta columns a wide matrix may carry before (or after) its actor columns.
RACI_META: dict[str, tuple[str, ...]] = {
    "name": ("activity", "activities", "task", "tasks", "name", "deliverable", "process",
             "action", "workitem", "requirement", "deliverableortask", "activitydeliverable",
             "projecttasks", "projectactivity", "aufgabeprozess", "step", "decision", "item"),
    "id": ("id", "stepid", "taskid", "ref", "no", "number", "wbs"),
    "journey": ("journey", "customerjourney", "valuestream"),
    "step": ("stepno", "order", "sequence", "stepnumber"),
    "phase": ("phase", "stage", "section"),
    "kind": ("kind", "type"),
    "uses": ("uses", "systems", "system", "tools"),
    "customer_facing": ("customerfacing",),
}
_LONG_ACTOR = ("actor", "team", "role", "person", "who", "owner", "party", "responsibleparty")
_LONG_CODE = ("code", "raci", "rasci", "daci", "rapid", "racicode", "responsibility")


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


@dataclass
class RaciLayout:
    """How a matrix sheet is laid out, as detected from its content."""

    kind: str  # "wide", "long", "by-letter", "names-with-codes"
    header_row: int
    body_start: int
    label_col: int
    actor_cols: dict[int, str] = field(default_factory=dict)  # wide: col -> actor name
    groups: dict[int, str] = field(default_factory=dict)  # wide: col -> grouped header
    meta_cols: dict[int, str] = field(default_factory=dict)  # col -> field
    extra_cols: dict[int, str] = field(default_factory=dict)  # col -> header text
    letter_cols: dict[int, str | None] = field(default_factory=dict)  # by-letter: col -> letter
    actor_col: int = -1  # long layout
    code_col: int = -1  # long layout
    label_header_row: int | None = None


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


def detect_raci(sheet: Sheet) -> RaciLayout | None:
    """Detect the layout of a matrix sheet; None when it holds no matrix."""
    return _detect_long(sheet) or _detect_by_letter(sheet) or _detect_wide(sheet)


def _detect_long(sheet: Sheet) -> RaciLayout | None:
    for row in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        keys = {header_key(cell_text(v)): c for c, v in enumerate(sheet.rows[row]) if cell_text(v)}
        activity = next((keys[k] for k in RACI_META["name"] if k in keys), None)
        actor = next((keys[k] for k in _LONG_ACTOR if k in keys), None)
        code = next((keys[k] for k in _LONG_CODE if k in keys), None)
        if activity is None or actor is None or code is None:
            continue
        body = sheet.rows[row + 1 : row + 1 + _SAMPLE_ROWS]
        codes = [cell_text(r[code]) for r in body if code < len(r) and cell_text(r[code])]
        if codes and sum(map(_is_code_cell, codes)) >= 0.6 * len(codes):
            used = {activity, actor, code}
            extras = {c: cell_text(v) for c, v in enumerate(sheet.rows[row])
                      if c not in used and cell_text(v)}
            meta, extra = _split_meta(extras)
            return RaciLayout("long", row, row + 1, activity, actor_col=actor, code_col=code,
                              meta_cols=meta, extra_cols=extra)
    return None


def _detect_by_letter(sheet: Sheet) -> RaciLayout | None:
    for row in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        header = {c: cell_text(v) for c, v in enumerate(sheet.rows[row]) if cell_text(v)}
        body = sheet.rows[row + 1 : row + 1 + _SAMPLE_ROWS]
        letters = {c: _letter_for_header(t) for c, t in header.items()}
        named = {c for c in header if _names_with_codes_share(body, c) >= 0.5}
        lettered = {c for c, letter in letters.items() if letter and _holds_names(body, c)}
        if len(lettered) >= 2 or named:
            cols = lettered | named
            label = min((c for c in header if c not in cols), default=None)
            if label is None:
                continue
            rest = {c: t for c, t in header.items() if c not in cols and c != label}
            meta, extra = _split_meta(rest)
            kind = "by-letter" if len(lettered) >= 2 else "names-with-codes"
            return RaciLayout(kind, row, row + 1, label,
                              letter_cols={c: letters[c] for c in sorted(cols)},
                              meta_cols=meta, extra_cols=extra)
    return None


def _column_texts(body: list[list[object]], col: int) -> list[str]:
    return [t for r in body if col < len(r) and (t := cell_text(r[col]))]


def _holds_names(body: list[list[object]], col: int) -> bool:
    texts = [t for t in _column_texts(body, col) if cached_codes(t).no_role is None]
    return bool(texts) and sum(not _is_code_cell(t) for t in texts) >= 0.6 * len(texts)


def _names_with_codes_share(body: list[list[object]], col: int) -> float:
    texts = [t for t in _column_texts(body, col) if cached_codes(t).no_role is None]
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


def _code_columns(sample: list[list[object]], width: int, allowance: int) -> list[int]:
    cols = []
    for col in range(width):
        texts = _column_texts(sample, col)
        codes, cells = _matrix_cells(texts)
        if codes >= 1 and cells >= 0.6 * (len(texts) - min(allowance, len(texts) // 2)):
            cols.append(col)
    return cols


def _detect_wide(sheet: Sheet) -> RaciLayout | None:
    rows = sheet.rows
    sample = rows[: HEADER_SEARCH_ROWS + _SAMPLE_ROWS]
    width = max((len(r) for r in sample), default=0)
    # Pass 1 finds where the data starts; pass 2 decides columns on the data alone.
    rough = _code_columns(sample, width, allowance=3)

    def looks_like_data(r: list[object], cols: list[int]) -> bool:
        codes, cells = _matrix_cells([t for c in cols if c < len(r) and (t := cell_text(r[c]))])
        return codes >= 1 and cells >= 0.5 * sum(1 for c in cols if c < len(r) and cell_text(r[c]))

    first_data = next((i for i, r in enumerate(sample) if looks_like_data(r, rough)), None)
    if first_data is None:
        return None
    code_cols = _code_columns(sample[first_data:], width, allowance=0)
    # The actor names: the row above the data that names most code columns.
    top = max(0, first_data - HEADER_SEARCH_ROWS)
    candidates = range(top, first_data)

    def coverage(i: int) -> int:
        texts = [sheet.text(i, c) for c in code_cols]
        return sum(1 for t in texts if t and not cached_codes(t).is_code_like)

    if not candidates or max(coverage(i) for i in candidates) == 0:
        return None
    header = max(candidates, key=lambda i: (coverage(i), i))
    # Drop code-looking columns whose header is empty and that sit outside the block.
    named = {c: sheet.text(header, c) for c in code_cols if sheet.text(header, c)}
    groups = _group_row(sheet, header, first_data, list(named))
    non_code = [c for c in range(width) if c not in named]
    label_header_row = header
    label = _label_column(sheet, non_code, header, first_data)
    if label is None:
        return None
    body_start = header + 1
    # A row right below the names, holding only the label's header or groups, is header too.
    while body_start < first_data and _is_header_continuation(sheet, body_start, named, label):
        if sheet.text(body_start, label):
            label_header_row = body_start
        body_start += 1
    headers = {c: _header_text(sheet, c, header, body_start) for c in non_code if c != label}
    meta, extra = _split_meta({c: t for c, t in headers.items() if t})
    for col in non_code:
        if col != label and col not in meta and col not in extra and _column_texts(
                rows[body_start:], col):
            extra[col] = f"column {_letter(col)}"
    return RaciLayout("wide", header, body_start, label, actor_cols=named, groups=groups,
                      meta_cols=meta, extra_cols=extra, label_header_row=label_header_row)


def _letter(col: int) -> str:
    from opmodel.location import column_letter

    return column_letter(col)


def _header_text(sheet: Sheet, col: int, header: int, body_start: int) -> str:
    for row in range(body_start - 1, max(header - 2, -1), -1):
        text = sheet.text(row, col)
        if text:
            return text
    return ""


def _is_header_continuation(sheet: Sheet, row: int, actors: dict[int, str], label: int) -> bool:
    """Below the names row: group labels and the label column's own header, no codes."""
    cells = {c: cell_text(v) for c, v in enumerate(sheet.rows[row]) if cell_text(v)}
    if not cells or any(_is_code_cell(t) for c, t in cells.items() if c in actors):
        return False
    label_text = cells.get(label, "")
    # A label alone, that is not the label column's own header, is a section heading.
    return not (label_text and header_key(label_text) not in RACI_META["name"]
                and not any(c in actors for c in cells))


def _group_row(sheet: Sheet, header: int, first_data: int, actor_cols: list[int]) -> dict[int, str]:
    """Grouped headers (a merged "IT/Development" over several roles) above or below names."""
    groups: dict[int, str] = {}
    for row in (header - 1, header + 1):
        if row < 0 or row >= first_data:
            continue
        texts = {c: sheet.text(row, c) for c in actor_cols}
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


def _label_column(sheet: Sheet, candidates: list[int], header: int, first_data: int) -> int | None:
    """The activity column: named like one, else the text column with most labels."""
    for row in range(max(0, header - 1), min(first_data, header + 3)):
        for col in candidates:
            if header_key(sheet.text(row, col)) in RACI_META["name"]:
                return col
    body = sheet.rows[first_data : first_data + _SAMPLE_ROWS]

    def text_count(col: int) -> int:
        return sum(1 for r in body if col < len(r) and isinstance(r[col], str) and r[col].strip()
                   and not _is_code_cell(r[col]))

    best = max(candidates, key=lambda c: (text_count(c), -c), default=None)
    return best if best is not None and text_count(best) > 0 else None
