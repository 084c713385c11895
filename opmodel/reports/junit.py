"""Findings as JUnit XML: one failed test case per finding, one passing case per rule
that found nothing (so any CI shows both), skipped cases for rules not assessed.

ElementTree escapes markup but not characters XML 1.0 forbids (NUL, BEL, ESC...), so
every piece of user text goes through ``plain`` first and the file always parses.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from opmodel.reports.model import Report
from opmodel.reports.safe import plain


def render(report: Report) -> str:
    """JUnit XML for one analysis."""
    from opmodel.rules.registry import REGISTRY

    findings = report.findings
    skipped = {n["rule"]: n["reason"] for n in report.not_assessed}
    fired = {f.rule for f in findings}
    suite = ET.Element("testsuite", name=plain(f"opmodel: {report.name}"),
                       tests=str(len(findings) + len(REGISTRY) - len(fired)),
                       failures=str(len(findings)), skipped=str(len(skipped)), errors="0")
    for f in findings:
        case = ET.SubElement(suite, "testcase", classname=f"opmodel.{f.rule}",
                             name=plain(f"{f.rule} {f.slug}: " + f.subject_names)[:200])
        failure = ET.SubElement(case, "failure", type=f.severity,
                                message=plain(f.message)[:500])
        failure.text = plain(f"{f.message}\nWhere: {f.cell}\nWhat to do: {f.remediation}")
    for rule_id, rule in REGISTRY.items():
        if rule_id in fired:
            continue
        case = ET.SubElement(suite, "testcase", classname=f"opmodel.{rule_id}",
                             name=f"{rule_id} {rule.meta.slug}")
        if rule_id in skipped:
            ET.SubElement(case, "skipped", message=plain(f"not assessed: {skipped[rule_id]}"))
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)
