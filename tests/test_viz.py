"""The graph page: self-contained, escaped, capped, rolled up above the cap."""

from __future__ import annotations

import json
import re

from opmodel import build_graph, load
from opmodel.generate import GeneratorSpec, write_workbook
from opmodel.viz import NODE_CAP, render, select
from tests.conftest import SAMPLES

HOSTILE = "<img src=x onerror=alert(1)>"


def _nodes(html: str) -> list[dict]:
    raw = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", html, re.S).group(1)
    return json.loads(raw)


def test_page_is_self_contained_and_escapes_user_text(make_workbook):
    path = make_workbook({"RACI": [["Activity", HOSTILE, "</script><script>alert(2)"],
                                   ["Refund", "A", "R"]]})
    graph = build_graph(load(path).model)
    view = render(graph, {"team:img-src-x-onerror-alert-1": [f"{HOSTILE} is accountable"]})
    assert HOSTILE not in view.html and "</script><script>alert(2)" not in view.html
    assert not re.findall(r'(?:src|href)="https?://', view.html)
    names = {n["label"] for n in _nodes(view.html)}
    assert HOSTILE in names  # shown as text: the JSON escaping decodes back to the name


def test_findings_are_highlighted():
    graph = build_graph(load(SAMPLES / "retail_order_to_resolution.xlsx").model)
    view = render(graph, {"team:cx-council": ["Accountable but advisory"]})
    council = next(n for n in _nodes(view.html) if n["id"] == "team:cx-council")
    assert council["borderWidth"] == 4 and "Accountable but advisory" in council["title"]


def test_large_models_are_rolled_up_to_teams_under_the_cap(tmp_path):
    path = write_workbook(GeneratorSpec(activities=2000, teams=15), tmp_path / "big.xlsx")
    graph = build_graph(load(path).model)
    view = render(graph)
    assert view.aggregated and view.nodes <= NODE_CAP and "folded into the teams" in view.note
    assert {n["kind"] for n in _nodes(view.html)} <= {"team", "system"}


def test_neighbourhood_and_journey_filters():
    graph = build_graph(load(SAMPLES / "retail_order_to_resolution.xlsx").model)
    near = select(graph, focus="team:cx-council", depth=1)
    assert "team:cx-council" in near and all(
        graph.has_edge("team:cx-council", n) or graph.has_edge(n, "team:cx-council")
        for n in near if n != "team:cx-council")
    teams_only = select(graph, node_types={"team"})
    assert {d["type"] for _, d in teams_only.nodes(data=True)} == {"team"}
