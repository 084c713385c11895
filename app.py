"""opmodel's web app: upload an operating-model workbook, see where it is fragmented.

A thin shell over the library: it lays out the sidebar and the pages (``opmodel.ui``);
every computation (import, rules, index, filters, what-if, reports, drawings) is a
library call.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import streamlit as st

from opmodel.errors import OpmodelError
from opmodel.reports import MEDIA_TYPES
from opmodel.ui import (
    compare,
    export,
    findings,
    graph,
    importing,
    journeys,
    neo4j_page,
    overview,
    raci,
    whatif,
)
from opmodel.ui.common import (
    MAX_UPLOAD_MB,
    SCHEMES,
    analyse,
    samples_dir,
    template_bytes,
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
        return upload.getvalue(), Path(upload.name).suffix.lower(), upload.name, scheme
    return (samples_folder / sample).read_bytes(), Path(sample).suffix, sample, scheme


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
            base = analyse(digest, content, suffix, scheme, label)
    except OpmodelError as exc:
        st.error(str(exc))
        return
    edits = tuple(st.session_state.get("edits", []))
    current = what_if(base, f"{digest}:{scheme}", edits) if edits else base
    st.caption(f"{label} · {current.model.scheme.value.upper()} · "
               + ", ".join(f"{n} {k}" for k, n in current.model.counts().items() if n)
               + (f" · {len(edits)} what-if change(s)" if edits else ""))
    tabs = st.tabs(["Overview", "Import", "Findings", "Graph", "RACI", "Journeys", "What-if",
                    "Export", "Compare", "Neo4j"])
    with tabs[0]:
        overview.render(current)
    with tabs[1]:
        importing.render(base)
    with tabs[2]:
        findings.render(current)
    with tabs[3]:
        graph.render(current)
    with tabs[4]:
        raci.render(current)
    with tabs[5]:
        journeys.render(current)
    with tabs[6]:
        whatif.render(base, current)
    with tabs[7]:
        export.render(current, f"{digest}:{scheme}:{len(edits)}:{hash(edits)}")
    with tabs[8]:
        compare.render(base, current, f"{digest}:{scheme}")
    with tabs[9]:
        neo4j_page.render(current)


main()
