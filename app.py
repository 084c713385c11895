"""opmodel's web app: upload an operating-model workbook and see what was understood.

A thin shell over the library: layout and widgets only; all analysis is in ``opmodel``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import streamlit as st

from opmodel import LoadResult, load
from opmodel.errors import OpmodelError
from opmodel.reports.json import import_document

SAMPLES = Path(__file__).parent / "sample_models"
MAX_UPLOAD_MB = 50


@st.cache_data(show_spinner=False, max_entries=8)
def _load_bytes(content: bytes, suffix: str) -> dict[str, object]:
    """Import uploaded bytes (cached on their content) into the JSON document."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        result: LoadResult = load(path)
        return {"document": import_document(result.model, result.report),
                "name": result.model.name}


def main() -> None:
    """Lay out the page."""
    st.set_page_config(page_title="opmodel", layout="wide")
    st.title("opmodel — where is your operating model fragmented?")
    samples = sorted(p.name for p in SAMPLES.glob("*.xlsx"))
    default = Path(os.environ.get("OPMODEL_SAMPLE", "")).name
    with st.sidebar:
        upload = st.file_uploader(f"Workbook (.xlsx or .csv, up to {MAX_UPLOAD_MB} MB)",
                                  type=["xlsx", "xlsm", "csv"])
        sample = st.selectbox("…or a sample model", samples,
                              index=samples.index(default) if default in samples else 0)
    if upload is not None:
        content, suffix = upload.getvalue(), Path(upload.name).suffix
    else:
        content, suffix = (SAMPLES / sample).read_bytes(), ".xlsx"
    try:
        with st.spinner("Reading the workbook…"):
            loaded = _load_bytes(content, suffix)
    except OpmodelError as exc:
        st.error(str(exc))
        return
    document = loaded["document"]
    assert isinstance(document, dict)
    st.subheader(str(loaded["name"]))
    counts = document["model"]["counts"]
    columns = st.columns(len(counts))
    for column, (label, value) in zip(columns, counts.items(), strict=True):
        column.metric(label.capitalize(), value)
    imported = document["import"]
    st.markdown("**Sheets understood**")
    st.dataframe(imported["sheets"], hide_index=True, width="stretch")
    issues = imported["errors"] + imported["warnings"]
    st.markdown(f"**Import report** — {len(imported['errors'])} error(s), "
                f"{len(imported['warnings'])} warning(s) and notes")
    st.dataframe(issues, hide_index=True, width="stretch")


main()
