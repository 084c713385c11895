"""The report every format renders: the JSON contract of DESIGN.md section 9, as a dict.

Renderers take this document (plus the model and graph for drawings) so that the JSON,
Markdown, HTML and Excel outputs can never disagree about what was found.
"""

from __future__ import annotations

from typing import Any

from opmodel.reports.json import import_document

SEVERITIES = ("critical", "high", "medium", "low", "info")
COMPONENTS: dict[str, tuple[str, str]] = {
    "accountability_clarity": (
        "Accountability clarity",
        "activities with exactly one accountable party who holds decision authority"),
    "seam_ownership": (
        "Seam ownership", "handoffs between teams (declared or inferred) that have an owner"),
    "data_continuity": (
        "Data continuity",
        "pairs of customer-facing team and journey system where the team can read the system"),
    "escalation_coverage": (
        "Escalation coverage",
        "customer-facing teams with a time-limited escalation path to someone who can decide"),
    "decision_authority": (
        "Decision authority",
        "decisions someone can take, and frontline teams with a decision right and its limit"),
    "measurement": (
        "Measurement", "metrics with an owner who holds a lever over what they measure"),
}
INDEX_SENTENCE = (
    "The fragmentation index runs from 0 (every activity has one empowered owner, every seam "
    "an owner, every frontline team the data it needs and a clock to escalate) to 100 (none "
    "of them do); it is 100 minus the average of the components that could be assessed.")


def analysis_document(model: Any, report: Any, result: Any, index: Any) -> dict[str, Any]:
    """The full contract: model, import report, findings, not assessed, index."""
    document = import_document(model, report)
    document["findings"] = [f.as_dict() for f in result.findings]
    document["not_assessed"] = [n.as_dict() for n in result.not_assessed]
    document["index"] = index.as_dict()
    return document


def rule_info(rule_id: str) -> tuple[str, str]:
    """(family, title) of a rule, from the registry."""
    from opmodel.rules.registry import REGISTRY

    meta = REGISTRY[rule_id].meta
    return str(meta.family.value), meta.title


def by_family(findings: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Findings grouped by family, each group most severe first then by rule."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        groups.setdefault(rule_info(finding["rule"])[0], []).append(finding)
    return [(family, sorted(items, key=lambda f: (SEVERITIES.index(f["severity"]), f["rule"])))
            for family, items in groups.items()]


def severity_counts(findings: list[dict[str, Any]]) -> dict[str, int]:
    """Findings per severity, every severity present."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding["severity"]] += 1
    return counts


def cell_of(finding: dict[str, Any]) -> str:
    """``Sheet!B7`` of a finding's first location, or ''."""
    locations = finding.get("locations") or []
    if not locations:
        return ""
    first = locations[0]
    return f"{first['sheet']}!{first['cell']}"


def component_line(name: str, component: dict[str, Any]) -> str:
    """'7 of 12 activities with ...' in plain words, or why it was not assessed."""
    title, what = COMPONENTS.get(name, (name, name))
    if not component.get("assessed"):
        return f"{title}: not assessed ({component.get('reason') or 'the model lacks the data'})"
    defects = component.get("defects") or {}
    weighed = (" (the share weighs defects by severity: "
               + ", ".join(f"{n} {s}" for s, n in defects.items()) + ")") if defects else ""
    return (f"{title}: {component['value']:.0%} — {component['numerator']} of "
            f"{component['denominator']} {what}{weighed}")
