"""The same model gives the same findings whatever the layout, scheme letters or row order."""

from __future__ import annotations

import pytest

from opmodel import load
from opmodel.generate import GeneratorSpec, write_workbook
from opmodel.rules import run

TEAMS = [["name", "customer_facing"], ["Sales", "yes"], ["Service", "yes"], ["Ops", "no"],
         ["IT", "no"], ["COO", "no"], ["Legal", "no"], ["Finance", "no"]]
ACTIVITIES = [["name", "journey", "step", "kind"],
              ["Take order", "Order", 1, "activity"], ["Pick order", "Order", 2, "activity"],
              ["Ship order", "Order", 3, "activity"], ["Answer query", "Order", 4, "activity"],
              ["Approve credit", "", "", "decision"]]
# activity -> team -> letters
ROLES = {
    "Take order": {"Sales": "AR", "Service": "I"},
    "Pick order": {"Ops": "R"},
    "Ship order": {"Ops": "A", "Sales": "A", "Service": "R"},
    "Answer query": {"Service": "AR", "Sales": "C", "Ops": "C", "IT": "C", "Legal": "C",
                     "Finance": "C"},
    "Approve credit": {"Finance": "A"},
}
OTHER = {
    "Handoffs": [["from", "to", "sla_hours"], ["Sales", "Ops", ""]],
    "Escalations": [["from", "to", "time_limit_hours"], ["Service", "COO", 4],
                    ["Ops", "IT", ""], ["IT", "Ops", 8]],
}
MATRIX_TEAMS = ["Sales", "Service", "Ops", "IT", "Legal", "Finance"]


def wide(sheet="RACI"):
    rows = [["Activity", *MATRIX_TEAMS]]
    for activity, cells in ROLES.items():
        rows.append([activity, *("/".join(cells.get(t, "")) for t in MATRIX_TEAMS)])
    return {sheet: rows}


def long():
    rows = [["Activity", "Team", "Code"]]
    for activity, cells in ROLES.items():
        rows += [[activity, team, "/".join(letters)] for team, letters in cells.items()]
    return {"RACI": rows}


def by_letter():
    rows = [["Activity", "R", "A", "C", "I"]]
    for activity, cells in ROLES.items():
        rows.append([activity, *(", ".join(t for t, letters in cells.items() if letter in letters)
                                 for letter in "RACI")])
    return {"RACI": rows}


def workbook(matrix, **extra):
    return {"Teams": TEAMS, "Activities": ACTIVITIES, **matrix, **OTHER, **extra}


def signature(result):
    return sorted((f.rule, f.fingerprint, tuple(s.name for s in f.subjects))
                  for f in result.findings)


@pytest.fixture
def findings(analyze):
    def go(sheets, **kwargs):
        _, result = analyze(sheets, **kwargs)
        assert result.rule_errors == []
        return signature(result)
    return go


def test_wide_long_and_by_letter_give_the_same_findings(findings):
    reference = findings(workbook(wide()))
    assert {rule for rule, _, _ in reference} >= {"OWN001", "OWN002", "OWN003", "OWN007",
                                                   "SEAM001", "SEAM004", "ESC002", "ESC003"}
    assert findings(workbook(long())) == reference
    assert findings(workbook(by_letter())) == reference


def test_raci_and_rasci_give_the_same_findings(findings):
    reference = findings(workbook(wide()))
    assert findings(workbook(wide("RASCI"))) == reference
    assert findings(workbook(wide(), Settings=[["key", "value"], ["scheme", "rasci"]])) == (
        reference)


def test_fingerprints_survive_row_reordering(findings):
    def reversed_rows(sheets):
        return {name: [rows[0], *reversed(rows[1:])] for name, rows in sheets.items()}

    reference = findings(workbook(wide()))
    assert findings(reversed_rows(workbook(wide()))) == reference
    assert findings(reversed_rows(workbook(long()))) == reference


def test_locations_follow_the_layout(analyze):
    _, in_wide = analyze(workbook(wide()), select=["OWN002"])
    _, in_long = analyze(workbook(long()), select=["OWN002"])
    assert in_wide.flatten(["cells"]) == [(
        ("Activities!A4", "RACI!B4", "RACI!D4", "Teams!A4", "Teams!A2"),)]
    assert in_long.flatten(["cells"])[0][0][1:3] == ("RACI!C5", "RACI!C6")


def test_generated_models_agree_across_layouts(tmp_path):
    results = {}
    for layout in ("wide", "long", "by-letter"):
        path = write_workbook(GeneratorSpec(activities=200, teams=10, layout=layout, seed=3),
                              tmp_path / f"{layout}.xlsx")
        result = run(load(path).model)
        assert result.rule_errors == []
        results[layout] = signature(result)
    assert results["wide"] and results["wide"] == results["long"] == results["by-letter"]
