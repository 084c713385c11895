"""The Neo4j page: push the model, run the Cypher rules, compare with memory, and explore
the pushed model (what is read from Neo4j is cached per pushed version)."""

from __future__ import annotations

import hashlib
import os
import time
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis
from opmodel.errors import OpmodelError
from opmodel.ui.common import frame_html, table

if TYPE_CHECKING:
    from opmodel.explore import Piece
    from opmodel.seammap import SeamMap
    from opmodel.viz import TeamWork

Server = tuple[str, str | None]  # the server's uri and database


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
# Views read from Neo4j kept per server, pushed version and view (seam maps, expansions,
# a team's or a neighbourhood's few hundred nodes: small), least recently used out.
CACHE_ENTRIES = 64
# Nodes with findings and a digest of their ids, once per analysis: the Neo4j views rank
# those nodes first, so what they return depends on the ids, and the digest keys the cache.
_FLAGGED: weakref.WeakKeyDictionary[Analysis, tuple[dict[str, list[str]], str]] = \
    weakref.WeakKeyDictionary()


def _flagged(analysis: Analysis) -> tuple[dict[str, list[str]], str]:
    from opmodel.viz import findings_by_node

    found = _FLAGGED.get(analysis)
    if found is None:
        flagged = findings_by_node(analysis.result.findings)
        found = _FLAGGED[analysis] = (flagged, digest_of(flagged))
    return found


def digest_of(ids: Iterable[str]) -> str:
    """A short digest of a set of node ids (for a cache key)."""
    return hashlib.blake2b("\n".join(sorted(ids)).encode("utf-8"), digest_size=16).hexdigest()


# Each read below is cached by its arguments (the connection and the flagged ids, prefixed
# with _, are not hashed): the server, the pushed version's key (a new push is a new key,
# so it is read afresh), the view's own parameters and the flagged ids' digest. A rerun, a
# control that does not change the query, or coming back to the page reads nothing again.
@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def read_seam_map(_db: Any, server: Server, model_id: str, key: str) -> SeamMap:
    from opmodel.neo4j import explore as remote

    return remote.seam_map(_db, model_id, key=key)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def read_expansions(_db: Any, server: Server, model_id: str, key: str, digest: str,
                    _ids: Any) -> dict[str, TeamWork]:
    from opmodel.neo4j import explore as remote

    return remote.expansions_work(_db, model_id, _ids, key=key)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def read_team(_db: Any, server: Server, model_id: str, key: str, team: str, digest: str,
              _ids: Any) -> Piece:
    from opmodel.neo4j import explore as remote

    return remote.team_work(_db, model_id, team, _ids, key=key)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def read_around(_db: Any, server: Server, model_id: str, key: str, focus: str, digest: str,
                _ids: Any) -> Piece:
    from opmodel.neo4j import explore as remote

    return remote.around(_db, model_id, focus, 1, flagged=_ids, key=key)


def explore(db: Any, model_id: str, analysis: Analysis) -> None:
    """The Graph page's views read from the pushed model with aggregating Cypher (only
    what is drawn leaves the database), drawn by the same renderer."""
    from opmodel.neo4j import explore as remote
    from opmodel.viz import render

    st.subheader("Explore from Neo4j")
    if not st.toggle("Draw from Neo4j", key="neo4j_explore",
                     help="the seam map, a team or a finding's neighbourhood, read from "
                          "the database rather than from the model in memory"):
        return
    flagged, digest = _flagged(analysis)
    scheme = analysis.model.scheme
    shown = st.radio("View", EXPLORE_VIEWS, horizontal=True, key="neo4j_view")
    started = time.perf_counter()
    # the pushed version, looked up on every run: a push from anywhere reads afresh
    version = (db.settings.uri, db.settings.database), model_id, remote.model_key(db, model_id)
    height = f"{FRAME_HEIGHT - 50}px"
    if shown == "Seam map":
        _seams(db, version, analysis, flagged, digest, started)
        return
    if shown == "One team":
        teams = sorted(analysis.model.teams, key=lambda t: t.name)
        team = st.selectbox("Team", teams, key="neo4j_team", format_func=lambda t: t.name)
        if team is None:
            return
        piece = read_team(db, *version, team.id, digest, flagged)
        view = render(piece.graph, flagged, focus=team.id, scheme=scheme, height=height)
    else:
        findings = [f for f in analysis.result.findings if f.subject_ids][:500]
        if not findings:
            st.info("No findings to show.")
            return
        number = st.selectbox("Finding", range(len(findings)), key="neo4j_finding",
                              format_func=lambda i: f"{findings[i].rule} · "
                                                    f"{findings[i].message[:70]}")
        subjects = list(findings[number].subject_ids)
        piece = read_around(db, *version, subjects[0], digest, flagged)
        view = render(piece.graph, flagged, focus=subjects[0], highlight=subjects,
                      scheme=scheme, height=height)
    if piece.note:
        st.info(piece.note)
    _show(st.container(), view, started)


def _seams(db: Any, version: tuple[Server, str, str], analysis: Analysis,
           flagged: dict[str, list[str]], digest: str, started: float) -> None:
    """The seam map with the Graph page's controls. Drawn as soon as the map is read;
    the first time, drawn again once the teams' click expansions have been read."""
    from opmodel.ui.graph import seam_controls
    from opmodel.viz import expansions_from, seam_view

    seams = read_seam_map(db, *version)
    chosen_layers = seam_controls(seams, "neo4j")

    def draw(expand: dict[str, Any]) -> Any:  # never None: that computes them in memory
        return seam_view(analysis.model, flagged, seams=seams, expand=expand,
                         height=f"{FRAME_HEIGHT - 50}px", **chosen_layers)

    place = st.empty()
    expanded = (*version, digest)
    if st.session_state.get("neo4j_expanded") != expanded:  # not read yet in this session
        _show(place.container(), draw({}), started,
              "Reading what a click on each team shows…")
    work = read_expansions(db, *version, digest, flagged)
    st.session_state["neo4j_expanded"] = expanded
    _show(place.container(), draw(expansions_from(analysis.model.scheme, seams, flagged, work)),
          started)


def _show(where: Any, view: Any, started: float, pending: str = "") -> None:
    with where:
        if view.note:
            st.warning(view.note)
        st.caption(f"Read from Neo4j and drawn in {time.perf_counter() - started:.2f} s: "
                   f"{view.nodes:,} nodes and {view.edges:,} edges."
                   + (f" {pending}" if pending else ""))
        frame_html(view.html, FRAME_HEIGHT)
