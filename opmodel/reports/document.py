"""Helpers over the contract's finding objects for the reports that still read the
document directly (the comparison report): family grouping and the finding's cell."""

from __future__ import annotations

from typing import Any

from opmodel.contract import SEVERITIES, rule_info
from opmodel.location import SourceRef
from opmodel.reports.model import COMPONENTS, INDEX_SENTENCE

__all__ = ["COMPONENTS", "INDEX_SENTENCE", "SEVERITIES", "by_family", "cell_of", "rule_info"]


def by_family(findings: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Findings grouped by family, each group most severe first then by rule."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        groups.setdefault(rule_info(finding["rule"])[0], []).append(finding)
    return [(family, sorted(items, key=lambda f: (SEVERITIES.index(f["severity"]), f["rule"])))
            for family, items in groups.items()]


def cell_of(finding: dict[str, Any]) -> str:
    """``Sheet!B7`` of a finding's first location, or ''."""
    locations = finding.get("locations") or []
    return str(SourceRef.from_dict(locations[0])) if locations else ""
