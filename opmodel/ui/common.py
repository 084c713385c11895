"""State the app's pages share: the samples, analyses cached by file content, and the
derived data (seam maps, search indexes) kept with the analysis they came from.

One store per server process, bounded by model size (rows), not by entry count: a
100,000-activity model fills it alone, small models share it. Re-opening a file whose
content is already analysed costs a hash.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis, analyze
from opmodel.errors import OpmodelError
from opmodel.export import write_template
from opmodel.reports import render_report
from opmodel.reports.model import Report, build
from opmodel.reports.safe import neutralise
from opmodel.schemes import Scheme

BUNDLED_SAMPLES = Path(__file__).resolve().parents[2] / "sample_models"
# The app's upload limit, checked by ``too_big`` so that a bigger file gets a sentence. The
# server's own maxUploadSize (.streamlit/config.toml) is the reader's 200 MB file limit:
# above it Streamlit shows only an icon and keeps the previous page.
MAX_UPLOAD_MB = 50
SCHEMES = ["auto", *(s.value for s in Scheme)]
# Rows (activities + assignments + handoffs + ...) the store may hold across analyses:
# about one 100,000-activity model (~1 GB in memory with its derived data).
CACHE_ROWS = int(os.environ.get("OPMODEL_CACHE_ROWS", "600000"))

T = TypeVar("T")


class Entry:
    """An analysis and the data derived from it (dropped together)."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.rows = sum(analysis.model.counts().values()) + len(analysis.model.assignments)
        self.derived: dict[str, Any] = {}
        self.lock = threading.Lock()  # guards ``locks``
        self.locks: dict[str, threading.Lock] = {}

    def make(self, name: str, build: Callable[[], T]) -> T:
        """``build()`` once; callers wanting the same piece wait for it, not for others."""
        with self.lock:
            lock = self.locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self.derived:
                self.derived[name] = build()
            value: T = self.derived[name]
            return value


class Store:
    """Analyses by key, least recently used first out, bounded by total rows."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, analysis: Analysis) -> Entry:
        entry = Entry(analysis)
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while (len(self.entries) > 1
                   and sum(e.rows for e in self.entries.values()) > self.budget):
                self.entries.popitem(last=False)
        return entry


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The process-wide store (one per server, shared by every session)."""
    return Store(CACHE_ROWS)


def samples_dir() -> Path:
    """The sample models offered in the sidebar (OPMODEL_SAMPLES_DIR overrides, read on
    every run so a test or a deployment can point elsewhere)."""
    return Path(os.environ.get("OPMODEL_SAMPLES_DIR") or BUNDLED_SAMPLES)


def analysis_key(content: bytes, scheme: str) -> str:
    """The cache key of a file's content read with a scheme."""
    return f"{hashlib.sha256(content).hexdigest()}:{scheme}"


def analyse(content: bytes, suffix: str, scheme: str, label: str = "the file",
            key: str | None = None) -> tuple[str, Analysis]:
    """Import and analyse a file once per content and scheme, showing each stage while a
    new file is analysed. Returns the cache key and the analysis."""
    key = key or analysis_key(content, scheme)
    entry = store().get(key)
    if entry is not None:
        return key, entry.analysis
    with st.status(f"Analysing {label}…", expanded=False) as status:
        with tempfile.TemporaryDirectory() as folder:
            # Named as uploaded (made safe), so that a refusal names the user's file.
            stem = re.sub(r"[^\w .()-]+", "_", Path(label).stem)[:100].strip() or "upload"
            path = Path(folder) / f"{stem}{suffix}"
            path.write_bytes(content)
            analysis = analyze(path, None if scheme == "auto" else scheme,
                               progress=lambda stage: status.update(label=stage))
        analysis.source_name = label
        status.update(label="Building the findings document…")
        analysis.document  # noqa: B018 - computed here, so that every page is instant
        entry = store().put(key, analysis)
        _prepare(entry, lambda stage: status.update(label=stage))
        status.update(label=f"Analysed {label}", state="complete")
    return key, analysis


def seam_map(analysis: Analysis) -> Any:
    """The seam map from the seams the rules already derived (no second derivation)."""
    from opmodel import seammap

    facts = analysis.result.facts
    return seammap.build(analysis.model, handoffs=facts.seams if facts else None)


def _prepare(entry: Entry, stage: Callable[[str], None]) -> None:
    """Everything the pages cut their views from (about five seconds at 100k), made while
    the upload's progress is on screen: a view never waits for it, and no background
    thread competes with a click for the interpreter (that made the first Graph opening
    take four seconds)."""
    from opmodel.explore import Explorer
    from opmodel.viz import expansions, findings_by_node

    analysis = entry.analysis
    stage("Drawing the seam map…")
    flagged = entry.make("flagged", lambda: findings_by_node(analysis.result.findings))
    seams = entry.make("seammap", lambda: seam_map(analysis))
    entry.make("expansions", lambda: expansions(analysis.model, seams, flagged))
    stage("Preparing the findings, team and neighbourhood views…")
    entry.make("findings_rows", lambda: views.findings_rows(analysis.document))
    entry.make("explorer", lambda: Explorer(analysis.model, flagged))
    stage("Preparing the RACI matrix…")
    entry.make("raci_matrix", lambda: views.raci_matrix(analysis.model, analysis.document))
    stage("Writing the overview…")
    entry.make("report", lambda: build(analysis))


def what_if(base: Analysis, key: str, edits: tuple[views.Edit, ...]) -> Analysis:
    """The base analysis with what-if edits applied, cached in the same store."""
    edited_key = f"{key}:edits:{hash(edits)}"
    entry = store().get(edited_key)
    if entry is None:
        entry = store().put(edited_key, base.with_model(views.apply_edits(base.model, edits)))
    return entry.analysis


def derived(key: str, name: str, build: Callable[[], T]) -> T:
    """Data computed once from the analysis under ``key`` and kept with it."""
    entry = store().get(key)
    return build() if entry is None else entry.make(name, build)


def safe_frame(rows: Any) -> Any:
    """A DataFrame whose CSV download cannot carry a formula: text cells a spreadsheet
    would evaluate (``=``, ``+``, ``-``, ``@``...) get a leading apostrophe, as in every
    report (st.dataframe's toolbar offers the table as CSV)."""
    import pandas as pd

    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    for column in frame.columns:
        values = frame[column]
        # pandas 3 infers text as a string dtype, not object: both can hold a formula
        if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            frame[column] = values.map(neutralise)
    frame.columns = [str(neutralise(str(c))) for c in frame.columns]
    return frame


def table(rows: Any, **kwargs: Any) -> Any:
    """``st.dataframe`` of ``safe_frame(rows)``."""
    return st.dataframe(safe_frame(rows), **kwargs)


def frame_html(html: str, height: int) -> None:
    """Show a self-contained page in a frame with an opaque origin (a ``data:`` URL), so
    that nothing in it can reach the app's page, cookies or storage."""
    encoded = base64.b64encode(html.encode("utf-8")).decode("ascii")
    st.iframe(f"data:text/html;base64,{encoded}", height=height)


@st.cache_data(show_spinner=False, max_entries=8)
def report_bytes(_analysis: Analysis, key: str, fmt: str) -> bytes:
    return render_report(report_of(_analysis, key), fmt)


def history_dir() -> Path | None:
    """Where ``opmodel analyze --history DIR`` keeps snapshots (OPMODEL_HISTORY_DIR), if set."""
    folder = os.environ.get("OPMODEL_HISTORY_DIR")
    return Path(folder) if folder else None


def report_of(analysis: Analysis, key: str | None = None) -> Report:
    """The typed report of an analysis, with its history when a history folder is set.
    With a cache key it is built once per analysis (two seconds at 100k)."""
    report = build(analysis) if key is None else derived(key, "report", lambda: build(analysis))
    folder = history_dir()
    if folder is not None:
        from opmodel.history import load

        report.history = load(folder, analysis.model.id)
    return report


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_template(Path(folder) / "template.xlsx").read_bytes()


def too_big(upload: Any) -> bool:
    """Whether an upload is above the app's limit (then said in one sentence)."""
    if upload.size <= MAX_UPLOAD_MB * 2**20:
        return False
    st.error(f"{upload.name} is {upload.size / 1e6:.1f} MB, above the {MAX_UPLOAD_MB} MB "
             "upload limit: delete unused sheets or split the workbook, then upload it again.")
    return True


def failure(label: str, exc: Exception) -> str:
    """One sentence for any failure to read or analyse a file: never a traceback."""
    if isinstance(exc, OpmodelError):
        return str(exc)
    if isinstance(exc, MemoryError):
        return (f"{label} needs more memory than the server can give it: delete unused rows, "
                "columns and sheets, or split the workbook.")
    first = (str(exc).splitlines() or [""])[0][:200]
    return (f"{label} could not be analysed ({type(exc).__name__}: {first}); please report "
            "it with the file.")


def upload_analysis(label: str, key: str) -> tuple[Analysis, str] | None:
    upload = st.file_uploader(label, type=["xlsx", "xlsm", "csv"], key=key)
    if upload is None or too_big(upload):
        return None
    content = upload.getvalue()
    try:
        cache_key, analysis = analyse(content, Path(upload.name).suffix.lower(), "auto",
                                      upload.name)
    except Exception as exc:  # any failure is one sentence, never a traceback
        st.error(failure(upload.name, exc))
        return None
    return analysis, cache_key.split(":")[0]
