"""Table-shaped views of an analysis for the app: rows to show, filters, what-if edits.

Pure functions over the report document and the model, so the Streamlit app only lays
out widgets, and every filter is tested without a browser.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

from opmodel.contract import SEVERITIES, rule_info
from opmodel.location import SourceRef
from opmodel.model import OperatingModel
from opmodel.rules.whatif import Edit, apply_edits

__all__ = ["Edit", "apply_edits", "filter_findings", "findings_rows", "parity_rows",
           "raci_rows", "seam_choices"]


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


def raci_rows(model: OperatingModel, document: dict[str, Any]) -> list[dict[str, str]]:
    """The matrix as rows (activity, one column per team, and the rules it breaks)."""
    codes: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for a in model.assignments:
        codes[a.activity][a.team].append(a.code)
    broken: dict[str, set[str]] = defaultdict(set)
    for f in document["findings"]:
        for s in f["subjects"]:
            if s["type"] == "activity":
                broken[s["id"]].add(f["rule"])
    rows = []
    for activity in model.activities:
        row = {"Activity": activity.name}
        row.update({t.name: "/".join(codes[activity.id].get(t.id, [])) for t in model.teams})
        row["Findings"] = ", ".join(sorted(broken.get(activity.id, ())))
        rows.append(row)
    return rows


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
