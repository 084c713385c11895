"""The What-if page: apply remediations and watch the index move."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis
from opmodel.export import export_model
from opmodel.reports import MEDIA_TYPES
from opmodel.reports.safe import markdown as text

SENDER, RECEIVER = "the seam's sending team", "the seam's receiving team"


def render(base: Analysis, current: Analysis) -> None:
    edits: list[views.Edit] = st.session_state.setdefault("edits", [])
    teams = sorted(t.name for t in base.model.teams)
    st.caption("Try a remediation; the findings and the index update. The uploaded file is "
               "never changed.")
    seams = views.seam_choices(base.document)
    with st.form("seam"):
        st.markdown("**Give a seam an owner**")
        seam = st.selectbox("Seam", seams, format_func=lambda s: f"{s[0]} → {s[1]}"
                            + (f" ({s[2]})" if s[2] else ""))
        # the seam's own teams first: they, not an advisory body, can own a handoff
        owner = st.selectbox("Owner", [SENDER, RECEIVER, *teams])
        if st.form_submit_button("Apply", disabled=not seams) and seam:
            chosen = seam[0] if owner == SENDER else seam[1] if owner == RECEIVER else owner
            edits.append(views.Edit("seam-owner", (seam[0], seam[1], chosen, seam[2])))
            st.rerun()  # recompute the analysis above with the new edit
    with st.form("access"):
        st.markdown("**Grant access to a system**")
        team = st.selectbox("Team", teams, key="acc_team")
        system = st.selectbox("System", sorted(s.name for s in base.model.systems))
        level = st.radio("Level", ["read", "write"], horizontal=True)
        if st.form_submit_button("Apply", disabled=not base.model.systems) and system:
            edits.append(views.Edit("access", (team, system, level)))
            st.rerun()
    with st.form("escalation"):
        st.markdown("**Add an escalation path**")
        source = st.selectbox("From", teams, key="esc_from")
        target = st.selectbox("To", teams, key="esc_to")
        hours = st.number_input("Time limit (hours)", 1.0, 720.0, 24.0)
        if st.form_submit_button("Apply"):
            if source == target:
                st.error(f"{source} cannot escalate to itself: pick the team it should "
                         "escalate to.")
            else:
                edits.append(views.Edit("escalation", (source, target, hours)))
                st.rerun()
    if edits:
        st.markdown("**Applied**")
        for edit in edits:
            st.markdown(f"- {text(edit.describe())}")
        if st.button("Undo all"):
            edits.clear()
            st.rerun()
    before, after = base.index.value, current.index.value
    left, right = st.columns(2)
    left.metric("Index", "–" if after is None else after,
                delta=None if before is None or after is None else after - before,
                delta_color="inverse")
    right.metric("Findings", len(current.result.findings),
                 delta=len(current.result.findings) - len(base.result.findings),
                 delta_color="inverse")
    if edits:
        with tempfile.TemporaryDirectory() as folder:
            data = export_model(current.model, Path(folder) / "model.xlsx").read_bytes()
        st.download_button("Download the modified model (.xlsx)", data,
                           f"{current.model.id}_what_if.xlsx", MEDIA_TYPES["xlsx"])
