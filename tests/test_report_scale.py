"""The HTML report of a big model stays a page a person can open: what it embeds is
bounded by the documented caps (graph nodes and edges, swimlanes, steps per lane), and
the page says what it left out. Counts, not timings (timings: benchmarks/)."""

from __future__ import annotations

import html
import json
import re

import pytest

from opmodel.analysis import analyze
from opmodel.generate import GeneratorSpec, write_workbook
from opmodel.reports import render
from opmodel.reports.html import MAX_GROUPS, MAX_SWIMLANES
from opmodel.viz import EDGE_CAP, NODE_CAP


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    path = write_workbook(GeneratorSpec(activities=5000, teams=20),
                          tmp_path_factory.mktemp("scale") / "model_5000.xlsx")
    analysis = analyze(path)
    return analysis, render(analysis, "html").decode()


def _embedded(page: str, name: str) -> list[dict]:
    """The node or edge list the report's graph frame hands to vis-network."""
    frame = html.unescape(re.search(r'<iframe title="interactive graph" srcdoc="(.*?)"',
                                    page, re.S).group(1))
    return json.loads(re.search(rf"var {name} = (.*?);\n", frame).group(1))


def test_graph_embeds_at_most_the_caps_and_says_what_it_left_out(big):
    analysis, page = big
    nodes, edges = _embedded(page, "NODES"), _embedded(page, "EDGES")
    total = analysis.graph.number_of_nodes()
    assert total > NODE_CAP  # the model is big enough for the cap to matter
    assert len(nodes) == NODE_CAP and len({n["id"] for n in nodes}) == NODE_CAP
    assert 0 < len(edges) <= EDGE_CAP
    drawn = {n["id"] for n in nodes}
    assert all(e["from"] in drawn and e["to"] in drawn for e in edges)
    assert f"{total:,} nodes match; the {NODE_CAP:,} best connected are drawn " \
           f"({total - NODE_CAP:,} left out)" in page
    # nodes with findings are kept first: every drawn node is one, marked with a red border
    assert all(n["borderWidth"] > 1 for n in nodes)


def test_swimlanes_and_groups_are_capped_with_the_rest_counted(big):
    analysis, page = big
    lanes = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="swimlane".*?</svg>',
                       page, re.S)
    journeys = len(analysis.index.journeys)
    assert journeys > MAX_SWIMLANES and len(lanes) == MAX_SWIMLANES
    assert f"{journeys - MAX_SWIMLANES} more journeys not drawn." in page
    for lane in lanes:
        steps = lane.count('rx="6"')
        assert steps in range(1, 41) and lane.count("<line ") == steps - 1
    groups = len(analysis.document["groups"])
    assert groups > MAX_GROUPS and page.count('<div class="group ') == MAX_GROUPS
    assert f"…and {groups - MAX_GROUPS} more groups" in page
    assert len(page) < 3_000_000  # one page to open and mail, not the model
