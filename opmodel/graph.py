"""OperatingModel -> networkx MultiDiGraph, with inferred seams.

Node ids are namespaced (``team:sales``); every node and edge keeps the SourceRef it came
from, so findings can point to the cell. NODE_KINDS and EDGE_KINDS are the fixed
vocabulary that the Neo4j schema reuses (labels and relationship types come only from
here, never from user text).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import Any

import networkx as nx

from opmodel.model import (
    Access,
    AccessLevel,
    Activity,
    ActivityKind,
    Metric,
    OperatingModel,
    journey_id,
)
from opmodel.perf import pause_gc
from opmodel.schemes import Role

NODE_KINDS: dict[str, str] = {
    "team": "Team", "system": "System", "activity": "Activity", "metric": "Metric",
    "journey": "Journey",
}
EDGE_KINDS = (
    "ASSIGNED", "HANDOFF", "ESCALATES_TO", "ACCESS", "OWNS", "USES", "NEXT", "FEEDS",
    "HOLDS_RIGHT", "MEASURES", "REPORTS_TO", "IN_JOURNEY",
    "OBSERVED_HANDOFF",  # pushed with an event log (opmodel.neo4j.push.push_observed)
)


def responsible_team(activity_id: str, roles: dict[str, list[tuple[str, Role]]]) -> str | None:
    """Who does the work: a responsible team, else the accountable one.

    With several, the first by team id, so that the same matrix written in any layout
    (where column order differs) infers the same seams.
    """
    assigned = roles.get(activity_id, [])
    for wanted in (Role.RESPONSIBLE, Role.ACCOUNTABLE):
        teams = [team for team, role in assigned if role is wanted]
        if teams:
            return min(teams)
    return None


def journeys(model: OperatingModel) -> dict[str, list[Activity]]:
    """The steps of each journey, in step order (row order where no row has a step).

    An outcome is what the steps produce, not a step: rows of kind outcome, and rows with
    no step on a journey whose other rows have steps, are left out, so the leader who owns
    the outcome is not read as the next team in the line and no phantom seam leads to it.
    """
    grouped: dict[str, list[Activity]] = defaultdict(list)
    for activity in model.activities:
        if activity.journey and activity.kind is not ActivityKind.OUTCOME:
            grouped[activity.journey].append(activity)
    result: dict[str, list[Activity]] = {}
    for name, rows in grouped.items():
        if any(a.step is not None for a in rows):
            rows = sorted((a for a in rows if a.step is not None), key=lambda a: a.step or 0.0)
        result[name] = rows
    return result


def journey_steps(model: OperatingModel) -> frozenset[str]:
    """Ids of the activities that are steps of a journey (see ``journeys``)."""
    return frozenset(a.id for steps in journeys(model).values() for a in steps)


def metric_journey(metric: Metric, activities: dict[str, Activity]) -> str | None:
    """The journey node a metric belongs to: its journey column, else the journey of the
    activity it drives."""
    if metric.journey:
        return journey_id(metric.journey)
    driven = activities.get(metric.activity) if metric.activity else None
    return journey_id(driven.journey) if driven is not None and driven.journey else None


def build_graph(model: OperatingModel) -> nx.MultiDiGraph:
    """Build the graph of DESIGN.md section 4, including inferred seams.

    >>> from opmodel.model import OperatingModel, Team
    >>> g = build_graph(OperatingModel(id="m", name="m", teams=(Team(id="team:a", name="A"),)))
    >>> g.nodes["team:a"]["type"], g.graph["model"]
    ('team', 'm')
    """
    with pause_gc():
        return _build(model)


def _build(model: OperatingModel) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(model=model.id, name=model.name, scheme=model.scheme.value)
    _add_nodes(graph, model)
    graph.add_edges_from(graph_edges(model))
    return graph


def graph_edges(model: OperatingModel) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """Every edge of the graph as (source, target, key, attributes), one at a time (the
    app's explorer keeps a slim copy of them without building the graph)."""
    for a in model.assignments:
        yield (a.team, a.activity, f"ASSIGNED:{a.role.value}",
               {"type": "ASSIGNED", "role": a.role.value, "code": a.code,
                "source": a.source})
    for team in model.teams:
        if team.parent:
            yield (team.id, team.parent, "REPORTS_TO",
                   {"type": "REPORTS_TO", "source": team.source})
    for system in model.systems:
        if system.owner:
            yield (system.owner, system.id, "OWNS", {"type": "OWNS",
                                                     "source": system.source})
    for access in strongest_access(model):
        yield (access.team, access.system, "ACCESS",
               {"type": "ACCESS", "level": access.level.value,
                "source": access.source})
    for activity in model.activities:
        for system_id in activity.uses:
            yield (activity.id, system_id, "USES", {"type": "USES",
                                                    "source": activity.source})
        for input_id in activity.inputs:
            yield (input_id, activity.id, "FEEDS", {"type": "FEEDS",
                                                    "source": activity.source})
        if activity.journey:
            yield (activity.id, journey_id(activity.journey), "IN_JOURNEY",
                   {"type": "IN_JOURNEY", "source": activity.source})
    for right in model.decision_rights:
        yield (right.team, right.decision, f"HOLDS_RIGHT:{right.level.value}",
               {"type": "HOLDS_RIGHT", "level": right.level.value, "limit": right.limit,
                "limit_amount": right.limit_amount, "limit_unit": right.limit_unit,
                "source": right.source})
    for metric in model.metrics:
        if metric.owner:
            yield (metric.owner, metric.id, "OWNS", {"type": "OWNS",
                                                     "source": metric.source})
        if metric.activity:
            yield (metric.id, metric.activity, "MEASURES",
                   {"type": "MEASURES", "source": metric.source})
    for journey in model.journeys:
        if journey.owner:
            yield (journey.owner, journey.id, "OWNS", {"type": "OWNS",
                                                       "source": journey.source})
    for number, esc in enumerate(model.escalations):
        yield (esc.source_id, esc.target_team, f"ESCALATES_TO:{number}",
               {"type": "ESCALATES_TO", "trigger": esc.trigger,
                "time_limit_hours": esc.time_limit_hours, "source": esc.source})
    yield from handoff_edges(model)


def strongest_access(model: OperatingModel) -> list[Access]:
    """One access per (team, system): the strongest any row grants, as the rules read it
    (a pair listed as write and then read can still write); "none" grants nothing."""
    rank = {AccessLevel.NONE: 0, AccessLevel.READ: 1, AccessLevel.WRITE: 2}
    best: dict[tuple[str, str], Access] = {}
    for access in model.access:
        pair = (access.team, access.system)
        if pair not in best or rank[access.level] > rank[best[pair].level]:
            best[pair] = access
    return [a for a in best.values() if a.level is not AccessLevel.NONE]


def _add_nodes(graph: nx.MultiDiGraph, model: OperatingModel) -> None:
    steps = journey_steps(model)
    activities = {a.id: a for a in model.activities}
    graph.add_nodes_from(
        (t.id, {"type": "team", "name": t.name, "kind": t.kind.value,
                "authority": t.authority.value, "authority_stated": t.authority_stated,
                "customer_facing": t.customer_facing,
                "function": t.function, "aliases": t.aliases, "source": t.source})
        for t in model.teams)
    graph.add_nodes_from(
        (s.id, {"type": "system", "name": s.name, "data": s.data,
                "system_of_record": s.system_of_record, "customer_data": s.customer_data,
                "source": s.source})
        for s in model.systems)
    graph.add_nodes_from(
        (a.id, {"type": "activity", "name": a.name, "kind": a.kind.value, "journey": a.journey,
                "step": a.step, "customer_facing": a.customer_facing, "phase": a.phase,
                "is_step": a.id in steps, "source": a.source})
        for a in model.activities)
    graph.add_nodes_from(
        (m.id, {"type": "metric", "name": m.name, "journey": m.journey,
                "journey_key": metric_journey(m, activities),
                "metric_type": m.type.value if m.type else None, "target": m.target,
                "source": m.source})
        for m in model.metrics)
    # Journeys named only in Activities exist too; the Journeys sheet adds owner and promise.
    names = {journey_id(n): n for n in sorted({a.journey for a in model.activities if a.journey})}
    graph.add_nodes_from((node, {"type": "journey", "name": n, "source": None})
                         for node, n in names.items())
    graph.add_nodes_from(
        (j.id, {"type": "journey", "name": names.get(j.id, j.name), "owner": j.owner,
                "promise_hours": j.promise_hours, "volume": j.volume,
                "description": j.description, "source": j.source})
        for j in model.journeys)


def handoff_edges(model: OperatingModel) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    """Declared handoffs, then seams inferred between consecutive steps of a journey."""
    declared: set[tuple[str, str, str | None]] = set()
    counts: dict[tuple[str, str], int] = defaultdict(int)

    def key(source: str, target: str) -> str:
        counts[(source, target)] += 1
        n = counts[(source, target)]
        return "HANDOFF" if n == 1 else f"HANDOFF:{n}"

    journey_of = {a.id: a.journey for a in model.activities}
    for h in model.handoffs:
        journey = h.journey or (journey_of.get(h.activity) if h.activity else None)
        declared.add((h.source_team, h.target_team, journey))
        declared.add((h.source_team, h.target_team, None))
        yield (h.source_team, h.target_team, key(h.source_team, h.target_team),
               {"type": "HANDOFF", "activity": h.activity, "journey": journey,
                "journey_key": journey_id(journey) if journey else None,
                "owner": h.owner, "sla_hours": h.sla_hours, "inferred": False,
                "source": h.source})
    roles: dict[str, list[tuple[str, Role]]] = defaultdict(list)
    for a in model.assignments:
        roles[a.activity].append((a.team, a.role))
    for journey, steps in journeys(model).items():
        for before, after in pairwise(steps):
            yield (before.id, after.id, "NEXT", {"type": "NEXT", "journey": journey,
                                                 "order": after.step, "source": after.source})
            source = responsible_team(before.id, roles)
            target = responsible_team(after.id, roles)
            if source is None or target is None or source == target:
                continue
            if (source, target, journey) in declared or (source, target, None) in declared:
                continue
            declared.add((source, target, journey))
            yield (source, target, key(source, target),
                   {"type": "HANDOFF", "activity": after.id, "from_activity": before.id,
                    "journey": journey, "journey_key": journey_id(journey), "owner": None,
                    "sla_hours": None, "inferred": True,
                    "source": after.source})
