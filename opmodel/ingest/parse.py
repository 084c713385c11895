"""Sheets of cells -> an OperatingModel plus an ImportReport that accounts for every cell.

Collect everything, then report: a bad cell is recorded with its location and the rest
of the row and the sheet are still imported. Only a workbook with nothing to read at
all raises (NoMatrixError).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache, partial
from typing import Any, TypeVar

from opmodel.errors import NoMatrixError
from opmodel.ingest.infer import infer_decisions
from opmodel.ingest.layouts import (
    COLUMNS,
    LongLayout,
    MatrixLayout,
    cached_codes,
    detect_raci,
    find_header,
    header_key,
    sheet_role,
)
from opmodel.ingest.reader import Sheet, Workbook, cell_text
from opmodel.ingest.report import ImportReport, IssueCode, Level, PhaseRow, SheetSummary
from opmodel.ingest.resolve import NameIndex
from opmodel.location import SourceRef, column_letter
from opmodel.model import (
    Access,
    AccessLevel,
    Activity,
    ActivityKind,
    Assignment,
    Authority,
    DecisionRight,
    Escalation,
    Handoff,
    Journey,
    Metric,
    MetricType,
    OperatingModel,
    Rename,
    RightLevel,
    System,
    Team,
    TeamKind,
    journey_id,
    normalise_name,
    parse_limit,
    slug,
)
from opmodel.perf import pause_gc
from opmodel.schemes import (
    AUTO_SCHEMES,
    SCHEME_LETTERS,
    ParsedCell,
    Scheme,
    parse_scheme,
    strip_markdown,
)

E = TypeVar("E", bound=StrEnum)

_SECTION_PREFIX = re.compile(
    r"^\s*(phase|stage|section|step|fase|etapa|stufe|milestone|part|workstream)\b", re.I
)
_YES = {"yes", "y", "true", "1", "x", "ja", "oui", "si", "sí"}
_NO = {"no", "n", "false", "0", "", "-", "nein", "non"}
_SHEET_ORDER = ("settings", "teams", "systems", "activities", "raci", "access", "handoffs",
                "escalations", "decision_rights", "metrics", "journey_sheet", "renames")


@dataclass
class _Row:
    """One row of a tabular sheet: field -> (text, column index), plus extra columns."""

    sheet: str
    index: int
    values: dict[str, tuple[str, int]]
    extras: dict[str, str]

    def text(self, name: str) -> str:
        return self.values[name][0] if name in self.values else ""

    def at(self, name: str) -> SourceRef:
        """The cell of a field (built on demand: most cells never need one)."""
        return SourceRef.at(self.sheet, self.index, self.values[name][1], name)


@dataclass
class _Raw:
    """A matrix cell's letter before the scheme is known."""

    activity: str
    team: str
    letter: str
    where: SourceRef


@dataclass
class _Builder:
    """Accumulates the model while sheets are read, in dependency order."""

    workbook: Workbook
    report: ImportReport = field(default_factory=ImportReport)
    teams: dict[str, Team] = field(default_factory=dict)
    systems: dict[str, System] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    team_index: NameIndex = field(default_factory=lambda: NameIndex("team"))
    system_index: NameIndex = field(default_factory=lambda: NameIndex("system"))
    activity_index: NameIndex = field(default_factory=lambda: NameIndex("activity"))
    raw: list[_Raw] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    provided: set[str] = field(default_factory=set)
    matrix_names: list[str] = field(default_factory=list)
    no_role_cells: Counter[str] = field(default_factory=Counter)
    access: list[Access] = field(default_factory=list)
    handoffs: list[Handoff] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    rights: list[DecisionRight] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    journeys: dict[str, Journey] = field(default_factory=dict)
    renames: list[Rename] = field(default_factory=list)
    same_name: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    pending_parents: list[tuple[str, str, SourceRef]] = field(default_factory=list)
    pending_owners: list[tuple[str, str, SourceRef]] = field(default_factory=list)
    pending_inputs: list[tuple[str, list[tuple[str, SourceRef]]]] = field(default_factory=list)
    pending_uses: list[tuple[str, list[tuple[str, SourceRef]]]] = field(default_factory=list)
    kind_given: set[str] = field(default_factory=set)  # activities whose kind a cell states
    next_suffix: dict[str, int] = field(default_factory=dict)  # see new_id

    # ------------------------------------------------------------------ helpers
    def issue(self, code: IssueCode, level: Level, message: str, where: SourceRef | None = None,
              hint: str = "") -> None:
        self.report.add(code, level, message, where, hint)

    def enum(self, cls: type[E], text: str, where: Where, default: E) -> E:
        member = _enum_member(cls, text)
        if member is not None:
            return member
        if text:
            where = _locate(where)
            allowed = ", ".join(m.value for m in cls)
            self.issue(IssueCode.UNKNOWN_VALUE, Level.WARNING,
                       f"'{text}' ({where}) is not one of: {allowed}; used '{default.value}'.",
                       where)
        return default

    def boolean(self, text: str, where: Where | None, default: bool = False) -> bool:
        key = text.casefold()
        if key in _YES:
            return True
        if key in _NO:
            return False if text else default
        if where is not None:
            where = _locate(where)
            self.issue(IssueCode.UNKNOWN_VALUE, Level.WARNING,
                       f"'{text}' ({where}) is not yes or no; read as "
                       f"{'yes' if default else 'no'}.", where)
        return default

    def number(self, text: str, where: Where) -> float | None:
        if not text:
            return None
        if _PLAIN_NUMBER.fullmatch(text):
            return float(text)
        where = _locate(where)
        cleaned = re.sub(r"\s*(h|hrs?|hours?)\s*$", "", text.casefold()).replace(",", ".")
        try:
            return float(cleaned)
        except ValueError:
            self.issue(IssueCode.INVALID_NUMBER, Level.ERROR,
                       f"'{text}' ({where}) is not a number of hours; left empty.", where,
                       "Write a number such as 24.")
            return None

    def optional_enum(self, cls: type[E], text: str, where: Where) -> E | None:
        """A value of ``cls``, or None when the cell is empty or holds something else
        (reported, with the allowed values)."""
        member = _enum_member(cls, text)
        if member is None and text:
            where = _locate(where)
            allowed = ", ".join(m.value for m in cls)
            self.issue(IssueCode.UNKNOWN_VALUE, Level.WARNING,
                       f"'{text}' ({where}) is not one of: {allowed}; left empty.", where)
        return member

    def count(self, text: str, where: Where) -> float | None:
        """A plain quantity such as a monthly volume ("1,200" is twelve hundred)."""
        if not text:
            return None
        cleaned = re.sub(r"[\s,'_]", "", text)
        try:
            return float(cleaned)
        except ValueError:
            where = _locate(where)
            self.issue(IssueCode.INVALID_NUMBER, Level.ERROR,
                       f"'{text}' ({where}) is not a number; left empty.", where,
                       "Write a number such as 1200.")
            return None

    def team_id(self, name: str, where: SourceRef, create: bool) -> str:
        """Resolve a team; unknown ones are reported and kept as undeclared actors."""
        found = self.team_index.get(name)
        if found is not None:
            return found
        if "teams" in self.provided:
            self.team_index.resolve(
                name, where, self.report, IssueCode.UNKNOWN_TEAM,
                consequence=" It was added as an undeclared actor so its roles are kept."
                if create else "",
            )
        return self.add_team(Team.trusted(
            id=self.new_id("team", name, self.teams), name=name, source=where, extra={},
            kind=TeamKind.TEAM, authority=Authority.DECISION, customer_facing=False,
            parent=None, function=None,
        ))

    def add_team(self, team: Team) -> str:
        self.teams[team.id] = team
        self.team_index.add(team.name, team.id, team.name, team.source)
        return team.id

    def new_id(self, kind: str, name: str, taken: dict[str, Any]) -> str:
        """A unique id for a name; each base remembers its next suffix, so many names with
        one slug cost linear time, not a scan of every earlier suffix."""
        base = f"{kind}:{slug(name)}"
        if base not in taken:
            return base
        n = self.next_suffix.get(base, 2)
        while f"{base}-{n}" in taken:
            n += 1
        self.next_suffix[base] = n + 1
        return f"{base}-{n}"

    def rows(self, sheet: Sheet, role: str) -> Iterator[_Row]:
        header = find_header(sheet, role)
        if header is None:
            required = ", ".join(COLUMNS[role][f][0] for f in ("name", "team", "from", "key")
                                 if f in COLUMNS[role])
            self.issue(IssueCode.NO_HEADER, Level.ERROR,
                       f"Sheet '{sheet.name}': no header row with the column(s) {required} "
                       "in the top 10 rows; the sheet was skipped.",
                       SourceRef(sheet.name, 1), "Add a header row naming the columns.")
            self.report.sheets.append(SheetSummary(sheet.name, role, 0))
            return
        names = {col: f for f, col in header.fields.items()}
        for col, text in header.extras.items():
            self.issue(IssueCode.EXTRA_COLUMN, Level.INFO,
                       f"Column '{text}' of sheet '{sheet.name}' is kept as an extra attribute.",
                       SourceRef.at(sheet.name, header.row, col, text))
        count = 0
        for index in range(header.row + 1, len(sheet.rows)):
            cells = sheet.rows[index]
            values: dict[str, tuple[str, int]] = {}
            extras: dict[str, str] = {}
            for col, value in enumerate(cells):
                if value is None or value == "":
                    continue
                text = cell_text(value)
                if not text:
                    continue
                if col in names:
                    values[names[col]] = (text, col)
                else:
                    extras[header.extras.get(col, f"column {column_letter(col)}")] = text
            if values or extras:
                count += 1
                yield _Row(sheet.name, index, values, extras)
        self.report.sheets.append(SheetSummary(sheet.name, role, count, header_row=header.row + 1))
        if count == 0:
            self.issue(IssueCode.EMPTY_SHEET, Level.WARNING,
                       f"Sheet '{sheet.name}' has a header but no rows.",
                       SourceRef(sheet.name, header.row + 1))

    def required(self, row: _Row, sheet: Sheet, *names: str) -> bool:
        missing = [n for n in names if not row.text(n)]
        for name in missing:
            self.issue(IssueCode.MISSING_VALUE, Level.ERROR,
                       f"Row {row.index + 1} of '{sheet.name}' has no {name.replace('_', ' ')}; "
                       "the row was not imported.", SourceRef(sheet.name, row.index + 1),
                       f"Fill in the {name.replace('_', ' ')} column.")
        return not missing

    # ------------------------------------------------------------------ sheets
    def read_settings(self, sheet: Sheet) -> None:
        known = {"scheme", "name", "model", "id", "modelid"}
        for row in self.rows(sheet, "settings"):
            key, value = row.text("key"), row.text("value")
            if not key:
                continue
            self.settings[header_key(key)] = value
            if header_key(key) not in known:
                self.issue(IssueCode.UNKNOWN_SETTING, Level.INFO,
                           f"Setting '{key}' ({row.at('key')}) is not used by opmodel; kept.",
                           row.at("key"))

    def read_renames(self, sheet: Sheet) -> None:
        for row in self.rows(sheet, "renames"):
            if self.required(row, sheet, "old", "new"):
                self.renames.append(Rename.trusted(
                    old=row.text("old"), new=row.text("new"),
                    kind=row.text("kind").casefold() or None, source=row.at("old")))

    def read_teams(self, sheet: Sheet) -> None:
        for row in self.rows(sheet, "teams"):
            if not self.required(row, sheet, "name"):
                continue
            name = row.text("name")
            if name in self.team_index:
                self.duplicate(name, row.at("name"), self.team_index)
                continue
            kind = self.enum(TeamKind, row.text("kind"), _at(row, "kind"), TeamKind.TEAM)
            default_authority = (Authority.ADVISORY if kind is TeamKind.COMMITTEE
                                 else Authority.DECISION)
            team = Team(
                id=self.new_id("team", row.text("id") or name, self.teams), name=name,
                kind=kind,
                authority=self.enum(Authority, row.text("authority"), _at(row, "authority"),
                                    default_authority),
                authority_stated=_enum_member(Authority, row.text("authority")) is not None,
                customer_facing=self.boolean(row.text("customer_facing"),
                                             _at(row, "customer_facing")),
                function=row.text("function") or None,
                aliases=tuple(_split_list(row.text("aliases"))), extra=row.extras,
                source=row.at("name"),
            )
            self.add_team(team)
            if row.text("id"):
                self.team_index.add(row.text("id"), team.id, name, team.source)
            if row.text("parent"):
                self.pending_parents.append((team.id, row.text("parent"), row.at("parent")))

    def duplicate(self, name: str, where: SourceRef, index: NameIndex) -> None:
        first = index.sources.get(index.get(name) or "")
        self.issue(IssueCode.DUPLICATE_NAME, Level.WARNING,
                   f"'{name}' ({where}) is defined again; the first definition"
                   f"{f' ({first})' if first else ''} is kept.", where)

    def read_systems(self, sheet: Sheet) -> None:
        for row in self.rows(sheet, "systems"):
            if not self.required(row, sheet, "name"):
                continue
            name = row.text("name")
            if name in self.system_index:
                self.duplicate(name, row.at("name"), self.system_index)
                continue
            data = _split_list(row.text("data"))
            sor_text = row.text("system_of_record")
            record = (tuple(data) if self.boolean(sor_text, None) and sor_text.casefold() in _YES
                      else tuple(d for d in _split_list(sor_text) if d.casefold() not in _NO))
            system = System(
                id=self.new_id("system", row.text("id") or name, self.systems), name=name,
                data=tuple(data), system_of_record=record,
                customer_data=self.boolean(row.text("customer_data"), _at(row, "customer_data"),
                                           default="customer" in data),
                extra=row.extras, source=row.at("name"),
            )
            self.systems[system.id] = system
            self.system_index.add(name, system.id, name, system.source)
            if row.text("id"):
                self.system_index.add(row.text("id"), system.id, name, system.source)
            if row.text("owner"):
                self.pending_owners.append((system.id, row.text("owner"), row.at("owner")))

    def read_activities(self, sheet: Sheet) -> None:
        index = self.activity_index
        for row in self.rows(sheet, "activities"):
            if not self.required(row, sheet, "name"):
                continue
            name = strip_markdown(row.text("name"))
            key = normalise_name(name)
            where = row.at("name")
            activity_id = self.new_id("activity", row.text("id") or name, self.activities)
            if key in index.ids:
                self.duplicate(name, where, index)
                if not row.text("id"):
                    continue  # without its own id, a second row of the same name is a repeat
            self.same_name[key].append(activity_id)
            self.activities[activity_id] = Activity.trusted(
                id=activity_id, name=name, journey=row.text("journey") or None,
                step=self.number(row.text("step"), _at(row, "step")),
                kind=self.enum(ActivityKind, row.text("kind"), _at(row, "kind"),
                               ActivityKind.ACTIVITY),
                customer_facing=(self.boolean(row.text("customer_facing"),
                                              _at(row, "customer_facing"))
                                 if row.text("customer_facing") else None),
                phase=row.text("phase") or None, extra=row.extras, source=where,
            )
            index.add_normalised(key, activity_id, name, where)
            if row.text("kind"):
                self.kind_given.add(activity_id)
            if row.text("id"):
                index.add(row.text("id"), activity_id, name, where)
            if row.text("uses"):
                self.pending_uses.append((activity_id, _located_list(row, "uses")))
            if row.text("inputs"):
                self.pending_inputs.append((activity_id, _located_list(row, "inputs")))

    def add_activity(self, activity: Activity) -> None:
        self.activities[activity.id] = activity
        self.activity_index.add(activity.name, activity.id, activity.name, activity.source)

    def read_access(self, sheet: Sheet) -> None:
        for row in self.rows(sheet, "access"):
            if not self.required(row, sheet, "team", "system", "access"):
                continue
            team = self.team_index.resolve(row.text("team"), row.at("team"), self.report,
                                           IssueCode.UNKNOWN_TEAM)
            system = self.system_index.resolve(row.text("system"), row.at("system"), self.report,
                                               IssueCode.UNKNOWN_SYSTEM)
            level = self.enum(AccessLevel, _access_word(row.text("access")), row.at("access"),
                              AccessLevel.NONE)
            if team and system:
                self.access.append(Access.trusted(team=team, system=system, level=level,
                                          source=row.at("team")))

    def read_handoffs(self, sheet: Sheet) -> None:
        for row in self.rows(sheet, "handoffs"):
            if not self.required(row, sheet, "from", "to"):
                continue
            source = self.team_index.resolve(row.text("from"), row.at("from"), self.report,
                                             IssueCode.UNKNOWN_TEAM)
            target = self.team_index.resolve(row.text("to"), row.at("to"), self.report,
                                             IssueCode.UNKNOWN_TEAM)
            owner = (self.team_index.resolve(row.text("owner"), row.at("owner"), self.report,
                                             IssueCode.UNKNOWN_TEAM)
                     if row.text("owner") else None)
            activity = (self.activity_index.resolve(
                row.text("activity"), row.at("activity"), self.report,
                IssueCode.UNKNOWN_ACTIVITY, Level.WARNING) if row.text("activity") else None)
            if source is None or target is None:
                continue
            if source == target:
                self.issue(IssueCode.SELF_REFERENCE, Level.WARNING,
                           f"Handoff on row {row.index + 1} goes from '{row.text('from')}' to "
                           "itself.", row.at("from"))
            self.handoffs.append(Handoff.trusted(
                source_team=source, target_team=target, activity=activity,
                journey=row.text("journey") or None, owner=owner,
                sla_hours=self.number(row.text("sla_hours"), _at(row, "sla_hours")),
                extra=row.extras, source=SourceRef(sheet.name, row.index + 1,
                                                   row.at("from").column, "from"),
            ))

    def read_escalations(self, sheet: Sheet) -> None:
        for row in self.rows(sheet, "escalations"):
            if not self.required(row, sheet, "from", "to"):
                continue
            name = row.text("from")
            origin = self.team_index.get(name) or self.activity_index.get(name)
            if origin is None:
                self.team_index.resolve(name, row.at("from"), self.report, IssueCode.UNKNOWN_TEAM)
            target = self.team_index.resolve(row.text("to"), row.at("to"), self.report,
                                             IssueCode.UNKNOWN_TEAM)
            if origin is None or target is None:
                continue
            if origin == target:
                self.issue(IssueCode.SELF_REFERENCE, Level.WARNING,
                           f"Escalation on row {row.index + 1} goes from '{name}' to itself.",
                           row.at("from"))
            self.escalations.append(Escalation.trusted(
                source_id=origin, target_team=target, trigger=row.text("trigger") or None,
                time_limit_hours=self.number(row.text("time_limit_hours"),
                                             _at(row, "time_limit_hours")),
                extra=row.extras, source=row.at("from"),
            ))

    def read_rights(self, sheet: Sheet) -> None:
        for row in self.rows(sheet, "decision_rights"):
            if not self.required(row, sheet, "team", "decision"):
                continue
            team = self.team_index.resolve(row.text("team"), row.at("team"), self.report,
                                           IssueCode.UNKNOWN_TEAM)
            decision = self.activity_index.resolve(row.text("decision"), row.at("decision"),
                                                   self.report, IssueCode.UNKNOWN_ACTIVITY)
            if team and decision:
                limit = row.text("limit") or None
                amount, unit = parse_limit(limit)
                self.rights.append(DecisionRight.trusted(
                    team=team, decision=decision,
                    level=self.enum(RightLevel, row.text("level"), _at(row, "level"),
                                    RightLevel.DECIDE),
                    limit=limit, limit_amount=amount, limit_unit=unit, source=row.at("team"),
                    limit_source=row.at("limit") if limit else None,
                ))

    def read_metrics(self, sheet: Sheet) -> None:
        taken: dict[str, Any] = {}
        for row in self.rows(sheet, "metrics"):
            if not self.required(row, sheet, "name"):
                continue
            owner = (self.team_index.resolve(row.text("owner"), row.at("owner"), self.report,
                                             IssueCode.UNKNOWN_TEAM)
                     if row.text("owner") else None)
            activity = (self.activity_index.resolve(row.text("activity"), row.at("activity"),
                                                    self.report, IssueCode.UNKNOWN_ACTIVITY)
                        if row.text("activity") else None)
            metric_id = self.new_id("metric", row.text("name"), taken)
            taken[metric_id] = True
            self.metrics.append(Metric(
                id=metric_id, name=row.text("name"), owner=owner, activity=activity,
                journey=row.text("journey") or None,
                type=self.optional_enum(MetricType, row.text("type"), _at(row, "type")),
                target=row.text("target") or None, extra=row.extras, source=row.at("name"),
            ))

    def read_journeys(self, sheet: Sheet) -> None:
        for row in self.rows(sheet, "journey_sheet"):
            if not self.required(row, sheet, "name"):
                continue
            name = row.text("name")
            journey_key = journey_id(name)
            if journey_key in self.journeys:
                first = self.journeys[journey_key].source
                self.issue(IssueCode.DUPLICATE_NAME, Level.WARNING,
                           f"'{name}' ({row.at('name')}) is defined again; the first "
                           f"definition{f' ({first})' if first else ''} is kept.",
                           row.at("name"))
                continue
            owner = (self.team_index.resolve(row.text("owner"), row.at("owner"), self.report,
                                             IssueCode.UNKNOWN_TEAM)
                     if row.text("owner") else None)
            self.journeys[journey_key] = Journey(
                id=journey_key, name=name, owner=owner,
                promise_hours=self.number(row.text("promise_hours"), _at(row, "promise_hours")),
                volume=self.count(row.text("volume"), _at(row, "volume")),
                description=row.text("description") or None, extra=row.extras,
                source=row.at("name"))

    # ------------------------------------------------------------------ matrices
    def read_matrix(self, sheet: Sheet, layout: MatrixLayout) -> None:
        self.matrix_names.append(sheet.name)
        reader = _MatrixReader(self, sheet, layout)
        rows = reader.read()
        self.report.sheets.append(SheetSummary(sheet.name, "raci", rows, layout.kind,
                                               layout.sheet_header_row + 1,
                                               layout.actor_count(len(reader.named))))

    def finish_references(self) -> None:
        for team_id, parent, where in self.pending_parents:
            found = self.team_index.resolve(parent, where, self.report, IssueCode.UNKNOWN_TEAM)
            if found:
                self.teams[team_id] = self.teams[team_id].model_copy(update={"parent": found})
        for system_id, owner, where in self.pending_owners:
            found = self.team_index.resolve(owner, where, self.report, IssueCode.UNKNOWN_TEAM)
            if found:
                self.systems[system_id] = self.systems[system_id].model_copy(
                    update={"owner": found})
        for activity_id, names in self.pending_uses:
            uses = [self.system_index.resolve(n, w, self.report, IssueCode.UNKNOWN_SYSTEM)
                    for n, w in names]
            self.activities[activity_id] = self.activities[activity_id].model_copy(
                update={"uses": tuple(u for u in dict.fromkeys(uses) if u)})
        for activity_id, names in self.pending_inputs:
            inputs = [self.activity_index.resolve(n, w, self.report, IssueCode.UNKNOWN_ACTIVITY)
                      for n, w in names]
            self.activities[activity_id] = self.activities[activity_id].model_copy(
                update={"inputs": tuple(i for i in dict.fromkeys(inputs) if i)})

    def choose_scheme(self, option: Scheme | None) -> Scheme:
        """Option, then Settings, then the matrix sheet's name, then the letters used."""
        if option is not None:
            self.report.scheme_source = "the --scheme option"
            return option
        setting = self.settings.get("scheme")
        if setting:
            parsed = parse_scheme(setting)
            if parsed is not None:
                self.report.scheme_source = "the Settings sheet"
                return parsed
            self.issue(IssueCode.UNKNOWN_VALUE, Level.WARNING,
                       f"Settings scheme '{setting}' is not one of "
                       f"{', '.join(s.value for s in Scheme)}; the scheme was guessed.")
        for name in self.matrix_names:
            # "RACI" is what people call any matrix, so only the other names decide.
            parsed = parse_scheme(name)
            if parsed is not None and parsed is not Scheme.RACI:
                self.report.scheme_source = f"the sheet name '{name}'"
                return parsed
        letters = {r.letter for r in self.raw}
        guess = Scheme.RACI
        if "V" in letters:
            guess = Scheme.RACI_VS
        elif "S" in letters:
            guess = Scheme.RASCI
        elif "O" in letters:
            guess = Scheme.CAIRO
        self.report.scheme_source = "the letters used"
        outside = sorted(letters - set(SCHEME_LETTERS[guess]))
        fitting = [s for s, telling in AUTO_SCHEMES.items()
                   if telling in letters and letters <= set(SCHEME_LETTERS[s])]
        if outside and fitting:
            return self.scheme_from_letters(fitting, letters, outside)
        message = f"No scheme was given; read the matrix as {guess.value.upper()}"
        if guess is not Scheme.RACI:
            message += f" because it uses {', '.join(sorted(letters - set('RACI')))}"
        if outside:
            message += (f". Letters {', '.join(outside)} are not {guess.value.upper()} codes: "
                        "if this is a DACI or RAPID matrix, say so in Settings or with --scheme")
        self.issue(IssueCode.SCHEME_GUESSED, Level.WARNING if outside else Level.INFO,
                   message + ".")
        return guess

    def scheme_from_letters(self, fitting: list[Scheme], letters: set[str],
                            outside: list[str]) -> Scheme:
        """A matrix whose letters are not RACI's but all DACI's (or RAPID's) is read so."""
        chosen = fitting[0]
        name = chosen.value.upper()
        message = (f"No scheme was given; read the matrix as {name} because it uses "
                   f"{', '.join(outside)}, which RACI has not, and all its letters "
                   f"({', '.join(sorted(letters))}) are {name} codes")
        others = [s.value.upper() for s in fitting[1:]]
        if others:
            message += (f"; they fit {', '.join(others)} too: if it is one of those, say so "
                        "in Settings or with --scheme")
        self.issue(IssueCode.SCHEME_GUESSED, Level.WARNING if others else Level.INFO,
                   message + ".", hint="Set the scheme in Settings to be sure.")
        return chosen

    def assignments(self, scheme: Scheme) -> list[Assignment]:
        letters = SCHEME_LETTERS[scheme]
        seen: set[tuple[str, str, str]] = set()
        result: list[Assignment] = []
        for raw in self.raw:
            role = letters.get(raw.letter)
            if role is None:
                self.issue(IssueCode.CODE_NOT_IN_SCHEME, Level.ERROR,
                           f"'{raw.letter}' ({raw.where}) is not a code in "
                           f"{scheme.value.upper()} (codes: {', '.join(letters)}).", raw.where,
                           "Fix the letter, or set the scheme that uses it.")
                continue
            key = (raw.activity, raw.team, role.value)
            if key in seen:
                continue
            seen.add(key)
            result.append(Assignment.trusted(
                activity=raw.activity, team=raw.team, role=role, code=raw.letter,
                source=raw.where))
        return result


@lru_cache(maxsize=1024)
def _enum_member(cls: type[E], text: str) -> E | None:
    key = header_key(text)
    return next((m for m in cls if header_key(m.value) == key), None)


Where = SourceRef | Callable[[], SourceRef]
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _at(row: _Row, name: str) -> Where:
    """A field's cell, located only if a message needs it (most cells never do)."""
    return partial(row.at, name) if name in row.values else SourceRef(row.sheet, row.index + 1)


def _locate(where: Where) -> SourceRef:
    return where() if callable(where) else where


def _split_list(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,;\n]", text) if p.strip()]


def _located_list(row: _Row, name: str) -> list[tuple[str, SourceRef]]:
    where = row.at(name)
    return [(item, where) for item in _split_list(row.text(name))]


def _access_word(text: str) -> str:
    key = header_key(text)
    return {"r": "read", "rw": "write", "readwrite": "write", "w": "write", "full": "write",
            "edit": "write", "view": "read", "readonly": "read", "no": "none"}.get(key, text)


class _MatrixReader:
    """Reads one RACI sheet into activities, actors and raw letters.

    The row loop (labels, sections, notes, activities) is the same for every layout; the
    layout object says which rows to read and reads their cells (a MatrixSink's callbacks).
    """

    def __init__(self, builder: _Builder, sheet: Sheet, layout: MatrixLayout) -> None:
        self.b = builder
        self.sheet = sheet
        self.layout = layout
        self.rows = layout.rows(sheet)
        self.phase: str | None = None
        self.labels: dict[str, int] = {}
        self.assigned: set[str] = set()
        self.created: dict[str, SourceRef] = {}  # activities this matrix defines
        self.named: set[str] = set()  # actors named in cells
        self.bound: set[str] = set()  # Activities-sheet activities already given a matrix row

    # -- the sink a layout reads into
    def at(self, index: int, col: int, header: str = "") -> SourceRef:
        row, column = self.layout.origin(index, col)
        return SourceRef.at(self.sheet.name, row, column, header)

    def line_ref(self, index: int) -> SourceRef:
        """A whole row (or, transposed, the row's label cell)."""
        if self.layout.origin(index, 0) == (index, 0):
            return SourceRef(self.sheet.name, index + 1)
        return self.at(index, self.layout.label_col)

    def issue(self, code: IssueCode, level: Level, message: str, where: SourceRef | None,
              hint: str = "") -> None:
        self.b.issue(code, level, message, where, hint)

    def no_role(self, token: str) -> None:
        self.b.no_role_cells[token] += 1

    def read(self) -> int:
        layout = self.layout
        layout.begin(self)
        last_code_row = self.last_code_row()
        plain_sections = self.opens_with_plain_section()
        count = 0
        previous_blank = False
        rows = self.rows
        for index in range(layout.body_start, len(rows)):
            cells = rows[index]
            if not any(cell_text(v) for v in cells):
                previous_blank = True
                continue
            letters_found = layout.has_codes(cells)
            label_raw = cell_text(cells[layout.label_col]) if layout.label_col < len(cells) else ""
            label = strip_markdown(label_raw)
            if index > last_code_row and not letters_found and (previous_blank or not label):
                self.note_row(index, cells)
                continue
            previous_blank = False
            if not label:
                self.junk_or_lost(index, cells)
                continue
            if not letters_found and cached_codes(label).no_role is not None:
                self.b.issue(IssueCode.JUNK_ROW, Level.INFO,
                             f"{layout.line(index)} of '{self.sheet.name}' holds only 'not "
                             "involved' markers; skipped.", self.line_ref(index))
                continue
            if not letters_found and self.is_section(index, label_raw, plain_sections):
                self.section(index, label, cells)
                continue
            activity_id = self.activity(index, label)
            count += 1
            layout.read_cells(self, index, cells, activity_id)
            self.meta(index, cells, activity_id)
        self.finish()
        return count

    # -- structure
    def last_code_row(self) -> int:
        """The last row holding codes (searched from the end: it is usually near it)."""
        for index in range(len(self.rows) - 1, self.layout.body_start - 1, -1):
            if self.layout.has_codes(self.rows[index]):
                return index
        return -1

    def opens_with_plain_section(self) -> bool:
        """Sections written as plain rows: the table opens with a label-only, unformatted row."""
        rows = self.rows
        for index in range(self.layout.body_start, len(rows)):
            cells = rows[index]
            if not any(cell_text(v) for v in cells):
                continue
            if self.layout.has_codes(cells):
                return False
            label = cell_text(cells[self.layout.label_col]) if self.layout.label_col < len(
                cells) else ""
            return bool(label) and not self.is_section(index, label, False)
        return False

    def is_section(self, index: int, label_raw: str, plain_sections: bool) -> bool:
        if plain_sections or _SECTION_PREFIX.match(label_raw):
            return True
        if label_raw.startswith(("**", "__")) and label_raw.endswith(("**", "__")):
            return True
        formatting = self.b.workbook.formatting
        row, col = self.layout.origin(index, self.layout.label_col)
        return formatting is not None and (
            formatting.is_bold(self.sheet.name, row, col)
            or formatting.is_merged_across(self.sheet.name, row, col))

    def section(self, index: int, label: str, cells: list[Any]) -> None:
        self.phase = label
        where = self.at(index, self.layout.label_col)
        self.b.report.phase_rows.append(PhaseRow(self.sheet.name, where.row, label))
        self.b.issue(IssueCode.SECTION_ROW, Level.INFO,
                     f"'{label}' ({where}) is a section heading; the activities below it carry "
                     "it as their phase.", where)
        for col, value in enumerate(cells):
            text = cell_text(value)
            if text and col != self.layout.label_col:
                self.b.issue(IssueCode.TEXT_ON_SECTION_ROW, Level.INFO,
                             f"'{text}' ({self.at(index, col)}) sits on the "
                             f"heading row '{label}'; kept with the heading.",
                             self.at(index, col))

    def note_row(self, index: int, cells: list[Any]) -> None:
        text = " | ".join(cell_text(v) for v in cells if cell_text(v))
        self.b.issue(IssueCode.NOTE_ROW, Level.INFO,
                     f"{self.layout.line(index)} of '{self.sheet.name}' is below the matrix "
                     f"('{text[:80]}'); read as a note or legend, not an activity.",
                     self.line_ref(index))

    def junk_or_lost(self, index: int, cells: list[Any]) -> None:
        layout = self.layout
        has_codes = any(cell_text(cells[c]) and cached_codes(cell_text(cells[c])).letters
                        for c in layout.data_cols() if 0 <= c < len(cells))
        line = layout.line(index)
        if has_codes:
            where = self.at(index, layout.label_col)
            self.b.issue(IssueCode.CODES_WITHOUT_ACTIVITY, Level.ERROR,
                         f"{line} of '{self.sheet.name}' has codes but no activity name "
                         f"in {layout.label_place()}; its codes were not imported.", where,
                         "Add the activity's name.")
        else:
            self.b.issue(IssueCode.JUNK_ROW, Level.INFO,
                         f"{line} of '{self.sheet.name}' has no activity name and no "
                         "codes; skipped.", self.line_ref(index))

    # -- elements
    def actor(self, name: str, where: SourceRef, function: str | None) -> str:
        team_id = self.b.team_id(name, where, create=True)
        self.named.add(team_id)
        team = self.b.teams[team_id]
        if function and team.function is None and "teams" not in self.b.provided:
            self.b.teams[team_id] = team.model_copy(update={"function": function})
        return team_id

    def activity(self, index: int, label: str) -> str:
        where = self.at(index, self.layout.label_col, "activity")
        key = normalise_name(label)
        if isinstance(self.layout, LongLayout) and key in self.labels:
            return self.b.activity_index.get(label) or ""
        listed = [i for i in self.b.same_name.get(key, []) if i not in self.bound]
        if listed:
            # The matrix row of an activity from the Activities sheet (the n-th row of a
            # repeated name binds to the n-th activity of that name).
            self.labels.setdefault(key, index)
            self.bound.add(listed[0])
            return listed[0]
        if key in self.labels:
            first = self.layout.line(self.labels[key]).lower()
            self.b.issue(IssueCode.DUPLICATE_ROW, Level.WARNING,
                         f"'{label}' ({where}) is listed again (first at {first}); kept as a "
                         "separate activity.", where)
        elif "activities" in self.b.provided:
            self.b.activity_index.resolve(
                label, where, self.b.report, IssueCode.UNKNOWN_ACTIVITY, Level.WARNING,
                consequence=" It was added from the matrix.")
        self.labels.setdefault(key, index)
        activity_id = self.b.new_id("activity", label, self.b.activities)
        self.b.activities[activity_id] = Activity.trusted(
            id=activity_id, name=label, journey=None, step=None, kind=ActivityKind.ACTIVITY,
            uses=(), customer_facing=None, inputs=(), phase=self.phase, extra={}, source=where)
        self.b.activity_index.add(label, activity_id, label, where)
        self.created[activity_id] = where
        return activity_id

    def meta(self, index: int, cells: list[Any], activity_id: str) -> None:
        """Journey, step, kind... from the matrix's own columns, for activities it defines
        (an activity from the Activities sheet keeps what that sheet says)."""
        layout = self.layout
        if activity_id not in self.created or not (layout.meta_cols or layout.extra_cols):
            return
        update: dict[str, Any] = {}
        extra: dict[str, str] = {}
        uses: list[tuple[str, SourceRef]] = []
        for col in (*layout.meta_cols, *layout.extra_cols):
            text = cell_text(cells[col]) if col < len(cells) else ""
            if not text:
                continue
            where = self.at(index, col)
            field_name = layout.meta_cols.get(col)
            if field_name in ("journey", "phase"):
                update[field_name] = text
            elif field_name == "step":
                update["step"] = self.b.number(text, where)
            elif field_name == "kind":
                update["kind"] = self.b.enum(ActivityKind, text, where, ActivityKind.ACTIVITY)
                self.b.kind_given.add(activity_id)
            elif field_name == "customer_facing":
                update["customer_facing"] = self.b.boolean(text, where)
            elif field_name == "uses":
                uses.extend((u, where) for u in _split_list(text))
            elif field_name == "id":
                extra["ref"] = text  # the user's own reference; opmodel ids come from names
            else:
                extra[layout.extra_cols[col]] = text
        if extra:
            update["extra"] = extra
        if update:
            self.b.activities[activity_id] = self.b.activities[activity_id].model_copy(
                update=update)
        if uses:
            self.b.pending_uses.append((activity_id, uses))

    def take(self, parsed: ParsedCell, text: str, where: SourceRef, activity_id: str,
             team_id: str) -> None:
        if parsed.no_role is not None:
            self.b.no_role_cells[parsed.no_role] += 1
            return
        for token in parsed.invalid:
            self.b.issue(IssueCode.INVALID_CODE, Level.ERROR,
                         f"'{token}' in '{text}' ({where}) is not a role code; the cell's other "
                         "codes were imported.", where, "Write codes such as R, A, C, I.")
        for note in parsed.notes:
            self.b.issue(IssueCode.NOTE_IN_CELL, Level.INFO,
                         f"'({note})' in {where} was read as a note.", where)
        for letter in parsed.letters:
            self.b.raw.append(_Raw(activity_id, team_id, letter, where))
            self.assigned.add(activity_id)

    def finish(self) -> None:
        for activity_id, where in self.created.items():
            if activity_id not in self.assigned:
                self.b.issue(IssueCode.UNASSIGNED_ACTIVITY, Level.WARNING,
                             f"'{self.b.activities[activity_id].name}' ({where}) has no roles "
                             "assigned.", where,
                             "Give it one accountable and at least one responsible team, or "
                             "format it in bold if it is a section heading.")


def parse(workbook: Workbook, scheme: Scheme | None = None) -> tuple[OperatingModel, ImportReport]:
    """Turn a read workbook into a model and its import report."""
    with pause_gc():
        return _parse(workbook, scheme)


def _parse(workbook: Workbook, scheme: Scheme | None) -> tuple[OperatingModel, ImportReport]:
    builder = _Builder(workbook)
    roles: dict[str, list[Sheet]] = {}
    unknown: list[Sheet] = []
    for sheet in workbook.sheets:
        role = sheet_role(sheet.name)
        if role is None:
            unknown.append(sheet)
        else:
            roles.setdefault(role, []).append(sheet)
    layouts: dict[str, MatrixLayout] = {}
    for sheet in roles.get("raci", []):
        layout = detect_raci(sheet)
        if layout is not None:
            layouts[sheet.name] = layout
    if not layouts and "activities" not in roles:
        for sheet in unknown:
            layout = detect_raci(sheet)
            if layout is not None:
                layouts[sheet.name] = layout
                roles.setdefault("raci", []).append(sheet)
        unknown = [s for s in unknown if s.name not in layouts]
    if not layouts and "activities" not in roles:
        raise NoMatrixError(
            f"{workbook.path.name}: no sheet holds a RACI matrix or an Activities list: "
            "add a sheet with one row per activity and one column per team (see `opmodel "
            "template`)."
        )
    builder.provided = {role for role in roles if role != "raci"} | (
        {"raci"} if layouts else set())
    _note_container(builder, workbook)
    for role in _SHEET_ORDER:
        for sheet in roles.get(role, []):
            _read_sheet(builder, role, sheet, layouts)
    for sheet in unknown:
        filled = sum(1 for r in sheet.rows if any(cell_text(v) for v in r))
        builder.report.sheets.append(SheetSummary(sheet.name, "ignored", filled))
        if filled:
            builder.issue(IssueCode.IGNORED_SHEET, Level.INFO,
                          f"Sheet '{sheet.name}' ({filled} rows) is not one opmodel reads; "
                          "ignored.", SourceRef(sheet.name, 1),
                          "Rename it (Teams, Systems, RACI, ...) if it should be read.")
    builder.finish_references()
    for decision, word in list(infer_decisions(builder.activities.values(), builder.kind_given)):
        builder.activities[decision.id] = decision
        builder.issue(IssueCode.DECISION_INFERRED, Level.INFO,
                      f"'{decision.name}'{_in(decision.source)} was read as a decision from "
                      f"the word '{word}' in its name.", decision.source,
                      "Give it a kind (activity, decision, outcome) to say otherwise.")
    if workbook.formatting is not None and workbook.formatting.failure:
        builder.issue(IssueCode.FORMATTING_SKIPPED, Level.INFO,
                      "Bold and merged cells could not be read "
                      f"({workbook.formatting.failure}); section rows were recognised by "
                      "their text.")
    chosen = builder.choose_scheme(scheme)
    assignments = builder.assignments(chosen)
    builder.report.no_role_cells = dict(builder.no_role_cells)
    for token, count in sorted(builder.no_role_cells.items()):
        builder.issue(IssueCode.NO_ROLE_CELLS, Level.INFO,
                      f"{count} cell(s) say '{token}' (not involved): read as no role.")
    name = builder.settings.get("name") or workbook.path.stem
    model = OperatingModel.model_construct(
        id=builder.settings.get("modelid") or builder.settings.get("id") or slug(
            workbook.path.stem),
        name=name, scheme=chosen, teams=tuple(builder.teams.values()),
        systems=tuple(builder.systems.values()), access=tuple(builder.access),
        activities=tuple(builder.activities.values()), assignments=tuple(assignments),
        handoffs=tuple(builder.handoffs), escalations=tuple(builder.escalations),
        decision_rights=tuple(builder.rights), metrics=tuple(builder.metrics),
        journeys=tuple(builder.journeys.values()), renames=tuple(builder.renames),
        settings={k: v for k, v in builder.settings.items()
                  if k not in {"scheme", "name", "modelid", "id"}},
        provided=frozenset(builder.provided),
    )
    return model, builder.report


def _in(where: SourceRef | None) -> str:
    return f" ({where})" if where is not None else ""


def _note_container(builder: _Builder, workbook: Workbook) -> None:
    if workbook.has_macros:
        builder.issue(IssueCode.MACROS_IGNORED, Level.WARNING,
                      "The workbook contains macros; they were neither run nor read.")
    if workbook.has_external_links:
        builder.issue(IssueCode.EXTERNAL_LINKS, Level.WARNING,
                      "The workbook links to other files; the values saved in this file were "
                      "used.")
    if workbook.formatting is None and workbook.path.suffix.lower() in {".xlsx", ".xlsm"}:
        builder.issue(IssueCode.FORMATTING_SKIPPED, Level.INFO,
                      "The workbook is large, so bold and merged cells were not read; section "
                      "rows were recognised by their text.")


def _read_sheet(builder: _Builder, role: str, sheet: Sheet,
                layouts: dict[str, MatrixLayout]) -> None:
    readers = {
        "settings": builder.read_settings, "teams": builder.read_teams,
        "systems": builder.read_systems, "activities": builder.read_activities,
        "access": builder.read_access, "handoffs": builder.read_handoffs,
        "escalations": builder.read_escalations, "decision_rights": builder.read_rights,
        "metrics": builder.read_metrics, "renames": builder.read_renames,
        "journey_sheet": builder.read_journeys,
    }
    if role == "raci":
        if sheet.name in layouts:
            builder.read_matrix(sheet, layouts[sheet.name])
        else:
            builder.issue(IssueCode.NO_HEADER, Level.WARNING,
                          f"Sheet '{sheet.name}' is named like a matrix but holds no codes "
                          "(R, A, C, I ...) under a header of team names; skipped.",
                          SourceRef(sheet.name, 1))
            builder.report.sheets.append(SheetSummary(sheet.name, "raci", 0))
        return
    readers[role](sheet)
