"""Cutting views out of a big model without its whole graph: capped, focus kept, counted."""

from __future__ import annotations

import pytest

from opmodel.analysis import analyze
from opmodel.explore import Explorer
from opmodel.generate import GeneratorSpec, write_workbook
from opmodel.viz import findings_by_node, select
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    path = write_workbook(GeneratorSpec(activities=3000, teams=20),
                          tmp_path_factory.mktemp("big") / "big.xlsx")
    analysis = analyze(path)
    return analysis, Explorer(analysis.model, findings_by_node(analysis.result.findings))


def test_a_team_expands_to_its_work_under_the_cap(big):
    analysis, explorer = big
    team = analysis.model.teams[0].id
    piece = explorer.team_work(team, cap=120)
    assert team in piece.graph and piece.graph.number_of_nodes() <= 120
    assert piece.matched > 120 and "nodes match" in piece.note
    roles = {d["role"] for _, _, d in piece.graph.out_edges(team, data=True)
             if d["type"] == "ASSIGNED"}
    assert roles & {"accountable", "responsible"}  # the work it does comes first


def test_around_a_node_with_a_team_keeps_the_node(big):
    analysis, explorer = big
    activity = analysis.model.activities[10].id
    team = analysis.model.teams[-1].id
    piece = explorer.around(activity, depth=2, team=team, cap=80)
    assert activity in piece.graph and piece.graph.number_of_nodes() <= 80
    assert set(piece.graph) - {activity} <= {team, *explorer.neighbours(team)}


def test_the_cut_matches_the_full_graph_on_the_sample():
    analysis = analyze(SAMPLES / "retail_order_to_resolution.xlsx")
    explorer = Explorer(analysis.model)
    piece = explorer.around("team:cx-council", depth=1)
    assert set(piece.graph) == set(select(analysis.graph, focus="team:cx-council"))
    assert piece.note == ""
    journey = sorted(analysis.index.journeys)[0]
    steps = [n for n, d in analysis.graph.nodes(data=True)
             if d["type"] == "activity" and d.get("journey") == journey]
    assert set(steps) <= set(explorer.journey(journey).graph)
