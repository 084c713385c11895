"""The RACI page: the matrix re-drawn as a heatmap with the rows that break rules.

Section headings show as heading rows, Activity and Findings stay pinned at the left, and a
matrix over ``PAGED_ABOVE`` rows is shown a page at a time, so that a 100,000-activity
matrix styles and sends only the rows on screen.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis
from opmodel.ui.common import derived, safe_frame

PAGED_ABOVE = 200
PALETTE = {"A": "#f4b6b6", "R": "#b6d7f4", "C": "#fde8b0", "I": "#e3e3e3", "D": "#f4b6b6",
           "P": "#b6d7f4", "S": "#c9e7c9", "V": "#e0ccf2"}
STRONGEST = "ADRPSVCIO"  # a combined code ("R/A") is coloured by its strongest role
HEADING = "background-color: #39424e; color: #ffffff; font-weight: bold"


def shade(value: Any) -> str:
    """The cell's colour: its strongest role's."""
    if not isinstance(value, str) or not value or "," in value:
        return ""
    letters = [c for c in value.upper() if c in STRONGEST]
    if not letters:
        return ""
    return f"background-color: {PALETTE.get(min(letters, key=STRONGEST.index), '#eee')}"


def _pager(total: int) -> tuple[int, int]:
    """Page size and page number widgets (only for matrices over ``PAGED_ABOVE`` rows)."""
    if total <= PAGED_ABOVE:
        return 1, total or 1
    size_col, page_col, note_col = st.columns([1, 1, 3])
    size = size_col.selectbox("Rows per page", views.PAGE_SIZES,
                              index=views.PAGE_SIZES.index(200), key="raci_page_size")
    count = views.pages(total, size)
    page = page_col.number_input("Page", min_value=1, max_value=count, value=1, step=1,
                                 key="raci_page")
    first = size * (int(page) - 1) + 1
    note_col.caption(f"Page {int(page):,} of {count:,} · rows {first:,}–"
                     f"{min(total, first + size - 1):,} of {total:,}")
    return int(page), size


def render(analysis: Analysis, key: str | None = None) -> None:
    matrix = (views.raci_matrix(analysis.model, analysis.document) if key is None else
              derived(key, "raci_matrix",
                      lambda: views.raci_matrix(analysis.model, analysis.document)))
    st.caption("Rows with a Findings entry break a rule (codes on the Findings page); dark "
               "rows are the matrix's section headings. Red: accountable, blue: responsible, "
               "amber: consulted, grey: informed.")
    page, size = _pager(len(matrix))
    frame = safe_frame(matrix.page(page, size))
    sections = list(frame[views.SECTION]) if views.SECTION in frame else []
    roles = [c for c in frame.columns if c not in ("Activity", "Findings", views.SECTION)]

    def heading(row: Any) -> list[str]:
        return [HEADING if sections[row.name] else ""] * len(row)

    styled = frame.style.map(shade, subset=roles).apply(heading, axis=1)
    st.dataframe(styled, hide_index=True, width="stretch",
                 column_order=["Activity", "Findings", *roles],
                 column_config={
                     "Activity": st.column_config.TextColumn("Activity", pinned=True),
                     "Findings": st.column_config.TextColumn(
                         "Findings", pinned=True, help="Rules this row breaks"),
                 })
