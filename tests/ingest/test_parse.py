"""Importing every sheet and layout, and every way a cell can be wrong."""

from __future__ import annotations

from collections import Counter

import pytest

from opmodel import load
from opmodel.errors import NoMatrixError
from opmodel.ingest.report import IssueCode, Level
from opmodel.model import AccessLevel, ActivityKind, Authority, RightLevel, TeamKind
from opmodel.schemes import Role, Scheme

WIDE = [["Activity", "Sales", "Support", "Finance"],
        ["Take order", "A/R", "I", ""],
        ["Answer query", "C", "A/R", "-"],
        ["Approve refund", "", "R", "A"]]
LONG = [["Activity", "Team", "Code"],
        ["Take order", "Sales", "A/R"], ["Take order", "Support", "I"],
        ["Answer query", "Sales", "C"], ["Answer query", "Support", "A, R"],
        ["Approve refund", "Support", "R"], ["Approve refund", "Finance", "A"]]
BY_LETTER = [["Activity", "R", "A", "C", "I"],
             ["Take order", "Sales", "Sales", "", "Support"],
             ["Answer query", "Support", "Support", "Sales", ""],
             ["Approve refund", "Support", "Finance", "", ""]]


def _triples(result):
    names = {t.id: t.name for t in result.model.teams}
    acts = {a.id: a.name for a in result.model.activities}
    return sorted((acts[a.activity], names[a.team], a.role.value)
                  for a in result.model.assignments)


@pytest.mark.parametrize(("layout", "rows"), [("wide", WIDE), ("long", LONG),
                                              ("by-letter", BY_LETTER)])
def test_three_layouts_give_the_same_model(make_workbook, layout, rows):
    result = load(make_workbook({"RACI": rows}))
    assert result.report.sheets[0].layout == layout
    assert _triples(result) == _triples(load(make_workbook({"RACI": WIDE}, name="w.xlsx")))
    assert ("Approve refund", "Finance", "accountable") in _triples(result)


def test_title_rows_above_the_header_are_skipped(make_workbook):
    rows = [["Website relaunch — RACI"], ["Owner: PMO", None, "v2"], [], *WIDE]
    result = load(make_workbook({"Sheet1": rows}))
    assert result.report.sheets[0].header_row == 4
    assert [a.name for a in result.model.activities] == ["Take order", "Answer query",
                                                         "Approve refund"]


def test_sections_by_format_prefix_and_markdown_but_unassigned_activity_reported(
        make_workbook):
    rows = [["Task", "Sales", "Support"],
            ["Discovery", None, None],          # bold -> section
            ["Interview users", "A", "R"],
            ["Phase 2: Build", None, None],     # prefix -> section
            ["Build it", "R", "A"],
            ["**Launch**", None, None],         # markdown -> section
            ["Write the FAQ", None, None],      # plain, no codes -> unassigned activity
            ["Go live", "A", "R"],
            ["Wrap-up", None, None],            # merged across -> section
            ["Retro", "A/R", "C"]]
    result = load(make_workbook({"RACI": rows}, bold={"RACI": ["A2"]},
                                merged={"RACI": ["A9:C9"]}))
    assert [(p.row, p.label) for p in result.report.phase_rows] == [
        (2, "Discovery"), (4, "Phase 2: Build"), (6, "Launch"), (9, "Wrap-up")]
    unassigned = [i for i in result.report.issues if i.code is IssueCode.UNASSIGNED_ACTIVITY]
    assert [(i.where.cell, i.level) for i in unassigned] == [("A7", Level.WARNING)]
    phases = {a.name: a.phase for a in result.model.activities}
    assert phases["Build it"] == "Phase 2: Build" and phases["Write the FAQ"] == "Launch"


def test_invalid_code_is_an_error_at_its_cell_and_the_rest_is_kept(make_workbook):
    rows = [*WIDE, ["Ship order", "A/Maybe", "R", ""]]
    result = load(make_workbook({"RACI": rows}))
    (error,) = result.report.errors
    assert (error.code, error.where.cell, error.where.sheet) == (IssueCode.INVALID_CODE, "B5",
                                                                  "RACI")
    assert "Maybe" in error.message
    ship = {a.role for a in result.model.assignments if a.activity == "activity:ship-order"}
    assert ship == {Role.ACCOUNTABLE, Role.RESPONSIBLE}


@pytest.mark.parametrize(("sheets", "option", "scheme", "source"), [
    ({"Settings": [["key", "value"], ["scheme", "daci"]]}, None, Scheme.DACI, "Settings"),
    ({}, "rapid", Scheme.RAPID, "--scheme"),
    ({}, None, Scheme.DACI, "letters"),
])
def test_scheme_from_settings_option_or_default(make_workbook, sheets, option, scheme, source):
    rows = [["Activity", "Sales", "Support"], ["Decide price", "A", "D"]]
    result = load(make_workbook({**sheets, "Matrix": rows}), option)
    assert result.model.scheme is scheme
    assert source in result.report.scheme_source


def test_sheet_name_sets_the_scheme_and_letters_mean_its_roles(make_workbook):
    rows = [["Activity", "Sales", "Finance", "Legal"], ["Set price", "P", "D", "A"]]
    result = load(make_workbook({"RAPID": rows}))
    assert result.model.scheme is Scheme.RAPID
    roles = {a.code: a.role for a in result.model.assignments}
    assert roles == {"P": Role.RESPONSIBLE, "D": Role.ACCOUNTABLE, "A": Role.AGREES}


def test_s_implies_rasci_and_letters_outside_raci_are_errors(make_workbook):
    rasci = load(make_workbook({"RACI": [["Activity", "Ops", "IT"], ["Do", "A", "S"]]}))
    assert rasci.model.scheme is Scheme.RASCI
    mixed = load(make_workbook({"RACI": [["Activity", "Ops", "IT", "HR"], ["Do", "A", "D", "R"]]},
                               name="d.xlsx"))
    assert mixed.model.scheme is Scheme.RACI  # R, A, D fit neither RACI nor DACI nor RAPID
    (error,) = mixed.report.errors
    assert error.code is IssueCode.CODE_NOT_IN_SCHEME and error.where.cell == "C2"


@pytest.mark.parametrize(("cells", "scheme", "why"), [
    (["A", "D", "C", "I"], Scheme.DACI, "uses D, which RACI has not"),
    (["D", "P", "I", "R", "A"], Scheme.RAPID, "uses D, P, which RACI has not"),
])
def test_letters_that_fit_daci_or_rapid_and_not_raci_choose_that_scheme(make_workbook, cells,
                                                                       scheme, why):
    """Today's D, A, C, I matrix was rejected cell by cell; its letters say it is DACI."""
    header = ["Activity", *[f"Team {i}" for i in range(len(cells))]]
    result = load(make_workbook({"Matrix": [header, ["Decide price", *cells]]}))
    assert result.model.scheme is scheme and not result.report.errors
    (note,) = [i for i in result.report.issues if i.code is IssueCode.SCHEME_GUESSED]
    assert why in note.message and f"read the matrix as {scheme.value.upper()}" in note.message
    accountable = [a for a in result.model.assignments if a.role is Role.ACCOUNTABLE]
    assert [a.code for a in accountable] == ["A" if scheme is Scheme.DACI else "D"]


def test_d_rasci_is_a_scheme_whose_driver_does_the_work(make_workbook):
    rows = [["Activity", "Lead", "Ops", "IT", "HR"], ["Migrate", "D", "A", "S", "R"]]
    result = load(make_workbook({"D-RASCI": rows}))
    assert result.model.scheme is Scheme.D_RASCI and not result.report.errors
    roles = {a.code: a.role for a in result.model.assignments}
    assert roles == {"D": Role.RESPONSIBLE, "A": Role.ACCOUNTABLE, "S": Role.SUPPORT,
                     "R": Role.RESPONSIBLE}


FULL = {
    "Settings": [["Key", "Value"], ["scheme", "raci"], ["name", "Retail"], ["owner", "PMO"]],
    "Teams": [["Team Name", "Kind", "Authority", "Customer Facing", "Reports To", "Function",
               "Budget"],
              ["Sales", "team", "", "yes", "COO", "Commercial", "1M"],
              ["Support", "team", "", "y", "COO", "Service", None],
              ["CX Council", "committee", "", "no", "", "", None],
              ["COO", "leader", "decision", "", "", "", None]],
    "Systems": [["System", "Owner", "Data", "System of record", "Customer data"],
                ["CRM", "Sales", "customer, orders", "yes", "yes"],
                ["Helpdesk", "Support", "tickets", "tickets", "no"]],
    "Access": [["Team", "System", "Access"], ["Support", "CRM", "read"],
               ["Sales", "Helpdesk", "none"]],
    "Activities": [["Name", "Journey", "Step", "Kind", "Uses", "Inputs"],
                   ["Take order", "Order", 1, "activity", "CRM", ""],
                   ["Answer query", "Order", 2, "activity", "Helpdesk, CRM", ""],
                   ["Approve refund", "Order", 3, "decision", "", ""],
                   ["Happy customer", "Order", 4, "outcome", "", "Answer query"]],
    "RACI": [["Activity", "Sales", "Support", "CX Council"],
             ["Take order", "A/R", "I", ""], ["Answer query", "", "A/R", "C"],
             ["Approve refund", "", "R", "A"], ["Happy customer", "", "R", "A"]],
    "Handoffs": [["From", "To", "Journey", "Owner", "SLA (hours)"],
                 ["Sales", "Support", "Order", "", "24h"]],
    "Escalation Paths": [["From", "To", "Trigger", "Time limit (hours)"],
                         ["Support", "COO", "refund > 500", 48],
                         ["Approve refund", "COO", "", ""]],
    "Decision Rights": [["Team", "Decision", "Level", "Limit"],
                        ["CX Council", "Approve refund", "recommend", "any"]],
    "KPIs": [["Metric", "Owner", "Drives", "Journey"], ["NPS", "", "Approve refund", "Order"]],
    "Renames": [["Old name", "New name", "Kind"], ["Customer Care", "Support", "team"]],
}


def test_every_sheet_is_read_with_aliases(make_workbook):
    result = load(make_workbook(FULL))
    model, report = result.model, result.report
    assert report.errors == [], report.errors
    teams = {t.name: t for t in model.teams}
    assert teams["CX Council"].kind is TeamKind.COMMITTEE
    assert teams["CX Council"].authority is Authority.ADVISORY  # committees default advisory
    assert teams["Sales"].customer_facing and teams["Support"].customer_facing
    assert teams["Sales"].parent == teams["COO"].id
    assert teams["Sales"].extra == {"Budget": "1M"}
    crm = next(s for s in model.systems if s.name == "CRM")
    assert crm.system_of_record == ("customer", "orders") and crm.owner == teams["Sales"].id
    assert {(a.level) for a in model.access} == {AccessLevel.READ, AccessLevel.NONE}
    kinds = {a.name: a.kind for a in model.activities}
    assert kinds["Approve refund"] is ActivityKind.DECISION
    outcome = next(a for a in model.activities if a.name == "Happy customer")
    assert outcome.inputs == ("activity:answer-query",)
    (handoff,) = model.handoffs
    assert handoff.sla_hours == 24 and handoff.owner is None
    origins = sorted(e.source_id for e in model.escalations)
    assert origins == ["activity:approve-refund", "team:support"]
    assert model.decision_rights[0].level is RightLevel.RECOMMEND
    assert model.metrics[0].owner is None and model.metrics[0].activity
    assert model.name == "Retail" and model.settings == {"owner": "PMO"}
    assert [(r.old, r.new, r.kind) for r in model.renames] == [("Customer Care", "Support",
                                                                 "team")]
    assert {s.role for s in report.sheets} == {
        "settings", "teams", "systems", "access", "activities", "raci", "handoffs",
        "escalations", "decision_rights", "metrics", "renames"}


def test_unknown_names_get_did_you_mean_with_both_cells(make_workbook):
    sheets = {**FULL, "RACI": [["Activity", "Sales", "Suport"], ["Take order", "A", "R"]],
              "Access": [["Team", "System", "Access"], ["Support", "CMR", "read"]]}
    result = load(make_workbook(sheets))
    by_code = {i.code: i for i in result.report.errors}
    team = by_code[IssueCode.UNKNOWN_TEAM]
    assert team.where.cell == "C1" and "Did you mean 'Support' (Teams!A3)?" in team.hint
    system = by_code[IssueCode.UNKNOWN_SYSTEM]
    assert system.where.cell == "B2" and "'CRM'" in system.hint
    # The typo'd column's roles are kept, so no activity loses its responsible party.
    assert any(a.code == "R" for a in result.model.assignments)


def test_bad_values_are_reported_and_the_rows_still_imported(make_workbook):
    sheets = {**FULL,
              "Handoffs": [["From", "To", "Owner", "SLA hours"], ["Sales", "Support", "", "soon"],
                           ["", "Support", "", ""]],
              "Teams": [*FULL["Teams"], ["Sales", "team", "", "", "", "", None],
                        ["Legal", "department", "", "maybe", "", "", None]]}
    result = load(make_workbook(sheets))
    codes = Counter(i.code for i in result.report.issues)
    assert codes[IssueCode.INVALID_NUMBER] == 1
    assert codes[IssueCode.MISSING_VALUE] == 1
    assert codes[IssueCode.DUPLICATE_NAME] == 1
    assert codes[IssueCode.UNKNOWN_VALUE] == 2  # kind 'department', customer_facing 'maybe'
    assert len(result.model.handoffs) == 1
    assert "Legal" in {t.name for t in result.model.teams}


def test_unknown_sheets_are_listed_as_ignored(make_workbook):
    result = load(make_workbook({"RACI": WIDE, "Budget": [["line", "amount"], ["x", 1]]}))
    assert ("Budget", "ignored") in {(s.name, s.role) for s in result.report.sheets}
    assert any(i.code is IssueCode.IGNORED_SHEET for i in result.report.issues)


def test_matrix_found_on_an_unnamed_sheet_among_others(make_workbook):
    cover = [["Project", "Orion"], ["Date", "2024-01-01"]]
    result = load(make_workbook({"Cover": cover, "Sheet2": WIDE}))
    assert len(result.model.activities) == 3


def test_no_matrix_at_all_is_one_clear_error(make_workbook):
    with pytest.raises(NoMatrixError, match="no sheet holds a RACI matrix"):
        load(make_workbook({"Cover": [["Project", "Orion"]]}))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_in_common_encodings(tmp_path, encoding):
    path = tmp_path / "raci.csv"
    path.write_text("Activity;Équipe Vente;Support\nPrise de commande – web;A/R;I\n",
                    encoding=encoding)
    result = load(path)
    assert [t.name for t in result.model.teams] == ["Équipe Vente", "Support"]
    assert result.model.activities[0].name == "Prise de commande – web"
