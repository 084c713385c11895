"""The JSON contract of DESIGN section 9, built from the library's own objects.

It lives below the reports so that analysis and compare build the contract without
importing a report writer (data flows one way: findings -> contract -> reports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opmodel.groups import build_groups

if TYPE_CHECKING:
    from opmodel.ingest.report import ImportReport
    from opmodel.model import OperatingModel

SEVERITIES = ("critical", "high", "medium", "low", "info")


def model_summary(model: OperatingModel) -> dict[str, Any]:
    """The contract's ``model`` object."""
    return {"id": model.id, "name": model.name, "scheme": model.scheme.value,
            "counts": model.counts()}


def import_document(model: OperatingModel, report: ImportReport) -> dict[str, Any]:
    """What ``opmodel validate --format json`` writes: the model and its import report."""
    from opmodel import __version__

    return {"opmodel_version": __version__, "model": model_summary(model),
            "import": report.as_dict()}


def rule_info(rule_id: str) -> tuple[str, str]:
    """(family, title) of a rule, from the registry."""
    from opmodel.rules.registry import REGISTRY

    meta = REGISTRY[rule_id].meta
    return str(meta.family.value), meta.title


def accountable_teams(model: OperatingModel) -> dict[str, str]:
    """Activity id -> name of the team that should act on it: the first accountable team,
    else the first responsible one (it does the work, so it can raise the gap)."""
    from opmodel.schemes import Role

    names = {t.id: t.name for t in model.teams}
    owners: dict[str, str] = {}
    for role in (Role.ACCOUNTABLE, Role.RESPONSIBLE):
        for a in model.assignments:
            if a.activity not in owners and a.role is role:
                owners[a.activity] = names.get(a.team, a.team)
    return owners


def add_groups(document: dict[str, Any], model: OperatingModel | None = None) -> None:
    """Give each finding its ``group`` and the document its ``groups`` (both additive)."""
    owners = accountable_teams(model) if model is not None else {}
    kinds = ({a.id: a.kind.value for a in model.activities if a.kind.value != "activity"}
             if model is not None else {})
    groups = build_groups(document["findings"], document["model"]["counts"].get(
        "activities", 0), lambda activity: owners.get(activity, ""), kinds)
    document["groups"] = [g.as_dict() for g in groups]


def analysis_document(model: OperatingModel, report: ImportReport, result: Any,
                      index: Any) -> dict[str, Any]:
    """The full contract: model, import report, findings, groups, not assessed, index."""
    document = import_document(model, report)
    document["findings"] = [f.as_dict() for f in result.findings]
    document["not_assessed"] = [n.as_dict() for n in result.not_assessed]
    document["index"] = index.as_dict()
    add_groups(document, model)
    return document
