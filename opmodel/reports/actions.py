"""The action log: what people wrote against each group, carried from one report to the
next.

The Excel report's Actions sheet has one row per group; people fill in Owner, Due,
Status and Notes. ``opmodel analyze FILE --actions last.xlsx`` reads that sheet back and
matches rows by group id (a hash of what the group is about, so it survives reordered
rows and unrelated edits): what people wrote reappears in the new report, and groups
that no longer occur come back as done, resolved by the model.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from opmodel.errors import OpmodelError
from opmodel.reports.model import STATUSES, ActionRow, Report
from opmodel.reports.safe import unneutralise

ACTION_COLUMNS = ("What to fix", "Severity", "Suggested owner", "Findings", "First cell",
                  "Owner", "Due", "Status", "Notes", "What to do", "Group id")
RESOLVED = "Resolved by the model: this group no longer occurs in the workbook."


class ActionLogError(OpmodelError):
    """The --actions file is not an opmodel Excel report with an Actions sheet."""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return unneutralise(str(value).strip())


def read(path: Path) -> list[dict[str, str]]:
    """The rows of a report's Actions sheet, by column name."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError as exc:
        raise ActionLogError(f"The action log {path.name} does not exist: pass the Excel "
                             "report written last time (--format xlsx).") from exc
    except Exception as exc:
        raise ActionLogError(f"The action log {path.name} is not an Excel workbook: pass the "
                             "Excel report written last time (--format xlsx).") from exc
    try:
        if "Actions" not in book.sheetnames:
            raise ActionLogError(f"{path.name} has no Actions sheet: pass an Excel report "
                                 "written by `opmodel analyze --format xlsx`.")
        rows = book["Actions"].iter_rows(values_only=True)
        header = [str(v or "").strip() for v in next(rows, ())]
        if "Group id" not in header:
            raise ActionLogError(f"The Actions sheet of {path.name} has no 'Group id' column "
                                 "(column K): restore it so that rows can be matched.")
        return [{name: _cell(value) for name, value in zip(header, row, strict=False) if name}
                for row in rows if any(v not in (None, "") for v in row)]
    finally:
        book.close()


def carry(report: Report, path: Path) -> Report:
    """The report with what people wrote in the last action log carried forward."""
    current = {g.id for g in report.groups}
    for row in read(path):
        group = row.get("Group id", "")
        if not group:
            continue
        status = row.get("Status", "") if row.get("Status", "") in STATUSES else "Open"
        entry = ActionRow(row.get("Owner", ""), row.get("Due", ""), status, row.get("Notes", ""))
        if group in current:
            report.actions[group] = entry
        else:
            report.resolved.append({"id": group, "title": row.get("What to fix", ""),
                                    "suggested": row.get("Suggested owner", ""),
                                    "owner": entry.owner, "due": entry.due,
                                    "notes": entry.notes})
    return report
