"""The app's tables offer a CSV download (st.dataframe's toolbar): a name that a spreadsheet
would read as a formula must reach it neutralised, on the Overview and the Observed pages."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SAMPLES

HOSTILE = '=HYPERLINK("http://x")'
SHOWN = "'" + HOSTILE  # what the table (and so its CSV download) carries
RENAMED = "Customer Service"  # a team on many seams of the retail sample


@pytest.fixture
def hostile_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The retail sample with one team renamed to a formula, kept as text in every cell,
    opened as the only sample of the app."""
    book = openpyxl.load_workbook(SAMPLES / "retail_order_to_resolution.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == RENAMED:
                    cell.value = HOSTILE
                    cell.data_type = "s"  # text, as a user typing '=... would store it
    folder = tmp_path / "samples"
    folder.mkdir()
    book.save(folder / "hostile.xlsx")
    monkeypatch.setenv("OPMODEL_SAMPLES_DIR", str(folder))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception and not at.error
    return at


def _cells(at: AppTest) -> list[str]:
    return [str(v) for d in at.dataframe for column in d.value.columns
            for v in d.value[column]]


def test_overview_tables_neutralise_formula_names(hostile_app: AppTest):
    cells = _cells(hostile_app)
    assert SHOWN in cells, cells
    assert HOSTILE not in cells


def test_observed_tables_neutralise_formula_names(hostile_app: AppTest):
    at = hostile_app
    next(r for r in at.radio if r.key == "page").set_value("Observed").run()
    at.radio(key="obs_source").set_value("Generate a demo log from this model").run()
    assert not at.exception and not at.error
    texts = [m.value.replace("**", "") for m in at.markdown]
    assert "Undocumented seams (1)" in texts, texts
    observed = [d.value for d in at.dataframe if "subjects" in d.value.columns]
    subjects = [str(s) for frame in observed for s in frame["subjects"]]
    # the seam from the renamed team starts with its name: neutralised, never raw
    assert any(s.startswith(SHOWN) for s in subjects), subjects
    assert not any(s.startswith(HOSTILE) for s in subjects)
    # the editable mapping table shows the group and its team neutralised too, and the
    # mapping read back from it keeps the real name (the group is not left unmapped)
    (editor,) = [d.value for d in at.dataframe if "how" in d.value.columns]
    row = editor[editor["group"] == SHOWN]
    assert list(row["team"]) == [SHOWN]
    assert HOSTILE not in {str(v) for column in editor.columns for v in editor[column]}
    assert "Unmapped groups (1)" in texts  # only the demo's planted unmapped group


def test_raci_heatmap_neutralises_a_formula_team_name(hostile_app: AppTest):
    at = hostile_app
    next(r for r in at.radio if r.key == "page").set_value("RACI").run()
    assert not at.exception and not at.error
    (table,) = at.dataframe
    assert SHOWN in list(table.value.columns) and HOSTILE not in list(table.value.columns)
    assert SHOWN in table.proto.column_order  # the styled, paged table still shows it
