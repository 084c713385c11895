"""The Graph page: the seam map first, then a team, a node's neighbourhood or a journey.

Everything below the page's own header runs in a fragment, so a filter or a selection
redraws only the graph; the seam map, the search index and the findings per node are
computed once per analysis and kept with it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis
from opmodel.explore import Explorer
from opmodel.model import journey_id
from opmodel.seammap import SeamMap
from opmodel.ui.common import derived, frame_html, report_of, seam_map
from opmodel.viz import (
    EDGE_CAP,
    NODE_CAP,
    TEAM_KINDS,
    expansions,
    findings_by_node,
    readable_seams,
    seam_view,
)
from opmodel.viz import render as draw

MODES = ["Seam map", "One team", "Around a node", "One journey"]
GROUPS, FINDINGS = 50, 500  # offered for highlighting: the most severe first
OWNERSHIP = {"any": "every seam", "unowned": "with a handoff nobody owns",
             "none": "with no owner at all"}
FRAME_HEIGHT = 700


def _flagged(analysis: Analysis, key: str) -> dict[str, list[str]]:
    return derived(key, "flagged", lambda: findings_by_node(analysis.result.findings))


def _names(analysis: Analysis, key: str) -> list[tuple[str, str, str]]:
    """(folded name, id, type) of every team, system, activity and journey."""
    def build() -> list[tuple[str, str, str]]:
        model = analysis.model
        rows = [(t.name, t.id, "team") for t in model.teams]
        rows += [(s.name, s.id, "system") for s in model.systems]
        rows += [(a.name, a.id, "activity") for a in model.activities]
        rows += [(j, journey_id(j), "journey")
                 for j in sorted({a.journey for a in model.activities if a.journey})]
        return [(name.casefold(), node, kind) for name, node, kind in rows]
    return derived(key, "names", build)


def search(analysis: Analysis, key: str, text: str, limit: int = 50) -> list[tuple[str, str]]:
    """Nodes whose name contains ``text``: exact and prefix matches first."""
    needle = text.casefold().strip()
    if not needle:
        return []
    hits = [(name, node, kind) for name, node, kind in _names(analysis, key) if needle in name]
    hits.sort(key=lambda h: (h[0] != needle, not h[0].startswith(needle), len(h[0]), h[0]))
    return [(node, kind) for _, node, kind in hits[:limit]]


def _legend() -> str:
    kinds = " · ".join(f"{kind}" for kind in TEAM_KINDS)
    ownership = " · ".join(f"{word}: {what}" for word, what in (
        ("green", "every handoff has an owner"), ("amber", "some have"),
        ("red", "none has")))
    return (f"Teams by kind ({kinds}); size: activities they are accountable or responsible "
            f"for; red ring: has findings. Seams: {ownership}; width: handoff count; dashed: "
            "inferred from step order; two arrow heads: work goes both ways. Click a team to "
            "expand it; the breadcrumb collapses.")


def _highlights(analysis: Analysis, key: str) -> list[tuple[str, list[str]]]:
    """What can be highlighted, as (label, subject ids): the things to fix as the overview
    lists them (each one subject with every finding about it), then the most severe
    findings (the same rows as the Findings page)."""
    def build() -> list[tuple[str, list[str]]]:
        groups = report_of(analysis, key).groups[:GROUPS]
        rows = derived(key, "findings_rows", lambda: views.findings_rows(analysis.document))
        subjects = {f["fingerprint"]: [s["id"] for s in f["subjects"]]
                    for f in analysis.document["findings"]}
        return ([(f"To fix ({g.severity}): {g.title[:80]}", [s["id"] for s in g.subjects])
                 for g in groups]
                + [(f"{r['rule']} · {r['message'][:70]}", subjects[r["fingerprint"]])
                   for r in rows[:FINDINGS]])
    return derived(key, "highlights", build)


def seam_controls(seams: SeamMap, prefix: str) -> dict[str, Any]:
    """The seam map's layer toggles, ownership filter and (for a busy map) the number of
    seams shown, as ``seam_view`` keywords; widget keys start with ``prefix``."""
    a, b, c, d = st.columns([1, 1, 2, 2])
    chosen: dict[str, Any] = {
        "escalations": a.toggle("Escalations", key=f"{prefix}_esc",
                                help="draw who escalates to whom, as a second layer"),
        "systems": b.toggle("Systems", key=f"{prefix}_sys",
                            help="draw team access to systems"),
        "ownership": c.selectbox("Seams", list(OWNERSHIP), key=f"{prefix}_owned",
                                 format_func=OWNERSHIP.__getitem__),
        "seam_limit": len(seams.seams)}
    readable = readable_seams(len(seams.teams))
    if len(seams.seams) > readable:
        chosen["seam_limit"] = d.slider(
            "Busiest seams shown", 10, len(seams.seams), readable, key=f"{prefix}_limit",
            help="the lighter seams are folded; a team's click shows all of its own")
    return chosen


def render(analysis: Analysis, key: str) -> None:
    st.caption(_legend())
    explorer(analysis, key)


@st.fragment
def explorer(analysis: Analysis, key: str) -> None:
    """The explorer's widgets and the view they select."""
    model = analysis.model
    flagged = _flagged(analysis, key)
    top = st.columns([2, 3, 2])
    found = top[0].text_input("Search", key="g_search",
                              placeholder="a team, system, activity or journey")
    hits = search(analysis, key, found) if found else []
    labels = {node: name for name, node, _ in _names(analysis, key)} if hits else {}
    chosen = top[1].selectbox(
        f"{len(hits)} matches" if found else "Matches", [None, *hits], key="g_hit",
        format_func=lambda h: "(pick one to focus it)" if h is None
        else f"{_display(analysis, h[0], labels)} ({h[1]})")
    choices = _highlights(analysis, key)
    picked = top[2].selectbox("Highlight a thing to fix or a finding",
                              [None, *range(len(choices))], key="g_find",
                              format_func=lambda i: "(none)" if i is None else choices[i][0])
    subjects = choices[picked][1] if picked is not None else []
    mode = st.radio("Show", MODES, horizontal=True, key="g_mode",
                    index=2 if chosen else 0)
    if chosen is not None:
        mode = "Around a node"
    if mode == "Seam map":
        seams = derived(key, "seammap", lambda: seam_map(analysis))
        chosen_layers = seam_controls(seams, "g")
        expand = derived(key, "expansions", lambda: expansions(model, seams, flagged))
        view = seam_view(model, flagged, highlight=subjects, seams=seams, expand=expand,
                         height=f"{FRAME_HEIGHT - 50}px", **chosen_layers)
    else:
        view = _detail(analysis, key, mode, chosen, subjects, flagged)
        if view is None:
            return
    if view.note:
        st.warning(view.note)
    st.caption(f"Showing {view.nodes:,} nodes and {view.edges:,} edges (at most {NODE_CAP} "
               f"and {EDGE_CAP}). PNG and SVG export the view as it is drawn.")
    frame_html(view.html, FRAME_HEIGHT)


def _display(analysis: Analysis, node: str, labels: dict[str, str]) -> str:
    graph_names = {t.id: t.name for t in analysis.model.teams}
    return graph_names.get(node) or labels.get(node, node)


def explorer_of(analysis: Analysis, key: str) -> Explorer:
    """The slim graph the detail views are cut from (prepared after the upload)."""
    return derived(key, "explorer", lambda: Explorer(analysis.model, _flagged(analysis, key)))


def _detail(analysis: Analysis, key: str, mode: str, chosen: tuple[str, str] | None,
            subjects: list[str], flagged: dict[str, list[str]]) -> Any:
    cutter = explorer_of(analysis, key)
    teams = sorted(analysis.model.teams, key=lambda t: t.name)
    scheme = analysis.model.scheme
    height = f"{FRAME_HEIGHT - 50}px"
    if mode == "One team":
        team = st.selectbox("Team", teams, key="g_team", format_func=lambda t: t.name)
        if team is None:
            return None
        piece = cutter.team_work(team.id)
        focus: str | None = team.id
    elif mode == "One journey":
        journeys = sorted(analysis.index.journeys)
        if not journeys:
            st.info("No journeys in this model.")
            return None
        journey = st.selectbox("Journey", journeys, key="g_journey")
        piece, focus = cutter.journey(journey), None
    else:
        a, b = st.columns(2)
        focus = chosen[0] if chosen else (subjects[0] if subjects else None)
        if focus is None or focus not in cutter.nodes:
            st.info("Search for a node above (or highlight a finding) to see its "
                    "neighbourhood.")
            return None
        depth = a.slider("Depth", 1, 3, 1, key="g_depth")
        within = b.selectbox("Only what touches team", [None, *teams], key="g_team_filter",
                             format_func=lambda t: "(any team)" if t is None else t.name)
        piece = cutter.around(focus, depth, team=within.id if within else None)
    if piece.note:
        st.info(piece.note)
    return draw(piece.graph, flagged, focus=focus, highlight=subjects, scheme=scheme,
                height=height)
