"""Findings as SARIF 2.1.0, so code-scanning tools show them on the workbook's cells.

The physical location is the workbook (by file name, never a local path) with the row as
``startLine`` and the column number as ``startColumn``; the ``Sheet!B7`` reference is
the logical location, since SARIF regions have no notion of sheets.
"""

from __future__ import annotations

import json
from typing import Any

from opmodel.location import column_number

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note",
          "info": "note"}


def render(document: dict[str, Any], artifact: str) -> str:
    """SARIF log for one analysis; ``artifact`` is the workbook's file name."""
    from opmodel.rules.registry import REGISTRY

    rules = [{
        "id": meta.id, "name": meta.slug,
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.rationale},
        "help": {"text": meta.remediation},
        "defaultConfiguration": {"level": LEVELS[meta.severity.value]},
        "properties": {"family": meta.family.value, "severity": meta.severity.value},
    } for meta in (r.meta for r in REGISTRY.values())]
    results = []
    for f in document["findings"]:
        locations = []
        for loc in f["locations"][:5]:
            region: dict[str, int] = {"startLine": loc["row"]}
            if loc["column"]:
                region["startColumn"] = column_number(loc["column"])
            locations.append({
                "physicalLocation": {"artifactLocation": {"uri": artifact}, "region": region},
                "logicalLocations": [{"name": f"{loc['sheet']}!{loc['cell']}",
                                      "kind": "element"}],
            })
        results.append({
            "ruleId": f["rule"], "level": LEVELS[f["severity"]],
            "message": {"text": f"{f['message']} What to do: {f['remediation']}"},
            "locations": locations or [{"physicalLocation": {
                "artifactLocation": {"uri": artifact}}}],
            "partialFingerprints": {"opmodelFingerprint/v1": f["fingerprint"]},
            "properties": {"severity": f["severity"],
                           "subjects": [s["id"] for s in f["subjects"]]},
        })
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "opmodel", "version": document["opmodel_version"],
                            "informationUri": "https://github.com/opmodel/opmodel",
                            "rules": rules}},
        "results": results,
    }]}
    return json.dumps(log, indent=2, ensure_ascii=False)
