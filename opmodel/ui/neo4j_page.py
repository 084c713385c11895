"""The Neo4j page: push the model, run the Cypher rules, compare with memory."""

from __future__ import annotations

import os
import time
from typing import Any

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis
from opmodel.errors import OpmodelError
from opmodel.ui.common import frame_html, table


def neo4j_settings() -> Any:
    """Connection settings from Streamlit secrets ([neo4j] uri/user/password/database) or
    the environment; None when neither names a server. Never shown on the page."""
    from opmodel.neo4j.connection import Neo4jSettings

    try:
        secrets = dict(st.secrets.get("neo4j", {}))
    except (FileNotFoundError, KeyError):  # no secrets file: fall back to the environment
        secrets = {}
    if secrets.get("uri"):
        return Neo4jSettings(uri=secrets["uri"], user=secrets.get("user"),
                             password=secrets.get("password"),
                             database=secrets.get("database"))
    return Neo4jSettings.from_env() if os.environ.get("NEO4J_URI") else None


def render(analysis: Analysis) -> None:
    settings = neo4j_settings()
    if settings is None:
        st.info("No Neo4j configured: set NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD) or a "
                "[neo4j] section in .streamlit/secrets.toml. The app works without it.")
        return
    from opmodel.neo4j.connection import connect
    from opmodel.neo4j.push import list_models, push
    from opmodel.neo4j.run import analyze_in_neo4j

    st.caption(f"Configured: {settings.uri} (credentials are never shown).")
    if not st.toggle("Connect", key="neo4j_connect"):
        return
    model_id = st.text_input("Model id in Neo4j", value=analysis.model.id)
    try:
        with connect(settings) as db:
            st.success(f"Connected to Neo4j {db.check_version()} at {settings.uri}.")
            if st.button("Push this model"):
                with st.spinner("Pushing…"):
                    pushed = push(db, analysis.model, model_id, graph=analysis.graph)
                st.write(f"Pushed {pushed.nodes:,} nodes and {pushed.relationships:,} "
                         "relationships.")
            models = list_models(db)
            table(models, hide_index=True, width="stretch")
            if any(m["id"] == model_id for m in models) and st.button("Run the Cypher rules"):
                with st.spinner("Running the rules in Neo4j…"):
                    remote = analyze_in_neo4j(db, model_id, analysis.config,
                                              model=analysis.model)
                rows = views.parity_rows(analysis.result.findings, remote.findings)
                same = all(r["same"] for r in rows)
                (st.success if same else st.warning)(
                    "Cypher and in-memory findings agree." if same else
                    "Cypher and in-memory findings differ (rules marked below).")
                table(rows, hide_index=True, width="stretch")
            if any(m["id"] == model_id for m in models):
                explore(db, model_id, analysis)
    except OpmodelError as exc:
        st.error(str(exc))


EXPLORE_VIEWS = ["Seam map", "One team", "A finding's neighbourhood"]
FRAME_HEIGHT = 700


def explore(db: Any, model_id: str, analysis: Analysis) -> None:
    """The Graph page's views read from the pushed model with aggregating Cypher (only
    what is drawn leaves the database), drawn by the same renderer."""
    from opmodel.neo4j import explore as remote
    from opmodel.viz import expansions_from, findings_by_node, render, seam_view

    st.subheader("Explore from Neo4j")
    if not st.toggle("Draw from Neo4j", key="neo4j_explore",
                     help="the seam map, a team or a finding's neighbourhood, read from "
                          "the database rather than from the model in memory"):
        return
    flagged = findings_by_node(analysis.result.findings)
    scheme = analysis.model.scheme
    shown = st.radio("View", EXPLORE_VIEWS, horizontal=True, key="neo4j_view")
    started = time.perf_counter()
    height = f"{FRAME_HEIGHT - 50}px"
    if shown == "Seam map":
        seams = remote.seam_map(db, model_id)
        expand = expansions_from(scheme, seams, flagged,
                                 remote.expansions_work(db, model_id, flagged))
        view = seam_view(analysis.model, flagged, seams=seams, expand=expand, height=height)
    elif shown == "One team":
        teams = sorted(analysis.model.teams, key=lambda t: t.name)
        team = st.selectbox("Team", teams, key="neo4j_team", format_func=lambda t: t.name)
        if team is None:
            return
        piece = remote.team_work(db, model_id, team.id, flagged)
        view = render(piece.graph, flagged, focus=team.id, scheme=scheme, height=height)
        if piece.note:
            st.info(piece.note)
    else:
        findings = [f for f in analysis.result.findings if f.subject_ids][:500]
        if not findings:
            st.info("No findings to show.")
            return
        number = st.selectbox("Finding", range(len(findings)), key="neo4j_finding",
                              format_func=lambda i: f"{findings[i].rule} · "
                                                    f"{findings[i].message[:70]}")
        subjects = list(findings[number].subject_ids)
        piece = remote.around(db, model_id, subjects[0], 1, flagged=flagged)
        view = render(piece.graph, flagged, focus=subjects[0], highlight=subjects,
                      scheme=scheme, height=height)
        if piece.note:
            st.info(piece.note)
    if view.note:
        st.warning(view.note)
    st.caption(f"Read from Neo4j and drawn in {time.perf_counter() - started:.2f} s: "
               f"{view.nodes:,} nodes and {view.edges:,} edges.")
    frame_html(view.html, FRAME_HEIGHT)
