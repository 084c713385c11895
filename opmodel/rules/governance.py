"""Governance: measures that someone owns and that trigger decisions someone can take."""

from __future__ import annotations

from collections.abc import Iterator

from opmodel.config import Severity
from opmodel.model import ActivityKind, Metric, MetricType
from opmodel.rules.base import Family, Finding, RuleContext, names, where
from opmodel.rules.facts import DECIDING_RIGHTS, Facts
from opmodel.rules.registry import rule
from opmodel.schemes import Role


@rule(
    id="GOV001", slug="metric-without-owner", family=Family.GOVERNANCE, severity=Severity.MEDIUM,
    requires={"metrics"},
    remediation="Name the team accountable for moving the metric in the owner column of "
                "Metrics.",
)
def metric_without_owner(ctx: RuleContext) -> Iterator[Finding]:
    """Metric with no accountable owner.

    A metric without a named, accountable owner is an observation, not a management tool:
    it is reported and discussed, and nobody is obliged to act when it moves, even when
    customers feel the change.
    """
    for metric in ctx.model.metrics:
        if metric.owner:
            continue
        yield ctx.finding(
            f"The metric '{metric.name}'{where(metric.source)} has no owner: it is reported, "
            "but nobody is accountable for moving it.", [metric.id],
        )


@rule(
    id="GOV002", slug="metric-without-decision", family=Family.GOVERNANCE, severity=Severity.LOW,
    requires={"metrics"},
    remediation="Link the metric to the decision it should trigger (the decision column of "
                "Metrics), and mark that row as a decision.",
)
def metric_without_decision(ctx: RuleContext) -> Iterator[Finding]:
    """Metric linked to no decision.

    Measurement should trigger decisions. A metric connected to no decision can move for
    months, customer scores included, without anyone knowing what they are expected to
    change. A link to an ordinary activity does not count: it says where the number comes
    from, not who acts on it.
    """
    facts = ctx.facts
    for metric in ctx.model.metrics:
        linked = facts.activities.get(metric.activity or "")
        if linked is not None and linked.kind is ActivityKind.DECISION:
            continue
        if linked is None:
            detail = "is linked to no decision"
        else:
            detail = (f"is linked to '{linked.name}'{where(linked.source)}, an {linked.kind.value}"
                      ", not a decision")
        yield ctx.finding(
            f"The metric '{metric.name}'{where(metric.source)} {detail}: when it moves, "
            "nothing in the model says what anyone will decide about it.", [metric.id],
            evidence={"linked": linked.name if linked else None,
                      "linked_kind": linked.kind.value if linked else None},
        )


@rule(
    id="GOV003", slug="decision-without-decider", family=Family.GOVERNANCE,
    severity=Severity.HIGH, requires={"decisions"},
    remediation="Name one team accountable for the decision, or give a team the right to "
                "decide or approve it (Decision Rights sheet).",
)
def decision_without_decider(ctx: RuleContext) -> Iterator[Finding]:
    """Decision nobody can make.

    A decision needs someone who can take it: a party accountable for it, or holding the
    right to decide or approve. Otherwise it is taken by whoever pushes hardest, or not at
    all, while the customer waits for the answer. Recommend, input and veto rights do not
    make a decider.
    """
    facts = ctx.facts
    for activity in ctx.model.activities:
        if activity.kind is not ActivityKind.DECISION:
            continue
        if facts.holders(activity.id, Role.ACCOUNTABLE):
            continue
        rights = facts.rights_by_decision.get(activity.id, [])
        if any(r.level in DECIDING_RIGHTS for r in rights):
            continue
        held = [f"{ctx.name(r.team)} ({r.level.value})" for r in rights]
        detail = (f"; the rights recorded only advise: {names(held)}" if held
                  else " and no one holds a right to decide or approve it")
        yield ctx.finding(
            f"No one can make the decision '{activity.name}'{where(activity.source)}: nobody "
            f"is accountable for it{detail}.", [activity.id],
            at=[activity.source, *(r.source for r in rights)],
            evidence={"rights": [[ctx.name(r.team), r.level.value] for r in rights]},
        )


@rule(
    id="GOV004", slug="metric-owner-without-levers", family=Family.GOVERNANCE,
    severity=Severity.MEDIUM, requires={"metrics", "raci"},
    remediation="Give the metric to a team that does or decides the work it drives (its "
                "doer is proposed), or make the owner accountable for that work.",
)
def metric_owner_without_levers(ctx: RuleContext) -> Iterator[Finding]:
    """Metric owned by a team with no lever on it.

    People must be measured on what they can change. A metric owner who neither does nor
    owns the activity or decision the metric drives, and has no part in its journey, is
    held to a number others move: the measure breeds blame instead of action, and what
    customers feel does not change. Metrics linked to nothing are GOV002's concern.
    """
    facts = ctx.facts
    for metric in ctx.model.metrics:
        owner = metric.owner
        journey = facts.metric_journeys.get(metric.id)
        if owner is None or (metric.activity is None and journey is None):
            continue
        if metric.activity is not None and _has_lever(facts, owner, metric.activity):
            continue
        if journey is not None and _on_journey(facts, owner, journey):
            continue
        doers = facts.doers(metric.activity) if metric.activity else []
        candidate = doers[0] if doers else None
        drives = f"'{ctx.name(metric.activity)}'" if metric.activity else None
        scope = " or ".join(x for x in (drives, f"the journey '{ctx.name(journey)}'"
                                        if journey else None) if x)
        yield ctx.finding(
            f"{ctx.name(owner)} owns the metric '{metric.name}'{where(metric.source)} but has no "
            f"part in {scope}: it is measured on a number others move.", [metric.id, owner],
            evidence={"candidate": ctx.name(candidate) if candidate else None},
        )


def _has_lever(facts: Facts, team: str, activity: str) -> bool:
    return (team in facts.holders(activity, Role.ACCOUNTABLE)
            or team in facts.holders(activity, Role.RESPONSIBLE)
            or any(r.team == team and r.level in DECIDING_RIGHTS
                   for r in facts.rights_by_decision.get(activity, ())))


def _on_journey(facts: Facts, team: str, journey: str) -> bool:
    record = facts.journey_records.get(journey)
    if record is not None and record.owner == team:
        return True
    name = facts.journey_by_id.get(journey)
    return any(team in facts.holders(step.id, Role.ACCOUNTABLE)
               or team in facts.holders(step.id, Role.RESPONSIBLE)
               for step in facts.journeys.get(name or "", ()))


@rule(
    id="GOV005", slug="journey-without-customer-metric", family=Family.GOVERNANCE,
    severity=Severity.LOW, requires={"metrics", "metric_types"},
    remediation="Add a metric of type customer for the journey (satisfaction, effort, "
                "first-contact resolution), owned by the journey's owner.",
)
def journey_without_customer_metric(ctx: RuleContext) -> Iterator[Finding]:
    """Journey measured only from the inside.

    A balanced measurement pack combines what customers feel with efficiency and control
    measures. A journey whose metrics are all about cost, speed or compliance can improve
    on every one of them while customers leave. A metric belongs to the journey its
    journey column names, else to the journey of the activity it drives.
    """
    facts = ctx.facts
    by_journey: dict[str, list[Metric]] = {}
    for metric in ctx.model.metrics:
        journey = facts.metric_journeys.get(metric.id)
        if journey in facts.journey_by_id or journey in facts.journey_records:
            by_journey.setdefault(str(journey), []).append(metric)
    for journey, metrics in by_journey.items():
        if any(m.type is MetricType.CUSTOMER for m in metrics):
            continue
        record = facts.journey_records.get(journey)
        owner = record.owner if record is not None else None
        listed = [f"'{m.name}' ({m.type.value if m.type else 'no type'})" for m in metrics]
        yield ctx.finding(
            f"The journey '{ctx.name(journey)}' is measured by {names(listed)}"
            f"{where(metrics[0].source)}, and none of "
            "them is a customer measure: it can improve on every one while customers leave.",
            [journey], at=[metrics[0].source, record.source if record else None],
            evidence={"metrics": [m.name for m in metrics],
                      "owner": ctx.name(owner) if owner else None},
        )


@rule(
    id="GOV006", slug="frontline-without-decision-rights", family=Family.GOVERNANCE,
    severity=Severity.MEDIUM, requires={"decision_rights", "teams", "journeys"},
    remediation="Give the customer-facing team the right to decide or approve its most common "
                "exceptions, up to a stated limit.",
)
def frontline_without_decision_rights(ctx: RuleContext) -> Iterator[Finding]:
    """Customer-facing team that can decide nothing.

    Teams must know what they can resolve alone. A customer-facing team on a journey that
    holds no right to decide or approve anything must escalate every exception, so the
    customer who needed a small refund or a goodwill gesture waits for someone else's
    queue.
    """
    facts = ctx.facts
    deciders = {r.team for r in ctx.model.decision_rights if r.level in DECIDING_RIGHTS}
    journeys_of: dict[str, list[str]] = {}
    for name in facts.journeys:
        for team in facts.cf_on_journey(name):
            journeys_of.setdefault(team, []).append(name)
    for team in facts.customer_facing:
        if team not in journeys_of or team in deciders:
            continue
        on = sorted(journeys_of[team], key=str.casefold)
        yield ctx.finding(
            f"The customer-facing team {ctx.name(team)}{where(facts.source(team))} works on "
            f"{names([repr(j) for j in on])} but holds no right to decide or approve anything: "
            "every exception a customer raises must be escalated.", [team],
            evidence={"journeys": on},
        )


@rule(
    id="GOV007", slug="frontline-limit-unstated", family=Family.GOVERNANCE,
    severity=Severity.LOW, requires={"decision_rights", "teams"},
    remediation="State the limit of the right (an amount or a time) in the limit column of "
                "Decision Rights.",
)
def frontline_limit_unstated(ctx: RuleContext) -> Iterator[Finding]:
    """Frontline decision right with no stated limit.

    A frontline team needs to know exactly what it may settle alone. A right to decide
    with no stated limit is read narrowly by the cautious, who escalate what they could
    have settled, and broadly by the bold, so customers get different answers to the same
    request.
    """
    facts = ctx.facts
    facing = set(facts.customer_facing)
    seen: set[tuple[str, str]] = set()
    for right in ctx.model.decision_rights:
        pair = (right.team, right.decision)
        if (right.team not in facing or right.level not in DECIDING_RIGHTS or right.limit
                or pair in seen):
            continue
        seen.add(pair)
        yield ctx.finding(
            f"{ctx.name(right.team)} may {right.level.value} '{ctx.name(right.decision)}'"
            f"{where(right.source)} with no stated limit: nothing says what it may settle "
            "alone and what it must escalate.", [right.team, right.decision],
            at=[right.source],
        )
