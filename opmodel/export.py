"""OperatingModel -> the canonical workbook, which imports back to an equal model.

Also writes the blank template users start from. Every string is written as a string
cell (xlsxwriter ``write_string``) and text starting with = + - @ gets a leading apostrophe
(which the importer removes again), so a name can never become a formula; constant-memory mode keeps a 100,000-activity model's export small in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import xlsxwriter

from opmodel.model import Authority, OperatingModel, Team, TeamKind
from opmodel.reports.safe import neutralise
from opmodel.sheets import READ_SHEETS, SHEETS

Cell = str | float | int | None
Rows = list[list[Cell]]
_ACTIVITY_HEADER = SHEETS["raci"].read_columns[0].name.capitalize()  # "Activity"

# What to put in each sheet, for the template's Notes sheet.
NOTES: dict[str, str] = {spec.title: spec.description for spec in READ_SHEETS
                         if spec.in_template}


def _text(value: float | None) -> Cell:
    return None if value is None else (int(value) if float(value).is_integer() else value)


def _yes(value: bool | None) -> Cell:
    return None if value is None else ("yes" if value else "no")


def canonical_sheets(model: OperatingModel) -> dict[str, list[list[Cell]]]:
    """The model as sheets of rows (header first), in the canonical column order."""
    team = {t.id: t for t in model.teams}
    system = {s.id: s for s in model.systems}
    activity = {a.id: a for a in model.activities}

    def name(element_id: str | None) -> Cell:
        if element_id is None:
            return None
        element = team.get(element_id) or system.get(element_id) or activity.get(element_id)
        return element.name if element is not None else element_id

    def suffix(element_id: str) -> str:
        return element_id.split(":", 1)[1]

    def with_extras(header: list[str], rows: Iterable[tuple[list[Cell], dict[str, str]]]
                    ) -> Rows:
        listed = list(rows)
        extra_keys = list(dict.fromkeys(k for _, extra in listed for k in extra))
        head: list[Cell] = [*header, *extra_keys]
        return [head] + [cells + [extra.get(k) for k in extra_keys] for cells, extra in listed]

    settings: Rows = [SHEETS["settings"].headers, ["name", model.name],
                                  ["scheme", model.scheme.value]]
    settings += [[k, v] for k, v in model.settings.items()]
    sheets: dict[str, Rows] = {"Settings": settings}
    sheets["Teams"] = with_extras(
        SHEETS["teams"].headers,
        (([t.name, suffix(t.id), t.kind.value, _authority(t), _yes(t.customer_facing),
          name(t.parent), t.function, ", ".join(t.aliases) or None], t.extra)
         for t in model.teams))
    sheets["Systems"] = with_extras(
        SHEETS["systems"].headers,
        (([s.name, suffix(s.id), name(s.owner), ", ".join(s.data) or None,
          ", ".join(s.system_of_record) or "no", _yes(s.customer_data)], s.extra)
        for s in model.systems))
    sheets["Access"] = [SHEETS["access"].headers, *[
        [name(a.team), name(a.system), a.level.value] for a in model.access]]
    sheets["Activities"] = with_extras(
        SHEETS["activities"].headers,
        (([a.name, suffix(a.id), a.journey, _text(a.step), a.kind.value,
          ", ".join(str(name(u)) for u in a.uses) or None, _yes(a.customer_facing),
          ", ".join(str(name(i)) for i in a.inputs) or None, a.phase], a.extra)
        for a in model.activities))
    sheets["RACI"] = _matrix(model)
    sheets["Handoffs"] = with_extras(
        SHEETS["handoffs"].headers,
        (([name(h.source_team), name(h.target_team), name(h.activity), h.journey,
          name(h.owner), _text(h.sla_hours)], h.extra) for h in model.handoffs))
    sheets["Escalations"] = with_extras(
        SHEETS["escalations"].headers,
        (([name(e.source_id), name(e.target_team), e.trigger, _text(e.time_limit_hours)],
         e.extra) for e in model.escalations))
    sheets["DecisionRights"] = [SHEETS["decision_rights"].headers, *[
        [name(r.team), name(r.decision), r.level.value, r.limit]
        for r in model.decision_rights]]
    renames: Rows = [SHEETS["renames"].headers]
    renames += [[r.old, r.new, r.kind] for r in model.renames]
    sheets["Renames"] = renames
    sheets["Metrics"] = with_extras(
        SHEETS["metrics"].headers,
        (([m.name, name(m.owner), name(m.activity), m.journey,
           m.type.value if m.type else None, m.target], m.extra) for m in model.metrics))
    sheets["Journeys"] = with_extras(
        SHEETS["journey_sheet"].headers,
        (([j.name, name(j.owner), _text(j.promise_hours), _text(j.volume), j.description],
          j.extra) for j in model.journeys))
    return sheets


def _matrix(model: OperatingModel) -> Rows:
    """The wide matrix: activities down, teams across, codes as the scheme writes them."""
    columns = {t.id: i for i, t in enumerate(model.teams)}
    codes: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in model.assignments:
        codes[a.activity][columns[a.team]].append(a.code)
    rows: Rows = [[_ACTIVITY_HEADER, *[t.name for t in model.teams]]]
    for activity in model.activities:
        cells = codes.get(activity.id, {})
        rows.append([activity.name, *["/".join(cells[i]) if i in cells else None
                                      for i in range(len(columns))]])
    return rows


def write_sheets(sheets: Mapping[str, Sequence[Sequence[Cell]]], path: Path,
                 notes: dict[str, str] | None = None) -> Path:
    """Write rows to .xlsx: strings as strings (never formulas), numbers as numbers."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    for sheet_name, rows in sheets.items():
        sheet = book.add_worksheet(sheet_name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(neutralise(str(value))), bold if r == 0 else None)
        sheet.freeze_panes(1, 0)
    if notes:
        sheet = book.add_worksheet("Notes")
        sheet.write_string(0, 0, "sheet", bold)
        sheet.write_string(0, 1, "what to put in it", bold)
        for r, (sheet_name, text) in enumerate(notes.items(), start=1):
            sheet.write_string(r, 0, sheet_name)
            sheet.write_string(r, 1, text)
        sheet.set_column(1, 1, 120)
    book.close()
    return path


def export_model(model: OperatingModel, path: Path) -> Path:
    """Write the canonical workbook of a model.

    Sheets the model has no rows for are left out, so that a RACI-only model stays one
    whose other questions are "not assessed" rather than answered by empty sheets.
    """
    sheets = {name: rows for name, rows in canonical_sheets(model).items()
              if len(rows) > 1 or name == "Settings"}
    if not model.assignments and model.activities:
        del sheets["RACI"]  # a matrix without codes says nothing Activities does not
    return write_sheets(sheets, path)


def write_template(path: Path) -> Path:
    """A workbook with every sheet, its headers, one example row each and a Notes sheet."""
    example: dict[str, Rows] = {spec.title: spec.example_rows() for spec in READ_SHEETS
                                if spec.in_template}
    example["RACI"] = [[_ACTIVITY_HEADER, "Customer Service", "COO"],
                       ["Answer customer query", "A/R", "I"]]
    return write_sheets(example, path, notes=NOTES)


def _authority(team: Team) -> str | None:
    """The authority cell: written when the source stated it or it is not the kind's default,
    so a re-import reads the same authority and the same "stated" (OWN004 honours it)."""
    default = Authority.ADVISORY if team.kind is TeamKind.COMMITTEE else Authority.DECISION
    return team.authority.value if team.authority_stated or team.authority is not default else None
