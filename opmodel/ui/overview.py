"""The Overview page: the verdict in words (coverage and range), the moves that matter,
the trend when a history exists, then what to fix as groups, most severe first."""

from __future__ import annotations

import streamlit as st

from opmodel.analysis import Analysis
from opmodel.reports.model import COMPONENTS, INDEX_SENTENCE, Report
from opmodel.reports.trend import changes
from opmodel.ui.common import report_of, table

GROUPS_SHOWN = 25


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
        table(errors, hide_index=True, width="stretch",
              column_order=["cell", "sheet", "row", "message"])


def render(analysis: Analysis, key: str | None = None) -> None:
    """Lay out the overview of one analysis (its report kept with it under ``key``)."""
    _import_errors_notice(analysis)
    report = report_of(analysis, key)
    index = report.index
    left, right = st.columns([1, 3])
    left.metric("Fragmentation index", "–" if index.value is None else f"{index.value} / 100",
                help=INDEX_SENTENCE)
    right.markdown(f"**{index.sentence()}**")
    right.markdown(report.headline())
    if index.coverage.missing:
        right.caption("Not assessed: " + "; ".join(
            f"{m['component'].replace('_', ' ')} (needs {m['needs']})"
            for m in index.coverage.missing))
    if report.moves:
        st.markdown("**The moves that matter most** (each applied after the ones above it)")
        table([{"#": n, "move": m.title, "index after": m.index_after}
               for n, m in enumerate(report.moves, start=1)], hide_index=True, width="stretch")
    _trend(report)
    _groups(report)
    st.markdown("**Components**")
    st.caption(INDEX_SENTENCE)
    for name, component in index.components.items():
        title, what = COMPONENTS.get(name, (name.replace("_", " ").capitalize(), "items"))
        if component.get("assessed") and component.get("value") is not None:
            st.progress(float(component["value"]),
                        text=f"{title}: {component['numerator']} of "
                             f"{component['denominator']} {what}")
        else:
            st.markdown(f"*{title}: not assessed — {component.get('reason', '')}*")
    journeys = sorted(((n, j.get("value")) for n, j in index.journeys.items()),
                      key=lambda nv: -(nv[1] or 0))
    if journeys:
        st.markdown("**Per journey** (higher is more fragmented)")
        table([{"journey": n, "index": v} for n, v in journeys], hide_index=True)


def _groups(report: Report) -> None:
    st.markdown(f"**What to fix** ({len(report.groups)}) — most severe first; each line is "
                "one subject (a handoff, a decision, a team) with every finding about it.")
    rows = [{"severity": g.severity, "what to fix": g.title,
             "owner": g.owner or "Model owner", "findings": len(g.findings),
             "what to do": g.remediation} for g in report.groups[:GROUPS_SHOWN]]
    if rows:
        table(rows, hide_index=True, width="stretch")
    if len(report.groups) > GROUPS_SHOWN:
        st.caption(f"…and {len(report.groups) - GROUPS_SHOWN} more: the Findings page and "
                   "the Excel report's Actions sheet list them all.")


def _trend(report: Report) -> None:
    points = [s for s in report.history if s.get("index") is not None]
    if len(points) < 2:
        return
    st.markdown("**The index over time**")
    # Dates on a time axis and the index on its whole 0-100 scale, so a flat trend reads as
    # flat at its level (an auto-scaled axis made two equal points an empty chart).
    st.vega_lite_chart(
        {"date": [s["date"][:19] for s in points], "index": [s["index"] for s in points]},
        {"mark": {"type": "line", "point": True},
         # day and time on the axis: runs on the same day (a review session) stay apart
         "encoding": {"x": {"field": "date", "type": "temporal", "title": None,
                            "axis": {"format": "%d %b %H:%M", "labelAngle": 0}},
                      "y": {"field": "index", "type": "quantitative",
                            "scale": {"domain": [0, 100]},
                            "title": "index (100: fragmented)"}},
         "height": 200})
    for change in changes(report.history)[-3:]:
        st.caption(change.sentence() + (f" Closed: {'; '.join(change.closed[:3])}."
                                        if change.closed else ""))
