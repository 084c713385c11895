"""Findings as SARIF 2.1.0, so code-scanning tools show them on the workbook's cells.

The physical location is the workbook (by file name, never a local path) with the row as
``startLine`` and the column number as ``startColumn``; the ``Sheet!B7`` reference is
the logical location, since SARIF regions have no notion of sheets. SARIF stays one
result per finding (code-scanning tools track findings, not groups); the group is a
property of each result.
"""

from __future__ import annotations

import json
from typing import Any

from opmodel.location import column_number
from opmodel.reports.model import Report
from opmodel.reports.safe import plain

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note",
          "info": "note"}


def render(report: Report) -> str:
    """SARIF log for one analysis, on the workbook named by ``report.source_name``."""
    from opmodel.rules.registry import REGISTRY

    artifact = plain(report.source_name)
    rules = [{
        "id": meta.id, "name": meta.slug,
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.rationale},
        "help": {"text": meta.remediation},
        "defaultConfiguration": {"level": LEVELS[meta.severity.value]},
        "properties": {"family": meta.family.value, "severity": meta.severity.value},
    } for meta in (r.meta for r in REGISTRY.values())]
    results = []
    for f in report.findings:
        locations = []
        for loc in f.locations[:5]:
            region: dict[str, int] = {"startLine": loc.row}
            if loc.column:
                region["startColumn"] = column_number(loc.column)
            locations.append({
                "physicalLocation": {"artifactLocation": {"uri": artifact}, "region": region},
                "logicalLocations": [{"name": plain(loc), "kind": "element"}],
            })
        properties: dict[str, Any] = {"severity": f.severity,
                                      "subjects": [plain(s["id"]) for s in f.subjects]}
        if f.group:
            properties["group"] = f.group
        results.append({
            "ruleId": f.rule, "level": LEVELS[f.severity],
            "message": {"text": plain(f"{f.message} What to do: {f.remediation}")},
            "locations": locations or [{"physicalLocation": {
                "artifactLocation": {"uri": artifact}}}],
            "partialFingerprints": {"opmodelFingerprint/v1": f.fingerprint},
            "properties": properties,
        })
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "opmodel", "version": report.version,
                            "informationUri": "https://github.com/opmodel/opmodel",
                            "rules": rules}},
        "results": results,
    }]}
    return json.dumps(log, indent=2, ensure_ascii=False)
