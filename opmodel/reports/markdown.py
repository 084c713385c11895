"""The report as Markdown, for a wiki page or a pull request. All user text is escaped
and stripped of control characters."""

from __future__ import annotations

from opmodel.reports.model import INDEX_SENTENCE, Report
from opmodel.reports.safe import markdown as md
from opmodel.reports.text import component_line


def render(report: Report) -> str:
    """Markdown for one report: verdict, moves, groups (with their findings), the rest."""
    index = report.index
    counts = report.document["model"]["counts"]
    lines = [f"# {md(report.title())}", "", f"**{md(index.sentence())}**", "",
             f"Scheme {report.document['model']['scheme'].upper()} · " + ", ".join(
                 f"{n} {k}" for k, n in counts.items() if n), "", INDEX_SENTENCE, ""]
    lines += [f"- {md(component_line(name, c))}" for name, c in index.components.items()]
    if report.moves:
        lines += ["", "## Moves that matter most", "", "| # | Move | Index after |",
                  "|---|---|---|"]
        lines += [f"| {n} | {md(m.title)} | "
                  f"{m.index_after if m.index_after is not None else '—'} |"
                  for n, m in enumerate(report.moves, start=1)]
    if index.journeys:
        lines += ["", "| Journey | Index |", "|---|---|"]
        lines += [f"| {md(name)} | {j.get('value', '—')} |"
                  for name, j in sorted(index.journeys.items(),
                                        key=lambda kv: -(kv[1].get("value") or 0))]
    group_counts = report.severity_counts()
    lines += ["", f"## What to fix ({len(report.groups)} groups, {len(report.findings)} "
                  "findings)", "",
              " · ".join(f"{n} {s}" for s, n in group_counts.items() if n) or "None."]
    for group in report.groups:
        owner = f" — owner: {md(group.owner)}" if group.owner else ""
        lines += ["", f"### {group.severity.capitalize()}: {md(group.title)}{owner}", "",
                  f"What to do: {md(group.remediation)}", ""]
        for f in report.group_findings(group):
            lines.append(f"- **{f.rule}** `{f.slug}` ({f.severity}) — {md(f.message)}"
                         + (f" _({md(f.cell)})_" if f.cell else ""))
    if report.not_assessed:
        lines += ["", "## Not assessed", ""]
        lines += [f"- **{n['rule']}**: {md(n['reason'])}" for n in report.not_assessed]
    issues = report.import_errors + report.import_warnings
    problems = [i for i in issues if i["cell"] or i["row"]]
    if problems:
        lines += ["", f"## Import issues ({len(report.import_errors)} errors)", "",
                  "| Where | Code | Message |", "|---|---|---|"]
        lines += [f"| {md(i['sheet'])}!{i['cell'] or i['row']} | {i['code']} | "
                  f"{md(i['message'])} |" for i in problems[:200]]
    lines += ["", f"_opmodel {report.version}_", ""]
    return "\n".join(lines)
