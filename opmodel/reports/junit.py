"""Findings as JUnit XML: one failed test case per finding, one passing case per rule
that found nothing (so any CI shows both), skipped cases for rules not assessed."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET


def render(document: dict[str, Any]) -> str:
    """JUnit XML (ElementTree escapes all text)."""
    from opmodel.rules.registry import REGISTRY

    findings = document["findings"]
    skipped = {n["rule"]: n["reason"] for n in document["not_assessed"]}
    fired = {f["rule"] for f in findings}
    suite = ET.Element("testsuite", name=f"opmodel: {document['model']['name']}",
                       tests=str(len(findings) + len(REGISTRY) - len(fired)),
                       failures=str(len(findings)), skipped=str(len(skipped)), errors="0")
    for f in findings:
        first = f["locations"][0] if f["locations"] else None
        where = f"{first['sheet']}!{first['cell']}" if first else ""
        case = ET.SubElement(suite, "testcase", classname=f"opmodel.{f['rule']}",
                             name=f"{f['rule']} {f['slug']}: " + ", ".join(
                                 s["name"] for s in f["subjects"])[:200])
        failure = ET.SubElement(case, "failure", type=f["severity"],
                                message=f["message"][:500])
        failure.text = f"{f['message']}\nWhere: {where}\nWhat to do: {f['remediation']}"
    for rule_id, rule in REGISTRY.items():
        if rule_id in fired:
            continue
        case = ET.SubElement(suite, "testcase", classname=f"opmodel.{rule_id}",
                             name=f"{rule_id} {rule.meta.slug}")
        if rule_id in skipped:
            ET.SubElement(case, "skipped", message=f"not assessed: {skipped[rule_id]}")
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)
