"""State the app's pages share: the samples, and analyses cached by file content."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import streamlit as st

from opmodel import views
from opmodel.analysis import Analysis, analyze
from opmodel.export import write_template
from opmodel.reports import render_report
from opmodel.reports.model import Report, build, safe_stem

BUNDLED_SAMPLES = Path(__file__).resolve().parents[2] / "sample_models"
MAX_UPLOAD_MB = 50  # also server.maxUploadSize in .streamlit/config.toml
SCHEMES = ["auto", "raci", "rasci", "raci-vs", "cairo", "daci", "rapid"]


def samples_dir() -> Path:
    """The sample models offered in the sidebar (OPMODEL_SAMPLES_DIR overrides, read on
    every run so a test or a deployment can point elsewhere)."""
    return Path(os.environ.get("OPMODEL_SAMPLES_DIR") or BUNDLED_SAMPLES)


@st.cache_resource(show_spinner=False, max_entries=16)
def analyse(digest: str, content: bytes, suffix: str, scheme: str, name: str = "") -> Analysis:
    """Import and analyse a file once per content hash and scheme (shared, immutable).

    The file is written under the user's own file name (reduced to a safe base name), so
    the model, its reports and its downloads are named after the workbook.
    """
    del digest  # the cache key; the content itself is hashed by Streamlit too
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{safe_stem(Path(name).stem) if name else 'workbook'}{suffix}"
        path.write_bytes(content)
        return analyze(path, None if scheme == "auto" else scheme)


@st.cache_resource(show_spinner=False, max_entries=32)
def what_if(_base: Analysis, key: str, edits: tuple[views.Edit, ...]) -> Analysis:
    """The base analysis with what-if edits applied (``key`` identifies the base)."""
    return _base.with_model(views.apply_edits(_base.model, edits))


@st.cache_data(show_spinner=False, max_entries=32)
def report_bytes(_analysis: Analysis, key: str, fmt: str) -> bytes:
    return render_report(report_of(_analysis), fmt)


def history_dir() -> Path | None:
    """Where ``opmodel analyze --history DIR`` keeps snapshots (OPMODEL_HISTORY_DIR), if set."""
    folder = os.environ.get("OPMODEL_HISTORY_DIR")
    return Path(folder) if folder else None


def report_of(analysis: Analysis) -> Report:
    """The typed report of an analysis, with its history when a history folder is set."""
    report = build(analysis)
    folder = history_dir()
    if folder is not None:
        from opmodel.history import load

        report.history = load(folder, analysis.model.id)
    return report


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_template(Path(folder) / "template.xlsx").read_bytes()


def upload_analysis(label: str, key: str) -> tuple[Analysis, str] | None:
    upload = st.file_uploader(label, type=["xlsx", "xlsm", "csv"], key=key)
    if upload is None:
        return None
    content = upload.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    return analyse(digest, content, Path(upload.name).suffix.lower(), "auto",
                   upload.name), digest
