"""The Compare page: current vs target, or the model vs its what-if edits."""

from __future__ import annotations

from typing import Any

import streamlit as st

from opmodel.analysis import Analysis
from opmodel.errors import OpmodelError
from opmodel.reports import MEDIA_TYPES
from opmodel.reports.safe import markdown as text
from opmodel.ui.common import (
    BUNDLED_SAMPLES,
    analyse,
    frame_html,
    table,
    upload_analysis,
)


@st.cache_resource(show_spinner=False, max_entries=8)
def compare_cached(_current: Analysis, _target: Analysis, key: str) -> Any:
    """The comparison of two analyses (``key`` identifies them and the renames)."""
    from opmodel.compare import compare

    return compare(_current, _target, renames=[r for r in key.split("\n")[2:] if r])


def _flat(change: dict[str, Any]) -> dict[str, str]:
    """A structural change as words: locations as ``Sheet!B7``, lists joined, never JSON."""
    def text(value: Any) -> str:
        if isinstance(value, dict):
            if "sheet" in value and "cell" in value:
                return f"{value.get('workbook') or ''} {value['sheet']}!{value['cell']}".strip()
            return "; ".join(f"{k}: {text(v)}" for k, v in value.items() if v not in (None, ""))
        if isinstance(value, list | tuple):
            return ", ".join(text(v) for v in value)
        return "" if value is None else str(value)

    return {key: text(value) for key, value in change.items()}


def render(base: Analysis, current: Analysis, base_key: str) -> None:
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
            first = upload_analysis("Current model", "cmp_current")
        with right:
            second = upload_analysis("Target model", "cmp_target")
        if first is None or second is None:
            st.info("Upload both workbooks.")
            return
        pair, key = (first[0], second[0]), f"{first[1]}\n{second[1]}"
    else:
        pairs = BUNDLED_SAMPLES / "pairs"
        before, after = ((pairs / n).read_bytes()
                         for n in ("retail_current.xlsx", "retail_target.xlsx"))
        pair = (analyse(before, ".xlsx", "auto", "retail_current.xlsx")[1],
                analyse(after, ".xlsx", "auto", "retail_target.xlsx")[1])
        key = "sample-pair\n"
    try:
        comparison = compare_cached(pair[0], pair[1], "\n".join([key, *rename_list]))
    except OpmodelError as exc:
        st.error(str(exc))
        return
    st.markdown(text(comparison.verdict()))
    left, middle, right = st.columns(3)
    left.metric("Resolved", len(comparison.resolved))
    middle.metric("New", len(comparison.new), delta_color="inverse")
    right.metric("Unchanged", len(comparison.unchanged))
    rows = comparison.index_rows()
    table([{"scope": r.scope or "whole model", "before": r.before, "after": r.after}
                  for r in rows if r.moved or not r.scope], hide_index=True)
    for title, findings in (("New", comparison.new), ("Resolved", comparison.resolved)):
        if findings:
            st.markdown(f"**{title}**")
            table([{"severity": f.severity.value, "rule": f.rule, "message": f.message,
                           "cell": f.cell} for f in findings], hide_index=True,
                         width="stretch")
    st.markdown("**Structural changes**")
    table([_flat(c.as_dict()) for c in comparison.changes], hide_index=True, width="stretch")
    with st.expander("Both graphs, side by side, with the changes marked"):
        frame_html(compare_reports.render(comparison, "html").decode("utf-8"), height=900)
    for fmt in ("html", "xlsx", "md", "json"):
        st.download_button(f"Comparison ({fmt})", compare_reports.render(comparison, fmt),
                           f"comparison.{fmt}", MEDIA_TYPES[fmt], key=f"cmp_{fmt}")
