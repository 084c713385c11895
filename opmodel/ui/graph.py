"""The Graph page: the interactive graph explorer."""

from __future__ import annotations

import streamlit as st

from opmodel.analysis import Analysis
from opmodel.viz import COLOURS, NODE_CAP, STATIC_CAP, findings_by_node, select
from opmodel.viz import render as draw


def render(analysis: Analysis) -> None:
    graph = analysis.graph
    a, b, c = st.columns(3)
    types = a.multiselect("Node types", list(COLOURS), default=["team", "system", "activity"])
    edges = b.multiselect("Edge types", sorted({d["type"] for _, _, d in graph.edges(data=True)}))
    physics = c.toggle("Physics", value=True,
                       help=f"on: up to {NODE_CAP} nodes; off: up to {STATIC_CAP}")
    d, e, f, g = st.columns(4)
    journey = d.selectbox("Journey", [None, *sorted(analysis.index.journeys)], key="g_journey",
                          format_func=lambda j: "(all)" if j is None else j)
    team = e.selectbox("Team", [None, *sorted(analysis.model.teams, key=lambda t: t.name)],
                       format_func=lambda t: "(all)" if t is None else t.name, key="g_team")
    focus = f.selectbox("Around node", [None, *sorted(graph)], key="g_focus",
                        format_func=lambda n: "(none)" if n is None else
                        f"{graph.nodes[n]['name']} ({graph.nodes[n]['type']})")
    depth = g.slider("Depth", 1, 4, 1, disabled=focus is None)
    sub = select(graph, node_types=types or None, journey=journey,
                 team=team.id if team is not None else None, focus=focus, depth=depth)
    flagged = findings_by_node(analysis.result.findings)
    view = draw(sub, flagged, edge_types=edges or None, physics=physics)
    legend = " ".join(f"<span style='color:{colour}'>●</span> {kind}"
                      for kind, colour in COLOURS.items())
    st.markdown(f"{legend} · red border: has findings · dashed edge: inferred seam",
                unsafe_allow_html=True)
    if view.aggregated:
        st.warning(view.note)
    st.caption(f"Showing {view.nodes} nodes and {view.edges} edges.")
    st.iframe(view.html, height=680)
