"""Escalation: every unresolved issue has somewhere to go, someone who can decide, a clock."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from opmodel.config import Severity
from opmodel.model import ActivityKind, Escalation, normalise_name
from opmodel.rules.base import Family, Finding, RuleContext, names, where
from opmodel.rules.registry import rule


def _key(esc: Escalation) -> str:
    return f"{esc.source_id}>{esc.target_team}|{normalise_name(esc.trigger or '')}"


def _origins(ctx: RuleContext) -> list[str]:
    """Where escalation chains start: customer-facing teams, activities, and any source that
    no escalation leads to (in sheet order)."""
    facts = ctx.facts
    facing = set(facts.customer_facing)
    return [node for node in facts.escalations_from
            if node in facing or node in facts.activities or node not in facts.escalated_to]


@rule(
    id="ESC001", slug="missing-escalation", family=Family.ESCALATION, severity=Severity.HIGH,
    requires={"escalations"}, requires_any={"teams", "decisions"},
    remediation="Add an Escalations row: to whom the issue goes, on what trigger, and within "
                "how many hours.",
)
def missing_escalation(ctx: RuleContext) -> Iterator[Finding]:
    """Customer-facing team, or decision, with no escalation path.

    Teams must know what they can resolve alone and exactly when and how an unresolved
    issue moves on. A frontline team or a decision with no escalation path leaves the
    customer's problem with whoever happens to hold it. Customer-facing teams come from
    the Teams sheet, decisions from the kind column.
    """
    facts = ctx.facts
    for team in facts.customer_facing:
        if facts.escalations_from.get(team):
            continue
        yield ctx.finding(
            f"The customer-facing team {ctx.name(team)}{where(facts.source(team))} has no "
            "escalation path: when it cannot resolve a customer's problem, nothing says where "
            "the problem goes or how fast.", [team],
        )
    for activity in ctx.model.activities:
        if activity.kind is not ActivityKind.DECISION or facts.escalations_from.get(activity.id):
            continue
        yield ctx.finding(
            f"The decision '{activity.name}'{where(activity.source)} has no escalation path: "
            "if it stalls, nothing says who breaks the deadlock or by when.", [activity.id],
        )


@rule(
    id="ESC002", slug="escalation-without-time-limit", family=Family.ESCALATION,
    severity=Severity.MEDIUM, requires={"escalations"},
    remediation="Give the escalation a time limit (time_limit_hours): how long the issue may "
                "wait before it moves on.",
)
def escalation_without_time_limit(ctx: RuleContext) -> Iterator[Finding]:
    """Escalation with no time limit.

    An escalation path without a clock only says where an issue may go, not when it must.
    The customer waits as long as the issue sits in someone's queue.
    """
    for esc in ctx.model.escalations:
        if esc.time_limit_hours is not None:
            continue
        trigger = f" (trigger: {esc.trigger})" if esc.trigger else ""
        yield ctx.finding(
            f"The escalation from {ctx.name(esc.source_id)} to {ctx.name(esc.target_team)}"
            f"{where(esc.source)}{trigger} has no time limit: a customer's issue can sit there "
            "indefinitely.", [esc.source_id, esc.target_team], at=[esc.source], key=_key(esc),
            evidence={"trigger": esc.trigger}, subject_locations=False,
        )


@rule(
    id="ESC003", slug="escalation-cycle", family=Family.ESCALATION, severity=Severity.HIGH,
    requires={"escalations"},
    remediation="Break the loop: decide which party has the final say and make the path end "
                "there.",
)
def escalation_cycle(ctx: RuleContext) -> Iterator[Finding]:
    """Escalation paths that loop back on themselves.

    When escalations go round in a circle, each team passes the issue on in good faith and
    nobody ever decides; the customer experiences it as being passed from pillar to post.
    Each group of teams that can escalate to one another is reported once, with one
    example loop.
    """
    graph = ctx.facts.escalation_graph
    first: dict[tuple[str, str], Escalation] = {}
    for esc in ctx.model.escalations:
        first.setdefault((esc.source_id, esc.target_team), esc)
    for group in nx.strongly_connected_components(graph):
        members = sorted(group)
        if len(members) == 1 and not graph.has_edge(members[0], members[0]):
            continue
        # Start the example loop at the group's first escalation in sheet order.
        start = next(e.source_id for e in ctx.model.escalations
                     if e.source_id in group and e.target_team in group)
        cycle = nx.find_cycle(graph.subgraph(members), source=start)
        loop = [cycle[0][0], *(v for _, v, *_ in cycle)]
        loop_names = [ctx.name(n) for n in loop]
        others = f" ({len(members)} parties can escalate to one another)" if len(members) > len(
            cycle) else ""
        rows = [first[(u, v)].source for u, v, *_ in cycle]
        cells = names([str(r) for r in rows if r is not None])
        yield ctx.finding(
            f"Escalations loop: {' → '.join(loop_names)}{f' ({cells})' if cells else ''}"
            f"{others}. Each party passes the issue on and nobody decides.", members,
            at=rows, subject_locations=False,
            evidence={"cycle": loop_names, "size": len(members)},
        )


@rule(
    id="ESC004", slug="escalation-dead-end", family=Family.ESCALATION, severity=Severity.HIGH,
    requires={"escalations", "teams"},
    remediation="Extend the path to a team or leader with decision authority, or give the last "
                "party on it the authority to decide.",
)
def escalation_dead_end(ctx: RuleContext) -> Iterator[Finding]:
    """Escalation chain that never reaches anyone with decision authority.

    An escalation that ends at an advisory body, or loops among parties who cannot decide,
    changes nothing for the customer: the issue has moved, but nobody can resolve it.
    Chains are followed from where they start: customer-facing teams, decisions, and
    parties nobody escalates to.
    """
    facts = ctx.facts
    graph = facts.escalation_graph
    for origin in _origins(ctx):
        if facts.hops_onward(origin) is not None:
            continue
        reached = sorted(nx.descendants(graph, origin) - {origin})
        ends = [n for n in reached if not facts.escalations_from.get(n)] or reached
        end_names = [ctx.name(n) for n in ends]
        rows = [e.source for e in facts.escalations_from[origin]]
        yield ctx.finding(
            f"The escalation path from {ctx.name(origin)}{where(rows[0] if rows else None)} "
            f"ends at "
            f"{names(end_names)}, and no one on the way can decide: the issue moves but "
            "nobody can resolve it.", [origin, *ends], at=rows, subject_locations=False,
            evidence={"reaches": [ctx.name(n) for n in reached[:20]], "ends": end_names},
        )


@rule(
    id="ESC005", slug="escalation-too-deep", family=Family.ESCALATION, severity=Severity.MEDIUM,
    requires={"escalations", "teams"}, thresholds=("max_escalation_hops",),
    remediation="Shorten the path: escalate directly to the first party that can decide, and "
                "drop the steps that can only pass the issue on.",
)
def escalation_too_deep(ctx: RuleContext) -> Iterator[Finding]:
    """Too many hops before an escalation reaches decision authority.

    Each hop is another queue and another retelling of the customer's problem. When an
    issue must pass through several parties that cannot decide before it reaches one that
    can, the customer waits for all of them.
    """
    facts, limit = ctx.facts, ctx.thresholds.max_escalation_hops
    for origin in _origins(ctx):
        hops = facts.hops_onward(origin)
        if hops is None or hops <= limit:
            continue
        path = facts.path_to_authority(origin)
        chain = [ctx.name(origin), *(ctx.name(e.target_team) for e in path)]
        decider = path[-1].target_team if path else origin
        rows = [str(e.source) for e in path if e.source is not None]
        span = f", {rows[0]} to {rows[-1]}" if len(rows) > 1 else ""
        yield ctx.finding(
            f"An escalation from {ctx.name(origin)} takes {hops} hops to reach anyone who can "
            f"decide ({' → '.join(chain)}{span}); with more than {limit}, the customer waits "
            "while the issue is passed up.", [origin, decider], at=[e.source for e in path],
            subject_locations=False,
            evidence={"hops": hops, "path": chain, "threshold": limit},
        )
