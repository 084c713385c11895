"""The import report as plain text for a terminal, readable by a non-programmer."""

from __future__ import annotations

from collections import Counter
from typing import Any

from opmodel.ingest.report import ImportReport, IssueCode, Level
from opmodel.model import OperatingModel

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


def render_analysis(document: dict[str, Any], limit_per_severity: int = 50) -> str:
    """Findings grouped by severity, readable in an 80-column terminal."""
    from opmodel.moves import describe_move
    from opmodel.reports.document import SEVERITIES, cell_of, component_line
    from opmodel.score import verdict

    model, index, findings = document["model"], document["index"], document["findings"]
    value = index.get("value")
    lines = [f"{model['name']}: fragmentation index "
             f"{value if value is not None else 'not assessed'}"
             f"{'/100' if value is not None else ''} (0 = integrated, 100 = fragmented)"]
    if "coverage" in index:
        lines.append(f"  {verdict(index)}")
    if document.get("moves"):
        lines += ["", "The moves that matter most (each applies on top of the one before):"]
        lines += [f"  {n}. {describe_move(m)}" for n, m in enumerate(document["moves"], 1)]
        lines.append("")
    lines += [f"  {component_line(name, c)}" for name, c in index["components"].items()]
    if index.get("note"):
        lines.append(f"  {index['note']}")
    if document.get("observed"):
        lines += ["", *_observed_lines(document["observed"])]
    for severity in SEVERITIES:
        items = [f for f in findings if f["severity"] == severity]
        if not items:
            continue
        lines += ["", f"{severity.upper()} ({len(items)})"]
        for f in items[:limit_per_severity]:
            where = cell_of(f)
            lines.append(f"  {f['rule']} {f['slug']}" + (f"  [{where}]" if where else ""))
            lines.append(f"    {f['message']}")
            lines.append(f"    -> {f['remediation']}")
        if len(items) > limit_per_severity:
            lines.append(f"  ... and {len(items) - limit_per_severity} more "
                         "(--format json or md lists all)")
    if not findings:
        lines += ["", "No findings."]
    if document["not_assessed"]:
        lines += ["", "Not assessed (the workbook lacks the data):"]
        lines += [f"  {n['rule']}: {n['reason']}" for n in document["not_assessed"]]
    errors, warnings = len(document["import"]["errors"]), len(document["import"]["warnings"])
    if errors or warnings:
        lines += ["", f"Import: {errors} error(s), {warnings} warning(s) and notes — "
                      "`opmodel validate FILE` lists them with their cells."]
    return "\n".join(lines)
