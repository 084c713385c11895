"""The RACI page: the matrix re-drawn as a heatmap with the rows that break rules."""

from __future__ import annotations

from typing import Any

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis
from opmodel.ui.common import safe_frame


def render(analysis: Analysis) -> None:
    rows = views.raci_rows(analysis.model, analysis.document)
    palette = {"A": "#f4b6b6", "R": "#b6d7f4", "C": "#fde8b0", "I": "#e3e3e3", "D": "#f4b6b6",
               "P": "#b6d7f4", "S": "#c9e7c9", "V": "#e0ccf2"}

    strongest = "ADRPSVCIO"  # a combined code ("R/A") is coloured by its strongest role

    def shade(value: Any) -> str:
        if not isinstance(value, str) or not value or "," in value:
            return ""
        letters = [c for c in value.upper() if c in strongest]
        if not letters:
            return ""
        return f"background-color: {palette.get(min(letters, key=strongest.index), '#eee')}"

    frame = safe_frame(rows)
    st.caption("Rows with a Findings entry break a rule; hover the cell for codes. "
               "Red: accountable, blue: responsible, amber: consulted, grey: informed.")
    styled = frame.style.map(shade, subset=[c for c in frame.columns
                                            if c not in ("Activity", "Findings")])
    st.dataframe(styled if len(frame) <= 2000 else frame, hide_index=True, width="stretch")
