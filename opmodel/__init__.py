"""opmodel: find where an operating model is fragmented, cell by cell.

The public API: ``load`` a workbook into a model and its import report; ``analyze`` it
(findings, fragmentation index, reports); ``build_graph`` for the networkx graph.

>>> from opmodel import load
>>> callable(load)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from opmodel.graph import build_graph
from opmodel.ingest.parse import parse
from opmodel.ingest.reader import read
from opmodel.ingest.report import ImportReport
from opmodel.model import OperatingModel
from opmodel.perf import pause_gc
from opmodel.schemes import Scheme

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``opmodel.analyze``, ``Analysis`` and ``Finding``, imported on first use (the rules
    are not needed to import a workbook)."""
    if name in {"analyze", "Analysis"}:
        from opmodel import analysis

        return getattr(analysis, name)
    if name == "Finding":
        from opmodel.rules.base import Finding

        return Finding
    raise AttributeError(f"module 'opmodel' has no attribute {name!r}")
__all__ = ["Analysis", "Finding", "ImportReport", "LoadResult", "OperatingModel", "Scheme",
           "__version__", "analyze", "build_graph", "load"]


@dataclass(frozen=True)
class LoadResult:
    """A model and the report of how its workbook was understood."""

    model: OperatingModel
    report: ImportReport


def load(path: Path | str, scheme: Scheme | str | None = None) -> LoadResult:
    """Read and parse a workbook or CSV file.

    Raises an ``OpmodelError`` (with a one-sentence message) only when nothing can be read.
    """
    chosen = Scheme(scheme) if isinstance(scheme, str) else scheme
    with pause_gc():
        model, report = parse(read(path), chosen)
    return LoadResult(model, report)
