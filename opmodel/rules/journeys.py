"""Journeys: someone owns each customer journey end to end, with the authority to change it,
and an escalation from its frontline reaches authority within the customer's promise."""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from opmodel.config import Severity
from opmodel.model import ActivityKind, Escalation, journey_id
from opmodel.rules.base import Family, Finding, RuleContext, names, where
from opmodel.rules.facts import DECIDING_RIGHTS, Facts
from opmodel.rules.registry import rule
from opmodel.schemes import Role


def hours(value: float) -> str:
    """Hours as people write them (48, 1.5), the same in Cypher (toString of an integer or
    a float).

    >>> hours(48.0), hours(1.5)
    ('48', '1.5')
    """
    return str(int(value)) if float(value).is_integer() else str(value)


@rule(
    id="JRN001", slug="journey-without-owner", family=Family.JOURNEYS, severity=Severity.HIGH,
    requires={"journeys", "journey_sheet", "raci"},
    remediation="Name one team accountable for the journey end to end in the owner column of "
                "Journeys; the team accountable for most of its steps is proposed.",
)
def journey_without_owner(ctx: RuleContext) -> Iterator[Finding]:
    """Journey that crosses teams with no end-to-end owner.

    Customers experience the journey, not the org chart. When a journey spans several
    teams and no one owns it end to end, each team optimises its own step and the
    transitions between them belong to nobody: that is where customers repeat themselves
    and wait. Journeys named only in Activities have no owner column, so they are judged
    only when the workbook has a Journeys sheet.
    """
    facts = ctx.facts
    for name, steps in facts.journeys.items():
        teams = facts.journey_teams.get(name, [])
        if len(teams) < 2:
            continue
        key = journey_id(name)
        record = facts.journey_records.get(key)
        if record is not None and record.owner:
            continue
        team_names = sorted(ctx.name(t) for t in teams)
        candidate = _most_accountable(facts, [s.id for s in steps])
        yield ctx.finding(
            f"The journey '{name}'{where(record.source if record else steps[0].source)} crosses "
            f"{len(teams)} teams ({names(team_names)}) and no one owns it end to end: each "
            "team runs its own step and nobody is accountable for what the customer "
            "experiences across them.", [key],
            at=[record.source if record else None, steps[0].source],
            evidence={"teams": team_names,
                      "candidate": ctx.name(candidate) if candidate else None},
        )


def _most_accountable(facts: Facts, steps: list[str]) -> str | None:
    """The team accountable for the most steps (ties: first by name)."""
    counts: dict[str, int] = {}
    for step in steps:
        for team in facts.holders(step, Role.ACCOUNTABLE):
            counts[team] = counts.get(team, 0) + 1
    if not counts:
        return None
    return min(counts, key=lambda t: (-counts[t], facts.name(t).casefold(), t))


@rule(
    id="JRN002", slug="journey-owner-without-authority", family=Family.JOURNEYS,
    severity=Severity.MEDIUM, requires={"journey_sheet"},
    requires_any={"decision_rights", "handoffs"},
    remediation="Give the journey's owner a decide or approve right over the journey's "
                "decisions, or ownership of its handoffs, or choose an owner who has them.",
)
def journey_owner_without_authority(ctx: RuleContext) -> Iterator[Finding]:
    """Journey owner with no authority over the journey.

    An end-to-end owner needs real authority, not a coordinator's title. An owner who
    holds no right to decide or approve any of the journey's decisions, and owns none of
    the handoffs between its teams, can report on the journey but cannot change what the
    customer experiences.
    """
    facts = ctx.facts
    for record in ctx.model.journeys:
        owner = record.owner
        if owner is None:
            continue
        name = facts.journey_by_id.get(record.id, record.name)
        decisions = [s for s in facts.journeys.get(name, [])
                     if s.kind is ActivityKind.DECISION]
        if any(r.team == owner and r.level in DECIDING_RIGHTS
               for d in decisions for r in facts.rights_by_decision.get(d.id, ())):
            continue
        if (record.id, owner) in facts.seam_owners:
            continue
        decision_names = sorted(d.name for d in decisions)
        yield ctx.finding(
            f"{ctx.name(owner)} owns the journey '{name}'{where(record.source)} but holds no "
            "right to decide or approve any of its decisions and owns none of its handoffs: "
            "it can report on the journey but not change it.", [record.id, owner],
            at=[record.source], evidence={"decisions": decision_names},
        )


@rule(
    id="JRN003", slug="escalation-slower-than-promise", family=Family.JOURNEYS,
    severity=Severity.HIGH, requires={"journey_sheet", "escalations", "teams", "journeys"},
    remediation="Let the frontline team settle more cases itself, or shorten its escalation "
                "path so that its time limits add up to less than the journey's promise.",
)
def escalation_slower_than_promise(ctx: RuleContext) -> Iterator[Finding]:
    """Escalation from the frontline slower than the journey's promise.

    An escalation path is only as good as its clock. When the time limits on the way from
    a customer-facing team to the first party that can decide add up to more than the
    journey promises the customer, the promise is broken by design for every case that
    escalates. The quickest route counts; a link without a time limit makes its route
    impossible to check, which the finding says when no timed route exists.
    """
    facts = ctx.facts
    routes: dict[tuple[str, bool], tuple[float, list[Escalation]] | None] = {}

    def fastest_from(team: str, timed: bool) -> tuple[float, list[Escalation]] | None:
        # a team's quickest route does not depend on the journey: computed once per team
        if (team, timed) not in routes:
            routes[(team, timed)] = _fastest(facts, team, timed)
        return routes[(team, timed)]

    for record in ctx.model.journeys:
        if record.promise_hours is None:
            continue
        name = facts.journey_by_id.get(record.id)
        if name is None:
            continue
        for team in facts.cf_on_journey(name):
            if not facts.escalations_from.get(team):
                continue
            fastest = fastest_from(team, timed=True)
            promise = record.promise_hours
            if fastest is not None:
                total, path = fastest
                if total <= promise:
                    continue
                chain = [ctx.name(team), *(ctx.name(e.target_team) for e in path)]
                yield ctx.finding(
                    f"An escalation from {ctx.name(team)} on '{name}' needs {hours(total)} hours "
                    f"to reach anyone who can decide ({' → '.join(chain)}), more than the "
                    f"journey's promise of {hours(promise)} hours{where(record.source)}.",
                    [record.id, team], at=[e.source for e in path] + [record.source],
                    subject_locations=False,
                    evidence={"hours": total, "promise_hours": promise, "path": chain},
                )
                continue
            untimed = fastest_from(team, timed=False)
            if untimed is None:
                continue  # no route reaches authority at all: ESC004 says so
            _, path = untimed
            gaps = [e for e in path if e.time_limit_hours is None]
            gap = gaps[0]
            yield ctx.finding(
                f"Whether an escalation from {ctx.name(team)} on '{name}' reaches anyone who can "
                f"decide within the journey's promise of {hours(promise)} hours"
                f"{where(record.source)} cannot be assessed: the escalation from "
                f"{ctx.name(gap.source_id)} to {ctx.name(gap.target_team)}{where(gap.source)} "
                "has no time limit.", [record.id, team],
                at=[e.source for e in path] + [record.source], subject_locations=False,
                evidence={"hours": None, "promise_hours": promise,
                          "untimed": [ctx.name(gap.source_id), ctx.name(gap.target_team)]},
            )


def _fastest(facts: Facts, origin: str, timed: bool) -> tuple[float, list[Escalation]] | None:
    """The quickest escalation route from origin to a team with decision authority beyond
    itself: the smallest sum of time limits (Dijkstra), passing only through parties that
    cannot decide. ``timed`` uses only escalations with a time limit; otherwise a missing
    limit counts as zero, which finds a route where one exists."""
    best: dict[str, float] = {origin: 0.0}
    via: dict[str, Escalation] = {}
    queue: list[tuple[float, int, str]] = [(0.0, 0, origin)]
    order = 0
    while queue:
        total, _, node = heapq.heappop(queue)
        if total > best.get(node, float("inf")):
            continue
        if node != origin and facts.has_authority(node):
            path: list[Escalation] = []
            while node != origin:
                path.append(via[node])
                node = via[node].source_id
            return total, path[::-1]
        for esc in facts.escalations_from.get(node, ()):
            if esc.time_limit_hours is None and timed:
                continue
            after = total + (esc.time_limit_hours or 0.0)
            if esc.target_team != origin and after < best.get(esc.target_team, float("inf")):
                best[esc.target_team] = after
                via[esc.target_team] = esc
                order += 1
                heapq.heappush(queue, (after, order, esc.target_team))
    return None
