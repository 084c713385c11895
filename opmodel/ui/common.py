"""State the app's pages share: the samples, and analyses cached by file content."""

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
from opmodel.export import write_template
from opmodel.reports import render
from opmodel.schemes import Scheme

BUNDLED_SAMPLES = Path(__file__).resolve().parents[2] / "sample_models"
# The app's upload limit, checked by ``too_big`` so that a bigger file gets a sentence. The
# server's own maxUploadSize (.streamlit/config.toml) is the reader's 200 MB file limit:
# above it Streamlit shows only an icon and keeps the previous page.
MAX_UPLOAD_MB = 50
SCHEMES = ["auto", *(s.value for s in Scheme)]


def samples_dir() -> Path:
    """The sample models offered in the sidebar (OPMODEL_SAMPLES_DIR overrides, read on
    every run so a test or a deployment can point elsewhere)."""
    return Path(os.environ.get("OPMODEL_SAMPLES_DIR") or BUNDLED_SAMPLES)


@st.cache_resource(show_spinner=False, max_entries=16)
def analyse(digest: str, content: bytes, suffix: str, scheme: str) -> Analysis:
    """Import and analyse a file once per content hash and scheme (shared, immutable)."""
    del digest  # the cache key; the content itself is hashed by Streamlit too
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        return analyze(path, None if scheme == "auto" else scheme)


@st.cache_resource(show_spinner=False, max_entries=32)
def what_if(_base: Analysis, key: str, edits: tuple[views.Edit, ...]) -> Analysis:
    """The base analysis with what-if edits applied (``key`` identifies the base)."""
    return _base.with_model(views.apply_edits(_base.model, edits))


@st.cache_data(show_spinner=False, max_entries=32)
def report_bytes(_analysis: Analysis, key: str, fmt: str) -> bytes:
    return render(_analysis, fmt)


@st.cache_data(show_spinner=False)
def template_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return write_template(Path(folder) / "template.xlsx").read_bytes()


def too_big(upload: Any) -> bool:
    """Whether an upload is above the app's limit (then said in one sentence)."""
    if upload.size <= MAX_UPLOAD_MB * 2**20:
        return False
    st.error(f"{upload.name} is {upload.size / 2**20:.0f} MB, above the {MAX_UPLOAD_MB} MB "
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
    digest = hashlib.sha256(content).hexdigest()
    try:
        return analyse(digest, content, Path(upload.name).suffix.lower(), "auto"), digest
    except Exception as exc:  # any failure is one sentence, never a traceback
        st.error(failure(upload.name, exc))
        return None
