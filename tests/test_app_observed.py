"""The app's Observed tab: a log held against the model, the mapping shown for editing,
the seam map drawn, and the planted deviations listed.

AppTest cannot upload files, so the demo log exercises the page and a broken upload is fed
to the same cached reader the uploader feeds (as tests/test_app.py does for workbooks).
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from opmodel.errors import OpmodelError
from opmodel.ui.observed import _read
from tests.conftest import ROOT


def _app(sample: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.sidebar.selectbox[0].select(sample).run()
    next(r for r in at.radio if r.key == "page").set_value("Observed").run()
    return at


def test_without_a_log_the_tab_explains_what_to_upload():
    at = _app("bank_complaint_handling.xlsx")
    assert not at.exception and not at.error
    assert any("Upload an export of your ticket system" in i.value for i in at.info)


def test_demo_log_shows_metrics_mapping_map_and_each_kind_of_deviation():
    at = _app("retail_order_to_resolution.xlsx")
    at.radio(key="obs_source").set_value("Generate a demo log from this model").run()
    assert not at.exception and not at.error
    labels = {m.label: m.value for m in at.metric}
    assert labels["Unmapped groups"] == "1" and int(labels["Seams observed"]) > 3
    assert any("recognised as generic" in c.value for c in at.caption)
    texts = [m.value.replace("**", "") for m in at.markdown]
    for title in ("Ping-pong seams (1)", "Slow seams (1)", "Undocumented seams (1)",
                  "Designed seams unused (1)", "Unmapped groups (1)"):
        assert title in texts, (title, texts)
    assert "Log groups and model teams (edit the team column to correct the mapping)" in texts
    assert at.get("graphviz_chart")


def test_a_broken_log_is_one_sentence():
    with pytest.raises(OpmodelError, match="not a recognised event log"):
        _read("x", b"a,b\n1,2\n", "notes.csv")
