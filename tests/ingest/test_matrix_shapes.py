"""Matrix shapes people keep that the importer once misread, each built with openpyxl."""

from __future__ import annotations

import pytest

from opmodel import load
from opmodel.analysis import analyze
from opmodel.ingest.report import IssueCode
from opmodel.schemes import Role


def _issues(result, code):
    return [i for i in result.report.issues if i.code is code]


def _roles(result):
    names = {t.id: t.name for t in result.model.teams}
    acts = {a.id: a.name for a in result.model.activities}
    return {(acts[a.activity], names[a.team], a.role) for a in result.model.assignments}


@pytest.mark.parametrize("corner", ["Role", None])
def test_transposed_matrix_is_detected_reported_and_read_the_right_way_round(make_workbook,
                                                                              corner):
    """Actors down the rows, activities across; cells hold a bold letter and a description.
    The corner cell names the actors, or (blank) each column has the one accountable."""
    rows = [[corner, "Draft plan", "Review plan", "Approve plan"],
            ["Project Manager", "**R** (Writes it)", "C", "**A** (Final certification)"],
            ["Sponsor", "A", "A", "I"],
            ["Quality Lead", "C", "**R** (Checks it)", "R"]]
    result = load(make_workbook({"RACI": rows}))
    (summary,) = result.report.sheets
    assert summary.layout == "transposed" and summary.actors == 3
    assert [a.name for a in result.model.activities] == ["Draft plan", "Review plan",
                                                         "Approve plan"]
    assert {t.name for t in result.model.teams} == {"Project Manager", "Sponsor", "Quality Lead"}
    (note,) = _issues(result, IssueCode.TRANSPOSED_MATRIX)
    assert "actors down column A" in note.message
    roles = _roles(result)
    assert ("Approve plan", "Project Manager", Role.ACCOUNTABLE) in roles
    assert ("Draft plan", "Project Manager", Role.RESPONSIBLE) in roles
    # The cell the finding points to is the sheet's own: Approve plan x Project Manager = D2.
    cell = next(a.source.cell for a in result.model.assignments
                if a.code == "A" and a.source.row == 2)
    assert cell == "D2"
    assert not result.report.errors


def test_a_normal_matrix_with_one_accountable_per_row_is_not_transposed(make_workbook):
    rows = [["Task", "Ops", "IT", "HR"], ["Ship", "A", "R", "I"], ["Bill", "R", "A", "C"],
            ["Hire", "C", "I", "A"]]
    result = load(make_workbook({"Sheet1": rows}))
    assert result.report.sheets[0].layout == "wide"
    assert not _issues(result, IssueCode.TRANSPOSED_MATRIX)


def test_lower_labels_repeating_under_upper_labels_are_one_actor_per_column(make_workbook):
    """A person's name merged over the hats they wear: 'Alice / Sponsor', not one 'Sponsor'."""
    rows = [[None, "Alice", None, "Bob", None],
            ["Activity", "Sponsor", "Reviewer", "Sponsor", "Reviewer"],
            ["Approve budget", "A", "C", "R", "I"],
            ["Review design", "I", "R", "C", "A"]]
    result = load(make_workbook({"RACI": rows}, merged={"RACI": ["B1:C1", "D1:E1"]}))
    names = sorted(t.name for t in result.model.teams)
    assert names == ["Alice / Reviewer", "Alice / Sponsor", "Bob / Reviewer", "Bob / Sponsor"]
    assert result.report.sheets[0].actors == 4
    assert ("Approve budget", "Alice / Sponsor", Role.ACCOUNTABLE) in _roles(result)
    assert len(_issues(result, IssueCode.QUALIFIED_ACTOR)) == 4
    assert not _issues(result, IssueCode.DUPLICATE_NAME)


def test_names_repeated_under_groups_are_distinct_and_blank_headers_are_ignored(make_workbook):
    """A template repeating names under Sponsor, Project Team, Other, one column unnamed."""
    rows = [["", "Sponsor", None, "Project Team", None, "Other", None, None],
            ["Deliverable", "Ann", "Ben", "Ann", "Ben", "Cy", None, "Dee"],
            ["Charter", "A", "C", "R", "I", "I", None, "C"],
            ["Plan", "I", "A", "R", "R", "C", None, "I"]]
    result = load(make_workbook({"RACI": rows}))
    names = sorted(t.name for t in result.model.teams)
    assert names == ["Cy", "Dee", "Project Team / Ann", "Project Team / Ben", "Sponsor / Ann",
                     "Sponsor / Ben"]
    notes = _issues(result, IssueCode.QUALIFIED_ACTOR)
    assert {n.where.cell for n in notes} == {"B2", "C2", "D2", "E2"}
    (blank,) = _issues(result, IssueCode.UNNAMED_COLUMN)
    assert blank.where.column == "G" and "'Other'" in blank.message
    # Functions come from the groups.
    assert {t.name: t.function for t in result.model.teams}["Sponsor / Ann"] == "Sponsor"


def test_declared_actor_columns_without_codes_are_kept_and_found_idle(make_workbook, tmp_path):
    rows = [["Activity", "Ops", "Legal", "IT"], ["Ship", "A", None, "R"],
            ["Fix", "R", None, "A"]]
    path = make_workbook({"RACI": rows})
    result = load(path)
    assert "Legal" in {t.name for t in result.model.teams}
    assert result.report.sheets[0].actors == 3
    (note,) = _issues(result, IssueCode.IDLE_ACTOR)
    assert note.where.cell == "C1"
    findings = analyze(path).result.findings
    assert any(f.rule == "OWN008" and "Legal" in f.message for f in findings)


def test_template_placeholders_are_reported_not_counted_as_actors(make_workbook):
    rows = [["Activity", "Ops", "Name or Role", "IT", "[Name of person or department]",
             "Role 1"],
            ["Ship", "A", None, "R", None, None], ["Fix", "R", None, "A", None, None]]
    result = load(make_workbook({"RACI": rows}))
    assert sorted(t.name for t in result.model.teams) == ["IT", "Ops"]
    assert result.report.sheets[0].actors == 2
    placeholders = _issues(result, IssueCode.PLACEHOLDER_ACTOR)
    assert sorted(i.where.cell for i in placeholders) == ["C1", "E1", "F1"]
    assert all("unfilled template placeholder" in i.message for i in placeholders)
    assert not _issues(result, IssueCode.IDLE_ACTOR)
