"""The seam map: one node per team, one edge per ordered team pair that hands work over.

Computed from the model in one pass (no full graph needed, so it is cheap at 100,000
activities), with positions decided here so that the same model always draws the same
picture: teams in layers by escalation level (those escalated to sit above those who
escalate), each layer wrapped into rows in the order work flows. At most ``edge_cap``
seams are kept (the busiest); the rest are counted in ``folded``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from opmodel.graph import handoff_edges, responsible_team, strongest_access
from opmodel.model import OperatingModel
from opmodel.schemes import CANONICAL_LETTER, Role, Scheme

EDGE_CAP = 300
ROW_WIDTH = 6  # teams per row within a layer: wide enough to read, narrow enough to fit
X_GAP, Y_GAP = 260.0, 170.0
MAX_LAYERS = 4  # escalation levels drawn as separate layers (longer chains are banded)

# Each scheme's own words for its letters (DACI's D is a driver, RAPID's D decides).
_WORDS = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed",
          "S": "Support", "V": "Verifier", "O": "Out of the loop"}
SCHEME_WORDS: dict[Scheme, dict[str, str]] = {
    Scheme.RACI: _WORDS, Scheme.RASCI: _WORDS, Scheme.RACI_VS: _WORDS, Scheme.CAIRO: _WORDS,
    Scheme.DACI: {"D": "Driver", "A": "Approver", "C": "Contributor", "I": "Informed"},
    Scheme.RAPID: {"D": "Decide", "P": "Perform", "I": "Input", "R": "Recommend",
                   "A": "Agree"},
}


def role_label(scheme: Scheme, role: Role) -> str:
    """A role as its letter and word in the model's scheme, e.g. ``D · Driver`` in DACI."""
    letter = CANONICAL_LETTER[scheme].get(role, "?")
    return f"{letter} · {SCHEME_WORDS[scheme].get(letter, role.value)}"


@dataclass
class Seam:
    """Handoffs from one team to another, aggregated."""

    source: str
    target: str
    count: int = 0
    owned: int = 0
    inferred: int = 0
    journeys: Counter[str] = field(default_factory=Counter)

    @property
    def ownership(self) -> str:
        """all / some / none of the handoffs have a named owner."""
        return "all" if self.owned == self.count else "some" if self.owned else "none"


@dataclass
class SeamMap:
    """Teams (with work counts), seams, escalations and system access, laid out."""

    teams: dict[str, str]  # id -> name
    kinds: dict[str, str]
    work: Counter[str]
    seams: list[Seam]
    escalations: list[tuple[str, str]]
    access: dict[tuple[str, str], str]  # (team, system) -> level
    systems: dict[str, str]
    positions: dict[str, tuple[float, float]]
    folded: int = 0  # seams not drawn
    folded_handoffs: int = 0
    escalated: Counter[tuple[str, str]] = field(default_factory=Counter)  # escalations a pair


def _team_of_activity(model: OperatingModel, wanted: set[str]) -> dict[str, str]:
    """Who does each of the ``wanted`` activities (escalations may start at one)."""
    roles: dict[str, list[tuple[str, Role]]] = defaultdict(list)
    for a in model.assignments:
        if a.activity in wanted:
            roles[a.activity].append((a.team, a.role))
    return {activity: team for activity in roles
            if (team := responsible_team(activity, roles)) is not None}


def _handoffs(model: OperatingModel) -> Iterator[tuple[str, str, bool, bool, str | None]]:
    for source, target, _key, data in handoff_edges(model):
        if data["type"] == "HANDOFF":
            yield (source, target, bool(data.get("owner")), bool(data.get("inferred")),
                   data.get("journey"))


def build(model: OperatingModel, edge_cap: int = EDGE_CAP,
          handoffs: Iterable[Any] | None = None) -> SeamMap:
    """Aggregate the model into a seam map (linear in the model's size).

    ``handoffs``: the rules' seams (``Facts.seams``: objects with source, target, owner,
    inferred, journey) when already derived, else derived here the same way.
    """
    teams = {t.id: t.name for t in model.teams}
    kinds = {t.id: t.kind.value for t in model.teams}
    work: Counter[str] = Counter(a.team for a in model.assignments
                                 if a.role in (Role.ACCOUNTABLE, Role.RESPONSIBLE))
    seams: dict[tuple[str, str], Seam] = {}
    rows = (_handoffs(model) if handoffs is None else
            ((h.source, h.target, bool(h.owner), bool(h.inferred), h.journey)
             for h in handoffs))
    for source, target, owned, inferred, journey in rows:
        if source not in teams or target not in teams:
            continue
        seam = seams.get((source, target)) or seams.setdefault((source, target),
                                                               Seam(source, target))
        seam.count += 1
        seam.owned += owned
        seam.inferred += inferred
        if journey:
            seam.journeys[journey] += 1
    doer = _team_of_activity(model, {e.source_id for e in model.escalations
                                     if e.source_id not in teams})
    escalated: Counter[tuple[str, str]] = Counter(
        (teams_source, e.target_team) for e in model.escalations
        if (teams_source := e.source_id if e.source_id in teams else doer.get(e.source_id))
        and e.target_team in teams and teams_source != e.target_team)
    access = {(a.team, a.system): a.level.value for a in strongest_access(model)
              if a.team in teams}
    systems = {s.id: s.name for s in model.systems}
    return assemble(teams, kinds, work, seams, list(escalated), access, systems, edge_cap,
                    escalated)


def assemble(teams: dict[str, str], kinds: dict[str, str], work: Counter[str],
             seams: dict[tuple[str, str], Seam], escalations: list[tuple[str, str]],
             access: dict[tuple[str, str], str], systems: dict[str, str],
             edge_cap: int = EDGE_CAP,
             escalated: Counter[tuple[str, str]] | None = None) -> SeamMap:
    """Keep the busiest seams and lay the map out (shared by the in-memory build and the
    Neo4j reader, so both draw the same picture from the same aggregates). ``escalated``
    counts the escalations behind each (team, team) pair of ``escalations``."""
    ordered = sorted(seams.values(), key=lambda s: (-s.count, s.source, s.target))
    kept, dropped = ordered[:edge_cap], ordered[edge_cap:]
    positions = layout(list(teams), kept, escalations)
    sys_positions = _system_row(systems, positions)
    return SeamMap(teams, kinds, work, kept, escalations, access, systems,
                   {**positions, **sys_positions}, len(dropped),
                   sum(s.count for s in dropped), Counter(escalated or {}))


def _levels(teams: list[str], escalations: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Escalation level: 0 for teams nobody escalates to, else one above the highest team
    escalating to it (cycles are broken by ignoring the edge that closes them)."""
    up: dict[str, list[str]] = defaultdict(list)
    for source, target in escalations:
        up[target].append(source)
    level: dict[str, int] = {}

    def visit(team: str, path: frozenset[str]) -> int:
        if team in level:
            return level[team]
        below = [visit(s, path | {team}) + 1 for s in up.get(team, ()) if s not in path]
        level[team] = max(below, default=0)
        return level[team]

    for team in sorted(teams):  # by id: the same levels however the teams were listed
        visit(team, frozenset())
    return level


def layout(teams: list[str], seams: list[Seam],
           escalations: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Deterministic positions: layers by escalation level (higher level drawn higher),
    each layer in the order work first reaches it, wrapped into rows of ROW_WIDTH."""
    levels = _levels(teams, escalations)
    distinct = sorted(set(levels.values()))
    if len(distinct) > MAX_LAYERS:  # a long chain: bands of levels, not a team per row
        band = {level: i * MAX_LAYERS // len(distinct) for i, level in enumerate(distinct)}
        levels = {team: band[level] for team, level in levels.items()}
    flow: dict[str, int] = {}
    for seam in seams:  # busiest seams first: the main flow decides the order
        for team in (seam.source, seam.target):
            flow.setdefault(team, len(flow))
    positions: dict[str, tuple[float, float]] = {}
    y = 0.0
    for level in sorted(set(levels.values()), reverse=True):
        layer = sorted((t for t in teams if levels[t] == level),
                       key=lambda t: (flow.get(t, len(flow)), t))
        for start in range(0, len(layer), ROW_WIDTH):
            row = layer[start:start + ROW_WIDTH]
            offset = (ROW_WIDTH - len(row)) * X_GAP / 2
            for i, team in enumerate(row):
                # alternate rows are nudged so that edges between rows do not overlap
                nudge = X_GAP / 4 if (start // ROW_WIDTH) % 2 else 0.0
                positions[team] = (offset + i * X_GAP + nudge, y)
            y += Y_GAP
        y += Y_GAP / 3
    return positions


def _system_row(systems: dict[str, str],
                positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Systems in rows below the teams (drawn only when the systems layer is on)."""
    bottom = max((y for _, y in positions.values()), default=0.0) + Y_GAP * 1.3
    return {system: ((i % ROW_WIDTH) * X_GAP, bottom + (i // ROW_WIDTH) * Y_GAP * 0.6)
            for i, system in enumerate(sorted(systems, key=lambda s: systems[s]))}


def ring(centre: tuple[float, float], count: int, radius: float) -> list[tuple[float, float]]:
    """``count`` points on a circle around ``centre`` (children of an expanded node)."""
    x, y = centre
    return [(x + radius * math.cos(2 * math.pi * i / max(count, 1) - math.pi / 2),
             y + radius * math.sin(2 * math.pi * i / max(count, 1) - math.pi / 2))
            for i in range(count)]
