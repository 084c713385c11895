"""The Journeys page: swimlanes per journey with owned and unowned seams."""

from __future__ import annotations

import streamlit as st

from opmodel.analysis import Analysis
from opmodel.ui.common import frame_html
from opmodel.viz import swimlane_svg


def render(analysis: Analysis) -> None:
    names = sorted(analysis.index.journeys)
    if not names:
        st.info("No journeys: add a journey and step to the Activities sheet to see swimlanes.")
        return
    journey = st.selectbox("Journey", names, key="lane_journey")
    frame_html(swimlane_svg(analysis.model, analysis.graph, journey), height=520)
