"""The one-page brief for an executive: the verdict with its coverage and range, the moves
that matter with the index after each, the journeys, who must act (a scorecard by team)
and the trend; made to print on one A4 or Letter page.

Every list is capped and every line kept to one line (CSS ellipsis), so no model, however
large or long-named, pushes the brief onto a second page.
"""

from __future__ import annotations

from typing import Any

from opmodel.reports.html import CSP, ENV, journeys
from opmodel.reports.model import Report
from opmodel.reports.trend import changes
from opmodel.reports.trend import svg as trend_svg
from opmodel.rules.registry import urgent_words

MOVES = 5
JOURNEYS = 6
TEAMS = 6
FIXES = 4


def scorecard(report: Report) -> list[dict[str, Any]]:
    """Per team that must act: groups by severity and the most pressing one."""
    rows = []
    for team, groups in report.by_team()[:TEAMS]:
        counts = {s: sum(1 for g in groups if g.severity == s)
                  for s in ("critical", "high", "medium", "low")}
        rows.append({"team": team, "urgent": counts["critical"] + counts["high"],
                     "medium": counts["medium"], "low": counts["low"],
                     "first": groups[0].title})
    return rows


def render(report: Report) -> str:
    """The brief as a standalone HTML page."""
    details = report.details
    byline = [f"version {details['version']}" if details.get("version") else "",
              details.get("author", ""), details.get("date", ""),
              f"workbook {details['file']}" if details.get("file") else ""]
    journeys_all = journeys(report)
    teams = report.by_team()
    return ENV.get_template("brief.html.j2").render(
        csp=CSP, title=report.title("Operating model brief"), name=report.name,
        byline=" · ".join(b for b in byline if b), version=report.version,
        index=report.index, verdict=report.index.sentence(), headline=report.headline(),
        moves=report.moves[:MOVES], fixes=report.groups[:FIXES],
        journeys=journeys_all[:JOURNEYS], journeys_hidden=max(0, len(journeys_all) - JOURNEYS),
        scorecard=scorecard(report),
        urgent=urgent_words((g.severity for g in report.groups), joiner=", ").capitalize(),
        teams_hidden=max(0, len(teams) - TEAMS),
        trend=trend_svg(report.history, width=330, height=110),
        changes=changes(report.history)[-2:])
