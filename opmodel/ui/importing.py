"""The Import page: what was understood, sheet by sheet, with every issue's cell."""

from __future__ import annotations

import streamlit as st

from opmodel.analysis import Analysis
from opmodel.ui.common import table


def render(analysis: Analysis) -> None:
    imported = analysis.document["import"]
    st.markdown(f"**Scheme:** {analysis.model.scheme.value.upper()} "
                f"(from {analysis.report.scheme_source or 'default'})")
    st.markdown("**Sheets understood**")
    table(imported["sheets"], hide_index=True, width="stretch")
    if imported["phase_rows"]:
        st.markdown("**Section headings** (rows read as phases, not activities)")
        table(imported["phase_rows"], hide_index=True, width="stretch")
    issues = [{"level": "error", **i} for i in imported["errors"]] + [
        {"level": "warning/note", **i} for i in imported["warnings"]]
    st.markdown(f"**Import report** — {len(imported['errors'])} error(s), "
                f"{len(imported['warnings'])} warning(s) and notes; every row names its cell")
    table(issues, hide_index=True, width="stretch",
                 column_order=["level", "sheet", "row", "column", "cell", "code", "message"])
