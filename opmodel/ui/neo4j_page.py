"""The Neo4j page: push the model, run the Cypher rules, compare with memory."""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis
from opmodel.errors import OpmodelError
from opmodel.ui.common import table


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
                    remote = analyze_in_neo4j(db, model_id, analysis.config)
                rows = views.parity_rows(analysis.result.findings, remote.findings)
                same = all(r["same"] for r in rows)
                (st.success if same else st.warning)(
                    "Cypher and in-memory findings agree." if same else
                    "Cypher and in-memory findings differ (rules marked below).")
                table(rows, hide_index=True, width="stretch")
    except OpmodelError as exc:
        st.error(str(exc))
