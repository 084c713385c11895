"""Ownership: exactly one accountable owner with real authority, and hands to do the work."""

from __future__ import annotations

from collections.abc import Iterator

from opmodel.config import Severity
from opmodel.model import Activity, ActivityKind
from opmodel.rules.base import Family, Finding, RuleContext, names, number, where
from opmodel.rules.registry import rule
from opmodel.schemes import Role

_WHAT = {ActivityKind.ACTIVITY: "activity", ActivityKind.DECISION: "decision",
         ActivityKind.OUTCOME: "outcome"}


def _label(activity: Activity) -> str:
    return f"the {_WHAT[activity.kind]} '{activity.name}'{where(activity.source)}"


@rule(
    id="OWN001", slug="no-accountable", family=Family.OWNERSHIP, severity=Severity.HIGH,
    requires={"raci"},
    remediation="Name exactly one team accountable for it in the matrix: the team that "
                "decides how it is done and answers for the result.",
)
def no_accountable(ctx: RuleContext) -> Iterator[Finding]:
    """Activity or decision with no one accountable.

    When nobody is accountable, nobody answers for the result: problems are noticed by
    the customer first, and every team can reasonably say it was someone else's call. An
    activity with no one accountable is a gap in the operating model, not a detail.
    """
    facts = ctx.facts
    for activity in ctx.model.activities:
        if facts.holders(activity.id, Role.ACCOUNTABLE):
            continue
        doers = facts.holders(activity.id, Role.RESPONSIBLE)
        if doers:
            tail = (f"The work is done by {names([ctx.name(t) for t in doers])}, but no one "
                    "answers for the result.")
        elif facts.roles.get(activity.id):
            tail = "Teams are consulted or informed, but no one owns it."
        else:
            tail = "No team holds any role on it."
        yield ctx.finding(
            f"No one is accountable for {_label(activity)}. {tail}", [activity.id],
            at=[activity.source, *facts.cells(activity.id, Role.RESPONSIBLE)],
            evidence={"responsible": [ctx.name(t) for t in doers]},
        )


@rule(
    id="OWN002", slug="multiple-accountable", family=Family.OWNERSHIP, severity=Severity.HIGH,
    requires={"raci"},
    remediation="Keep one accountable team and make the others responsible or consulted; if "
                "the work really splits, split the activity into two rows.",
)
def multiple_accountable(ctx: RuleContext) -> Iterator[Finding]:
    """More than one party accountable for the same activity.

    Two owners behave like none: each can assume the other has decided, and a customer
    whose case falls between them waits while they agree who should act.
    """
    facts = ctx.facts
    for activity in ctx.model.activities:
        owners = facts.holders(activity.id, Role.ACCOUNTABLE)
        if len(owners) < 2:
            continue
        owner_names = [ctx.name(t) for t in owners]
        yield ctx.finding(
            f"{number(len(owners))} parties are accountable for {_label(activity)}: "
            f"{names(owner_names)}. Two owners behave like none; each can wait for the other.",
            [activity.id, *owners],
            at=[activity.source, *facts.cells(activity.id, Role.ACCOUNTABLE)],
            evidence={"accountable": owner_names},
        )


@rule(
    id="OWN003", slug="no-responsible", family=Family.OWNERSHIP, severity=Severity.MEDIUM,
    requires={"raci"},
    remediation="Name the team that does the work as responsible (R); a team can be both "
                "accountable and responsible (A/R).",
)
def no_responsible(ctx: RuleContext) -> Iterator[Finding]:
    """No one responsible for doing the work.

    An activity with an owner but no one named to do it relies on goodwill: it is done
    when someone notices, by whoever has time, and the customer waits until then. A party
    that is both accountable and responsible counts as responsible.
    """
    facts = ctx.facts
    for activity in ctx.model.activities:
        if facts.holders(activity.id, Role.RESPONSIBLE):
            continue
        owners = facts.holders(activity.id, Role.ACCOUNTABLE)
        tail = (f"It has an owner ({names([ctx.name(t) for t in owners])}), but no team is "
                "named to do the work." if owners else "No team is named to do the work.")
        yield ctx.finding(
            f"No one is responsible for {_label(activity)}. {tail}", [activity.id],
            at=[activity.source, *facts.cells(activity.id, Role.ACCOUNTABLE)],
            evidence={"accountable": [ctx.name(t) for t in owners]},
        )


@rule(
    id="OWN004", slug="advisory-only-owner", family=Family.OWNERSHIP, severity=Severity.HIGH,
    requires={"raci"}, requires_any={"teams", "decision_rights"},
    remediation="Make a team that can decide accountable (for example the committee's chair "
                "or the head of the function) and keep the advisory body consulted; or give "
                "the owner the decision right it needs.",
)
def advisory_only_owner(ctx: RuleContext) -> Iterator[Finding]:
    """Accountable party without the authority to decide.

    A RACI assigns responsibility; it must also assign authority. A committee or advisory
    role named accountable can recommend but not decide, so the decision waits for a
    meeting and customers wait with it. The same holds for a party that is accountable
    somewhere yet holds no decision right and does no work anywhere in the model, unless
    the Teams sheet's authority column says it decides. (The first test needs the Teams
    sheet; the second the Decision Rights sheet.)
    """
    facts = ctx.facts
    check_kind = "teams" in facts.available
    check_levers = "decision_rights" in facts.available
    for activity in ctx.model.activities:
        for team in facts.holders(activity.id, Role.ACCOUNTABLE):
            cells = [a.source for a in facts.roles[activity.id][Role.ACCOUNTABLE]
                     if a.team == team]
            team_name = ctx.name(team)
            if check_kind and facts.is_advisory(team):
                kind = facts.teams[team].kind.value
                yield ctx.finding(
                    f"{team_name} is accountable for {_label(activity)}, but it is an advisory "
                    f"{kind}: it can recommend, not decide, so the decision waits for it to "
                    "meet.", [activity.id, team], at=cells,
                    evidence={"reason": "advisory", "kind": kind}, key="advisory",
                )
            elif (check_levers and not facts.states_authority(team)
                  and team not in facts.teams_with_strong_rights
                  and not facts.team_role_counts.get(team, {}).get(Role.RESPONSIBLE)):
                yield ctx.finding(
                    f"{team_name} is accountable for {_label(activity)}, but holds no decision "
                    "right and is responsible for no work anywhere in the model: "
                    "accountability without levers.", [activity.id, team], at=cells,
                    evidence={"reason": "no-levers"}, key="no-levers",
                )


@rule(
    id="OWN005", slug="owner-without-levers", family=Family.OWNERSHIP, severity=Severity.MEDIUM,
    requires={"raci", "outcomes"},
    remediation="Make the outcome's owner accountable or responsible for at least one "
                "activity that feeds it, or move the outcome to the team that runs those "
                "activities.",
)
def owner_without_levers(ctx: RuleContext) -> Iterator[Finding]:
    """Accountable for an outcome but for none of the work that drives it.

    The party accountable for an outcome must be able to change the inputs that drive it.
    An owner who neither runs nor owns any activity feeding the outcome can report on it
    but not move it, so what customers experience does not change. Outcomes with no
    recorded inputs are not judged.
    """
    facts = ctx.facts
    for outcome in ctx.model.activities:
        if outcome.kind is not ActivityKind.OUTCOME or not outcome.inputs:
            continue
        for team in facts.holders(outcome.id, Role.ACCOUNTABLE):
            levers = [i for i in outcome.inputs
                      if team in facts.holders(i, Role.ACCOUNTABLE)
                      or team in facts.holders(i, Role.RESPONSIBLE)]
            if levers:
                continue
            inputs = [ctx.name(i) for i in outcome.inputs]
            yield ctx.finding(
                f"{ctx.name(team)} is accountable for {_label(outcome)}, but is neither "
                f"accountable nor responsible for any activity that feeds it "
                f"({names([repr(n) for n in inputs])}): it can report on the outcome but "
                "not change it.", [outcome.id, team],
                at=[outcome.source, *(a.source for a in facts.roles[outcome.id][
                    Role.ACCOUNTABLE] if a.team == team)],
                evidence={"inputs": inputs},
            )


@rule(
    id="OWN006", slug="accountability-overload", family=Family.OWNERSHIP,
    severity=Severity.MEDIUM, requires={"raci"},
    thresholds=("min_actors", "accountable_share", "accountable_fair_factor",
                "accountable_min_activities", "accountable_max_count"),
    remediation="Delegate accountability for routine activities to the teams that do them and "
                "keep this actor accountable only for the decisions that need its level.",
)
def accountability_overload(ctx: RuleContext) -> Iterator[Finding]:
    """One actor accountable for too large a share of the activities.

    When one actor owns most of the model, every decision queues behind it: the
    accountability is nominal, and the customer's case waits for the one person or team
    everyone must ask. The share is judged against the fair share of the matrix's n
    actors: an actor is overloaded when it is accountable for more than max(
    accountable_share, accountable_fair_factor / n) of the activities (by default, more
    than 30% and more than twice its fair share), and never in a matrix of fewer than
    min_actors actors, where large shares are arithmetic rather than a queue.
    """
    facts, limits = ctx.facts, ctx.thresholds
    total, actors = len(ctx.model.activities), facts.actors
    if total == 0 or actors < limits.min_actors:
        return
    threshold = max(limits.accountable_share, limits.accountable_fair_factor / actors)
    for team, owned in facts.accountable_for.items():
        count, share = len(owned), len(owned) / total
        by_share = total >= limits.accountable_min_activities and share > threshold
        by_count = limits.accountable_max_count is not None and count > limits.accountable_max_count
        if not (by_share or by_count):
            continue
        cells = [a.source for activity in owned[:10]
                 for a in facts.roles[activity][Role.ACCOUNTABLE] if a.team == team]
        yield ctx.finding(
            f"{ctx.name(team)}{where(facts.source(team))} is accountable for {count} of "
            f"{total} activities ({share:.0%}, where a fair share among {actors} actors is "
            f"{1 / actors:.0%}); above {threshold:.0%} one owner becomes the queue every "
            "decision waits in.", [team], at=[facts.source(team), *cells],
            evidence={"count": count, "activities": total, "share": round(share, 4),
                      "actors": actors, "threshold_share": round(threshold, 4),
                      "threshold_count": limits.accountable_max_count},
        )


@rule(
    id="OWN007", slug="consultation-overload", family=Family.OWNERSHIP, severity=Severity.LOW,
    requires={"raci"}, thresholds=("min_actors", "max_consulted", "consulted_share"),
    remediation="Keep as consulted only the parties whose input changes the outcome; inform "
                "the rest after the decision.",
)
def consultation_overload(ctx: RuleContext) -> Iterator[Finding]:
    """Too many parties consulted on one activity.

    Every consulted party is a conversation before anything can happen. Past a handful,
    consultation turns into a queue and the customer waits for the slowest reply. What a
    handful is scales with the matrix: an activity is flagged when more than max(
    max_consulted, consulted_share x n) of the matrix's n actors are consulted on it (by
    default more than four and more than half), and never in a matrix of fewer than
    min_actors actors.
    """
    facts, limits = ctx.facts, ctx.thresholds
    actors = facts.actors
    if actors < limits.min_actors:
        return
    limit = max(limits.max_consulted, int(limits.consulted_share * actors))
    for activity in ctx.model.activities:
        consulted = facts.holders(activity.id, Role.CONSULTED)
        if len(consulted) <= limit:
            continue
        consulted_names = [ctx.name(t) for t in consulted]
        yield ctx.finding(
            f"{number(len(consulted))} of the matrix's {actors} parties must be consulted on "
            f"{_label(activity)} ({names(consulted_names)}); with more than {limit}, the work "
            "waits for the slowest reply.", [activity.id],
            at=[activity.source, *facts.cells(activity.id, Role.CONSULTED)],
            evidence={"count": len(consulted), "consulted": consulted_names, "threshold": limit,
                      "actors": actors},
        )


@rule(
    id="OWN008", slug="idle-actor", family=Family.OWNERSHIP, severity=Severity.LOW,
    requires={"raci"},
    remediation="Give the actor its roles in the matrix, or remove it from the model if it has "
                "no part in these journeys.",
)
def idle_actor(ctx: RuleContext) -> Iterator[Finding]:
    """Actor with no assignments, handoffs, escalations or decision rights.

    A team that appears in the model but holds no role anywhere is either missing from
    the matrix (so its real work, and what customers experience of it, is invisible) or
    not part of this operating model. Either way the picture is incomplete.
    """
    model = ctx.model
    active: set[str] = {a.team for a in model.assignments}
    for h in model.handoffs:
        active.update(t for t in (h.source_team, h.target_team, h.owner) if t)
    for e in model.escalations:
        active.update((e.source_id, e.target_team))
    active.update(r.team for r in model.decision_rights)
    for team in model.teams:
        if team.id in active:
            continue
        yield ctx.finding(
            f"{team.name}{where(team.source)} holds no role in any activity, handoff, "
            "escalation or decision: either its work is missing from the matrix or it is not "
            "part of this operating model.", [team.id],
        )


@rule(
    id="OWN009", slug="responsibility-diffusion", family=Family.OWNERSHIP,
    severity=Severity.MEDIUM, requires={"raci"}, thresholds=("max_responsible",),
    remediation="Keep one party doing the work and make the others support or be consulted; "
                "the accountable party chooses which.",
)
def responsibility_diffusion(ctx: RuleContext) -> Iterator[Finding]:
    """Too many parties responsible for one activity.

    Responsibility shared among many is held by none: each responsible party assumes
    another has the case in hand, the work falls between them, and the customer chases
    each one in turn. Past a handful, the matrix records a crowd, not an owner of the
    work.
    """
    facts, limit = ctx.facts, ctx.thresholds.max_responsible
    for activity in ctx.model.activities:
        responsible = facts.holders(activity.id, Role.RESPONSIBLE)
        if len(responsible) <= limit:
            continue
        doers = [ctx.name(t) for t in responsible]
        accountable = facts.holders(activity.id, Role.ACCOUNTABLE)
        yield ctx.finding(
            f"{number(len(responsible))} parties are responsible for {_label(activity)} "
            f"({names(doers)}); with more than {limit}, each can assume another has it in "
            "hand.", [activity.id],
            at=[activity.source, *facts.cells(activity.id, Role.RESPONSIBLE)],
            evidence={"count": len(responsible), "responsible": doers, "threshold": limit,
                      "accountable": ctx.name(accountable[0]) if accountable else None},
        )
