"""The JSON contract of DESIGN.md section 9 (CI pipelines parse it: change with care)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from opmodel.contract import import_document, model_summary

if TYPE_CHECKING:
    from opmodel.reports.model import Report

__all__ = ["dumps", "import_document", "model_summary", "render"]


def dumps(document: dict[str, Any]) -> str:
    """Stable, readable JSON (non-ASCII kept: names are people's names)."""
    return json.dumps(document, indent=2, ensure_ascii=False, default=str)


def render(report: Report) -> str:
    """The contract document of one analysis."""
    return dumps(report.document)
