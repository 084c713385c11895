"""Indexes over one model, computed once and shared by every rule and by the index.

A 100,000-activity model has about 400,000 assignments; each rule walking them again
would blow the 10-second budget, so everything a rule asks more than once (who is
accountable for what, who can read which system, where escalations lead) is computed
here, lazily, on first use.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import networkx as nx

from opmodel.graph import handoff_edges, journey_id, journeys, metric_journey
from opmodel.location import SourceRef
from opmodel.model import (
    AccessLevel,
    Activity,
    ActivityKind,
    Assignment,
    Authority,
    DecisionRight,
    Escalation,
    Journey,
    Metric,
    OperatingModel,
    RightLevel,
    System,
    Team,
)
from opmodel.schemes import Role

if TYPE_CHECKING:  # the rules read an observation; they never read a log themselves
    from opmodel.observe.overlay import Observation

# Rights that let a team actually decide (recommend and input only advise).
STRONG_RIGHTS = frozenset({RightLevel.DECIDE, RightLevel.APPROVE, RightLevel.VETO})
DECIDING_RIGHTS = frozenset({RightLevel.DECIDE, RightLevel.APPROVE})
# Roles that mean a team does or owns work on a step (not just hears about it).
WORKING_ROLES = frozenset({Role.ACCOUNTABLE, Role.RESPONSIBLE, Role.SUPPORT})

_LEVEL_RANK = {AccessLevel.NONE: 0, AccessLevel.READ: 1, AccessLevel.WRITE: 2}

# What each derived capability means, for "not assessed" reasons.
DERIVED = {
    "journeys": "no activity names a journey",
    "decisions": "no activity is marked as a decision (kind column)",
    "outcomes": "no activity is marked as an outcome (kind column)",
    "system_use": "no activity lists the systems it uses (uses column)",
    "metric_types": "no metric has a type (type column of Metrics)",
    "observed": "no event log (opmodel observe MODEL LOG)",
}
SHEET_TITLES = {
    "teams": "Teams", "systems": "Systems", "access": "Access", "activities": "Activities",
    "raci": "RACI", "handoffs": "Handoffs", "escalations": "Escalations",
    "decision_rights": "Decision Rights", "metrics": "Metrics", "settings": "Settings",
    "journey_sheet": "Journeys",
}


@dataclass(frozen=True, slots=True)
class Seam:
    """A transition of work between two teams, declared in Handoffs or inferred from steps."""

    source: str
    target: str
    journey: str | None
    activity: str | None
    from_activity: str | None
    owner: str | None
    sla_hours: float | None
    journey_key: str | None
    inferred: bool
    ref: SourceRef | None

    @property
    def key(self) -> str:
        """Identifies the seam without row numbers (for fingerprints)."""
        return f"{self.source}>{self.target}|{self.journey or ''}|{self.activity or ''}"


def unique(items: Iterable[str]) -> list[str]:
    """Items in first-seen order without repeats."""
    return list(dict.fromkeys(items))


class Facts:
    """Lazily computed indexes over one OperatingModel."""

    def __init__(self, model: OperatingModel, observed: Observation | None = None) -> None:
        self.model = model
        self.observed = observed
        self.teams: dict[str, Team] = {t.id: t for t in model.teams}
        self.systems: dict[str, System] = {s.id: s for s in model.systems}
        self.activities: dict[str, Activity] = {a.id: a for a in model.activities}
        self.metrics: dict[str, Metric] = {m.id: m for m in model.metrics}

    def derive(self, model: OperatingModel, stale: Iterable[str],
               keep_verdict: Callable[[tuple[str, object]], bool] | None = None) -> Facts:
        """Facts of an edited model that keep every index the edit cannot have changed.

        What-if moves re-score many edited copies of one large model: rebuilding the role
        and seam indexes for each would cost seconds an edit. ``stale`` names the indexes
        (cached properties) the edit invalidates; ``available`` is always recomputed.
        ``keep_verdict`` says which of the index's unit verdicts still hold (none if None).
        """
        derived = Facts(model)
        dropped = {"available", "verdicts", *stale}
        derived.__dict__.update((key, value) for key, value in self.__dict__.items()
                                if key not in derived.__dict__ and key not in dropped)
        if keep_verdict is not None:
            derived.__dict__["verdicts"] = {key: verdict for key, verdict
                                            in self.verdicts.items() if keep_verdict(key)}
        return derived

    @cached_property
    def verdicts(self) -> dict[tuple[str, object], str | None]:
        """The index's verdict on each unit, (kind, key) -> worst severity (score.py)."""
        return {}

    # ------------------------------------------------------------------ capabilities
    @cached_property
    def available(self) -> frozenset[str]:
        """Sheets the workbook had, plus what the data itself makes assessable."""
        found = set(self.model.provided)
        activities = self.model.activities
        if any(a.journey for a in activities):
            found.add("journeys")
        if any(a.kind is ActivityKind.DECISION for a in activities):
            found.add("decisions")
        if any(a.kind is ActivityKind.OUTCOME for a in activities):
            found.add("outcomes")
        if any(a.uses for a in activities):
            found.add("system_use")
        if any(m.type is not None for m in self.model.metrics):
            found.add("metric_types")
        if self.observed is not None:
            found.add("observed")
        return frozenset(found)

    # ------------------------------------------------------------------ names
    @cached_property
    def journey_names(self) -> dict[str, str]:
        """Journey node id -> journey name."""
        return {journey_id(a.journey): a.journey for a in self.model.activities if a.journey}

    @cached_property
    def _names(self) -> dict[str, str]:
        names = {j.id: j.name for j in self.model.journeys}
        names.update(self.journey_names)
        if self.observed is not None:  # log groups no team claims (OBS005's subjects)
            names.update((f"group:{u.group}", u.group) for u in self.observed.mapping.unmapped)
        for index in (self.metrics, self.systems, self.activities, self.teams):
            names.update((key, element.name) for key, element in index.items())
        return names

    @cached_property
    def _sources(self) -> dict[str, SourceRef | None]:
        sources: dict[str, SourceRef | None] = {j.id: j.source for j in self.model.journeys}
        for index in (self.metrics, self.systems, self.activities, self.teams):
            sources.update((key, element.source) for key, element in index.items())
        return sources

    def name(self, node_id: str) -> str:
        """The display name of any node id (the id itself when unknown)."""
        return self._names.get(node_id, node_id)

    def source(self, node_id: str) -> SourceRef | None:
        """Where a node was defined."""
        return self._sources.get(node_id)

    # ------------------------------------------------------------------ roles
    @cached_property
    def roles(self) -> dict[str, dict[Role, list[Assignment]]]:
        """Activity id -> role -> assignments (in matrix order)."""
        index: dict[str, dict[Role, list[Assignment]]] = {}
        for a in self.model.assignments:
            by_role = index.get(a.activity)
            if by_role is None:
                by_role = index[a.activity] = {}
            found = by_role.get(a.role)
            if found is None:
                by_role[a.role] = [a]
            else:
                found.append(a)
        return index

    @cached_property
    def _role_teams(self) -> dict[str, dict[Role, list[str]]]:
        # Sorted by name, not matrix order, so that the same model gives the same findings
        # whether its matrix is wide, long or by letter.
        name = self.name
        return {activity: {role: sorted(unique(a.team for a in assigned),
                                        key=lambda t: (name(t).casefold(), t))
                           for role, assigned in by_role.items()}
                for activity, by_role in self.roles.items()}

    def holders(self, activity_id: str, role: Role) -> list[str]:
        """Distinct teams holding a role on an activity, by name (do not modify the list)."""
        by_role = self._role_teams.get(activity_id)
        if not by_role:
            return []
        return by_role.get(role, [])

    def cells(self, activity_id: str, role: Role) -> list[SourceRef]:
        """The matrix cells that give a role on an activity."""
        by_role = self.roles.get(activity_id)
        if not by_role:
            return []
        return [a.source for a in by_role.get(role, ()) if a.source is not None]

    def doers(self, activity_id: str) -> list[str]:
        """Who does the work: the responsible teams, else the accountable ones."""
        return (self.holders(activity_id, Role.RESPONSIBLE)
                or self.holders(activity_id, Role.ACCOUNTABLE))

    @cached_property
    def team_role_counts(self) -> dict[str, dict[Role, int]]:
        """Team id -> role -> number of distinct activities where it holds the role."""
        seen: set[tuple[str, str, Role]] = set()
        counts: dict[str, dict[Role, int]] = defaultdict(lambda: defaultdict(int))
        for a in self.model.assignments:
            key = (a.team, a.activity, a.role)
            if key not in seen:
                seen.add(key)
                counts[a.team][a.role] += 1
        return counts

    @cached_property
    def actors(self) -> int:
        """How many distinct actors hold a role in the matrix (what a fair share divides)."""
        return len(self.team_role_counts)

    @cached_property
    def accountable_for(self) -> dict[str, list[str]]:
        """Team id -> activities it is accountable for."""
        index: dict[str, list[str]] = defaultdict(list)
        for activity_id, by_role in self.roles.items():
            for team in unique(a.team for a in by_role.get(Role.ACCOUNTABLE, ())):
                index[team].append(activity_id)
        return index

    # ------------------------------------------------------------------ authority
    def has_authority(self, node_id: str) -> bool:
        """A team that can decide (not a committee or role marked advisory)."""
        team = self.teams.get(node_id)
        return team is not None and team.authority is Authority.DECISION

    def states_authority(self, team_id: str) -> bool:
        """The Teams sheet's authority cell says this actor decides (a leader marked
        ``decision`` needs no Decision Rights row to count as a decider)."""
        team = self.teams.get(team_id)
        return (team is not None and team.authority_stated
                and team.authority is Authority.DECISION)

    def is_advisory(self, team_id: str) -> bool:
        """Advisory actors cannot own outcomes (committees are advisory unless Teams says
        they decide)."""
        team = self.teams.get(team_id)
        return team is not None and team.authority is Authority.ADVISORY

    @cached_property
    def rights_by_decision(self) -> dict[str, list[DecisionRight]]:
        """Activity id -> decision rights held over it."""
        index: dict[str, list[DecisionRight]] = defaultdict(list)
        for right in self.model.decision_rights:
            index[right.decision].append(right)
        return index

    @cached_property
    def rights_by_team(self) -> dict[str, list[DecisionRight]]:
        """Team id -> decision rights it holds."""
        index: dict[str, list[DecisionRight]] = defaultdict(list)
        for right in self.model.decision_rights:
            index[right.team].append(right)
        return index

    @cached_property
    def teams_with_strong_rights(self) -> frozenset[str]:
        """Teams holding a decide, approve or veto right somewhere."""
        return frozenset(r.team for r in self.model.decision_rights if r.level in STRONG_RIGHTS)

    @cached_property
    def deciding_rights(self) -> dict[str, frozenset[str]]:
        """Team id -> the activities it holds a decide or approve right over."""
        index: dict[str, set[str]] = defaultdict(set)
        for right in self.model.decision_rights:
            if right.level in DECIDING_RIGHTS:
                index[right.team].add(right.decision)
        return {team: frozenset(found) for team, found in index.items()}

    def decides_on_seam(self, team_id: str, seam: Seam) -> bool:
        """The team holds a decide or approve right over an activity on either side of the
        seam, or over a decision of the seam's journey (so it co-owns the seam)."""
        held = self.deciding_rights.get(team_id)
        if not held:
            return False
        if seam.activity in held or seam.from_activity in held:
            return True
        return seam.journey is not None and any(
            self.activities[d].journey == seam.journey for d in held if d in self.activities)

    @cached_property
    def ancestors(self) -> dict[str, frozenset[str]]:
        """Team id -> every team above it in the reporting line."""
        parent = {t.id: t.parent for t in self.model.teams if t.parent}
        result: dict[str, frozenset[str]] = {}
        for team in parent:
            chain: list[str] = []
            current = parent.get(team)
            while current is not None and current not in chain and current != team:
                chain.append(current)
                current = parent.get(current)
            result[team] = frozenset(chain)
        return result

    # ------------------------------------------------------------------ systems
    @cached_property
    def access(self) -> dict[tuple[str, str], tuple[AccessLevel, SourceRef | None]]:
        """(team, system) -> the strongest access the Access sheet gives, and its row."""
        index: dict[tuple[str, str], tuple[AccessLevel, SourceRef | None]] = {}
        for row in self.model.access:
            key = (row.team, row.system)
            known = index.get(key)
            if known is None or _LEVEL_RANK[row.level] > _LEVEL_RANK[known[0]]:
                index[key] = (row.level, row.source)
        return index

    def level(self, team_id: str, system_id: str) -> AccessLevel:
        """Access of a team to a system; a system's owner can always write it."""
        system = self.systems.get(system_id)
        if system is not None and system.owner == team_id:
            return AccessLevel.WRITE
        found = self.access.get((team_id, system_id))
        return found[0] if found else AccessLevel.NONE

    def holds_customer_data(self, system_id: str) -> bool:
        """The Systems sheet marks the system as holding customer data."""
        system = self.systems.get(system_id)
        return system is not None and system.customer_data

    def can_read(self, team_id: str, system_id: str) -> bool:
        """Read or write access (or ownership)."""
        return self.level(team_id, system_id) is not AccessLevel.NONE

    @cached_property
    def readers(self) -> dict[str, list[str]]:
        """System id -> teams with read or write access (from the Access sheet)."""
        index: dict[str, list[str]] = defaultdict(list)
        for (team, system), (level, _) in self.access.items():
            if level is not AccessLevel.NONE:
                index[system].append(team)
        return index

    # ------------------------------------------------------------------ journeys
    @cached_property
    def journeys(self) -> dict[str, list[Activity]]:
        """Journey name -> its steps in order."""
        return journeys(self.model)

    @cached_property
    def customer_facing(self) -> list[str]:
        """Teams marked customer-facing in Teams, in sheet order."""
        return [t.id for t in self.model.teams if t.customer_facing]

    @cached_property
    def journey_teams(self) -> dict[str, list[str]]:
        """Journey name -> teams accountable, responsible or supporting on a step."""
        result: dict[str, list[str]] = {}
        for name, steps in self.journeys.items():
            teams: dict[str, None] = {}
            for step in steps:
                for role, assigned in self.roles.get(step.id, {}).items():
                    if role in WORKING_ROLES:
                        teams.update(dict.fromkeys(a.team for a in assigned))
            result[name] = list(teams)
        return result

    @cached_property
    def journey_systems(self) -> dict[str, list[str]]:
        """Journey name -> systems its steps use, in first-use order."""
        return {name: unique(s for step in steps for s in step.uses)
                for name, steps in self.journeys.items()}

    @cached_property
    def journey_records(self) -> dict[str, Journey]:
        """Journey node id -> its row of the Journeys sheet."""
        return {j.id: j for j in self.model.journeys}

    @cached_property
    def journey_by_id(self) -> dict[str, str]:
        """Journey node id -> the journey's name as Activities writes it."""
        return {journey_id(name): name for name in self.journeys}

    @cached_property
    def metric_journeys(self) -> dict[str, str]:
        """Metric id -> the journey node it belongs to (its journey column, else the journey
        of the activity it drives)."""
        return {m.id: key for m in self.model.metrics
                if (key := metric_journey(m, self.activities)) is not None}

    def cf_on_journey(self, journey: str) -> list[str]:
        """Customer-facing teams that work on a journey."""
        facing = set(self.customer_facing)
        return [t for t in self.journey_teams.get(journey, []) if t in facing]

    # ------------------------------------------------------------------ seams
    @cached_property
    def seams(self) -> list[Seam]:
        """Declared handoffs, then seams inferred between consecutive journey steps.

        Uses the graph module's own derivation, so the rules and the graph always agree.
        """
        found: list[Seam] = []
        for source, target, _key, data in handoff_edges(self.model):
            if data["type"] != "HANDOFF":
                continue
            found.append(Seam(
                source=source, target=target, journey=data.get("journey"),
                activity=data.get("activity"), from_activity=data.get("from_activity"),
                owner=data.get("owner"), sla_hours=data.get("sla_hours"),
                journey_key=data.get("journey_key"),
                inferred=bool(data.get("inferred")), ref=data.get("source")))
        return found

    @cached_property
    def seams_by_journey(self) -> dict[str, list[Seam]]:
        """Journey name -> its seams (declared ones that name the journey, and inferred)."""
        index: dict[str, list[Seam]] = defaultdict(list)
        for seam in self.seams:
            if seam.journey:
                index[seam.journey].append(seam)
        return index

    @cached_property
    def seam_owners(self) -> frozenset[tuple[str, str]]:
        """(journey node id, owner team) of every owned seam on a journey."""
        return frozenset((s.journey_key, s.owner) for s in self.seams
                         if s.journey_key and s.owner)

    @cached_property
    def handoff_graph(self) -> nx.DiGraph:
        """Teams joined by the seams between them (directed, one edge per pair)."""
        graph = nx.DiGraph()
        graph.add_edges_from((s.source, s.target) for s in self.seams if s.source != s.target)
        return graph

    # ------------------------------------------------------------------ escalations
    @cached_property
    def escalations_from(self) -> dict[str, list[Escalation]]:
        """Source id (team or activity) -> its escalations, in sheet order."""
        index: dict[str, list[Escalation]] = defaultdict(list)
        for esc in self.model.escalations:
            index[esc.source_id].append(esc)
        return index

    @cached_property
    def escalated_to(self) -> frozenset[str]:
        """Nodes that some escalation leads to."""
        return frozenset(e.target_team for e in self.model.escalations)

    @cached_property
    def escalation_graph(self) -> nx.DiGraph:
        """Escalation paths as a directed graph (one edge per pair)."""
        graph = nx.DiGraph()
        graph.add_edges_from((e.source_id, e.target_team) for e in self.model.escalations)
        return graph

    def _hops_to_authority(self, timed: bool) -> dict[str, int]:
        """Node -> fewest hops to a team that can decide (0 for such a team itself).

        One breadth-first search backwards from every deciding team, so the cost is linear
        in the number of escalations whatever the number of starting points.
        """
        backwards: dict[str, list[str]] = defaultdict(list)
        nodes: set[str] = set()
        for esc in self.model.escalations:
            nodes.update((esc.source_id, esc.target_team))
            if not timed or esc.time_limit_hours is not None:
                backwards[esc.target_team].append(esc.source_id)
        dist = {n: 0 for n in nodes if self.has_authority(n)}
        queue = deque(dist)
        while queue:
            node = queue.popleft()
            for before in backwards.get(node, ()):
                if before not in dist:
                    dist[before] = dist[node] + 1
                    queue.append(before)
        return dist

    @cached_property
    def hops_any(self) -> dict[str, int]:
        """Fewest escalation hops from a node to decision authority, any path."""
        return self._hops_to_authority(timed=False)

    @cached_property
    def hops_timed(self) -> dict[str, int]:
        """Fewest hops to decision authority along escalations that all have a time limit."""
        return self._hops_to_authority(timed=True)

    def hops_onward(self, node: str, timed: bool = False) -> int | None:
        """Hops from a node to decision authority beyond itself (None: never reached)."""
        dist = self.hops_timed if timed else self.hops_any
        best: int | None = None
        for esc in self.escalations_from.get(node, ()):
            if timed and esc.time_limit_hours is None:
                continue
            after = dist.get(esc.target_team)
            if after is not None and (best is None or after + 1 < best):
                best = after + 1
        return best

    def path_to_authority(self, node: str) -> list[Escalation]:
        """The shortest escalation chain from a node to decision authority beyond itself."""
        dist = self.hops_any
        path: list[Escalation] = []
        current, first = node, True
        while first or dist.get(current, 1) > 0:
            options = [e for e in self.escalations_from.get(current, ())
                       if e.target_team in dist]
            if not options:
                break
            step = min(options, key=lambda e: dist[e.target_team])
            path.append(step)
            current, first = step.target_team, False
            if len(path) > len(self.model.escalations):
                break
        return path
