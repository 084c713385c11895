"""The Overview page: the index, its components, counts and the top findings."""

from __future__ import annotations

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis
from opmodel.reports.document import COMPONENTS, INDEX_SENTENCE


def _import_errors_notice(analysis: Analysis) -> None:
    """Say plainly when cells the importer could not read changed the analysis."""
    errors = analysis.document["import"]["errors"]
    if not errors:
        return
    rows = {(e["sheet"], e["row"]) for e in errors}
    st.warning(f"**{len(errors)} import error(s) changed this analysis:** the cells below "
               "were not read, so findings on their rows (a missing accountable, an idle "
               f"team) may come from the error, not the workbook's intent. {len(rows)} row(s) "
               "are affected; fix them or set the scheme (all of them are on the Import tab).")
    with st.expander(f"The {len(errors)} import error(s)"):
        st.dataframe(errors, hide_index=True, width="stretch",
                     column_order=["cell", "sheet", "row", "message"])


def render(analysis: Analysis) -> None:
    _import_errors_notice(analysis)
    index = analysis.document["index"]
    left, right = st.columns([1, 3])
    value = index["value"]
    left.metric("Fragmentation index", "–" if value is None else f"{value} / 100",
                help=INDEX_SENTENCE)
    right.caption(INDEX_SENTENCE)
    for name, component in index["components"].items():
        title, what = COMPONENTS[name]
        if component["assessed"]:
            right.progress(component["value"] or 0.0,
                           text=f"{title}: {component['numerator']} of "
                                f"{component['denominator']} {what}")
        else:
            right.markdown(f"*{title}: not assessed — {component.get('reason', '')}*")
    counts = analysis.model.counts()
    for column, (label, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(label.capitalize(), count)
    journeys = [{"journey": n, "index": j["value"]} for n, j in index["journeys"].items()]
    if journeys:
        st.markdown("**Per journey** (higher is more fragmented)")
        st.dataframe(sorted(journeys, key=lambda j: -(j["index"] or 0)), hide_index=True)
    rows = views.findings_rows(analysis.document)
    st.markdown(f"**Top findings** ({len(rows)} in all)")
    st.dataframe(rows[:8], hide_index=True, width="stretch",
                 column_order=["severity", "rule", "message", "cell"])
