"""The JSON contract of DESIGN.md section 9 (CI pipelines parse it: change with care)."""

from __future__ import annotations

import json
from typing import Any

from opmodel.ingest.report import ImportReport
from opmodel.model import OperatingModel


def model_summary(model: OperatingModel) -> dict[str, Any]:
    """The contract's ``model`` object."""
    return {"id": model.id, "name": model.name, "scheme": model.scheme.value,
            "counts": model.counts()}


def import_document(model: OperatingModel, report: ImportReport) -> dict[str, Any]:
    """What ``opmodel validate --format json`` writes: the model and its import report."""
    from opmodel import __version__

    return {"opmodel_version": __version__, "model": model_summary(model),
            "import": report.as_dict()}


def dumps(document: dict[str, Any]) -> str:
    """Stable, readable JSON (non-ASCII kept: names are people's names)."""
    return json.dumps(document, indent=2, ensure_ascii=False, default=str)
