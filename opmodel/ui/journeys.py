"""The Journeys page: swimlanes per journey with owned and unowned seams."""

from __future__ import annotations

from itertools import takewhile

import networkx as nx
import streamlit as st

from opmodel.analysis import Analysis
from opmodel.graph import handoff_edges
from opmodel.ui.common import derived, frame_html
from opmodel.viz import findings_by_node, swimlane_svg


def _declared(analysis: Analysis) -> nx.MultiDiGraph:
    """Declared handoffs only (they come first, before the inferred ones): all a swimlane
    needs to tell owned seams, without building the whole graph of a big model."""
    graph = nx.MultiDiGraph()
    graph.add_edges_from(takewhile(lambda e: e[3]["type"] == "HANDOFF"
                                   and not e[3]["inferred"], handoff_edges(analysis.model)))
    return graph


def render(analysis: Analysis, key: str) -> None:
    names = sorted(analysis.index.journeys)
    if not names:
        st.info("No journeys: add a journey and step to the Activities sheet to see swimlanes.")
        return
    journey = st.selectbox("Journey", names, key="lane_journey")
    handoffs = derived(key, "declared_handoffs", lambda: _declared(analysis))
    flagged = derived(key, "flagged", lambda: findings_by_node(analysis.result.findings))
    svg = swimlane_svg(analysis.model, handoffs, journey, findings=flagged)
    # the page's own height: lanes grow with wrapped labels (the frame does not scroll down)
    frame_html(f'<body style="margin:0;font-family:sans-serif">{svg}</body>', height=_height(svg))


def _height(svg: str) -> int:
    """The frame height the drawing needs (its tallest SVG, plus the legend and a
    horizontal scroll bar), capped so that a very tall journey scrolls in the frame."""
    import re

    tallest = max(int(h) for h in re.findall(r'<svg[^>]* height="(\d+)"', svg))
    return min(tallest + 60, 1400)
