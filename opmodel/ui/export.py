"""The Export page: the brief and every report as a download, named after the workbook."""

from __future__ import annotations

from functools import partial

import streamlit as st

from opmodel.analysis import Analysis
from opmodel.reports import MEDIA_TYPES, SUFFIXES
from opmodel.ui.common import report_bytes, report_of

DOWNLOADS = (("One-page brief (HTML, prints on one page)", "brief", "brief"),
             ("HTML report", "html", "fragmentation"),
             ("Excel report with the action log", "xlsx", "fragmentation"),
             ("Markdown", "md", "fragmentation"), ("JSON", "json", "fragmentation"))


def render(analysis: Analysis, key: str) -> None:
    """One download button per format, each file made only when its button is clicked
    (all five at once took half a minute at 100,000 activities)."""
    report = report_of(analysis, key)
    st.caption("Reports stand alone: no network fetches, user text escaped, no formulas. "
               "The brief is the page to send an executive; the Excel report's Actions "
               "sheet is the log to fill in (`opmodel analyze FILE --actions last.xlsx` "
               "carries it forward).")
    for label, fmt, what in DOWNLOADS:
        st.download_button(label, partial(report_bytes, analysis, key, fmt),
                           report.file_name(SUFFIXES[fmt], what), MEDIA_TYPES[fmt],
                           key=f"dl_{fmt}", on_click="ignore")  # no rerun racing the file
