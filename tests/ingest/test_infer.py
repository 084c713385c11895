"""Decisions are read from activity names when the workbook gives no kind (issue 10), and
each one is listed in the import report with its cell."""

from __future__ import annotations

from opmodel import load
from opmodel.ingest.report import IssueCode, Level
from opmodel.model import ActivityKind
from opmodel.rules import run
from tests.rules.conftest import make_workbook


def test_a_plain_matrix_gets_its_decisions_from_their_names(tmp_path):
    path = make_workbook(tmp_path, {"RACI": [
        ["Activity", "Alif", "Bea"],
        ["Approval process", "R", "C"],
        ["Go/no-go for launch", "A", "R"],
        ["Sign off the budget", "A/R", ""],
        ["Authorize refund", "R", "A"],
        ["Waive late fee", "A/R", ""],
        ["Build the release", "A/R", ""],
        ["Unacceptable delays review", "A/R", ""],
    ]})
    loaded = load(path)
    kinds = {a.name: a.kind for a in loaded.model.activities}
    assert [name for name, kind in kinds.items() if kind is ActivityKind.DECISION] == [
        "Approval process", "Go/no-go for launch", "Sign off the budget", "Authorize refund",
        "Waive late fee"]
    inferred = [i for i in loaded.report.issues if i.code is IssueCode.DECISION_INFERRED]
    assert [(str(i.where), i.level) for i in inferred] == [
        (f"RACI!A{row}", Level.INFO) for row in (2, 3, 4, 5, 6)]
    assert "'Approval process' (RACI!A2) was read as a decision" in inferred[0].message
    # the decision rules now judge the plain matrix: nobody can make the approval
    result = run(loaded.model, select=["GOV003"])
    assert [f.subjects[0].name for f in result.findings] == ["Approval process"]


def test_a_stated_kind_is_never_overridden(tmp_path):
    path = make_workbook(tmp_path, {
        "Activities": [["name", "kind"], ["Approve invoice", "activity"],
                       ["Decide on refund", ""]],
        "RACI": [["Activity", "Alif"], ["Approve invoice", "A/R"], ["Decide on refund", "A/R"]]})
    loaded = load(path)
    kinds = {a.name: a.kind for a in loaded.model.activities}
    assert kinds == {"Approve invoice": ActivityKind.ACTIVITY,
                     "Decide on refund": ActivityKind.DECISION}
    assert [str(i.where) for i in loaded.report.issues
            if i.code is IssueCode.DECISION_INFERRED] == ["Activities!A3"]
