"""Build the current/target sample pair for `opmodel diff` from the retail sample.

    python sample_models/pairs/build_pair.py [OUTPUT_DIR]

Writes, from ``sample_models/retail_order_to_resolution.xlsx``:

- retail_current.xlsx  the retail sample as it is, named "Brightcart (current)"
- retail_target.xlsx   Brightcart's redesign: Customer Service renamed Customer Care (with
                       a Renames sheet), some seams owned, CX Council no longer accountable
                       for refunds, and a few new gaps (see README.md in this folder)

Only openpyxl and the standard library are used, and the output is the same byte for
byte on every run (fixed zip timestamps and document dates). The README pins sheet/row
numbers: if you change the edits below, update it and tests/test_compare.py.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import build_samples

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "retail_order_to_resolution.xlsx"
FIXED_TIME = build_samples.FIXED_TIME
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")

OLD_TEAM, NEW_TEAM = "Customer Service", "Customer Care"


def save(wb: Workbook, path: Path) -> None:
    """Save deterministically (the samples' own ``save``), with fixed document dates."""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    build_samples.save(wb, path)


def row_of(ws: Worksheet, *values: object) -> int:
    """The row whose first cells hold ``values`` (a build error if there is none)."""
    for row in ws.iter_rows(min_row=2):
        if tuple(c.value for c in row[:len(values)]) == values:
            return int(row[0].row)
    raise ValueError(f"{ws.title}: no row starting {values!r}")


def set_cell(ws: Worksheet, ref: str, expected: object, value: object) -> None:
    """Change one cell, checking it still holds what the README says it replaces."""
    if ws[ref].value != expected:
        raise ValueError(f"{ws.title}!{ref} holds {ws[ref].value!r}, expected {expected!r}")
    ws[ref].value = value


def append(ws: Worksheet, row: Sequence[object]) -> int:
    ws.append(list(row))
    return int(ws.max_row)


def rename_everywhere(wb: Workbook, old: str, new: str) -> int:
    """Replace every cell that is exactly ``old`` (a name, never part of another name:
    "Customer Service CRM" stays as it is)."""
    count = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == old:
                    cell.value = new
                    count += 1
    return count


def name_model(wb: Workbook, name: str) -> None:
    settings = wb["Settings"]
    append(settings, ["name", name])


def build_current(path: Path) -> None:
    wb = load_workbook(SOURCE)
    name_model(wb, "Brightcart (current)")
    save(wb, path)


def build_target(path: Path) -> None:
    wb = load_workbook(SOURCE)
    name_model(wb, "Brightcart (target)")

    # 1. One customer team: Customer Service becomes Customer Care (every reference).
    if rename_everywhere(wb, OLD_TEAM, NEW_TEAM) < 10:
        raise ValueError("the rename touched fewer cells than expected")
    renames = wb.create_sheet("Renames")
    renames.append(["Old", "New", "Kind"])
    for cell in renames[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    renames.append([OLD_TEAM, NEW_TEAM, "team"])

    # 2. The sales-to-service seam gets an owner (Handoffs row 3, column E).
    handoffs = wb["Handoffs"]
    set_cell(handoffs, "E3", None, NEW_TEAM)
    # 3. The courier-to-care seam is declared, owned and timed (new Handoffs row 14).
    append(handoffs, ["ParcelGo Couriers", NEW_TEAM, "Order to resolution",
                      "Answer delivery status enquiry", NEW_TEAM, 4,
                      "Failed-delivery scans and courier notes"])
    # 4. New: Customer Care briefs the Returns Centre, with no SLA (Handoffs row 15).
    append(handoffs, [NEW_TEAM, "Returns Centre", "Returns", "Inspect and grade returned item",
                      "Returns Centre", None, "The customer's reason for the return"])

    # 5. Refund approval moves from the advisory CX Council to Customer Care (RACI row 8).
    raci = wb["RACI"]
    row = row_of(raci, "Approve goodwill refund")
    set_cell(raci, f"E{row}", "R", "A/R")
    set_cell(raci, f"L{row}", "A", "C")
    rights = wb["DecisionRights"]
    row = row_of(rights, NEW_TEAM, "Approve goodwill refund")
    set_cell(rights, f"C{row}", "recommend", "decide")
    set_cell(rights, f"D{row}", None, "refunds up to £250")

    # 6. The carrier tracking portal gets an owner (Systems row 7, column C).
    systems = wb["Systems"]
    set_cell(systems, "C7", None, "Fulfilment Operations")
    # 7. New: a returns portal nobody owns (Systems row 9), used to register returns.
    append(systems, ["SYS-RET", "Returns Portal", None, "returns, customer", "returns", "yes"])
    access = wb["Access"]
    append(access, [NEW_TEAM, "Returns Portal", "write"])
    append(access, ["Returns Centre", "Returns Portal", "read"])
    activities = wb["Activities"]
    row = row_of(activities, "Register return request")
    set_cell(activities, f"E{row}", "Customer Service CRM, Order Management System",
             "Customer Service CRM, Order Management System, Returns Portal")

    # 8. New: damaged returns escalate with no time limit (Escalations row 7).
    append(wb["Escalations"], ["Returns Centre", "Head of Customer Operations",
                               "Returned item damaged beyond grading", None])

    # 9. The idle Loyalty Programme team leaves the model (Teams row 12).
    teams = wb["Teams"]
    teams.delete_rows(row_of(teams, "Loyalty Programme"))

    # 10. Order to resolution gets an end-to-end owner, who decides reship or refund
    #     (Journeys row 2, column B).
    journeys = wb["Journeys"]
    set_cell(journeys, "B2", None, "Head of Customer Operations")
    # 11. Returns moves from CX Insights to the Returns Centre, which owns its handoffs (B3).
    set_cell(journeys, "B3", "CX Insights", "Returns Centre")
    # 12. The courier metric goes to Fulfilment Operations, accountable for delivery, and
    #     Returns gets a customer measure (Metrics row 7, column B; new row 8).
    metrics = wb["Metrics"]
    row = row_of(metrics, "Courier first-attempt delivery rate")
    set_cell(metrics, f"B{row}", "CX Insights", "Fulfilment Operations")
    append(metrics, ["Return experience CSAT", NEW_TEAM, "Notify customer of return outcome",
                     "Returns", "customer", "4.5 / 5"])
    # 13. One team does the work of keeping the delivery promise; the rest support or hear
    #     (RACI row 19: couriers and IT consulted, care and returns informed).
    row = row_of(raci, "Delivery promise kept")
    for column, now in (("E", "I"), ("H", "C"), ("I", "I"), ("J", "C")):
        set_cell(raci, f"{column}{row}", "R", now)
    # 14. New: E-commerce Sales may decide the delivery promise shown at checkout, with no
    #     limit stated (DecisionRights row 7, column C).
    row = row_of(rights, "E-commerce Sales", "Change delivery promise shown at checkout")
    set_cell(rights, f"C{row}", "recommend", "decide")
    # 15. New: Customer Care now escalates through the CX Council (48 + 72 hours), slower
    #     than the 72-hour promise of Order to resolution (Escalations row 2, new row 8).
    escalations = wb["Escalations"]
    set_cell(escalations, "B2", "Head of Customer Operations", "CX Council")
    set_cell(escalations, "D2", 24, 48)
    append(escalations, ["CX Council", "Head of Customer Operations",
                         "The council cannot agree a goodwill gesture", 72])
    save(wb, path)


BUILDERS = {"retail_current.xlsx": build_current, "retail_target.xlsx": build_target}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out_dir = Path(args[0]) if args else HERE
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        build(out_dir / name)
        print(f"wrote {out_dir / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
