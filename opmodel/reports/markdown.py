"""The report as Markdown, for a wiki page or a pull request. All user text is escaped."""

from __future__ import annotations

from typing import Any

from opmodel.reports.document import (
    INDEX_SENTENCE,
    by_family,
    cell_of,
    component_line,
    severity_counts,
)
from opmodel.reports.safe import markdown as md


def render(document: dict[str, Any]) -> str:
    """Markdown for one analysis document."""
    model, index = document["model"], document["index"]
    findings = document["findings"]
    value = index.get("value")
    lines = [f"# Fragmentation report: {md(model['name'])}", ""]
    lines.append(f"**Fragmentation index: {value if value is not None else 'not assessed'}"
                 f"{' / 100' if value is not None else ''}** · scheme "
                 f"{model['scheme'].upper()} · " + ", ".join(
                     f"{n} {k}" for k, n in model["counts"].items() if n))
    lines += ["", INDEX_SENTENCE, ""]
    lines += [f"- {md(component_line(name, c))}" for name, c in index["components"].items()]
    journeys = index.get("journeys") or {}
    if journeys:
        lines += ["", "| Journey | Index |", "|---|---|"]
        lines += [f"| {md(name)} | {j.get('value', '—')} |"
                  for name, j in sorted(journeys.items(),
                                        key=lambda kv: -(kv[1].get("value") or 0))]
    counts = severity_counts(findings)
    lines += ["", f"## Findings ({len(findings)})", "",
              " · ".join(f"{n} {s}" for s, n in counts.items() if n) or "None."]
    for family, items in by_family(findings):
        lines += ["", f"### {family.capitalize()} ({len(items)})", ""]
        for f in items:
            where = cell_of(f)
            lines.append(f"- **{f['rule']}** `{f['slug']}` ({f['severity']}) — "
                         f"{md(f['message'])}" + (f" _({md(where)})_" if where else ""))
            lines.append(f"  - What to do: {md(f['remediation'])}")
    if document.get("not_assessed"):
        lines += ["", "## Not assessed", ""]
        lines += [f"- **{n['rule']}**: {md(n['reason'])}" for n in document["not_assessed"]]
    imported = document["import"]
    issues = imported["errors"] + imported["warnings"]
    problems = [i for i in issues if i["cell"] or i["row"]]
    if problems:
        lines += ["", f"## Import issues ({len(imported['errors'])} errors)", "",
                  "| Where | Code | Message |", "|---|---|---|"]
        lines += [f"| {md(i['sheet'])}!{i['cell'] or i['row']} | {i['code']} | "
                  f"{md(i['message'])} |" for i in problems[:200]]
    lines += ["", f"_opmodel {document['opmodel_version']}_", ""]
    return "\n".join(lines)
