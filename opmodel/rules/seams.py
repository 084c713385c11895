"""Seams: every transition of work between teams has an owner and a clock."""

from __future__ import annotations

from collections.abc import Iterator

from opmodel.config import Severity
from opmodel.rules.base import Family, Finding, RuleContext, where
from opmodel.rules.facts import Seam
from opmodel.rules.registry import rule


def _describe(ctx: RuleContext, seam: Seam) -> str:
    """'the handoff from A to B (Handoffs!A7)' or the inferred seam between two steps."""
    parties = f"from {ctx.name(seam.source)} to {ctx.name(seam.target)}"
    if not seam.inferred:
        return f"the handoff {parties}{where(seam.ref)}"
    before = ctx.name(seam.from_activity) if seam.from_activity else "?"
    after = ctx.name(seam.activity) if seam.activity else "?"
    return (f"the seam {parties} between '{before}' and '{after}' on the {seam.journey} "
            f"journey{where(seam.ref)}")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _evidence(ctx: RuleContext, seam: Seam) -> dict[str, object]:
    return {"journey": seam.journey, "activity": ctx.name(seam.activity) if seam.activity
            else None, "inferred": seam.inferred}


@rule(
    id="SEAM001", slug="unowned-seam", family=Family.SEAMS, severity=Severity.HIGH,
    requires_any={"handoffs", "journeys"},
    remediation="Name one team accountable for the transition (the owner column of Handoffs) "
                "and give it a time standard (sla_hours).",
)
def unowned_seam(ctx: RuleContext) -> Iterator[Finding]:
    """Handoff with no owner, declared or inferred.

    Breakdowns cluster at transitions between teams: sales to service, service to
    fulfilment. Work that crosses a seam nobody owns is where customers wait, repeat
    themselves and get different answers. Seams are the declared Handoffs rows and the
    points where the responsible team changes between consecutive steps of a journey.
    """
    for seam in ctx.facts.seams:
        if seam.owner is not None:
            continue
        yield ctx.finding(
            f"{_cap(_describe(ctx, seam))} has no owner. Work that crosses this seam has nobody "
            "accountable for it, which is where customers most often repeat themselves.",
            [seam.source, seam.target], at=[seam.ref], key=seam.key,
            evidence=_evidence(ctx, seam), subject_locations=False,
        )


@rule(
    id="SEAM002", slug="seam-owner-not-party", family=Family.SEAMS, severity=Severity.MEDIUM,
    requires={"handoffs", "teams"},
    remediation="Make the owner one of the two teams, or a leader both report to, so that the "
                "owner can change how the work crosses.",
)
def seam_owner_not_party(ctx: RuleContext) -> Iterator[Finding]:
    """Seam owner on neither side and with no authority over either.

    An owner that is neither the sending nor the receiving team, and that neither team
    reports to, is a coordinator rather than an owner: it can chase, not fix, and the
    customer's case waits while it chases. Owning a seam needs real decision-sharing
    authority over the work that crosses it; an owner holding a decide or approve right
    over the activity on either side of the seam, or over a decision of its journey,
    co-owns it through that right.
    """
    facts = ctx.facts
    for seam in facts.seams:
        owner = seam.owner
        if owner is None or owner in (seam.source, seam.target):
            continue
        if owner in facts.ancestors.get(seam.source, ()) or owner in facts.ancestors.get(
                seam.target, ()):
            continue
        if facts.decides_on_seam(owner, seam):
            continue
        yield ctx.finding(
            f"{ctx.name(owner)} owns {_describe(ctx, seam)}"
            ", but is on neither side of it, neither team reports to it and it holds no "
            "decide or approve right over the work that crosses it: it can chase the work, "
            "not change it.",
            [seam.source, seam.target, owner], at=[seam.ref], key=seam.key,
            evidence={**_evidence(ctx, seam), "owner": ctx.name(owner)},
            subject_locations=False,
        )


@rule(
    id="SEAM003", slug="seam-without-sla", family=Family.SEAMS, severity=Severity.MEDIUM,
    requires_any={"handoffs", "journeys"},
    remediation="Agree a time standard for the transition and record it in the sla_hours "
                "column of Handoffs.",
)
def seam_without_sla(ctx: RuleContext) -> Iterator[Finding]:
    """Handoff with no time standard, declared or inferred.

    Without a time standard nobody can tell when work waiting at a seam is late, so it is
    noticed only when the customer chases. A seam inferred from the journey steps has no
    time standard until someone records it in Handoffs.
    """
    for seam in ctx.facts.seams:
        if seam.sla_hours is not None:
            continue
        yield ctx.finding(
            f"{_cap(_describe(ctx, seam))} has no time standard: nobody can tell when work "
            "waiting at this seam is late until the customer chases.",
            [seam.source, seam.target], at=[seam.ref], key=seam.key,
            evidence=_evidence(ctx, seam), subject_locations=False,
        )


@rule(
    id="SEAM004", slug="undocumented-seam", family=Family.SEAMS, severity=Severity.MEDIUM,
    requires={"handoffs", "journeys"},
    remediation="Add the transition to the Handoffs sheet with an owner and a time standard.",
)
def undocumented_seam(ctx: RuleContext) -> Iterator[Finding]:
    """Seam between journey steps that the Handoffs sheet does not record.

    Where the team doing step n differs from the team doing step n+1, work crosses a team
    boundary. If the Handoffs sheet does not list that crossing, nobody has agreed what is
    handed over, by when, or who owns it, and that is where the customer's context gets
    lost.
    """
    facts = ctx.facts
    for seam in facts.seams:
        if not seam.inferred:
            continue
        before = facts.activities.get(seam.from_activity or "")
        yield ctx.finding(
            f"Work passes from {ctx.name(seam.source)} to {ctx.name(seam.target)} between "
            f"'{before.name if before else '?'}' and '{ctx.name(seam.activity or '')}' on the "
            f"{seam.journey} journey{where(seam.ref)}, but the Handoffs sheet does not record "
            "this transition.",
            [seam.source, seam.target], at=[seam.ref, before.source if before else None],
            key=seam.key, evidence=_evidence(ctx, seam), subject_locations=False,
        )
