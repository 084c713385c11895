"""Writers of what leaves the tool: one module per format, all escaping user text.

``write(analysis, fmt, path)`` is what the CLI and the app's download buttons call.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opmodel.analysis import Analysis

FORMATS = ("text", "json", "md", "html", "xlsx", "sarif", "junit")
MEDIA_TYPES = {
    "text": "text/plain", "json": "application/json", "md": "text/markdown",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sarif": "application/sarif+json", "junit": "application/xml",
}


def render(analysis: Analysis, fmt: str) -> bytes:
    """The report in one format, as bytes."""
    from opmodel.perf import pause_gc

    with pause_gc():
        return _render(analysis, fmt)


def _render(analysis: Analysis, fmt: str) -> bytes:
    from opmodel.reports import html, junit, markdown, sarif, text, xlsx
    from opmodel.reports.json import dumps

    document = analysis.document
    artifact = analysis.source_name or f"{analysis.model.id}.xlsx"
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory() as folder:
            path = xlsx.render(document, analysis.model, Path(folder) / "report.xlsx",
                               source_name=artifact)
            return path.read_bytes()
    renderers = {
        "text": lambda: text.render_analysis(document),
        "json": lambda: dumps(document),
        "md": lambda: markdown.render(document),
        "html": lambda: html.render(document, analysis.model, analysis.graph),
        "sarif": lambda: sarif.render(document, artifact),
        "junit": lambda: junit.render(document),
    }
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return renderers[fmt]().encode("utf-8")


def write(analysis: Analysis, fmt: str, path: Path) -> Path:
    """Write the report in one format to a file."""
    if fmt == "xlsx":
        from opmodel.reports import xlsx

        return xlsx.render(analysis.document, analysis.model, path,
                           source_name=analysis.source_name)
    path.write_bytes(render(analysis, fmt))
    return path
