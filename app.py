"""opmodel's web app: upload an operating-model workbook, see where it is fragmented.

A thin shell over the library: it lays out widgets and calls ``opmodel``; every
computation (import, rules, index, filters, what-if, reports, drawings) is a library call.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis, analyze
from opmodel.errors import OpmodelError
from opmodel.export import export_model, write_template
from opmodel.reports import MEDIA_TYPES, render
from opmodel.reports.document import COMPONENTS, INDEX_SENTENCE, SEVERITIES
from opmodel.viz import COLOURS, NODE_CAP, STATIC_CAP, findings_by_node, select, swimlane_svg
from opmodel.viz import render as draw

SAMPLES = Path(os.environ.get("OPMODEL_SAMPLES_DIR")
               or Path(__file__).parent / "sample_models")
# The app's upload limit, checked here so that a bigger file gets a sentence. The server's
# own maxUploadSize (.streamlit/config.toml) is set to the reader's 200 MB file limit:
# above it Streamlit only shows an icon.
MAX_UPLOAD_MB = 50
SCHEMES = ["auto", "raci", "rasci", "raci-vs", "cairo", "daci", "rapid"]


@st.cache_resource(show_spinner=False, max_entries=16)
def _analyse(digest: str, content: bytes, suffix: str, scheme: str) -> Analysis:
    """Import and analyse a file once per content hash and scheme (shared, immutable)."""
    del digest  # the cache key; the content itself is hashed by Streamlit too
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        return analyze(path, None if scheme == "auto" else scheme)


@st.cache_resource(show_spinner=False, max_entries=32)
def _what_if(_base: Analysis, key: str, edits: tuple[views.Edit, ...]) -> Analysis:
    """The base analysis with what-if edits applied (``key`` identifies the base)."""
    return _base.with_model(views.apply_edits(_base.model, edits))


@st.cache_data(show_spinner=False, max_entries=32)
def _report(_analysis: Analysis, key: str, fmt: str) -> bytes:
    return render(_analysis, fmt)


@st.cache_data(show_spinner=False)
def _template() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_template(Path(folder) / "template.xlsx").read_bytes()


def _sidebar() -> tuple[bytes, str, str, str]:
    samples = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in {".xlsx", ".csv"})
    default = Path(os.environ.get("OPMODEL_SAMPLE", "")).name
    with st.sidebar:
        st.header("Workbook")
        upload = st.file_uploader(f"Upload .xlsx or .csv (up to {MAX_UPLOAD_MB} MB)",
                                  type=["xlsx", "xlsm", "csv"])
        sample = st.selectbox("…or open a sample model", samples,
                              index=samples.index(default) if default in samples else 0,
                              disabled=upload is not None)
        scheme = st.selectbox("Matrix scheme", SCHEMES,
                              help="auto: from a Settings sheet, the sheet's name, or RACI")
        st.download_button("Blank template (.xlsx)", _template(), "opmodel_template.xlsx",
                           MEDIA_TYPES["xlsx"])
    if upload is not None:
        if _too_big(upload):
            st.stop()
        return upload.getvalue(), Path(upload.name).suffix.lower(), upload.name, scheme
    return (SAMPLES / sample).read_bytes(), Path(sample).suffix, sample, scheme


def _too_big(upload: Any) -> bool:
    """Whether an upload is above the app's limit (then said in one sentence)."""
    if upload.size <= MAX_UPLOAD_MB * 2**20:
        return False
    st.error(f"{upload.name} is {upload.size / 2**20:.0f} MB, above the {MAX_UPLOAD_MB} MB "
             "upload limit: delete unused sheets or split the workbook, then upload it again.")
    return True


def _failure(label: str, exc: Exception) -> str:
    """One sentence for any failure to read or analyse a file: never a traceback."""
    if isinstance(exc, OpmodelError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return (f"{label} needs more memory than the server can give it: delete unused rows, "
                "columns and sheets, or split the workbook.")
    first = (str(exc).splitlines() or [""])[0][:200]
    return (f"{label} could not be analysed ({type(exc).__name__}: {first}); please report "
            "it with the file.")


def _import_tab(analysis: Analysis) -> None:
    imported = analysis.document["import"]
    st.markdown(f"**Scheme:** {analysis.model.scheme.value.upper()} "
                f"(from {analysis.report.scheme_source or 'default'})")
    st.markdown("**Sheets understood**")
    st.dataframe(imported["sheets"], hide_index=True, width="stretch")
    if imported["phase_rows"]:
        st.markdown("**Section headings** (rows read as phases, not activities)")
        st.dataframe(imported["phase_rows"], hide_index=True, width="stretch")
    issues = [{"level": "error", **i} for i in imported["errors"]] + [
        {"level": "warning/note", **i} for i in imported["warnings"]]
    st.markdown(f"**Import report** — {len(imported['errors'])} error(s), "
                f"{len(imported['warnings'])} warning(s) and notes; every row names its cell")
    st.dataframe(issues, hide_index=True, width="stretch",
                 column_order=["level", "sheet", "row", "column", "cell", "code", "message"])


def _overview_tab(analysis: Analysis) -> None:
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


def _findings_tab(analysis: Analysis) -> None:
    rows = views.findings_rows(analysis.document)
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
    text = f.text_input("Search")
    shown = views.filter_findings(rows, families=families, severities=severities, rules=rules,
                                  team=team, journey=journey, text=text)
    st.caption(f"{len(shown)} of {len(rows)} findings")
    event = st.dataframe(shown, hide_index=True, width="stretch", on_select="rerun",
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
    st.markdown(finding["message"])
    st.markdown(f"**Why it matters.** {meta.rationale}")
    st.markdown(f"**What to do.** {finding['remediation']}")
    st.markdown("**Source cells:** " + ", ".join(
        f"`{loc['sheet']}!{loc['cell']}`" for loc in finding["locations"]))
    focus = [s["id"] for s in finding["subjects"] if s["id"] in analysis.graph]
    if focus:
        near = select(analysis.graph, focus=focus[0], depth=1)
        flagged = {s: [finding["message"]] for s in focus}
        st.iframe(draw(near, flagged).html, height=520)


def _graph_tab(analysis: Analysis) -> None:
    graph = analysis.graph
    a, b, c = st.columns(3)
    types = a.multiselect("Node types", list(COLOURS), default=["team", "system", "activity"])
    edges = b.multiselect("Edge types", sorted({d["type"] for _, _, d in graph.edges(data=True)}))
    physics = c.toggle("Physics", value=True,
                       help=f"on: up to {NODE_CAP} nodes; off: up to {STATIC_CAP}")
    d, e, f, g = st.columns(4)
    journey = d.selectbox("Journey", [None, *sorted(analysis.index.journeys)], key="g_journey",
                          format_func=lambda j: "(all)" if j is None else j)
    team = e.selectbox("Team", [None, *sorted(analysis.model.teams, key=lambda t: t.name)],
                       format_func=lambda t: "(all)" if t is None else t.name, key="g_team")
    focus = f.selectbox("Around node", [None, *sorted(graph)], key="g_focus",
                        format_func=lambda n: "(none)" if n is None else
                        f"{graph.nodes[n]['name']} ({graph.nodes[n]['type']})")
    depth = g.slider("Depth", 1, 4, 1, disabled=focus is None)
    sub = select(graph, node_types=types or None, journey=journey,
                 team=team.id if team is not None else None, focus=focus, depth=depth)
    flagged = findings_by_node(analysis.result.findings)
    view = draw(sub, flagged, edge_types=edges or None, physics=physics)
    legend = " ".join(f"<span style='color:{colour}'>●</span> {kind}"
                      for kind, colour in COLOURS.items())
    st.markdown(f"{legend} · red border: has findings · dashed edge: inferred seam",
                unsafe_allow_html=True)
    if view.aggregated:
        st.warning(view.note)
    st.caption(f"Showing {view.nodes} nodes and {view.edges} edges.")
    st.iframe(view.html, height=680)


def _raci_tab(analysis: Analysis) -> None:
    rows = views.raci_rows(analysis.model, analysis.document)
    palette = {"A": "#f4b6b6", "R": "#b6d7f4", "C": "#fde8b0", "I": "#e3e3e3", "D": "#f4b6b6",
               "P": "#b6d7f4", "S": "#c9e7c9", "V": "#e0ccf2"}

    def shade(value: Any) -> str:
        if not isinstance(value, str) or not value or "," in value:
            return ""
        return f"background-color: {palette.get(value[:1], '#eee')}"

    import pandas as pd

    frame = pd.DataFrame(rows)
    st.caption("Rows with a Findings entry break a rule; hover the cell for codes. "
               "Red: accountable, blue: responsible, amber: consulted, grey: informed.")
    styled = frame.style.map(shade, subset=[c for c in frame.columns
                                            if c not in ("Activity", "Findings")])
    st.dataframe(styled if len(frame) <= 2000 else frame, hide_index=True, width="stretch")


def _journeys_tab(analysis: Analysis) -> None:
    names = sorted(analysis.index.journeys)
    if not names:
        st.info("No journeys: add a journey and step to the Activities sheet to see swimlanes.")
        return
    journey = st.selectbox("Journey", names, key="lane_journey")
    st.iframe(swimlane_svg(analysis.model, analysis.graph, journey), height=520)


def _what_if_tab(base: Analysis, current: Analysis) -> None:
    edits: list[views.Edit] = st.session_state.setdefault("edits", [])
    teams = sorted(t.name for t in base.model.teams)
    st.caption("Try a remediation; the findings and the index update. The uploaded file is "
               "never changed.")
    seams = views.seam_choices(base.document)
    with st.form("seam"):
        st.markdown("**Give a seam an owner**")
        seam = st.selectbox("Seam", seams, format_func=lambda s: f"{s[0]} → {s[1]}"
                            + (f" ({s[2]})" if s[2] else ""))
        owner = st.selectbox("Owner", teams)
        if st.form_submit_button("Apply", disabled=not seams) and seam:
            edits.append(views.Edit("seam-owner", (seam[0], seam[1], owner, seam[2])))
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
            edits.append(views.Edit("escalation", (source, target, hours)))
            st.rerun()
    if edits:
        st.markdown("**Applied**")
        for edit in edits:
            st.markdown(f"- {edit.describe()}")
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


def _export_tab(analysis: Analysis, key: str) -> None:
    st.caption("Reports stand alone: no network fetches, user text escaped, no formulas.")
    for label, fmt, suffix in (("HTML report", "html", "html"), ("Excel report", "xlsx", "xlsx"),
                               ("Markdown", "md", "md"), ("JSON", "json", "json")):
        st.download_button(label, _report(analysis, key, fmt),
                           f"{analysis.model.id}_fragmentation.{suffix}", MEDIA_TYPES[fmt],
                           key=f"dl_{fmt}")


PAIR = SAMPLES / "pairs"


@st.cache_resource(show_spinner=False, max_entries=8)
def _compare(_current: Analysis, _target: Analysis, key: str) -> Any:
    """The comparison of two analyses (``key`` identifies them and the renames)."""
    from opmodel.compare import compare

    return compare(_current, _target, renames=[r for r in key.split("\n")[2:] if r])


def _upload_analysis(label: str, key: str) -> tuple[Analysis, str] | None:
    upload = st.file_uploader(label, type=["xlsx", "xlsm", "csv"], key=key)
    if upload is None:
        return None
    if _too_big(upload):
        return None
    content = upload.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    try:
        return _analyse(digest, content, Path(upload.name).suffix.lower(), "auto"), digest
    except Exception as exc:  # any failure is one sentence, never a traceback
        st.error(_failure(upload.name, exc))
        return None


def _compare_tab(base: Analysis, current: Analysis, base_key: str) -> None:
    from opmodel.reports import compare as compare_reports

    what = st.radio("Compare", ["this model with its what-if edits", "two workbooks",
                                "the sample redesign (Brightcart current → target)"],
                    horizontal=True)
    renames = st.text_input("Renames (old -> new; separate with ;)", key="cmp_renames")
    rename_list = [r.strip() for r in renames.split(";") if r.strip()]
    if what.startswith("this model"):
        if current is base:
            st.info("Apply a change on the What-if page first; it is compared here.")
            return
        pair, key = (base, current), f"{base_key}\nwhat-if:{len(st.session_state['edits'])}"
    elif what.startswith("two"):
        left, right = st.columns(2)
        with left:
            first = _upload_analysis("Current model", "cmp_current")
        with right:
            second = _upload_analysis("Target model", "cmp_target")
        if first is None or second is None:
            st.info("Upload both workbooks.")
            return
        pair, key = (first[0], second[0]), f"{first[1]}\n{second[1]}"
    else:
        before, after = ((PAIR / n).read_bytes() for n in ("retail_current.xlsx",
                                                            "retail_target.xlsx"))
        pair = (_analyse(hashlib.sha256(before).hexdigest(), before, ".xlsx", "auto"),
                _analyse(hashlib.sha256(after).hexdigest(), after, ".xlsx", "auto"))
        key = "sample-pair\n"
    try:
        comparison = _compare(pair[0], pair[1], "\n".join([key, *rename_list]))
    except OpmodelError as exc:
        st.error(str(exc))
        return
    st.markdown(comparison.verdict())
    left, middle, right = st.columns(3)
    left.metric("Resolved", len(comparison.resolved))
    middle.metric("New", len(comparison.new), delta_color="inverse")
    right.metric("Unchanged", len(comparison.unchanged))
    rows = comparison.index_rows()
    st.dataframe([{"scope": r.scope or "whole model", "before": r.before, "after": r.after}
                  for r in rows if r.moved or not r.scope], hide_index=True)
    for title, findings in (("New", comparison.new), ("Resolved", comparison.resolved)):
        if findings:
            st.markdown(f"**{title}**")
            st.dataframe([{"severity": f.severity.value, "rule": f.rule, "message": f.message,
                           "cell": f.cell} for f in findings], hide_index=True,
                         width="stretch")
    st.markdown("**Structural changes**")
    st.dataframe([c.as_dict() for c in comparison.changes], hide_index=True, width="stretch")
    with st.expander("Both graphs, side by side, with the changes marked"):
        st.iframe(compare_reports.render(comparison, "html").decode("utf-8"), height=900)
    for fmt in ("html", "xlsx", "md", "json"):
        st.download_button(f"Comparison ({fmt})", compare_reports.render(comparison, fmt),
                           f"comparison.{fmt}", MEDIA_TYPES[fmt], key=f"cmp_{fmt}")


def _neo4j_settings() -> Any:
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


def _neo4j_tab(analysis: Analysis) -> None:
    settings = _neo4j_settings()
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
            st.dataframe(models, hide_index=True, width="stretch")
            if any(m["id"] == model_id for m in models) and st.button("Run the Cypher rules"):
                with st.spinner("Running the rules in Neo4j…"):
                    remote = analyze_in_neo4j(db, model_id, analysis.config)
                rows = views.parity_rows(analysis.result.findings, remote.findings)
                same = all(r["same"] for r in rows)
                (st.success if same else st.warning)(
                    "Cypher and in-memory findings agree." if same else
                    "Cypher and in-memory findings differ (rules marked below).")
                st.dataframe(rows, hide_index=True, width="stretch")
    except OpmodelError as exc:
        st.error(str(exc))


def main() -> None:
    """Lay out the page."""
    st.set_page_config(page_title="opmodel", page_icon="🧩", layout="wide")
    st.title("opmodel — where is your operating model fragmented?")
    content, suffix, label, scheme = _sidebar()
    digest = hashlib.sha256(content).hexdigest()
    if st.session_state.get("digest") != (digest, scheme):
        st.session_state["digest"] = (digest, scheme)
        st.session_state["edits"] = []
    try:
        with st.spinner(f"Reading and analysing {label}…"):
            base = _analyse(digest, content, suffix, scheme)
    except Exception as exc:  # any failure is one sentence, never a traceback
        st.error(_failure(label, exc))
        return
    edits = tuple(st.session_state.get("edits", []))
    current = _what_if(base, f"{digest}:{scheme}", edits) if edits else base
    st.caption(f"{label} · {current.model.scheme.value.upper()} · "
               + ", ".join(f"{n} {k}" for k, n in current.model.counts().items() if n)
               + (f" · {len(edits)} what-if change(s)" if edits else ""))
    tabs = st.tabs(["Overview", "Import", "Findings", "Graph", "RACI", "Journeys", "What-if",
                    "Export", "Compare", "Neo4j"])
    with tabs[0]:
        _overview_tab(current)
    with tabs[1]:
        _import_tab(base)
    with tabs[2]:
        _findings_tab(current)
    with tabs[3]:
        _graph_tab(current)
    with tabs[4]:
        _raci_tab(current)
    with tabs[5]:
        _journeys_tab(current)
    with tabs[6]:
        _what_if_tab(base, current)
    with tabs[7]:
        _export_tab(current, f"{digest}:{scheme}:{len(edits)}:{hash(edits)}")
    with tabs[8]:
        _compare_tab(base, current, f"{digest}:{scheme}")
    with tabs[9]:
        _neo4j_tab(current)


main()
