"""The sheet table (opmodel/sheets.py) is what the importer, template and docs page read."""

from __future__ import annotations

import pytest

from opmodel import load
from opmodel.docs import WORKBOOK_PATH, main, render_workbook_markdown
from opmodel.export import write_template
from opmodel.sheets import READ_SHEETS, SHEETS


def test_workbook_page_is_up_to_date():
    assert WORKBOOK_PATH.read_text(encoding="utf-8") == render_workbook_markdown(), (
        "docs/workbook.md is stale: run `python -m opmodel.docs`")
    assert main(["--check"]) == 0


def test_workbook_page_documents_every_sheet_and_column():
    text = render_workbook_markdown()
    for spec in SHEETS.values():
        assert f"## {spec.title}" in text
        for column in spec.columns:
            assert f"| `{column.name}` |" in text


def test_template_reads_back_with_every_sheet_recognised(tmp_path):
    report = load(write_template(tmp_path / "template.xlsx")).report
    roles = {s.name: s.role for s in report.sheets}
    expected = {spec.title: spec.role for spec in READ_SHEETS if spec.in_template}
    assert roles == {**expected, "Notes": "ignored"}
    assert all(s.rows >= 1 for s in report.sheets if s.role != "ignored")


@pytest.mark.parametrize("spec", [s for s in READ_SHEETS if s.role not in ("raci", "settings")],
                         ids=lambda s: s.role)
def test_last_alias_of_each_sheet_and_required_column_is_read(spec, make_workbook):
    """A sheet and its required columns named by their least common aliases still import."""
    header = [c.keys[-1] for c in spec.read_columns if c.required]
    path = make_workbook({"RACI": [["Activity", "Ops"], ["Ship", "A/R"]],
                          spec.aliases[-1]: [header, ["x"] * len(header)]})
    summary = {s.name: s for s in load(path).report.sheets}[spec.aliases[-1]]
    assert summary.role == spec.role and summary.rows == 1


def test_a_journeys_sheet_is_read_with_its_owner(make_workbook):
    path = make_workbook({"RACI": [["Activity", "Ops"], ["Ship", "A/R"]],
                          "Journeys": [["name", "owner"], ["Order to cash", "Ops"]]})
    result = load(path)
    roles = {s.name: s.role for s in result.report.sheets}
    assert roles["Journeys"] == "journey_sheet"
    (journey,) = result.model.journeys
    assert journey.name == "Order to cash" and journey.owner == "team:ops"
