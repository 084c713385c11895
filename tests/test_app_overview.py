"""The app's Overview and Export pages (issue 11): the verdict with its coverage, groups
as the headline list, the trend when a history exists."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from opmodel.cli import main
from tests.conftest import ROOT, SAMPLES


def _overview(sample: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.sidebar.selectbox[0].select(sample).run()
    assert not at.exception and not at.error
    return at


def test_overview_states_coverage_and_lists_groups_most_severe_first():
    at = _overview("bare_raci.xlsx")
    texts = [m.value for m in at.markdown]
    pattern = re.compile(r"provisional: \d of \d components assessed; between \d+ and \d+")
    assert any(pattern.search(t) for t in texts), texts
    groups = next(d.value for d in at.dataframe if "what to fix" in d.value.columns)
    assert list(groups.columns[:3]) == ["severity", "what to fix", "owner"]
    order = ["critical", "high", "medium", "low", "info"]
    ranks = [order.index(s) for s in groups["severity"]]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_overview_draws_the_trend_when_a_history_exists(tmp_path, monkeypatch, capsys):
    history = tmp_path / "history"
    for _ in range(2):
        assert main(["analyze", str(SAMPLES / "retail_order_to_resolution.xlsx"),
                     "--history", str(history)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("OPMODEL_HISTORY_DIR", str(history))
    at = _overview("retail_order_to_resolution.xlsx")
    assert any(m.value == "**The index over time**" for m in at.markdown)
    assert any("0 group(s) closed, 0 opened" in c.value for c in at.caption)
