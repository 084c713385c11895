"""opmodel's web app: upload an operating-model workbook, see where it is fragmented.

A thin shell over the library: it lays out the sidebar and the navigation, and renders
only the page that is open (``opmodel.ui``); every computation (import, rules, index,
filters, what-if, reports, drawings) is a library call, cached by file content.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from opmodel.reports import MEDIA_TYPES
from opmodel.ui import (
    compare,
    export,
    findings,
    graph,
    importing,
    journeys,
    neo4j_page,
    observed,
    overview,
    raci,
    whatif,
)
from opmodel.ui.common import (
    MAX_UPLOAD_MB,
    SCHEMES,
    analyse,
    analysis_key,
    failure,
    samples_dir,
    template_bytes,
    too_big,
    what_if,
)


def _sidebar() -> tuple[bytes, str, str, str]:
    samples_folder = samples_dir()
    samples = sorted(p.name for p in samples_folder.iterdir() if p.suffix in {".xlsx", ".csv"})
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
        st.download_button("Blank template (.xlsx)", template_bytes(), "opmodel_template.xlsx",
                           MEDIA_TYPES["xlsx"])
    if upload is not None:
        if too_big(upload):
            st.stop()
        return upload.getvalue(), Path(upload.name).suffix.lower(), upload.name, scheme
    return (samples_folder / sample).read_bytes(), Path(sample).suffix, sample, scheme


def main() -> None:
    """Lay out the page: sidebar, one line of navigation, the open page only."""
    st.set_page_config(page_title="opmodel", page_icon="🧩", layout="wide")
    st.title("opmodel — where is your operating model fragmented?")
    content, suffix, label, scheme = _sidebar()
    key = analysis_key(content, scheme)
    if st.session_state.get("digest") != key:
        st.session_state["digest"] = key
        st.session_state["edits"] = []
    try:
        key, base = analyse(content, suffix, scheme, label, key)
    except Exception as exc:  # any failure is one sentence, never a traceback
        st.error(failure(label, exc))
        return
    del content
    edits = tuple(st.session_state.get("edits", []))
    current = what_if(base, key, edits) if edits else base
    current_key = f"{key}:edits:{hash(edits)}" if edits else key
    st.caption(f"{label} · {current.model.scheme.value.upper()} · "
               + ", ".join(f"{n:,} {k}" for k, n in current.model.counts().items() if n)
               + (f" · {len(edits)} what-if change(s)" if edits else ""))
    pages: dict[str, Callable[[], None]] = {
        "Overview": lambda: overview.render(current, current_key),
        "Import": lambda: importing.render(base),
        "Findings": lambda: findings.render(current, current_key),
        "Graph": lambda: graph.render(current, current_key),
        "RACI": lambda: raci.render(current, current_key),
        "Journeys": lambda: journeys.render(current, current_key),
        "What-if": lambda: whatif.render(base, current),
        "Export": lambda: export.render(current, current_key),
        "Compare": lambda: compare.render(base, current, key),
        "Neo4j": lambda: neo4j_page.render(current),
        "Observed": lambda: observed.render(current, current_key),
    }
    page = st.radio("Page", list(pages), horizontal=True, key="page",
                    label_visibility="collapsed")
    pages[page]()


main()
