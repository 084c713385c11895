"""One subject, one story: findings that share a subject become one group.

A reader acts on subjects, not on rules: one undocumented seam is three findings (no
owner, no time standard, not recorded), one hub two (single point of failure,
bottleneck), and a matrix that never names an accountable party is as many identical
findings as it has rows. So a finding belongs to the one subject it is about: a seam (a
pair of teams), a team's reach to a system, a team (its load, its escalation path, its
frontline rights), or else its first activity, journey, metric or system; and when most
rows of the matrix share a gap, to the matrix. Groups keep every finding (each still
carries its own cells) and give the reader one line per thing to fix, with who should act.

Works on the contract's finding objects (dicts), so the local engine and the Neo4j runner
group the same way. A group's id is a hash of what it is about (never of row numbers), so
an action log can follow it from one version of the workbook to the next.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("critical", "high", "medium", "low", "info")
# How much one finding of a severity weighs when groups are ordered (ties: more findings).
SEVERITY_WEIGHT = {"critical": 8, "high": 4, "medium": 2, "low": 1, "info": 0}
SEAM_RULES = frozenset({"SEAM001", "SEAM002", "SEAM003", "SEAM004"})
HUB_RULES = frozenset({"STR001", "STR002"})
ACCESS_RULES = frozenset({"DATA002", "DATA003"})
# Rules about a team itself (its load, its idleness, its frontline rights), whatever else
# they name; other rules are about their first activity, journey, metric or system.
TEAM_RULES = frozenset({"OWN006", "OWN008", "GOV006", "GOV007"})
PRIMARY_TYPES = ("activity", "journey", "metric", "system")
# Matrix-wide gaps: when most rows share them, one group says so instead of N lines.
MATRIX_RULES = {"OWN001": "accountable", "OWN003": "responsible"}
MATRIX_SHARE = 0.5


@dataclass(frozen=True)
class Group:
    """Findings about one subject: what it is, how bad, what to do, who should act."""

    id: str
    kind: str
    title: str
    severity: str
    subjects: tuple[dict[str, str], ...]
    findings: tuple[str, ...]
    remediation: str
    owner: str = ""
    rules: tuple[str, ...] = field(default=())

    @property
    def weight(self) -> int:
        """Severity-weighted size: what orders the headline list."""
        return SEVERITY_WEIGHT.get(self.severity, 0) * 1000 + len(self.findings)

    def as_dict(self) -> dict[str, Any]:
        """The contract's group object (an addition to DESIGN section 9)."""
        return {"id": self.id, "kind": self.kind, "title": self.title,
                "severity": self.severity, "subjects": list(self.subjects),
                "findings": list(self.findings), "rules": list(self.rules),
                "remediation": self.remediation, "owner": self.owner}


def group_id(*parts: str) -> str:
    """A short, stable id for a group from what it is about.

    >>> group_id("seam", "team:a", "team:b") == group_id("seam", "team:a", "team:b")
    True
    """
    return "g" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:15]


def _subjects(finding: Mapping[str, Any], kind: str) -> list[dict[str, str]]:
    return [s for s in finding["subjects"] if s["type"] == kind]


def _key(finding: Mapping[str, Any], matrix_wide: set[str]) -> tuple[str, tuple[str, ...]]:
    """(kind, subject ids) of the group a finding belongs to: the one subject it is about."""
    rule = finding["rule"]
    subjects = finding["subjects"]
    ids = [s["id"] for s in subjects]
    if rule in matrix_wide:
        return "matrix", (rule,)
    if rule in SEAM_RULES and len(ids) >= 2:
        return "seam", (ids[0], ids[1])
    if rule in HUB_RULES and ids:
        return "team", (ids[0],)  # a hub: the same team's load and position
    if rule in ACCESS_RULES:
        teams, systems = _subjects(finding, "team"), _subjects(finding, "system")
        if teams and systems:
            return "access", (teams[0]["id"], systems[0]["id"])
    if rule.startswith("ESC") and subjects and subjects[0]["type"] == "team":
        return "team", (ids[0],)  # the team whose path is broken
    if rule in TEAM_RULES:
        teams = _subjects(finding, "team")
        if teams:
            return "team", (teams[0]["id"],)
    primary = next((s for s in subjects if s["type"] in PRIMARY_TYPES), None)
    if primary is not None:
        return primary["type"], (primary["id"],)
    return "finding", (finding["fingerprint"],)


def build_groups(findings: list[dict[str, Any]], activities: int,
                 owner_of: Callable[[str], str] | None = None,
                 kinds: Mapping[str, str] | None = None) -> list[Group]:
    """Group findings by subject, most severe and heaviest first; sets ``group`` on each.

    ``activities`` is the matrix's row count (for matrix-wide groups); ``owner_of`` names
    the team accountable for an activity id (the suggested owner of its group); ``kinds``
    maps activity ids to 'decision' / 'outcome' so a group can say what it is about.
    """
    counts: dict[str, int] = {}
    for f in findings:
        counts[f["rule"]] = counts.get(f["rule"], 0) + 1
    matrix_wide = {rule for rule in MATRIX_RULES
                   if activities and counts.get(rule, 0) >= 3
                   and counts[rule] > MATRIX_SHARE * activities}
    members: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for f in findings:
        members.setdefault(_key(f, matrix_wide), []).append(f)
    groups = [_group(kind, ids, items, activities, owner_of, kinds or {})
              for (kind, ids), items in members.items()]
    groups.sort(key=lambda g: (-g.weight, g.title))
    by_fingerprint = {fp: g.id for g in groups for fp in g.findings}
    for f in findings:
        f["group"] = by_fingerprint[f["fingerprint"]]
    return groups


def _worst(items: Iterable[Mapping[str, Any]]) -> str:
    return min((f["severity"] for f in items), key=SEVERITIES.index)


def _group(kind: str, ids: tuple[str, ...], items: list[dict[str, Any]], activities: int,
           owner_of: Callable[[str], str] | None, kinds: Mapping[str, str]) -> Group:
    rules = tuple(sorted({f["rule"] for f in items}))
    subjects: dict[str, dict[str, str]] = {}
    for f in items:
        for s in f["subjects"]:
            subjects.setdefault(s["id"], s)
    names = {sid: s["name"] for sid, s in subjects.items()}
    fingerprints = tuple(f["fingerprint"] for f in items)
    severity = _worst(items)
    first = items[0]
    if kind == "matrix":
        party = MATRIX_RULES[ids[0]]
        every = "any" if len(items) >= activities else "most"
        return Group(
            group_id("matrix", ids[0]), kind,
            f"The matrix names no {party} party on {every} of its {activities} rows "
            f"({len(items)} without one)", severity, (), fingerprints,
            f"Agree one {party} party per row, starting with the customer-facing steps; a "
            f"matrix without {party} parties records who is involved, not who answers "
            "for the result.", "", rules)
    if kind == "seam":
        left, right = names.get(ids[0], ids[0]), names.get(ids[1], ids[1])
        facets = [(rule, gap, fix) for rule, gap, fix in _SEAM_FACETS if rule in rules]
        return Group(
            group_id("seam", *ids), kind,
            f"Handoff {left} → {right}: {', '.join(gap for _, gap, _ in facets)}", severity,
            tuple(subjects[i] for i in ids if i in subjects), fingerprints,
            f"For the handoff from {left} to {right}: "
            + "; ".join(fix for _, _, fix in facets) + ".", right, rules)
    if kind == "team" and set(rules) == HUB_RULES:
        team = names.get(ids[0], ids[0])
        return Group(
            group_id("team", *ids), kind,
            f"{team} brokers the handoff network (single point of failure, bottleneck)"
            if len(rules) > 1 else _short(first["message"]), severity,
            (subjects[ids[0]],), fingerprints,
            f"Give the teams around {team} direct handoffs with owners, or a deputy for "
            f"{team}, so that the journey does not stop when it is stretched.", team, rules)
    if kind == "access":
        team, system = names.get(ids[0], ids[0]), names.get(ids[1], ids[1])
        return Group(
            group_id("access", *ids), kind, f"{team} cannot read {system}", severity,
            tuple(subjects[i] for i in ids if i in subjects), fingerprints,
            first["remediation"] if len(items) == 1 else
            f"Grant {team} read access to {system} (or show its records in the system "
            f"{team} works in), so that customers do not repeat themselves.", team, rules)
    subject = subjects.get(ids[0])
    if subject is None:  # one finding with no subject of its own
        teams = [s["name"] for s in first["subjects"] if s["type"] == "team"]
        return Group(group_id("finding", *ids), kind, _short(first["message"]), severity,
                     tuple(first["subjects"]), fingerprints, first["remediation"],
                     teams[0] if teams else "", rules)
    name = subject["name"]
    what = {"decision": "Decision", "outcome": "Outcome"}.get(
        kinds.get(ids[0], ""), kind.capitalize())
    teams = [s["name"] for s in subjects.values() if s["type"] == "team"]
    owner = name if kind == "team" else (owner_of(ids[0]) if owner_of and kind == "activity"
                                         else "") or (teams[0] if teams else "")
    title = (f"{what} '{name}': " + "; ".join(_gap(rule) for rule in _by_severity(items))
             if len(items) > 1 or kind == "activity" else _short(first["message"]))
    return Group(group_id(kind, *ids), kind, title, severity, (subject,), fingerprints,
                 _remedies(items), owner, rules)


# Rule -> rules whose advice its own already contains, on the same subject: the group then
# asks once, in the covering rule's words. GOV003 asks for one accountable party for the
# decision, names who already works on it, and offers a decision right instead: OWN001's
# ask (an accountable party for the row) is part of it.
COVERS = {"GOV003": frozenset({"OWN001"})}


def _remedies(items: list[dict[str, Any]]) -> str:
    """The group's advice as one plan: the most severe finding's first, each ask once
    (an advice another finding's rule covers on the same subject is left out)."""
    ordered = sorted(items, key=lambda f: (SEVERITIES.index(f["severity"]), f["rule"]))
    covered = {(rule, _about(f)) for f in ordered for rule in COVERS.get(f["rule"], ())}
    kept = [f for f in ordered if (f["rule"], _about(f)) not in covered]
    return " ".join(dict.fromkeys(f["remediation"] for f in kept))


def _about(finding: Mapping[str, Any]) -> str:
    """The subject a finding's advice is about (its first)."""
    return finding["subjects"][0]["id"] if finding["subjects"] else finding["fingerprint"]


_CELL = re.compile(r" \([^()]*![A-Z]*\d+[^()]*\)")
_SEAM_FACETS = (
    ("SEAM001", "no owner", "name one team accountable for it"),
    ("SEAM002", "an owner on neither side", "make a party to it (or their common manager) "
                "its owner"),
    ("SEAM003", "no time standard", "agree a time standard"),
    ("SEAM004", "not on the Handoffs sheet", "record it on the Handoffs sheet"),
)


def _by_severity(items: list[dict[str, Any]]) -> list[str]:
    ordered = sorted(items, key=lambda f: (SEVERITIES.index(f["severity"]), f["rule"]))
    return list(dict.fromkeys(f["rule"] for f in ordered))


_GAPS = {"OWN001": "no one accountable", "OWN002": "several accountable",
         "OWN003": "no one responsible", "OWN004": "its owner cannot decide",
         "OWN005": "its owner holds no levers", "OWN006": "accountable for too much",
         "OWN007": "too many consulted", "OWN008": "no role anywhere",
         "OWN009": "too many responsible",
         "ESC001": "no escalation path", "ESC002": "an escalation with no time limit",
         "ESC003": "escalations loop back", "ESC004": "escalation never reaches authority",
         "ESC005": "escalation takes too many hops",
         "STR001": "single point of failure", "STR002": "coordination bottleneck",
         "GOV001": "no owner", "GOV002": "drives no decision", "GOV003": "nobody can make it",
         "GOV004": "its owner holds no levers", "GOV005": "no customer measure",
         "GOV006": "no decision rights", "GOV007": "limits unstated",
         "JRN001": "no end-to-end owner", "JRN002": "its owner cannot decide",
         "JRN003": "escalation slower than its promise",
         "DATA001": "siloed", "DATA004": "competing records", "DATA005": "no owner"}


def _gap(rule: str) -> str:
    """A rule as a few words about its subject ('no one accountable')."""
    if rule in _GAPS:
        return _GAPS[rule]
    from opmodel.rules.registry import REGISTRY

    return REGISTRY[rule].meta.slug.replace("-", " ") if rule in REGISTRY else rule


def _short(message: str, limit: int = 120) -> str:
    """A finding's message as a headline: without cell references, up to its colon.

    >>> _short("Carrier Portal (Systems!B7) has no owner: nobody decides who may see it.")
    'Carrier Portal has no owner'
    """
    text = _CELL.sub("", message).split(". ", 1)[0]
    head = text.split(": ", 1)[0]
    if len(head) >= 20 and head.count("(") == head.count(")"):
        text = head
    text = text.rstrip(".")
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:(")
    return cut + "…"
