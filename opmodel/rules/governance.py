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
