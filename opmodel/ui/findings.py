"""The Findings page: filter, pick one, read why it matters and where it sits.

Names come from the uploaded workbook, so they are shown as text (Markdown escaped),
never as Markdown or HTML: an activity called ``![b](http://…)`` fetches nothing.
"""

from __future__ import annotations

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis
from opmodel.reports.document import SEVERITIES
from opmodel.reports.safe import markdown as text
from opmodel.ui.common import derived, frame_html, table
from opmodel.ui.graph import explorer_of
from opmodel.viz import render as draw

TABLE_ROWS = 2000  # rows sent to the browser: a 100k model has ~34,000 findings


def render(analysis: Analysis, key: str) -> None:
    rows = derived(key, "findings_rows", lambda: views.findings_rows(analysis.document))
    findings_list(analysis, key, rows)


@st.fragment
def findings_list(analysis: Analysis, key: str, rows: list[dict[str, str]]) -> None:
    """Filters, the table and the picked finding: reruns alone when they change."""
    a, b, c = st.columns(3)
    families = a.multiselect("Family", sorted({r["family"] for r in rows}))
    severities = b.multiselect("Severity", [s for s in SEVERITIES
                                            if any(r["severity"] == s for r in rows)])
    rules = c.multiselect("Rule", sorted({r["rule"] for r in rows}))
    d, e, f = st.columns(3)
    team = d.selectbox("Team", [None, *sorted(t.name for t in analysis.model.teams)],
                       format_func=lambda t: "(all)" if t is None else t)
    journey = e.selectbox("Journey", [None, *sorted(analysis.index.journeys)],
                          format_func=lambda j: "(all)" if j is None else j)
    needle = f.text_input("Search")
    shown = views.filter_findings(rows, families=families, severities=severities, rules=rules,
                                  team=team, journey=journey, text=needle)
    if len(shown) > TABLE_ROWS:
        st.caption(f"{len(shown):,} of {len(rows):,} findings; the {TABLE_ROWS:,} most severe "
                   "are listed: filter to see others (every report lists them all)")
        shown = shown[:TABLE_ROWS]
    else:
        st.caption(f"{len(shown):,} of {len(rows):,} findings")
    event = table(shown, hide_index=True, width="stretch", on_select="rerun",
                  selection_mode="single-row", key="findings_table",
                  column_order=["severity", "rule", "slug", "message", "cell", "teams",
                                "journeys"])
    picked = event.selection.rows if event is not None else []
    if not picked:
        st.info("Select a finding to see why it matters, what to do, and where it sits.")
        return
    row = shown[picked[0]]
    finding = next(f for f in analysis.document["findings"]
                   if f["fingerprint"] == row["fingerprint"])
    from opmodel.rules.registry import REGISTRY

    meta = REGISTRY[finding["rule"]].meta
    st.subheader(f"{meta.id} {meta.title}")
    st.markdown(text(finding["message"]))
    st.markdown(f"**Why it matters.** {text(meta.rationale)}")
    st.markdown(f"**What to do.** {text(finding['remediation'])}")
    st.markdown("**Source cells:** " + ", ".join(
        text(f"{loc['sheet']}!{loc['cell']}") for loc in finding["locations"]))
    cutter = explorer_of(analysis, key)
    focus = [s["id"] for s in finding["subjects"] if s["id"] in cutter.nodes]
    if focus:
        piece = cutter.around(focus[0], 1, cap=120)
        wanted = [n for n in focus if n not in piece.graph]
        near = cutter.subgraph([*piece.graph, *wanted]) if wanted else piece.graph
        flagged = {s: [finding["message"]] for s in focus}
        view = draw(near, flagged, focus=focus[0], highlight=focus,
                    scheme=analysis.model.scheme, height="430px")
        frame_html(view.html, 490)
