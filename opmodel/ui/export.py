"""The Export page: every report as a download."""

from __future__ import annotations

import streamlit as st

from opmodel.analysis import Analysis
from opmodel.reports import MEDIA_TYPES
from opmodel.ui.common import (
    report_bytes,
)


def render(analysis: Analysis, key: str) -> None:
    st.caption("Reports stand alone: no network fetches, user text escaped, no formulas.")
    for label, fmt, suffix in (("HTML report", "html", "html"), ("Excel report", "xlsx", "xlsx"),
                               ("Markdown", "md", "md"), ("JSON", "json", "json")):
        st.download_button(label, report_bytes(analysis, key, fmt),
                           f"{analysis.model.id}_fragmentation.{suffix}", MEDIA_TYPES[fmt],
                           key=f"dl_{fmt}")
