"""Build the sample operating-model workbooks in this folder.

    python sample_models/build_samples.py [OUTPUT_DIR]

Writes five workbooks (see README.md in this folder for the story of each and the
findings each is designed to trigger):

- retail_order_to_resolution.xlsx   every sheet, wide RACI, scheme raci
- bank_complaint_handling.xlsx      wide RASCI (S codes), escalation problems
- saas_onboarding_rapid.xlsx        RAPID scheme (from the sheet name), long layout
- bare_raci.xlsx                    one messy sheet as people keep them
- support_escalations_by_letter.xlsx  by-letter layout, a typo'd team name

Only openpyxl and the standard library are used. The output is deterministic down to
the byte: fixed document properties and fixed zip timestamps, so re-running the
script on an unchanged file leaves git with nothing to commit.

The README pins sheet/row numbers. Data rows of every table start at row 2 (header in
row 1), except in bare_raci.xlsx whose layout is spelled out row by row below. If you
reorder or insert rows here, update README.md.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
FIXED_TIME = _dt.datetime(2024, 3, 14, 9, 0, 0)
ZIP_TIME = (2024, 3, 14, 9, 0, 0)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
PHASE_FILL = PatternFill("solid", fgColor="D9E1F2")

Row = Sequence[object]


# --------------------------------------------------------------------------- helpers


def _new_workbook() -> Workbook:
    wb = Workbook()
    for sheet in list(wb.worksheets):
        wb.remove(sheet)
    wb.properties.creator = "opmodel sample builder"
    wb.properties.lastModifiedBy = "opmodel sample builder"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def _blank(value: object) -> object:
    """Empty strings become truly empty cells."""
    return None if value == "" else value


def _fit_columns(ws: Worksheet, minimum: int = 8, maximum: int = 48) -> None:
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or type(cell).__name__ == "MergedCell":
                continue
            length = max(len(line) for line in str(cell.value).splitlines() or [""])
            widths[cell.column] = max(widths.get(cell.column, 0), length)
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(maximum, width + 2))


def add_table(wb: Workbook, title: str, header: Row, rows: Sequence[Row]) -> Worksheet:
    """A sheet with a styled header in row 1 and data from row 2."""
    ws = wb.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        ws.append([_blank(v) for v in row])
    ws.freeze_panes = "A2"
    _fit_columns(ws)
    return ws


def wide_matrix(
    activities: Sequence[tuple[str, str, object]],
    teams: Sequence[str],
    codes: dict[str, dict[str, str]],
) -> tuple[list[str], list[list[object]]]:
    """Header and rows of a wide matrix: Activity, Journey, Step, then one column per team."""
    for activity, cells in codes.items():
        unknown = set(cells) - set(teams)
        if unknown:
            raise ValueError(f"{activity}: columns {sorted(unknown)} not in the matrix")
    header = ["Activity", "Journey", "Step", *teams]
    rows = []
    for name, journey, step in activities:
        cells = codes[name]
        rows.append([name, journey, step, *(cells.get(team, "") for team in teams)])
    used = {team for cells in codes.values() for team in cells}
    if used != set(teams):
        raise ValueError(f"matrix columns without any code: {sorted(set(teams) - used)}")
    return header, rows


def save(wb: Workbook, path: Path) -> None:
    """Save with fixed zip timestamps so the bytes do not depend on the clock."""
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the clock at save time
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                              + rb"\g<2>", data)
            dst.writestr(fixed, data)
    path.write_bytes(out.getvalue())


def _check_names(model: str, known: set[str], referenced: dict[str, set[str]]) -> None:
    """Every cross-sheet reference must name a known element (typos are added on purpose
    only in support_escalations_by_letter.xlsx, outside this check)."""
    for where, names in referenced.items():
        missing = {n for n in names if n and n not in known}
        if missing:
            raise ValueError(f"{model}: {where} references unknown {sorted(missing)}")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


# ------------------------------------------------- 1. retail: order to resolution

RETAIL_TEAMS = [
    # name, kind, authority, customer facing, parent, function
    ("E-commerce Sales", "team", "", "yes", "", "Commercial"),
    ("Customer Service", "team", "", "yes", "Head of Customer Operations", "Customer Operations"),
    ("Payments & Fraud", "team", "", "no", "", "Finance"),
    ("Fulfilment Operations", "team", "", "no", "", "Supply Chain"),
    ("ParcelGo Couriers", "vendor", "", "no", "", "Supply Chain"),
    ("Returns Centre", "team", "", "no", "Head of Customer Operations", "Supply Chain"),
    ("Commerce Platform IT", "team", "", "no", "", "Technology"),
    ("CX Insights", "team", "", "no", "", "Customer Experience"),
    ("CX Council", "committee", "advisory", "no", "", "Cross-functional"),
    ("Head of Customer Operations", "leader", "decision", "no", "", "Customer Operations"),
    ("Loyalty Programme", "team", "", "no", "", "Marketing"),
]

RETAIL_SYSTEMS = [
    # id, name, owner, data, system of record, customer data
    ("SYS-WEB", "Web Storefront", "Commerce Platform IT", "customer, orders, product",
     "customer", "yes"),
    ("SYS-OMS", "Order Management System", "Commerce Platform IT", "orders, customer",
     "orders", "yes"),
    ("SYS-CRM", "Customer Service CRM", "Customer Service", "customer, cases",
     "customer, cases", "yes"),
    ("SYS-WMS", "Warehouse Management System", "Fulfilment Operations",
     "inventory, shipments, orders", "inventory, shipments", "yes"),
    ("SYS-PAY", "Payment Gateway", "Payments & Fraud", "payments, refunds",
     "payments, refunds", "yes"),
    ("SYS-TRK", "Carrier Tracking Portal", "", "shipments", "", "yes"),
    ("SYS-SRV", "Feedback Survey Platform", "CX Insights", "customer, feedback",
     "feedback", "yes"),
]

RETAIL_ACCESS = [
    ("E-commerce Sales", "Web Storefront", "write"),
    ("E-commerce Sales", "Order Management System", "write"),
    ("E-commerce Sales", "Customer Service CRM", "read"),
    ("E-commerce Sales", "Warehouse Management System", "read"),
    ("E-commerce Sales", "Payment Gateway", "read"),
    ("E-commerce Sales", "Carrier Tracking Portal", "read"),
    ("Customer Service", "Web Storefront", "read"),
    ("Customer Service", "Order Management System", "write"),
    ("Customer Service", "Customer Service CRM", "write"),
    ("Customer Service", "Warehouse Management System", "none"),
    ("Customer Service", "Payment Gateway", "read"),
    ("Customer Service", "Carrier Tracking Portal", "read"),
    ("Payments & Fraud", "Payment Gateway", "write"),
    ("Payments & Fraud", "Order Management System", "read"),
    ("Fulfilment Operations", "Warehouse Management System", "write"),
    ("Fulfilment Operations", "Order Management System", "write"),
    ("Fulfilment Operations", "Carrier Tracking Portal", "read"),
    ("ParcelGo Couriers", "Carrier Tracking Portal", "write"),
    ("Returns Centre", "Warehouse Management System", "write"),
    ("Returns Centre", "Order Management System", "read"),
    ("Commerce Platform IT", "Web Storefront", "write"),
    ("Commerce Platform IT", "Order Management System", "write"),
    ("Head of Customer Operations", "Customer Service CRM", "read"),
    ("CX Insights", "Feedback Survey Platform", "write"),
]

ORDER = "Order to resolution"
RETURNS = "Returns"

RETAIL_ACTIVITIES = [
    # name, journey, step, kind, uses, customer facing, inputs
    ("Capture online order", ORDER, 1, "activity",
     "Web Storefront, Order Management System", "yes", ""),
    ("Take payment and screen for fraud", ORDER, 2, "activity",
     "Payment Gateway, Order Management System", "no", ""),
    ("Pick and dispatch order", ORDER, 3, "activity",
     "Warehouse Management System, Order Management System", "no", ""),
    ("Deliver parcel to customer", ORDER, 4, "activity", "Carrier Tracking Portal", "yes", ""),
    ("Answer delivery status enquiry", ORDER, 5, "activity",
     "Customer Service CRM, Warehouse Management System, Carrier Tracking Portal", "yes", ""),
    ("Decide reship or refund for failed delivery", ORDER, 6, "decision",
     "Customer Service CRM, Order Management System", "yes", ""),
    ("Approve goodwill refund", ORDER, 7, "decision", "Customer Service CRM", "no", ""),
    ("Issue refund to customer", ORDER, 8, "activity", "Payment Gateway", "no", ""),
    ("Confirm resolution and close case", ORDER, 9, "activity", "Customer Service CRM",
     "yes", ""),
    ("Register return request", RETURNS, 1, "activity",
     "Customer Service CRM, Order Management System", "yes", ""),
    ("Collect returned parcel", RETURNS, 2, "activity", "Carrier Tracking Portal", "yes", ""),
    ("Inspect and grade returned item", RETURNS, 3, "activity", "Warehouse Management System",
     "no", ""),
    ("Refund returned item", RETURNS, 4, "activity", "Payment Gateway", "no", ""),
    ("Notify customer of return outcome", RETURNS, 5, "activity", "Customer Service CRM",
     "yes", ""),
    ("Change delivery promise shown at checkout", "", "", "decision", "Web Storefront", "no", ""),
    ("Analyse customer feedback", "", "", "activity", "Feedback Survey Platform", "no", ""),
    ("Maintain storefront and order integrations", "", "", "activity",
     "Web Storefront, Order Management System", "no", ""),
    ("Delivery promise kept", "", "", "outcome", "", "yes",
     "Pick and dispatch order, Deliver parcel to customer"),
    ("Refund paid within five days", "", "", "outcome", "", "yes",
     "Approve goodwill refund, Issue refund to customer, Refund returned item"),
]

RETAIL_MATRIX_TEAMS = [
    "E-commerce Sales", "Customer Service", "Payments & Fraud", "Fulfilment Operations",
    "ParcelGo Couriers", "Returns Centre", "Commerce Platform IT", "CX Insights",
    "CX Council", "Head of Customer Operations",
]  # Loyalty Programme holds no role anywhere, so it has no column (OWN008)

RETAIL_RACI: dict[str, dict[str, str]] = {
    "Capture online order": {
        "E-commerce Sales": "A/R", "Commerce Platform IT": "C", "Customer Service": "I"},
    "Take payment and screen for fraud": {"Payments & Fraud": "A/R", "E-commerce Sales": "I"},
    "Pick and dispatch order": {
        "Fulfilment Operations": "A/R", "ParcelGo Couriers": "C", "Customer Service": "I"},
    "Deliver parcel to customer": {
        "ParcelGo Couriers": "R", "Fulfilment Operations": "A", "Customer Service": "I"},
    "Answer delivery status enquiry": {
        "Customer Service": "R", "Head of Customer Operations": "A", "ParcelGo Couriers": "C"},
    "Decide reship or refund for failed delivery": {
        "Customer Service": "R", "Head of Customer Operations": "A", "Payments & Fraud": "C",
        "Fulfilment Operations": "C"},
    "Approve goodwill refund": {
        "Customer Service": "R", "CX Council": "A", "Payments & Fraud": "C",
        "Head of Customer Operations": "I"},
    "Issue refund to customer": {"Payments & Fraud": "A/R", "Customer Service": "I"},
    "Confirm resolution and close case": {
        "Customer Service": "R", "Head of Customer Operations": "A", "CX Insights": "I"},
    "Register return request": {"Customer Service": "A/R", "Returns Centre": "I"},
    "Collect returned parcel": {"ParcelGo Couriers": "R", "Returns Centre": "A"},
    "Inspect and grade returned item": {"Returns Centre": "A/R", "Fulfilment Operations": "I"},
    "Refund returned item": {"Payments & Fraud": "A/R", "Returns Centre": "I"},
    "Notify customer of return outcome": {"Customer Service": "A/R"},
    "Change delivery promise shown at checkout": {
        "E-commerce Sales": "R", "Fulfilment Operations": "C", "ParcelGo Couriers": "C",
        "Customer Service": "I"},
    "Analyse customer feedback": {"CX Insights": "A/R", "CX Council": "I"},
    "Maintain storefront and order integrations": {
        "Commerce Platform IT": "A/R", "E-commerce Sales": "C"},
    # everyone is responsible for keeping the promise, so no one is (OWN009)
    "Delivery promise kept": {
        "E-commerce Sales": "A", "Fulfilment Operations": "R", "ParcelGo Couriers": "R",
        "Customer Service": "R", "Commerce Platform IT": "R", "Returns Centre": "R"},
    "Refund paid within five days": {"Payments & Fraud": "A/R", "Customer Service": "I"},
}

RETAIL_HANDOFFS = [
    # from, to, journey, activity, owner, sla hours, what is handed over (extra column)
    ("E-commerce Sales", "Payments & Fraud", ORDER, "Take payment and screen for fraud",
     "Payments & Fraud", 1, "Placed order awaiting payment authorisation"),
    ("E-commerce Sales", "Customer Service", ORDER, "Answer delivery status enquiry",
     "", 24, "Delivery-date promises and order notes made in live chat"),
    ("Payments & Fraud", "Fulfilment Operations", ORDER, "Pick and dispatch order",
     "Commerce Platform IT", 2, "Paid, fraud-cleared order released to the warehouse"),
    ("Fulfilment Operations", "ParcelGo Couriers", ORDER, "Deliver parcel to customer",
     "Fulfilment Operations", 12, "Labelled parcel and manifest"),
    ("Customer Service", "Payments & Fraud", ORDER, "Issue refund to customer",
     "Customer Service", 24, "Approved refund request"),
    ("Payments & Fraud", "Customer Service", ORDER, "Confirm resolution and close case",
     "Payments & Fraud", 48, "Refund confirmation"),
    ("Customer Service", "ParcelGo Couriers", RETURNS, "Collect returned parcel",
     "Customer Service", 48, "Return label and collection booking"),
    ("ParcelGo Couriers", "Returns Centre", RETURNS, "Inspect and grade returned item",
     "Returns Centre", 72, "Returned parcel"),
    ("Returns Centre", "Payments & Fraud", RETURNS, "Refund returned item",
     "Returns Centre", "", "Inspection grade and refund amount"),
    ("Payments & Fraud", "Customer Service", RETURNS, "Notify customer of return outcome",
     "Payments & Fraud", 24, "Refund confirmation"),
    ("Returns Centre", "Fulfilment Operations", "", "Inspect and grade returned item",
     "Returns Centre", 24, "Regraded items going back into sellable stock"),
    ("E-commerce Sales", "Fulfilment Operations", ORDER, "Pick and dispatch order",
     "Fulfilment Operations", 72, "Promotion volume forecast for peak days"),
]

RETAIL_ESCALATIONS = [
    ("Customer Service", "Head of Customer Operations",
     "Customer contacts us a third time about the same order", 24),
    ("E-commerce Sales", "Customer Service",
     "Customer disputes a delivery date promised in live chat", 8),
    ("Decide reship or refund for failed delivery", "Head of Customer Operations",
     "Order value over £250 or a second failed delivery", 24),
    ("Approve goodwill refund", "Head of Customer Operations",
     "Goodwill refund still waiting for the monthly CX Council", 72),
    ("ParcelGo Couriers", "Fulfilment Operations", "Parcel lost or damaged in transit", 12),
]

RETAIL_DECISION_RIGHTS = [
    ("Head of Customer Operations", "Decide reship or refund for failed delivery", "decide",
     "orders over £100"),
    ("Customer Service", "Decide reship or refund for failed delivery", "decide",
     "orders up to £100"),
    ("Customer Service", "Approve goodwill refund", "recommend", ""),
    ("Payments & Fraud", "Approve goodwill refund", "input", ""),
    ("Head of Customer Operations", "Approve goodwill refund", "approve", "refunds over £250"),
    ("E-commerce Sales", "Change delivery promise shown at checkout", "recommend", ""),
    ("Fulfilment Operations", "Change delivery promise shown at checkout", "input", ""),
    ("ParcelGo Couriers", "Change delivery promise shown at checkout", "input", ""),
]

RETAIL_METRICS = [
    # name, owner, activity it drives, journey, type, target
    ("First contact resolution", "Customer Service", "Answer delivery status enquiry", ORDER,
     "customer", "75%"),
    ("Delivery promise accuracy", "E-commerce Sales", "Delivery promise kept", ORDER,
     "quality", "98%"),
    ("Refund cycle time (days)", "", "Issue refund to customer", ORDER, "efficiency", "5"),
    ("Net Promoter Score", "CX Insights", "", "", "customer", "+40"),
    ("Returns processed within 5 days", "Returns Centre", "Inspect and grade returned item",
     RETURNS, "efficiency", "95%"),
    # measured on what couriers and the warehouse do (GOV004)
    ("Courier first-attempt delivery rate", "CX Insights", "Deliver parcel to customer", ORDER,
     "quality", "92%"),
]

RETAIL_JOURNEYS = [
    # name, owner, promise hours, volume (cases a month), description
    (ORDER, "", 72, 12000,
     "From checkout to a delivered order, or a delivery problem resolved"),  # JRN001
    (RETURNS, "CX Insights", 120, 1800,
     "From a return request to the refund paid and the customer told"),  # JRN002, GOV005
]

# Names the teams have in the ticketing system (Teams "Aliases" column)
RETAIL_ALIASES = {"Customer Service": "CS, Care desk", "ParcelGo Couriers": "PGO",
                  "Fulfilment Operations": "Fulfilment, DC ops"}


def build_retail(path: Path) -> None:
    teams = {t[0] for t in RETAIL_TEAMS}
    systems = {s[1] for s in RETAIL_SYSTEMS}
    activities = {a[0] for a in RETAIL_ACTIVITIES}
    _check_names("retail", teams, {
        "Teams.parent": {t[4] for t in RETAIL_TEAMS},
        "Systems.owner": {s[2] for s in RETAIL_SYSTEMS},
        "Access.team": {a[0] for a in RETAIL_ACCESS},
        "matrix": set(RETAIL_MATRIX_TEAMS),
        "Handoffs": {x for h in RETAIL_HANDOFFS for x in (h[0], h[1], h[4])},
        "Escalations.to": {e[1] for e in RETAIL_ESCALATIONS},
        "DecisionRights.team": {d[0] for d in RETAIL_DECISION_RIGHTS},
        "Metrics.owner": {m[1] for m in RETAIL_METRICS},
        "Journeys.owner": {j[1] for j in RETAIL_JOURNEYS},
    })
    _check_names("retail", systems, {
        "Access.system": {a[1] for a in RETAIL_ACCESS},
        "Activities.uses": {u for a in RETAIL_ACTIVITIES for u in _split(a[4])},
    })
    _check_names("retail", activities, {
        "matrix": set(RETAIL_RACI),
        "Activities.inputs": {i for a in RETAIL_ACTIVITIES for i in _split(a[6])},
        "Handoffs.activity": {h[3] for h in RETAIL_HANDOFFS},
        "DecisionRights.decision": {d[1] for d in RETAIL_DECISION_RIGHTS},
        "Metrics.activity": {m[2] for m in RETAIL_METRICS},
    })
    _check_names("retail", teams | activities,
                 {"Escalations.from": {e[0] for e in RETAIL_ESCALATIONS}})

    wb = _new_workbook()
    add_table(wb, "Teams", ["Name", "Kind", "Authority", "Customer Facing", "Parent", "Function",
                            "Aliases"],
              [(*t, RETAIL_ALIASES.get(t[0], "")) for t in RETAIL_TEAMS])
    add_table(wb, "Systems", ["ID", "Name", "Owner", "Data", "System of Record", "Customer Data"],
              RETAIL_SYSTEMS)
    add_table(wb, "Access", ["Team", "System", "Access"], RETAIL_ACCESS)
    add_table(wb, "Activities", ["Name", "Journey", "Step", "Kind", "Uses", "Customer Facing",
                                 "Inputs"], RETAIL_ACTIVITIES)
    header, rows = wide_matrix([(a[0], a[1], a[2]) for a in RETAIL_ACTIVITIES],
                               RETAIL_MATRIX_TEAMS, RETAIL_RACI)
    ws = add_table(wb, "RACI", header, rows)
    ws.freeze_panes = "D2"
    for col in range(4, len(header) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
        for row in range(2, len(rows) + 2):
            ws.cell(row, col).alignment = Alignment(horizontal="center")
    add_table(wb, "Handoffs", ["From", "To", "Journey", "Activity", "Owner", "SLA Hours",
                               "What is handed over"], RETAIL_HANDOFFS)
    add_table(wb, "Escalations", ["From", "To", "Trigger", "Time Limit Hours"],
              RETAIL_ESCALATIONS)
    add_table(wb, "DecisionRights", ["Team", "Decision", "Level", "Limit"],
              RETAIL_DECISION_RIGHTS)
    add_table(wb, "Metrics", ["Name", "Owner", "Activity", "Journey", "Type", "Target"],
              RETAIL_METRICS)
    add_table(wb, "Journeys", ["Name", "Owner", "Promise Hours", "Volume", "Description"],
              RETAIL_JOURNEYS)
    add_table(wb, "Settings", ["Key", "Value"], [("scheme", "raci")])
    save(wb, path)


# ------------------------------------------------------- 2. bank: complaint handling

BANK_TEAMS = [
    # name, kind, authority, customer facing, parent, function
    ("Branch Network", "team", "", "yes", "", "Retail Banking"),
    ("Contact Centre", "team", "", "yes", "", "Retail Banking"),
    ("Digital Banking Support", "team", "", "yes", "", "Digital"),
    ("Complaints Hub", "team", "decision", "yes", "Chief Customer Officer",
     "Customer Operations"),
    ("Cards Operations", "team", "decision", "no", "", "Operations"),
    ("Payments Operations", "team", "decision", "no", "", "Operations"),
    ("Contact Centre Team Leader", "role", "advisory", "no", "", "Retail Banking"),
    ("Complaints Triage Desk", "role", "advisory", "no", "Complaints Hub", "Customer Operations"),
    ("Complaints Quality Review", "team", "advisory", "no", "Chief Customer Officer",
     "Risk & Compliance"),
    ("Customer Outcomes Forum", "committee", "advisory", "no", "", "Cross-functional"),
    ("Conduct Risk Committee", "committee", "advisory", "no", "", "Risk & Compliance"),
    ("Chief Customer Officer", "leader", "decision", "no", "", "Executive"),
]

COMPLAINTS = "Complaint handling"

BANK_ACTIVITIES = [
    # id, name, journey, step, kind, customer facing
    ("CMP-01", "Receive and log complaint", COMPLAINTS, 1, "activity", "yes"),
    ("CMP-02", "Acknowledge complaint in writing", COMPLAINTS, 2, "activity", "yes"),
    ("CMP-03", "Investigate card dispute", COMPLAINTS, 3, "activity", "no"),
    ("CMP-04", "Decide complaint outcome and redress", COMPLAINTS, 4, "decision", "no"),
    ("CMP-05", "Send final response letter", COMPLAINTS, 5, "activity", "yes"),
    ("CMP-06", "Prepare Financial Ombudsman case file", COMPLAINTS, 6, "activity", "no"),
    ("CMP-07", "Trace and recall misdirected payment", "", "", "activity", "no"),
    ("CMP-08", "Calculate redress and interest", "", "", "activity", "no"),
    ("CMP-09", "Analyse complaint root causes", "", "", "activity", "no"),
    ("CMP-10", "Review complaints handling policy", "", "", "activity", "no"),
    ("CMP-11", "Submit complaints data to the regulator", "", "", "activity", "no"),
    ("CMP-12", "Monitor eight-week deadline breaches", "", "", "activity", "no"),
    ("CMP-13", "Identify customers in vulnerable circumstances", "", "", "activity", "yes"),
    ("CMP-14", "Fix root cause in card dispute process", "", "", "activity", "no"),
    ("CMP-15", "Train frontline colleagues to recognise complaints", "", "", "activity", "no"),
    ("CMP-16", "Review customer outcomes quarterly", "", "", "activity", "no"),
    ("CMP-17", "Approve chargeback or payment recall", "", "", "decision", "no"),
]

BANK_MATRIX_TEAMS = [
    "Branch Network", "Contact Centre", "Digital Banking Support", "Complaints Hub",
    "Cards Operations", "Payments Operations", "Contact Centre Team Leader",
    "Complaints Quality Review", "Customer Outcomes Forum", "Conduct Risk Committee",
    "Chief Customer Officer",
]  # Complaints Triage Desk only appears on the escalation chain

BANK_RASCI: dict[str, dict[str, str]] = {
    "Receive and log complaint": {
        "Contact Centre": "R", "Branch Network": "S", "Digital Banking Support": "S",
        "Complaints Hub": "A"},
    "Acknowledge complaint in writing": {"Complaints Hub": "A/R", "Contact Centre": "I"},
    "Investigate card dispute": {
        "Cards Operations": "R", "Payments Operations": "S", "Complaints Hub": "A"},
    "Decide complaint outcome and redress": {
        "Complaints Hub": "A/R", "Cards Operations": "A", "Complaints Quality Review": "C"},
    "Send final response letter": {
        "Complaints Hub": "A/R", "Contact Centre": "I", "Branch Network": "I"},
    "Prepare Financial Ombudsman case file": {
        "Complaints Hub": "A/R", "Complaints Quality Review": "S"},
    "Trace and recall misdirected payment": {"Payments Operations": "R", "Complaints Hub": "A"},
    "Calculate redress and interest": {
        "Complaints Hub": "A", "Cards Operations": "S", "Payments Operations": "S"},
    "Analyse complaint root causes": {
        "Complaints Quality Review": "R", "Cards Operations": "C", "Payments Operations": "C",
        "Conduct Risk Committee": "I"},
    "Review complaints handling policy": {
        "Chief Customer Officer": "A", "Complaints Quality Review": "R", "Branch Network": "C",
        "Contact Centre": "C", "Digital Banking Support": "C", "Complaints Hub": "C",
        "Cards Operations": "C", "Payments Operations": "C", "Conduct Risk Committee": "C"},
    "Submit complaints data to the regulator": {
        "Complaints Hub": "A/R", "Complaints Quality Review": "C"},
    "Monitor eight-week deadline breaches": {
        "Complaints Hub": "A", "Complaints Quality Review": "R"},
    "Identify customers in vulnerable circumstances": {
        "Branch Network": "R", "Contact Centre": "R", "Digital Banking Support": "R",
        "Complaints Hub": "A"},
    "Fix root cause in card dispute process": {
        "Cards Operations": "A/R", "Complaints Quality Review": "C"},
    "Train frontline colleagues to recognise complaints": {
        "Contact Centre Team Leader": "R", "Contact Centre": "A"},
    "Review customer outcomes quarterly": {
        "Customer Outcomes Forum": "R", "Chief Customer Officer": "A", "Complaints Hub": "I"},
    "Approve chargeback or payment recall": {
        "Cards Operations": "A", "Payments Operations": "R", "Complaints Hub": "I"},
}

BANK_HANDOFFS = [
    # from, to, journey, activity, owner, sla hours
    ("Contact Centre", "Complaints Hub", COMPLAINTS, "Acknowledge complaint in writing",
     "Complaints Hub", 24),
    ("Branch Network", "Complaints Hub", COMPLAINTS, "Acknowledge complaint in writing",
     "Complaints Hub", 24),
    ("Digital Banking Support", "Complaints Hub", COMPLAINTS, "Acknowledge complaint in writing",
     "Complaints Hub", 24),
    ("Complaints Hub", "Cards Operations", COMPLAINTS, "Investigate card dispute",
     "Complaints Hub", 48),
    ("Cards Operations", "Complaints Hub", COMPLAINTS, "Decide complaint outcome and redress",
     "Cards Operations", 120),
    ("Complaints Hub", "Payments Operations", "", "Trace and recall misdirected payment",
     "Complaints Hub", 48),
    ("Payments Operations", "Complaints Hub", "", "Calculate redress and interest",
     "Payments Operations", 72),
]

BANK_ESCALATIONS = [
    ("Contact Centre", "Contact Centre Team Leader", "Customer unhappy with the first response", 4),
    ("Contact Centre Team Leader", "Complaints Triage Desk",
     "Not resolved by the end of the next working day", 24),
    ("Complaints Triage Desk", "Complaints Quality Review",
     "Complaint may point to a systemic failing", ""),
    ("Complaints Quality Review", "Conduct Risk Committee",
     "Possible conduct breach affecting many customers", 168),
    ("Conduct Risk Committee", "Chief Customer Officer",
     "Redress programme needs approval and funding", 336),
    ("Branch Network", "Customer Outcomes Forum",
     "Complaint from a customer in vulnerable circumstances", 168),
    ("Complaints Hub", "Chief Customer Officer", "Eight-week deadline at risk", 48),
    ("Cards Operations", "Payments Operations", "Dispute turns on a payment-scheme rule", 48),
    ("Payments Operations", "Cards Operations", "Disputed payment was made by card", ""),
    ("Decide complaint outcome and redress", "Chief Customer Officer",
     "Redress above £5,000 or the customer rejects the outcome", 48),
    ("Approve chargeback or payment recall", "Complaints Hub",
     "Cards and Payments cannot agree who decides within 5 days", 120),
]

BANK_DECISION_RIGHTS = [
    ("Complaints Hub", "Decide complaint outcome and redress", "decide", "redress up to £5,000"),
    ("Chief Customer Officer", "Decide complaint outcome and redress", "approve",
     "redress above £5,000"),
    ("Cards Operations", "Decide complaint outcome and redress", "recommend", "card disputes"),
    ("Complaints Quality Review", "Decide complaint outcome and redress", "input", ""),
    ("Cards Operations", "Approve chargeback or payment recall", "decide", "card transactions"),
    ("Payments Operations", "Approve chargeback or payment recall", "decide",
     "Faster Payments, BACS and CHAPS"),
    ("Complaints Hub", "Approve chargeback or payment recall", "input", ""),
]

BANK_METRICS = [
    # name, owner, activity it drives, journey, type (no customer measure on the journey:
    # GOV005), target
    ("Complaints resolved within eight weeks", "Complaints Hub", "Send final response letter",
     COMPLAINTS, "control", "100%"),
    ("Complaints upheld rate", "Complaints Hub", "Decide complaint outcome and redress",
     COMPLAINTS, "quality", ""),
    ("Ombudsman change rate", "Complaints Quality Review",
     "Prepare Financial Ombudsman case file", COMPLAINTS, "quality", "below 20%"),
    ("Repeat complaints within 12 months", "Complaints Quality Review",
     "Analyse complaint root causes", "", "customer", ""),
]

BANK_JOURNEYS = [
    # the regulator's eight weeks to a final response is the customer promise; the
    # contact centre's escalation chain has a link without a time limit (JRN003)
    (COMPLAINTS, "Chief Customer Officer", 1344, 3500,
     "From a complaint received to the final response, within eight weeks"),
]


def build_bank(path: Path) -> None:
    teams = {t[0] for t in BANK_TEAMS}
    activities = {a[1] for a in BANK_ACTIVITIES}
    _check_names("bank", teams, {
        "Teams.parent": {t[4] for t in BANK_TEAMS},
        "matrix": set(BANK_MATRIX_TEAMS),
        "Handoffs": {x for h in BANK_HANDOFFS for x in (h[0], h[1], h[4])},
        "Escalations.to": {e[1] for e in BANK_ESCALATIONS},
        "DecisionRights.team": {d[0] for d in BANK_DECISION_RIGHTS},
        "Metrics.owner": {m[1] for m in BANK_METRICS},
    })
    _check_names("bank", activities, {
        "matrix": set(BANK_RASCI),
        "Handoffs.activity": {h[3] for h in BANK_HANDOFFS},
        "DecisionRights.decision": {d[1] for d in BANK_DECISION_RIGHTS},
        "Metrics.activity": {m[2] for m in BANK_METRICS},
    })
    _check_names("bank", teams | activities,
                 {"Escalations.from": {e[0] for e in BANK_ESCALATIONS}})

    wb = _new_workbook()
    add_table(wb, "Teams", ["Name", "Kind", "Authority", "Customer Facing", "Parent", "Function"],
              BANK_TEAMS)
    add_table(wb, "Activities", ["ID", "Name", "Journey", "Step", "Kind", "Customer Facing"],
              BANK_ACTIVITIES)
    header, rows = wide_matrix([(a[1], a[2], a[3]) for a in BANK_ACTIVITIES],
                               BANK_MATRIX_TEAMS, BANK_RASCI)
    ws = add_table(wb, "RASCI", header, rows)
    ws.freeze_panes = "D2"
    for col in range(4, len(header) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
        for row in range(2, len(rows) + 2):
            ws.cell(row, col).alignment = Alignment(horizontal="center")
    add_table(wb, "Handoffs", ["From", "To", "Journey", "Activity", "Owner", "SLA Hours"],
              BANK_HANDOFFS)
    add_table(wb, "Escalations", ["From", "To", "Trigger", "Time Limit Hours"], BANK_ESCALATIONS)
    add_table(wb, "Decision Rights", ["Team", "Decision", "Level", "Limit"], BANK_DECISION_RIGHTS)
    add_table(wb, "Metrics", ["Name", "Owner", "Activity", "Journey", "Type", "Target"],
              BANK_METRICS)
    add_table(wb, "Journeys", ["Name", "Owner", "Promise Hours", "Volume", "Description"],
              BANK_JOURNEYS)
    add_table(wb, "Settings", ["Key", "Value"], [("scheme", "rasci")])
    save(wb, path)


# ---------------------------------------------------------- 3. SaaS onboarding, RAPID

SAAS_TEAMS = [
    # name, kind, authority, customer facing, parent, function
    ("Account Executives", "team", "", "yes", "Chief Revenue Officer", "Sales"),
    ("Solutions Engineering", "team", "", "yes", "Chief Revenue Officer", "Sales"),
    ("Deal Desk", "team", "decision", "no", "Chief Revenue Officer", "Revenue Operations"),
    ("Revenue Operations", "team", "", "no", "Chief Revenue Officer", "Revenue Operations"),
    ("Onboarding Specialists", "team", "", "yes", "VP Customer Success", "Customer Success"),
    ("Customer Success Managers", "team", "", "yes", "VP Customer Success", "Customer Success"),
    ("Technical Support", "team", "", "yes", "VP Customer Success", "Customer Success"),
    ("Product Management", "team", "decision", "no", "", "Product"),
    ("Security & Compliance", "team", "", "no", "", "Security"),
    ("VP Customer Success", "leader", "decision", "no", "", "Customer Success"),
    ("Chief Revenue Officer", "leader", "decision", "no", "", "Executive"),
]

SAAS_SYSTEMS = [
    # name, owner, data, system of record, customer data
    ("Salesforce CRM", "Revenue Operations", "customer, opportunities, contracts",
     "customer, contracts", "yes"),
    ("Onboarding Tracker", "Onboarding Specialists", "customer, onboarding plans",
     "onboarding plans", "yes"),
    ("Admin Console", "Product Management", "workspace configuration, users", "yes", "yes"),
    ("Customer Success Platform", "Customer Success Managers", "customer health, customer",
     "customer health", "yes"),
    ("Product Analytics", "Product Management", "product usage", "yes", "no"),
]

SAAS_ACCESS = [
    ("Account Executives", "Salesforce CRM", "write"),
    ("Account Executives", "Onboarding Tracker", "read"),
    ("Account Executives", "Admin Console", "read"),
    ("Account Executives", "Customer Success Platform", "read"),
    ("Solutions Engineering", "Salesforce CRM", "read"),
    ("Solutions Engineering", "Onboarding Tracker", "read"),
    ("Solutions Engineering", "Admin Console", "read"),
    ("Solutions Engineering", "Customer Success Platform", "read"),
    ("Onboarding Specialists", "Salesforce CRM", "read"),
    ("Onboarding Specialists", "Onboarding Tracker", "write"),
    ("Onboarding Specialists", "Admin Console", "write"),
    ("Onboarding Specialists", "Customer Success Platform", "read"),
    ("Customer Success Managers", "Salesforce CRM", "read"),
    ("Customer Success Managers", "Onboarding Tracker", "read"),
    ("Customer Success Managers", "Admin Console", "read"),
    ("Customer Success Managers", "Customer Success Platform", "write"),
    ("Customer Success Managers", "Product Analytics", "none"),
    ("Technical Support", "Salesforce CRM", "read"),
    ("Technical Support", "Onboarding Tracker", "read"),
    ("Technical Support", "Admin Console", "read"),
    ("Technical Support", "Customer Success Platform", "read"),
    ("Product Management", "Admin Console", "write"),
    ("Product Management", "Product Analytics", "write"),
    ("Security & Compliance", "Admin Console", "read"),
    ("Revenue Operations", "Salesforce CRM", "write"),
    ("Deal Desk", "Salesforce CRM", "read"),
]

ONBOARDING = "Customer onboarding"

SAAS_ACTIVITIES = [
    # name, journey, step, kind, uses, customer facing, inputs
    ("Hand over signed deal", ONBOARDING, 1, "activity", "Salesforce CRM, Onboarding Tracker",
     "no", ""),
    ("Run kick-off call", ONBOARDING, 2, "activity", "Onboarding Tracker", "yes", ""),
    ("Approve custom data-migration scope", ONBOARDING, 3, "decision", "Onboarding Tracker",
     "no", ""),
    ("Configure workspace and SSO", ONBOARDING, 4, "activity", "Admin Console", "no", ""),
    ("Approve go-live", ONBOARDING, 5, "decision", "Onboarding Tracker", "yes", ""),
    ("Transfer account to Customer Success", ONBOARDING, 6, "activity",
     "Customer Success Platform, Onboarding Tracker", "yes", ""),
    ("Run 30-day health check", "", "", "activity",
     "Customer Success Platform, Product Analytics", "yes", ""),
    ("Qualify technical fit", "", "", "activity", "Salesforce CRM", "yes", ""),
    ("Resolve onboarding support tickets", "", "", "activity", "Admin Console", "yes", ""),
    ("Approve non-standard contract terms", "", "", "decision", "Salesforce CRM", "no", ""),
    ("Decide product roadmap exception for a new customer", "", "", "decision", "", "no", ""),
    ("Customer live within 30 days", "", "", "outcome", "", "yes",
     "Run kick-off call, Configure workspace and SSO, Approve go-live"),
    ("Flag expansion opportunity", "", "", "activity",
     "Customer Success Platform, Salesforce CRM", "no", ""),
    ("Maintain onboarding playbook", "", "", "activity", "Onboarding Tracker", "no", ""),
    ("Complete customer security questionnaire", "", "", "activity", "", "yes", ""),
]

# Long layout: one row per (activity, team, code). RAPID letters: R recommend, A agree,
# P perform, I input, D decide.
SAAS_RAPID = [
    ("Hand over signed deal", "Account Executives", "D/P"),
    ("Hand over signed deal", "Onboarding Specialists", "I"),
    ("Run kick-off call", "Onboarding Specialists", "D/P"),
    ("Run kick-off call", "Account Executives", "I"),
    ("Run kick-off call", "Customer Success Managers", "I"),
    ("Approve custom data-migration scope", "Solutions Engineering", "R"),
    ("Approve custom data-migration scope", "Onboarding Specialists", "P"),
    ("Approve custom data-migration scope", "Technical Support", "I"),
    ("Configure workspace and SSO", "Onboarding Specialists", "D/P"),
    ("Configure workspace and SSO", "Security & Compliance", "I"),
    ("Configure workspace and SSO", "Technical Support", "I"),
    ("Approve go-live", "Onboarding Specialists", "D/P"),
    ("Approve go-live", "Customer Success Managers", "D"),
    ("Approve go-live", "Security & Compliance", "A"),
    ("Approve go-live", "Technical Support", "I"),
    ("Transfer account to Customer Success", "Customer Success Managers", "P"),
    ("Transfer account to Customer Success", "VP Customer Success", "D"),
    ("Transfer account to Customer Success", "Onboarding Specialists", "I"),
    ("Run 30-day health check", "Customer Success Managers", "D/P"),
    ("Run 30-day health check", "Product Management", "I"),
    ("Qualify technical fit", "Solutions Engineering", "D/P"),
    ("Qualify technical fit", "Account Executives", "I"),
    ("Resolve onboarding support tickets", "Technical Support", "D/P"),
    ("Resolve onboarding support tickets", "Product Management", "I"),
    ("Approve non-standard contract terms", "Account Executives", "R"),
    ("Approve non-standard contract terms", "Deal Desk", "D"),
    ("Approve non-standard contract terms", "Security & Compliance", "A"),
    ("Approve non-standard contract terms", "Revenue Operations", "P"),
    ("Decide product roadmap exception for a new customer", "Customer Success Managers", "R"),
    ("Decide product roadmap exception for a new customer", "Solutions Engineering", "I"),
    ("Decide product roadmap exception for a new customer", "Product Management", "D/P"),
    ("Customer live within 30 days", "Customer Success Managers", "D"),
    ("Customer live within 30 days", "Onboarding Specialists", "P"),
    ("Flag expansion opportunity", "Customer Success Managers", "P"),
    ("Flag expansion opportunity", "Account Executives", "D"),
    ("Maintain onboarding playbook", "VP Customer Success", "D"),
    ("Maintain onboarding playbook", "Onboarding Specialists", "P"),
    ("Maintain onboarding playbook", "Customer Success Managers", "I"),
    ("Complete customer security questionnaire", "Security & Compliance", "D/P"),
    ("Complete customer security questionnaire", "Solutions Engineering", "I"),
]

SAAS_HANDOFFS = [
    # from, to, journey, activity, owner, sla hours
    ("Account Executives", "Onboarding Specialists", ONBOARDING, "Run kick-off call", "", 48),
    ("Solutions Engineering", "Onboarding Specialists", ONBOARDING,
     "Approve custom data-migration scope", "Onboarding Specialists", 48),
    ("Onboarding Specialists", "Customer Success Managers", ONBOARDING,
     "Transfer account to Customer Success", "Customer Success Managers", 72),
    ("Account Executives", "Solutions Engineering", "", "Qualify technical fit",
     "Solutions Engineering", 24),
    ("Customer Success Managers", "Account Executives", "", "Flag expansion opportunity",
     "Account Executives", 48),
]

SAAS_ESCALATIONS = [
    ("Account Executives", "Chief Revenue Officer", "Customer threatens to cancel before go-live",
     24),
    ("Solutions Engineering", "Chief Revenue Officer", "Technical blocker puts the deal at risk",
     48),
    ("Onboarding Specialists", "VP Customer Success", "Go-live at risk of slipping past 30 days",
     24),
    ("Customer Success Managers", "VP Customer Success", "Health score red at the 30-day check",
     48),
    ("Technical Support", "Product Management", "Defect blocks a customer's go-live", 8),
    ("Approve custom data-migration scope", "VP Customer Success",
     "Scope disputed for more than 3 working days", 72),
    ("Approve go-live", "VP Customer Success",
     "Onboarding and Customer Success disagree on readiness", 24),
    ("Approve non-standard contract terms", "Chief Revenue Officer",
     "Discount above 30% or a change to the liability cap", 48),
    ("Decide product roadmap exception for a new customer", "Chief Revenue Officer",
     "Exception requested for a deal above $100k ARR", 120),
]

SAAS_DECISION_RIGHTS = [
    ("Deal Desk", "Approve non-standard contract terms", "decide", "discount up to 30%"),
    ("Chief Revenue Officer", "Approve non-standard contract terms", "approve",
     "discount above 30%"),
    ("Security & Compliance", "Approve non-standard contract terms", "veto",
     "security and data-processing clauses"),
    ("Solutions Engineering", "Approve custom data-migration scope", "recommend", ""),
    ("Onboarding Specialists", "Approve custom data-migration scope", "input", ""),
    ("Onboarding Specialists", "Approve go-live", "decide", ""),
    ("Customer Success Managers", "Approve go-live", "decide", ""),
    ("VP Customer Success", "Approve go-live", "approve",
     "go-live more than 45 days after signature"),
    ("Product Management", "Decide product roadmap exception for a new customer", "decide", ""),
]

SAAS_METRICS = [
    ("Time to go-live (days)", "Onboarding Specialists", "Approve go-live", ONBOARDING),
    ("Migration scope change requests", "Solutions Engineering",
     "Approve custom data-migration scope", ONBOARDING),
    ("Non-standard deals signed", "Deal Desk", "Approve non-standard contract terms", ""),
    ("Roadmap exceptions granted", "Product Management",
     "Decide product roadmap exception for a new customer", ""),
]


def build_saas(path: Path) -> None:
    teams = {t[0] for t in SAAS_TEAMS}
    systems = {s[0] for s in SAAS_SYSTEMS}
    activities = {a[0] for a in SAAS_ACTIVITIES}
    _check_names("saas", teams, {
        "Teams.parent": {t[4] for t in SAAS_TEAMS},
        "Systems.owner": {s[1] for s in SAAS_SYSTEMS},
        "Access.team": {a[0] for a in SAAS_ACCESS},
        "RAPID.team": {r[1] for r in SAAS_RAPID},
        "Handoffs": {x for h in SAAS_HANDOFFS for x in (h[0], h[1], h[4])},
        "Escalations.to": {e[1] for e in SAAS_ESCALATIONS},
        "DecisionRights.team": {d[0] for d in SAAS_DECISION_RIGHTS},
        "Metrics.owner": {m[1] for m in SAAS_METRICS},
    })
    _check_names("saas", systems, {
        "Access.system": {a[1] for a in SAAS_ACCESS},
        "Activities.uses": {u for a in SAAS_ACTIVITIES for u in _split(a[4])},
    })
    _check_names("saas", activities, {
        "RAPID.activity": {r[0] for r in SAAS_RAPID},
        "Activities.inputs": {i for a in SAAS_ACTIVITIES for i in _split(a[6])},
        "Handoffs.activity": {h[3] for h in SAAS_HANDOFFS},
        "DecisionRights.decision": {d[1] for d in SAAS_DECISION_RIGHTS},
        "Metrics.decision": {m[2] for m in SAAS_METRICS},
    })
    _check_names("saas", teams | activities,
                 {"Escalations.from": {e[0] for e in SAAS_ESCALATIONS}})
    if activities != {r[0] for r in SAAS_RAPID}:
        raise ValueError("saas: every activity needs RAPID rows")

    wb = _new_workbook()
    add_table(wb, "Teams", ["Name", "Kind", "Authority", "Customer Facing", "Parent", "Function"],
              SAAS_TEAMS)
    add_table(wb, "Systems", ["Name", "Owner", "Data", "System of Record", "Customer Data"],
              SAAS_SYSTEMS)
    add_table(wb, "Access", ["Team", "System", "Access"], SAAS_ACCESS)
    add_table(wb, "Activities", ["Name", "Journey", "Step", "Kind", "Uses", "Customer Facing",
                                 "Inputs"], SAAS_ACTIVITIES)
    add_table(wb, "RAPID", ["Activity", "Team", "Code"], SAAS_RAPID)
    add_table(wb, "Handoffs", ["From", "To", "Journey", "Activity", "Owner", "SLA Hours"],
              SAAS_HANDOFFS)
    add_table(wb, "Escalations", ["From", "To", "Trigger", "Time Limit Hours"], SAAS_ESCALATIONS)
    add_table(wb, "DecisionRights", ["Team", "Decision", "Level", "Limit"], SAAS_DECISION_RIGHTS)
    add_table(wb, "Metrics", ["Name", "Owner", "Decision", "Journey"], SAAS_METRICS)
    save(wb, path)


# ------------------------------------------------------ 4. a bare single-sheet RACI

BARE_ROLES = ["Project Sponsor", "Product Owner", "UX Designer", "Web Developers",
              "Content Team", "Marketing", "IT Security", "Legal"]

# Each entry is one spreadsheet row from row 5 on: ("phase", label, style) or
# ("task", label, [one cell per role]). Styles: "bold", "plain", "merged".
BARE_BODY: list[tuple[str, str, object]] = [
    ("phase", "Phase 1 — Discovery", "bold"),                                           # 5
    ("task", "Agree project scope and budget", ["A", "R", "C", "C", "-", "C", "-", "-"]),  # 6
    ("task", "Interview customers and stakeholders",
     ["I", "A", "R", "-", "C", "C", "N", "N"]),                                         # 7
    ("task", "Audit existing content", ["", "A", "", "", "R", "C", "", ""]),            # 8
    ("task", "Define success metrics", ["A / R", "C", "", "", "", "C", "", ""]),        # 9
    ("phase", "Phase 2 — Design", "plain"),                                             # 10
    ("task", "Produce sitemap and wireframes", ["", "A", "R", "C", "C", "", "", ""]),   # 11
    ("task", "Design visual style and components",
     ["I", "(A)", "R", "C", "", "C", "", ""]),                                          # 12
    ("task", "Write page copy", ["", "A", "", "", "R", "r, c", "", "C"]),               # 13
    ("task", "Run accessibility review", ["", "I", "A/R", "C", "", "", "", "C"]),       # 14
    ("phase", "Build", "bold"),                                                          # 15
    ("task", "Build page templates", ["", "A", "C", "R", "", "", "", ""]),              # 16
    ("task", "Integrate CMS and product feed",
     ["", "A", "", "R (Build)", "", "", "C", ""]),                                      # 17
    ("task", "Set up analytics tracking", ["", "", "", "", "", "", "", ""]),            # 18
    ("task", "Migrate content to new CMS", ["", "I", "", "X", "R/A", "", "", ""]),      # 19
    ("task", "Security and penetration test", ["", "I", "", "C", "", "", "R", ""]),     # 20
    ("phase", "Launch & hypercare", "merged"),                                          # 21
    ("task", "Approve go-live", ["A", "A/R", "", "I", "", "I", "C", ""]),               # 22
    ("task", "Switch DNS and launch", ["", "A", "", "R", "", "I", "C", ""]),            # 23
    ("task", "Announce relaunch to customers", ["I", "", "", "", "C", "A/R", "", "C"]),  # 24
    ("task", "Monitor and fix post-launch issues", ["", "A", "-", "R", "I", "", "", ""]),  # 25
]
BARE_FIRST_BODY_ROW = 5


def build_bare(path: Path) -> None:
    wb = _new_workbook()
    ws = wb.create_sheet("RACI")
    last_col = get_column_letter(1 + len(BARE_ROLES))
    ws["A1"] = "Website relaunch — RACI matrix"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last_col}1")
    ws["A2"] = "Digital Programme Office · version 3 · last updated 14 March 2024"
    ws["A2"].font = Font(italic=True, color="595959")
    # row 3 stays blank; the header is row 4
    header = ["Task / Deliverable", *BARE_ROLES]
    for col, text in enumerate(header, start=1):
        cell = ws.cell(4, col, text)
        cell.font = Font(bold=True)
        cell.fill = PHASE_FILL
        cell.alignment = Alignment(horizontal="center" if col > 1 else "left", wrap_text=True)
    for offset, (kind, label, spec) in enumerate(BARE_BODY):
        row = BARE_FIRST_BODY_ROW + offset
        ws.cell(row, 1, label)
        if kind == "phase":
            if spec == "bold":
                ws.cell(row, 1).font = Font(bold=True)
            elif spec == "merged":
                ws.merge_cells(f"A{row}:{last_col}{row}")
            continue
        assert isinstance(spec, list) and len(spec) == len(BARE_ROLES), label
        for col, value in enumerate(spec, start=2):
            if value:
                ws.cell(row, col, value).alignment = Alignment(horizontal="center")
    ws.column_dimensions["A"].width = 40
    for col in range(2, 2 + len(BARE_ROLES)):
        ws.column_dimensions[get_column_letter(col)].width = 14
    ws.freeze_panes = "B5"
    save(wb, path)


# ------------------------------------------- 5. support escalations, by-letter layout

LETTER_TEAMS = [
    # name, kind, customer facing, parent
    ("Customer Service", "team", "yes", "Head of Support"),
    ("Tier 2 Support", "team", "no", "Head of Support"),
    ("Engineering On-call", "team", "no", ""),
    ("Customer Success", "team", "yes", ""),
    ("Billing", "team", "no", ""),
    ("Support Operations", "team", "no", "Head of Support"),
    ("Head of Support", "leader", "no", ""),
]

TYPO = "Custmer Service"  # deliberate: should be "Customer Service" (did you mean)

LETTER_RACI = [
    # activity, R, A, C, I  (cells hold comma-separated team names)
    ("Log incoming ticket", "Customer Service", "Customer Service", "", "Tier 2 Support"),
    ("Triage ticket priority", "Customer Service", "Support Operations", "Tier 2 Support", ""),
    ("Answer how-to questions", "Customer Service", "Customer Service", "", ""),
    ("Investigate product defect", "Tier 2 Support", "Head of Support", "Engineering On-call",
     TYPO),
    ("Fix production incident", "Engineering On-call", "Engineering On-call", "Tier 2 Support",
     "Head of Support"),
    ("Keep customers updated during an incident", "Customer Service", "Support Operations",
     "Engineering On-call", "Customer Success"),
    ("Approve service credit", "Billing", "Billing, Head of Support", "Customer Success",
     "Customer Service"),
    ("Process refund for failed renewal", "Billing", "Billing", "", "Customer Success"),
    ("Review escalation backlog weekly", "Head of Support", "Head of Support",
     "Tier 2 Support, Engineering On-call", "Customer Success"),
    ("Close ticket and send satisfaction survey", "Customer Service", "Customer Service", "",
     "Support Operations"),
    ("Publish known-issue article", "Tier 2 Support", "Tier 2 Support", "", "Customer Service"),
    ("Run quarterly business review", "Customer Success", "Customer Success",
     "Support Operations", ""),
    ("Update support macros and templates", "Support Operations", "Support Operations",
     "Customer Service", ""),
    ("Handle billing dispute", "Billing", "Billing", "Customer Success", "Customer Service"),
]

LETTER_ESCALATIONS = [
    ("Customer Service", "Tier 2 Support", "Ticket unresolved after 4 business hours", 4),
    ("Tier 2 Support", "Engineering On-call", "Suspected production defect", 2),
    ("Engineering On-call", "Head of Support",
     "Incident open for more than 4 hours or affecting many customers", ""),
    ("Customer Success", "Head of Support", "Strategic account threatens to churn", 24),
]


def build_by_letter(path: Path) -> None:
    teams = {t[0] for t in LETTER_TEAMS}
    names = {n for row in LETTER_RACI for cell in row[1:] for n in _split(cell)}
    if names - teams != {TYPO}:
        raise ValueError(f"by-letter: unexpected unknown names {sorted(names - teams)}")
    _check_names("by-letter", teams, {
        "Teams.parent": {t[3] for t in LETTER_TEAMS},
        "Escalations": {x for e in LETTER_ESCALATIONS for x in e[:2]},
    })
    wb = _new_workbook()
    add_table(wb, "Teams", ["Name", "Kind", "Customer Facing", "Parent"], LETTER_TEAMS)
    add_table(wb, "RACI", ["Activity", "R", "A", "C", "I"], LETTER_RACI)
    add_table(wb, "Escalations", ["From", "To", "Trigger", "Time Limit Hours"], LETTER_ESCALATIONS)
    save(wb, path)


# --------------------------------------------------------------------------- main

BUILDERS = {
    "retail_order_to_resolution.xlsx": build_retail,
    "bank_complaint_handling.xlsx": build_bank,
    "saas_onboarding_rapid.xlsx": build_saas,
    "bare_raci.xlsx": build_bare,
    "support_escalations_by_letter.xlsx": build_by_letter,
}


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
