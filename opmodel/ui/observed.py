"""The Observed page: hold a ticket or case log against the model (designed vs observed)."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import streamlit as st

from opmodel.analysis import Analysis
from opmodel.observe.generate import generate_log
from opmodel.observe.mapping import map_groups
from opmodel.observe.overlay import observe
from opmodel.observe.read import EventLog, read_log
from opmodel.observe.seam_map import seam_map_dot
from opmodel.reports.safe import neutralise
from opmodel.ui.common import failure, table, too_big

UPLOAD = "Upload a log"
DEMO = "Generate a demo log from this model"
LOG_TYPES = ["csv", "tsv", "txt", "xlsx", "parquet", "xes"]


@st.cache_resource(show_spinner=False, max_entries=8)
def _read(digest: str, content: bytes, name: str) -> EventLog:
    """Read a log once per content hash (the reader's safety checks apply)."""
    del digest
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(content)
        return read_log(path)


@st.cache_data(show_spinner=False, max_entries=8)
def _demo(_analysis: Analysis, key: str) -> bytes:
    """A small generated log with one of each planted deviation, as CSV bytes."""
    del key
    frame, _ = generate_log(_analysis.model, 300, seed=0)
    return frame.write_csv().encode("utf-8")


@st.cache_resource(show_spinner=False, max_entries=8)
def _observed(_analysis: Analysis, _log: EventLog, key: str,
              explicit: tuple[tuple[str, str], ...]) -> Analysis:
    """The analysis with the log held against it, once per model, log and mapping (the
    rules run again only when one of them changes, not on every widget change)."""
    del key
    observed = observe(_analysis.model, _log, dict(explicit))
    return Analysis(_analysis.model, _analysis.report, _analysis.config,
                    _analysis.source_name, observed=observed)


def _log(analysis: Analysis) -> tuple[bytes, str] | None:
    source = st.radio("Event log", [UPLOAD, DEMO], horizontal=True, key="obs_source")
    if source == DEMO:
        return _demo(analysis, analysis.model.id), "demo_log.csv"
    upload = st.file_uploader("Ticket or case log: ServiceNow, Zendesk/Jira, XES or any "
                              "case/timestamp/team table", type=LOG_TYPES, key="obs_upload")
    if upload is None:
        st.info("Upload an export of your ticket system to see which handoffs really happen, "
                "or generate a demo log from this model.")
        return None
    if too_big(upload):
        return None
    return upload.getvalue(), upload.name


def render(analysis: Analysis, key: str = "") -> None:
    """The page; ``key`` identifies the analysis (file, scheme, what-if edits)."""
    chosen = _log(analysis)
    if chosen is None:
        return
    content, name = chosen
    digest = hashlib.sha256(content).hexdigest()
    try:
        log = _read(digest, content, name)
    except Exception as exc:  # any failure is one sentence, never a traceback
        st.error(failure(name, exc))
        return
    st.caption(log.describe())
    model = analysis.model
    names = {t.id: t.name for t in model.teams}
    suggested = map_groups(dict(log.groups.select("group", "events").iter_rows()), model)
    st.markdown("**Log groups and model teams** (edit the team column to correct the mapping)")
    mapped = suggested.rows(names)
    # Shown as the reports show text (a name a spreadsheet would run as a formula gets a
    # leading apostrophe, so the editor's CSV download is safe); read back by row and by
    # the shown team name, so the mapping keeps the names as they are.
    teams = {str(neutralise(name)): name for name in names.values()}
    rows = [{"group": neutralise(r["group"]), "team": neutralise(r["team"] or ""),
             "how": r["how"]} for r in mapped]
    edited = st.data_editor(
        rows, key=f"obs_map_{digest}_{model.id}", hide_index=True, width="stretch",
        disabled=["group", "how"],
        column_config={"team": st.column_config.SelectboxColumn(
            "team", options=["", *sorted(teams)])})
    explicit = tuple(sorted((str(row["group"]), teams.get(str(r["team"]), str(r["team"])))
                            for row, r in zip(mapped, edited, strict=True) if r.get("team")))
    result = _observed(analysis, log, f"{key}:{model.id}:{digest}", explicit)
    observed = result.observed
    assert observed is not None
    start, end = observed.dates
    columns = st.columns(4)
    columns[0].metric("Events", f"{observed.mined.events:,}")
    columns[1].metric("Cases", f"{observed.mined.cases:,}")
    columns[2].metric("Seams observed", len(observed.seams))
    columns[3].metric("Unmapped groups", len(observed.mapping.unmapped))
    st.caption(f"From {start} to {end}. Green: designed and used; red: used but never "
               "designed; dashed grey: designed but unused. Width: cases.")
    by_rule: dict[str, list[dict[str, object]]] = {}
    for finding in result.result.findings:
        if finding.rule.startswith("OBS"):
            by_rule.setdefault(finding.rule, []).append(
                {"rule": finding.rule, "subjects": " → ".join(s.name for s in finding.subjects),
                 "finding": finding.message, "cell": finding.cell})
    unused = [tuple(f.subject_ids[:2]) for f in result.result.findings if f.rule == "OBS002"]
    st.graphviz_chart(seam_map_dot(observed, names, [(a, b) for a, b in unused]))
    titles = {"OBS003": "Ping-pong seams", "OBS004": "Slow seams",
              "OBS001": "Undocumented seams", "OBS002": "Designed seams unused",
              "OBS005": "Unmapped groups"}
    for rule, title in titles.items():
        found = by_rule.get(rule, [])
        st.markdown(f"**{title}** ({len(found)})")
        if found:
            table(found, hide_index=True, width="stretch")
