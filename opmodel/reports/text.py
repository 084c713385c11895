"""The import report as plain text for a terminal, readable by a non-programmer."""

from __future__ import annotations

from collections import Counter
from typing import Any

from opmodel.ingest.report import ImportReport, IssueCode, Level
from opmodel.model import OperatingModel
from opmodel.reports.model import COMPONENTS, Report
from opmodel.reports.safe import plain

# Info lines that would flood the screen; they are summarised as counts instead.
_SUMMARISED = {IssueCode.SECTION_ROW, IssueCode.EXTRA_COLUMN, IssueCode.TEXT_ON_SECTION_ROW,
               IssueCode.NOTE_IN_CELL, IssueCode.NOTE_ROW, IssueCode.JUNK_ROW}


def render_import(model: OperatingModel, report: ImportReport, verbose: bool = False) -> str:
    """What was understood, sheet by sheet, then every error and warning with its cell."""
    lines = [f"{model.name}: {_counts(model)}",
             f"Scheme: {model.scheme.value.upper()} (from {report.scheme_source or 'default'})",
             "", "Sheets:"]
    for sheet in report.sheets:
        detail = f"{sheet.rows} rows"
        if sheet.role == "raci":
            detail += f", {sheet.layout} layout, {sheet.actors} actors"
        if sheet.header_row:
            detail += f", header on row {sheet.header_row}"
        role = "ignored" if sheet.role == "ignored" else f"read as {sheet.role}"
        lines.append(f"  {sheet.name}: {role} ({detail})")
    if report.phase_rows:
        shown = ", ".join(f"{p.label} (row {p.row})" for p in report.phase_rows[:8])
        more = f" and {len(report.phase_rows) - 8} more" if len(report.phase_rows) > 8 else ""
        lines.append(f"Section headings: {shown}{more}")
    for level, title in ((Level.ERROR, "Errors"), (Level.WARNING, "Warnings")):
        issues = [i for i in report.issues if i.level is level]
        if issues:
            lines += ["", f"{title} ({len(issues)}):"]
            lines += [f"  {_where(i.where, i.message)}{i.message}"
                      + (f" {i.hint}" if i.hint else "") for i in issues]
    infos = [i for i in report.issues if i.level is Level.INFO]
    summarised = Counter(i.code for i in infos if i.code in _SUMMARISED and not verbose)
    shown_infos = [i for i in infos if verbose or i.code not in _SUMMARISED]
    if shown_infos or summarised:
        lines += ["", "Notes:"]
        lines += [f"  {_where(i.where, i.message)}{i.message}" for i in shown_infos]
        lines += [f"  {count} x {code.heading.lower()} (--verbose lists them)"
                  for code, count in summarised.items()]
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = ("Imported cleanly." if not errors and not warnings else
               f"Imported with {errors} error(s) and {warnings} warning(s): every problem above "
               "names its sheet and cell.")
    return "\n".join([*lines, "", verdict])


def _counts(model: OperatingModel) -> str:
    return ", ".join(f"{n} {k}" for k, n in model.counts().items() if n)


def _where(where: object, message: str) -> str:
    """A location prefix, unless the message already names the cell."""
    return f"{where}: " if where is not None and str(where) not in message else ""


def _observed_lines(observed: dict[str, Any], top: int = 10) -> list[str]:
    """The log held against the model: what was read, the busiest seams, unmapped groups."""
    seams = observed["seams"]
    lines = [f"Observed: {observed['events']:,} events, {observed['cases']:,} cases "
             f"({observed['source']}, {observed['from']} to {observed['to']}); "
             f"{len(seams)} seams between model teams, "
             f"{sum(1 for s in seams if not s['designed'])} of them never designed"]
    for seam in seams[:top]:
        lines.append(f"  {seam['from']} -> {seam['to']}: {seam['cases']} cases, p90 "
                     f"{seam['p90_hours']:g} h{', designed' if seam['designed'] else ''}"
                     + (f", {seam['pingpong_cases']} bounced" if seam["pingpong_cases"] else ""))
    if observed["unmapped"]:
        lines.append(f"  {len(observed['unmapped'])} log group(s) map to no team: "
                     + ", ".join(f"{u['group']} ({u['events']})"
                                 for u in observed["unmapped"][:top])
                     + (" ..." if len(observed["unmapped"]) > top else ""))
    return lines


def render(report: Report, groups_shown: int = 40, per_group: int = 3) -> str:
    """The verdict, the moves, then one entry per group (its findings and cells beneath),
    readable in an 80-column terminal; control characters in names are made visible."""
    index = report.index
    lines = [f"{report.name}: {index.sentence()}"]
    lines += [f"  {component_line(name, c)}" for name, c in index.components.items()]
    if index.note:
        lines.append(f"  {index.note}")
    if report.document.get("observed"):
        lines += ["", *_observed_lines(report.document["observed"])]
    if report.moves:
        lines += ["", "Moves that matter most (index after each, applied in order):"]
        lines += [f"  {n}. {m.title}" + (f"  -> index {m.index_after}"
                                         if m.index_after is not None else "")
                  for n, m in enumerate(report.moves, start=1)]
    counts = report.severity_counts()
    lines += ["", report.headline()]
    if report.groups:
        lines.append("  " + ", ".join(f"{n} {s}" for s, n in counts.items() if n))
    for group in report.groups[:groups_shown]:
        members = report.group_findings(group)
        owner = f"  [owner: {group.owner}]" if group.owner else ""
        lines += ["", f"{group.severity.upper():<8} {group.title}{owner}"]
        for f in members[:per_group]:
            lines.append(f"  {f.rule} {f.slug}" + (f"  [{f.cell}]" if f.cell else ""))
            lines.append(f"    {f.message}")
        if len(members) > per_group:
            lines.append(f"  ... and {len(members) - per_group} more finding(s) in this group")
        lines.append(f"  -> {group.remediation}")
    if len(report.groups) > groups_shown:
        lines += ["", f"... and {len(report.groups) - groups_shown} more group(s) "
                      "(--format json, md or html lists all)."]
    if report.not_assessed:
        lines += ["", "Not assessed (the workbook lacks the data):"]
        lines += [f"  {n['rule']}: {n['reason']}" for n in report.not_assessed]
    if report.import_errors or report.import_warnings:
        lines += ["", f"Import: {len(report.import_errors)} error(s), "
                      f"{len(report.import_warnings)} warning(s) and notes — "
                      "`opmodel validate FILE` lists them with their cells."]
    return plain("\n".join(lines))


def component_line(name: str, component: dict[str, Any]) -> str:
    """'7 of 12 activities with ...' in plain words, or why it was not assessed."""
    title, what = COMPONENTS.get(name, (name.replace("_", " ").capitalize(), "items"))
    if not component.get("assessed"):
        return f"{title}: not assessed ({component.get('reason') or 'the model lacks the data'})"
    value = component.get("value")
    share = f"{value:.0%}" if isinstance(value, int | float) else "—"
    defects = component.get("defects") or {}
    weighed = (" (the share weighs defects by severity: "
               + ", ".join(f"{n} {s}" for s, n in defects.items()) + ")") if defects else ""
    return (f"{title}: {share} — {component['numerator']} of "
            f"{component['denominator']} {what}{weighed}")
