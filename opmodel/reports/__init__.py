"""Writers of what leaves the tool: one module per format, all escaping user text.

Every format module has the same entry point, ``render(report)``, over the typed report
of ``opmodel.reports.model``. ``render(analysis, fmt)`` / ``write(analysis, fmt, path)``
are what the CLI and the app's download buttons call; ``render_report`` takes a report
already built (with its history and action log).
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opmodel.analysis import Analysis
    from opmodel.reports.model import Report

FORMATS = ("text", "json", "md", "html", "xlsx", "sarif", "junit", "brief")
MEDIA_TYPES = {
    "text": "text/plain", "json": "application/json", "md": "text/markdown",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sarif": "application/sarif+json", "junit": "application/xml", "brief": "text/html",
}
SUFFIXES = {"text": "txt", "json": "json", "md": "md", "html": "html", "xlsx": "xlsx",
            "sarif": "sarif", "junit": "xml", "brief": "html"}
_MODULES = {"text": "text", "json": "json", "md": "markdown", "html": "html", "xlsx": "xlsx",
            "sarif": "sarif", "junit": "junit", "brief": "brief"}


def render_report(report: Report, fmt: str) -> bytes:
    """One format of a built report, as bytes."""
    from opmodel.perf import pause_gc

    if fmt not in _MODULES:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    module = import_module(f"opmodel.reports.{_MODULES[fmt]}")
    with pause_gc():
        content = module.render(report)
    return content if isinstance(content, bytes) else content.encode("utf-8")


def render(analysis: Analysis, fmt: str) -> bytes:
    """The report of an analysis in one format, as bytes."""
    from opmodel.reports.model import build

    return render_report(build(analysis), fmt)


def write(analysis: Analysis, fmt: str, path: Path) -> Path:
    """Write the report of an analysis in one format to a file."""
    path.write_bytes(render(analysis, fmt))
    return path
