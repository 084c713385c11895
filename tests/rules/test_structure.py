"""Graph algorithms behind STR001, STR002 and ESC003, checked against networkx."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from opmodel.config import config_from_dict
from opmodel.model import Escalation, Handoff, OperatingModel, Team
from opmodel.rules import run
from opmodel.rules.structure import articulation_parts


@pytest.mark.parametrize("seed", range(30))
def test_articulation_parts_match_brute_force(seed):
    rng = random.Random(seed)
    graph = nx.gnm_random_graph(rng.randint(2, 14), rng.randint(1, 18), seed=seed)
    parts = articulation_parts(graph)
    assert set(parts) == set(nx.articulation_points(graph))
    for node, groups in parts.items():
        component = nx.node_connected_component(graph, node)
        pieces = sorted(map(sorted, nx.connected_components(graph.subgraph(component - {node}))))
        listed = sorted(map(sorted, groups))
        # every listed group is a whole piece; exactly one piece ("the rest") is not listed
        assert all(group in pieces for group in listed)
        assert len(listed) == len(pieces) - 1


def _teams(count):
    return tuple(Team(id=f"team:t{n}", name=f"T{n}", extra={}, source=None)
                 for n in range(count))


def test_escalation_loops_are_reported_once_per_group():
    rng = random.Random(1)
    teams = _teams(600)
    pairs = {(rng.randrange(600), rng.randrange(600)) for _ in range(3000)}
    escalations = tuple(Escalation(source_id=f"team:t{a}", target_team=f"team:t{b}",
                                   time_limit_hours=4, extra={}, source=None)
                        for a, b in sorted(pairs) if a != b)
    model = OperatingModel(id="m", name="m", teams=teams, escalations=escalations,
                           provided=frozenset({"teams", "escalations"}))
    result = run(model, select=["ESC003"])
    graph = nx.DiGraph((e.source_id, e.target_team) for e in escalations)
    groups = [g for g in nx.strongly_connected_components(graph) if len(g) > 1]
    assert len(result.findings) == len(groups) >= 1
    for finding in result.findings:
        loop = finding.evidence["cycle"]
        assert loop[0] == loop[-1] and len(loop) >= 3
        assert finding.evidence["size"] == len(finding.subjects)


def test_betweenness_is_sampled_above_the_documented_size():
    teams = _teams(8)
    handoffs = tuple(Handoff(source_team="team:t0", target_team=t.id, sla_hours=4,
                             owner="team:t0", extra={}, source=None) for t in teams[1:])
    model = OperatingModel(id="m", name="m", teams=teams, handoffs=handoffs,
                           provided=frozenset({"teams", "handoffs"}))
    exact = run(model, select=["STR002"])
    config = config_from_dict({"thresholds": {"betweenness_exact_max_teams": 4,
                                              "betweenness_sample": 5}})
    sampled = [run(model, select=["STR002"], config=config) for _ in range(2)]
    assert [f.evidence["sampled"] for f in exact.findings] == [False]
    assert sampled[0].findings and sampled[0].findings[0].evidence["sampled"] is True
    assert sampled[0].flatten(["fingerprint"]) == sampled[1].flatten(["fingerprint"])
    assert [f.evidence["betweenness"] for f in sampled[0].findings] == [
        f.evidence["betweenness"] for f in sampled[1].findings]
