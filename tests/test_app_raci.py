"""The RACI page: section headings as rows, Findings pinned beside the activity, paging."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from opmodel.generate import GeneratorSpec, write_workbook
from tests.conftest import ROOT


def _raci(monkeypatch: pytest.MonkeyPatch, folder: str, sample: str) -> AppTest:
    monkeypatch.setenv("OPMODEL_SAMPLES_DIR", folder)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180).run()
    at.sidebar.selectbox[0].select(sample).run()
    next(r for r in at.radio if r.key == "page").set_value("RACI").run()
    assert not at.exception and not at.error
    return at


def test_section_headings_show_as_rows_with_findings_beside_the_activity(monkeypatch):
    at = _raci(monkeypatch, str(ROOT / "sample_models"), "bare_raci.xlsx")
    (table,) = at.dataframe
    frame = table.value
    activities = list(frame["Activity"])
    # bare_raci's headings, in sheet order, each above the activities of its section
    for heading, first in [("Phase 1 — Discovery", "Agree project scope and budget"),
                           ("Phase 2 — Design", "Produce sitemap and wireframes"),
                           ("Build", "Build page templates"),
                           ("Launch & hypercare", "Approve go-live")]:
        assert activities[activities.index(heading) + 1] == first
    build = frame[frame["Activity"] == "Build"].iloc[0]
    assert build["section"] and not build["Findings"]
    tracking = frame[frame["Activity"] == "Set up analytics tracking"].iloc[0]
    assert tracking["Findings"] == "OWN001, OWN003"
    assert table.proto.column_order[:2] == ["Activity", "Findings"]
    assert "section" not in table.proto.column_order  # the marker is not shown
    assert not at.number_input  # 21 rows: no pager


def test_a_large_matrix_is_paged(monkeypatch, tmp_path):
    write_workbook(GeneratorSpec(activities=5000, teams=12, seed=3), tmp_path / "big.xlsx")
    at = _raci(monkeypatch, str(tmp_path), "big.xlsx")
    (caption,) = [c.value for c in at.caption if c.value.startswith("Page ")]
    assert caption == "Page 1 of 25 · rows 1–200 of 5,000"
    assert len(at.dataframe[0].value) == 200
    at.number_input(key="raci_page").set_value(25).run()
    (caption,) = [c.value for c in at.caption if c.value.startswith("Page ")]
    assert caption == "Page 25 of 25 · rows 4,801–5,000 of 5,000"
    at.selectbox(key="raci_page_size").set_value(1000).run()
    (caption,) = [c.value for c in at.caption if c.value.startswith("Page ")]
    assert caption == "Page 1 of 5 · rows 1–1,000 of 5,000"  # a new size starts again
    assert len(at.dataframe[0].value) == 1000


def test_a_page_opening_inside_a_section_repeats_its_heading():
    from opmodel import views
    from opmodel.analysis import analyze

    analysis = analyze(ROOT / "sample_models" / "bare_raci.xlsx")
    matrix = views.raci_matrix(analysis.model, analysis.document)
    second = matrix.page(2, 8)  # row 9 is "Run accessibility review" in Design
    assert [r["Activity"] for r in second[:3]] == [
        "Phase 2 — Design (continued)", "Write page copy", "Run accessibility review"]
    assert second[0][views.SECTION] and len(second) == 9
    assert second[1]["Marketing"] == "R/C" and second[1]["IT Security"] == ""  # all filled
    assert views.pages(len(matrix), 8) == 3 and views.pages(0, 8) == 1
