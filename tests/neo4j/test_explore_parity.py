"""The explorer read from Neo4j (opmodel.neo4j.explore) shows what the in-memory explorer
shows: on every sample and on a generated model, the seam map (teams, kinds, work, seams
with counts/ownership/journeys, escalations, access, positions, what was folded), every
team's expansion and neighbourhoods of teams, activities and a finding's subjects are equal.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from opmodel import load
from opmodel.explore import Explorer, Piece
from opmodel.generate import GeneratorSpec, write_workbook
from opmodel.model import OperatingModel
from opmodel.neo4j import explore as remote
from opmodel.neo4j.connection import Neo4jError
from opmodel.neo4j.push import push
from opmodel.rules import run
from opmodel.seammap import SeamMap, build
from opmodel.viz import findings_by_node, team_work_of
from tests.conftest import SAMPLES

SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.xlsx"))


def seam_signature(seams: SeamMap) -> dict[str, object]:
    return {
        "teams": seams.teams, "kinds": seams.kinds, "work": +seams.work,
        "seams": [(s.source, s.target, s.count, s.owned, s.inferred,
                   list(s.journeys.items())) for s in seams.seams],
        "escalations": seams.escalations, "escalated": dict(seams.escalated),
        "access": seams.access, "systems": seams.systems,
        "positions": seams.positions, "folded": (seams.folded, seams.folded_handoffs),
    }


def piece_signature(piece: Piece) -> dict[str, object]:
    graph: nx.MultiDiGraph = piece.graph
    nodes = {n: (d["type"], d["name"], (d["source"].sheet, d["source"].row, d["source"].column)
                 if d["source"] else None) for n, d in graph.nodes(data=True)}
    edges = Counter((s, t, d["type"], d["role"], d["owner"], d["inferred"])
                    for s, t, d in graph.edges(data=True))
    return {"nodes": nodes, "edges": edges, "matched": piece.matched}


def assert_views_equal(connection, model_id: str, model: OperatingModel,
                       edge_cap: int = 300) -> None:
    push(connection, model, model_id)
    flagged = findings_by_node(run(model).findings)
    assert seam_signature(remote.seam_map(connection, model_id, edge_cap)) == seam_signature(
        build(model, edge_cap))
    assert remote.expansions_work(connection, model_id, flagged) == team_work_of(
        model, {t.id for t in model.teams}, flagged)
    local = Explorer(model, flagged)
    for team in model.teams:
        assert piece_signature(remote.team_work(connection, model_id, team.id, flagged)) == \
            piece_signature(local.team_work(team.id)), team.id
    # neighbourhoods: a team, an activity and a finding's first subject, at depths 1 and 2,
    # with and without a team filter, capped small so the ranking decides what is drawn
    focuses = [model.teams[0].id, model.activities[len(model.activities) // 2].id,
               *sorted(flagged)[:1]]
    for focus in focuses:
        for depth in (1, 2):
            for within in (None, model.teams[-1].id):
                assert piece_signature(remote.around(
                    connection, model_id, focus, depth, cap=40, team=within, flagged=flagged)
                ) == piece_signature(local.around(focus, depth, cap=40, team=within)), (
                    focus, depth, within)


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_sample_views_equal_in_memory(connection, model_id, sample):
    assert_views_equal(connection, model_id, load(SAMPLES / sample).model)


def test_generated_model_views_equal_in_memory(connection, model_id, tmp_path):
    spec = GeneratorSpec(activities=1500, teams=25, seed=3, defect_rate=0.2)
    model = load(write_workbook(spec, tmp_path / "generated.xlsx")).model
    # a small edge cap so that folding (and the layout of what is kept) is compared too
    assert_views_equal(connection, model_id, model, edge_cap=40)


def test_a_model_never_pushed_is_named(connection):
    with pytest.raises(Neo4jError, match="No model 'never-pushed-here'.*neo4j push"):
        remote.seam_map(connection, "never-pushed-here")
