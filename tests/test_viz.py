"""Graph pages: self-contained, script-safe, capped; the seam map aggregates, lays out
deterministically and speaks the scheme's words."""

from __future__ import annotations

import json
import re

from opmodel import build_graph, load, seammap
from opmodel.analysis import analyze
from opmodel.generate import GeneratorSpec, write_workbook
from opmodel.viz import (
    EDGE_CAP,
    NODE_CAP,
    OWNERSHIP_COLOURS,
    findings_by_node,
    readable_seams,
    render,
    seam_view,
    select,
    team_work,
)
from tests.conftest import SAMPLES

HOSTILE = "<img src=x onerror=alert(1)>"
RETAIL = SAMPLES / "retail_order_to_resolution.xlsx"


def _data(html: str, name: str) -> list[dict]:
    return json.loads(re.search(rf"var {name} = (.*?);\n", html).group(1))


def test_page_is_self_contained_and_escapes_user_text(make_workbook):
    path = make_workbook({"RACI": [["Activity", HOSTILE, "</script><script>alert(2)"],
                                   ["Refund via href", "A", "R"]]})
    graph = build_graph(load(path).model)
    view = render(graph, {"team:img-src-x-onerror-alert-1": [f"{HOSTILE} is accountable"]})
    assert HOSTILE not in view.html and "</script><script>alert(2)" not in view.html
    assert not re.findall(r'(?:src|href)="https?://', view.html)
    assert "innerHTML" not in view.html.split("<script>", 2)[2]  # our script: text only
    assert "default-src 'none'" in view.html  # no request can leave the page
    names = {n["label"] for n in _data(view.html, "NODES")}
    assert any(HOSTILE in n for n in names)  # text: the JSON escaping decodes back to it


def test_findings_are_highlighted_and_focus_marked():
    graph = build_graph(load(RETAIL).model)
    view = render(select(graph, focus="team:cx-council"),
                  {"team:cx-council": ["Accountable but advisory"]}, focus="team:cx-council")
    council = next(n for n in _data(view.html, "NODES") if n["id"] == "team:cx-council")
    assert council["borderWidth"] == 5 and "Accountable but advisory" in council["title"]
    assert (council["x"], council["y"]) == (0.0, 0.0)  # the focus sits in the middle


def test_seam_map_is_one_node_per_team_with_counted_seams():
    analysis = analyze(RETAIL)
    view = seam_view(analysis.model, findings_by_node(analysis.result.findings))
    nodes, edges = _data(view.html, "NODES"), _data(view.html, "EDGES")
    assert {n["id"] for n in nodes} == {t.id for t in analysis.model.teams}
    pairs = [(e["from"], e["to"]) for e in edges]
    assert len(pairs) == len(set(pairs))  # one edge per ordered pair
    assert all(e["color"]["color"] in {"#2e9e62", "#e6a817", "#d62728"} for e in edges)
    assert all("x" in n and "y" in n for n in nodes)
    again = seam_view(analysis.model, findings_by_node(analysis.result.findings))
    assert again.html == view.html  # the same model always draws the same picture
    expand = json.loads(re.search(r"var EXPAND = (.*?);\n", view.html).group(1))
    labels = {e["title"] for team in expand.values() for e in team["edges"]}
    assert "R · Responsible" in labels and "A · Accountable" in labels


def test_escalations_are_layered_above_who_escalates():
    analysis = analyze(RETAIL)
    view = seam_view(analysis.model, escalations=True)
    y = {n["id"]: n["y"] for n in _data(view.html, "NODES")}
    escalations = [e for e in _data(view.html, "EDGES") if e["label"] == "escalates"]
    assert escalations
    assert all(y[e["to"]] < y[e["from"]] for e in escalations)  # drawn higher up


def test_highlight_fades_everything_else():
    analysis = analyze(RETAIL)
    seam = next(f for f in analysis.result.findings if f.rule == "SEAM001")
    teams = [s.id for s in seam.subjects if s.type == "team"]
    view = seam_view(analysis.model, highlight=teams)
    nodes = {n["id"]: n for n in _data(view.html, "NODES")}
    assert all(nodes[t]["borderWidth"] == 5 for t in teams)
    assert all(n["color"]["background"] == "#e4e7eb" for i, n in nodes.items() if i not in teams)
    lit = [e for e in _data(view.html, "EDGES") if e["color"]["color"] != "#e4e7eb"]
    assert lit and all(e["from"] in teams and e["to"] in teams for e in lit)


def test_large_models_stay_under_the_caps(tmp_path):
    path = write_workbook(GeneratorSpec(activities=3000, teams=40), tmp_path / "big.xlsx")
    analysis = analyze(path)
    seams = seam_view(analysis.model)
    assert seams.edges <= EDGE_CAP and seams.nodes == 40
    layered = seam_view(analysis.model, escalations=True, systems=True)
    assert layered.edges <= EDGE_CAP and "folded" in layered.note
    rows = {n["y"] for n in _data(layered.html, "NODES") if n["kind"] == "team"}
    assert len(rows) <= 12  # long escalation chains are banded, not a team per row
    team = analysis.model.teams[0].id
    view = render(team_work(analysis.graph, team), focus=team)
    assert view.nodes <= NODE_CAP and view.edges <= EDGE_CAP
    assert view.aggregated and "left out" in view.note
    assert team in {n["id"] for n in _data(view.html, "NODES")}
    drawn = _data(view.html, "EDGES")
    assert all(team in (e["from"], e["to"]) for e in drawn)  # the team's own edges first


def test_a_busy_seam_map_shows_the_busiest_seams_and_says_what_it_folded(tmp_path):
    path = write_workbook(GeneratorSpec(activities=3000, teams=20), tmp_path / "busy.xlsx")
    analysis = analyze(path)
    seams = seammap.build(analysis.model)
    total = sum(s.count for s in seams.seams)
    assert len(seams.seams) > readable_seams(20)  # every team hands work to most others
    view = seam_view(analysis.model, seams=seams, seam_limit=readable_seams(20))
    edges = _data(view.html, "EDGES")
    # the 40 busiest seams, two directions between the same teams drawn as one line
    assert len(edges) < readable_seams(20) and len(edges) < len(seams.seams) // 2
    assert any(e["arrows"] == "to, from" for e in edges)
    assert len({frozenset((e["from"], e["to"])) for e in edges}) == len(edges)
    drawn = sum(int(e["label"].replace(",", "")) for e in edges)
    folded = re.search(r"([\d,]+) lighter seams \(([\d,]+) of ([\d,]+) handoffs\)", view.note)
    assert folded, view.note
    assert drawn + int(folded.group(2).replace(",", "")) == total == int(
        folded.group(3).replace(",", ""))
    assert int(folded.group(1)) == len(seams.seams) - readable_seams(20)
    # a highlighted seam is drawn even when it is among the lighter ones
    light = seams.seams[-1]
    lit = seam_view(analysis.model, seams=seams, seam_limit=readable_seams(20),
                    highlight=[light.source, light.target])
    assert {light.source, light.target} in [{e["from"], e["to"]}
                                            for e in _data(lit.html, "EDGES")]


def test_a_busy_escalation_layer_keeps_the_most_used_links(tmp_path):
    path = write_workbook(GeneratorSpec(activities=3000, teams=20), tmp_path / "busy.xlsx")
    model = analyze(path).model
    seams = seammap.build(model)
    limit = readable_seams(20)
    assert len(seams.escalations) > limit
    assert set(seams.escalated) == set(seams.escalations)
    assert sum(seams.escalated.values()) > len(seams.escalations)  # links carry many paths
    view = seam_view(model, seams=seams, seam_limit=limit, escalations=True)
    drawn = [(e["from"], e["to"]) for e in _data(view.html, "EDGES") if e["id"].startswith("e:")]
    assert len(drawn) == limit // 2  # a second layer: half the seams' budget
    folded = set(seams.escalations) - set(drawn)
    assert min(seams.escalated[p] for p in drawn) >= max(seams.escalated[p] for p in folded)
    assert f"{len(folded):,} of {len(seams.escalations):,} escalation links" in view.note


def test_the_seam_map_can_show_only_seams_nobody_owns():
    analysis = analyze(RETAIL)
    seams = seammap.build(analysis.model)
    view = seam_view(analysis.model, seams=seams, ownership="none")
    edges = _data(view.html, "EDGES")
    unowned = [s for s in seams.seams if s.ownership == "none"]
    assert unowned and edges
    assert all(e["color"]["color"] == OWNERSHIP_COLOURS["none"] for e in edges)
    assert {frozenset((s.source, s.target)) for s in unowned} == {
        frozenset((e["from"], e["to"])) for e in edges}
    assert "folded" in view.note


def test_filters_compose_and_keep_the_focus():
    graph = build_graph(load(RETAIL).model)
    near = select(graph, focus="team:cx-council", depth=1)
    assert "team:cx-council" in near and all(
        graph.has_edge("team:cx-council", n) or graph.has_edge(n, "team:cx-council")
        for n in near if n != "team:cx-council")
    focus = next(iter(set(near) - {"team:cx-council"}))
    both = select(graph, focus=focus, depth=2, team="team:customer-service")
    assert focus in both
    assert set(both) <= set(select(graph, focus=focus, depth=2))
    teams_only = select(graph, node_types={"team"})
    assert {d["type"] for _, d in teams_only.nodes(data=True)} == {"team"}
