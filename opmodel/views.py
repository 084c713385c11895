"""Table-shaped views of an analysis for the app: rows to show, filters, what-if edits.

Pure functions over the report document and the model, so the Streamlit app only lays
out widgets, and every filter is tested without a browser.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from opmodel.contract import SEVERITIES, rule_info
from opmodel.location import SourceRef
from opmodel.model import OperatingModel
from opmodel.rules.whatif import Edit, apply_edits

__all__ = ["Edit", "RaciMatrix", "apply_edits", "filter_findings", "findings_rows", "pages",
           "parity_rows", "raci_matrix", "seam_choices"]


def findings_rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per finding, with the columns the findings table filters on."""
    rows = []
    for f in document["findings"]:
        family, title = rule_info(f["rule"])
        evidence = f.get("evidence") or {}
        journeys = evidence.get("journeys") or ([evidence["journey"]]
                                                if evidence.get("journey") else [])
        rows.append({
            "severity": f["severity"], "rule": f["rule"], "slug": f["slug"], "family": family,
            "title": title, "message": f["message"],
            "cell": str(SourceRef.from_dict(f["locations"][0])) if f["locations"] else "",
            "teams": ", ".join(s["name"] for s in f["subjects"] if s["type"] == "team"),
            "subjects": ", ".join(s["name"] for s in f["subjects"]),
            "journeys": ", ".join(str(j) for j in journeys),
            "fingerprint": f["fingerprint"], "group": f.get("group", ""),
        })
    return sorted(rows, key=lambda r: (SEVERITIES.index(r["severity"]), r["rule"]))


def filter_findings(rows: Iterable[dict[str, Any]], *, families: Collection[str] = (),
                    severities: Collection[str] = (), rules: Collection[str] = (),
                    team: str | None = None, journey: str | None = None,
                    text: str = "") -> list[dict[str, Any]]:
    """Rows matching every filter given (empty filters match everything)."""
    needle = text.casefold().strip()
    return [r for r in rows
            if (not families or r["family"] in families)
            and (not severities or r["severity"] in severities)
            and (not rules or r["rule"] in rules)
            and (team is None or team in r["teams"].split(", "))
            and (journey is None or journey in r["journeys"].split(", "))
            and (not needle or needle in " ".join(str(v) for v in r.values()).casefold())]


SECTION = "section"  # the key marking a section heading row of a ``RaciMatrix``
PAGE_SIZES = (100, 200, 500, 1000)


@dataclass(frozen=True)
class RaciMatrix:
    """The matrix as rows: activity, the rules it breaks, then one column per team.

    The matrix's section headings (phase rows in the import report) are rows of their own,
    in sheet order, with ``SECTION`` true, so that the table reads like the workbook;
    Findings comes second so that it stays in view beside the activity. Rows are kept
    sparse (only the teams holding a role) and filled in a page at a time: at 100,000
    activities x 20 teams, filling every cell up front took seconds.
    """

    teams: tuple[str, ...]
    rows: list[dict[str, Any]]

    def __len__(self) -> int:
        return len(self.rows)

    def page(self, page: int, size: int) -> list[dict[str, Any]]:
        """Rows ``size * (page - 1)`` onwards (pages count from 1), every team column
        filled; a page opening inside a section starts with that section's heading,
        marked "(continued)"."""
        start = size * (page - 1)
        chunk = self.rows[start:start + size]
        if chunk and not chunk[0][SECTION]:
            heading = next((r for r in reversed(self.rows[:start]) if r[SECTION]), None)
            if heading is not None:
                chunk = [{**heading, "Activity": f"{heading['Activity']} (continued)"}, *chunk]
        blank = dict.fromkeys(self.teams, "")
        return [{"Activity": r["Activity"], "Findings": r["Findings"], **blank,
                 **r.get("codes", {}), SECTION: r[SECTION]} for r in chunk]


def raci_matrix(model: OperatingModel, document: dict[str, Any]) -> RaciMatrix:
    """The matrix of ``model`` with the rules each activity breaks (see ``RaciMatrix``)."""
    names = {t.id: t.name for t in model.teams}
    codes: dict[str, dict[str, str]] = defaultdict(dict)
    for a in model.assignments:
        held = codes[a.activity]
        team = names[a.team]
        held[team] = f"{held[team]}/{a.code}" if team in held else a.code
    broken: dict[str, set[str]] = defaultdict(set)
    for f in document["findings"]:
        for s in f["subjects"]:
            if s["type"] == "activity":
                broken[s["id"]].add(f["rule"])
    headings = sorted(((p["sheet"], int(p["row"]), p["label"])
                       for p in document.get("import", {}).get("phase_rows", ())),
                      key=lambda h: h[1])
    rows: list[dict[str, Any]] = []
    last_phase: str | None = None
    for activity in model.activities:
        where = activity.source
        while (headings and where is not None and headings[0][0] == where.sheet
               and headings[0][1] <= where.row):
            last_phase = headings.pop(0)[2]
            rows.append({"Activity": last_phase, "Findings": "", SECTION: True})
        if activity.phase and activity.phase != last_phase:  # a phase column, no heading row
            last_phase = activity.phase
            rows.append({"Activity": last_phase, "Findings": "", SECTION: True})
        rows.append({"Activity": activity.name,
                     "Findings": ", ".join(sorted(broken.get(activity.id, ()))),
                     "codes": codes.get(activity.id, {}), SECTION: False})
    rows += [{"Activity": label, "Findings": "", SECTION: True}
             for _, _, label in headings]  # sections left empty at the end of the sheet
    return RaciMatrix(tuple(t.name for t in model.teams), rows)


def pages(count: int, size: int) -> int:
    """How many pages of ``size`` rows ``count`` rows fill (at least one)."""
    return max(1, -(-count // size))


def seam_choices(document: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """Seams without an owner, as (from team, to team, journey) from SEAM001 findings."""
    seams = []
    for f in document["findings"]:
        if f["rule"] == "SEAM001":
            teams = [s["name"] for s in f["subjects"] if s["type"] == "team"]
            if len(teams) == 2:
                seams.append((teams[0], teams[1], (f.get("evidence") or {}).get("journey")))
    return list(dict.fromkeys(seams))


def parity_rows(local: Iterable[Any], remote: Iterable[Any]) -> list[dict[str, Any]]:
    """Per rule: findings in memory, findings from Neo4j, and whether the sets agree
    (compared as (rule, subject ids), as the parity tests do)."""
    def keyed(findings: Iterable[Any]) -> dict[str, set[frozenset[str]]]:
        grouped: dict[str, set[frozenset[str]]] = defaultdict(set)
        for f in findings:
            grouped[f.rule].add(frozenset(s.id for s in f.subjects))
        return grouped

    mine, theirs = keyed(local), keyed(remote)
    return [{"rule": rule, "in memory": len(mine.get(rule, ())),
             "in Neo4j": len(theirs.get(rule, ())),
             "same": mine.get(rule, set()) == theirs.get(rule, set())}
            for rule in sorted(set(mine) | set(theirs))]
