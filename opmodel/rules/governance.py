"""Governance: measures that someone owns and that trigger decisions someone can take."""

from __future__ import annotations

from collections.abc import Iterator

from opmodel.config import Severity
from opmodel.model import ActivityKind
from opmodel.rules.base import Family, Finding, RuleContext, names, where
from opmodel.rules.facts import DECIDING_RIGHTS
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
    remediation="Link the metric to the decision or activity it should drive (the decision or "
                "activity column of Metrics).",
)
def metric_without_decision(ctx: RuleContext) -> Iterator[Finding]:
    """Metric linked to no decision or activity.

    Measurement should trigger decisions. A metric connected to no decision or activity
    can move for months, customer scores included, without anyone knowing what they are
    expected to change.
    """
    for metric in ctx.model.metrics:
        if metric.activity:
            continue
        yield ctx.finding(
            f"The metric '{metric.name}'{where(metric.source)} is linked to no decision or "
            "activity: when it moves, nothing in the model says what anyone will do about it.",
            [metric.id],
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
