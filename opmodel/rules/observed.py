"""Observed vs designed: what the ticket log shows against what the model says.

These rules run only with an event log (``opmodel observe MODEL LOG``); each finding cites
the model's cell where there is one and the log's evidence (counts, hours, example cases).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from opmodel.config import Severity
from opmodel.location import SourceRef
from opmodel.model import journey_id
from opmodel.rules.base import Family, Finding, RuleContext, where
from opmodel.rules.facts import Seam
from opmodel.rules.registry import rule

if TYPE_CHECKING:
    from opmodel.observe.overlay import Observation, ObservedSeam


def _observed(ctx: RuleContext) -> Observation:
    observed = ctx.facts.observed
    assert observed is not None, "the engine runs OBS rules only with an observation"
    return observed


def _designed(ctx: RuleContext, source: str, target: str) -> Seam | None:
    """The model's first seam (declared before inferred) between two teams."""
    return next((s for s in ctx.facts.seams if s.source == source and s.target == target), None)


def _evidence(seen: ObservedSeam) -> dict[str, object]:
    return {"cases": seen.cases, "handoffs": seen.handoffs,
            "median_hours": round(seen.median_hours, 2), "p90_hours": round(seen.p90_hours, 2),
            "pingpong_cases": seen.pingpong_cases, "examples": list(seen.examples)}


def _at(ctx: RuleContext, seen: ObservedSeam) -> tuple[Seam | None, SourceRef | None]:
    """The model's seam and the cell to cite: the handoff's row, else the sender's row."""
    seam = _designed(ctx, seen.source, seen.target)
    ref = seam.ref if seam is not None and seam.ref is not None else ctx.facts.source(
        seen.source)
    return seam, ref


def _direction(seen: ObservedSeam) -> str:
    """Tells A -> B from B -> A in fingerprints (both may be findings of one rule)."""
    return f"{seen.source}>{seen.target}"


def _cases(seen: ObservedSeam, pingpong: bool = False) -> str:
    examples = seen.pingpong_examples if pingpong else seen.examples
    return ", ".join(examples)


@rule(
    id="OBS001", slug="undocumented-observed-seam", family=Family.OBSERVED,
    severity=Severity.HIGH, requires={"observed"}, thresholds=("min_cases",),
    remediation="Add the transition to the Handoffs sheet with an owner and a time standard, "
                "or stop the work from crossing there.",
)
def undocumented_observed_seam(ctx: RuleContext) -> Iterator[Finding]:
    """Work crosses between two teams in the log, but the model has no such seam.

    Every reassignment in the ticket log is a handoff that really happened. When cases
    regularly pass between two teams that the operating model never connects, neither in
    its Handoffs sheet nor through consecutive journey steps, the crossing has no owner,
    no time standard and no agreed context: customers are waiting at a seam nobody drew.
    """
    for seen in _observed(ctx).seams:
        if seen.designed or seen.cases < ctx.thresholds.min_cases:
            continue
        ref = ctx.facts.source(seen.source)
        yield ctx.finding(
            f"The log shows {seen.cases} cases ({seen.handoffs} handoffs) passing from "
            f"{ctx.name(seen.source)}{where(ref)} to {ctx.name(seen.target)}, a seam the model "
            f"neither declares nor infers (e.g. {_cases(seen)}).",
            [seen.source, seen.target], at=[ref], evidence=_evidence(seen),
            key=_direction(seen), subject_locations=True,
        )


@rule(
    id="OBS002", slug="designed-seam-unused", family=Family.OBSERVED,
    severity=Severity.LOW, requires={"observed", "handoffs"},
    remediation="Check whether the handoff still exists: remove it from the Handoffs sheet, "
                "or find out where that work really goes.",
)
def designed_seam_unused(ctx: RuleContext) -> Iterator[Finding]:
    """A declared handoff between two teams that both work in the log, with no case crossing it.

    A handoff drawn in the model but never used means the model describes a route the work
    does not take: either the design is out of date, or the work reaches the customer by a
    path nobody documented and nobody owns.
    """
    observed = _observed(ctx)
    crossed = {(s.source, s.target) for s in observed.seams}
    done: set[tuple[str, str]] = set()
    for seam in ctx.facts.seams:
        pair = (seam.source, seam.target)
        if seam.inferred or pair in crossed or pair in done:
            continue
        if seam.source not in observed.teams_seen or seam.target not in observed.teams_seen:
            continue
        done.add(pair)
        yield ctx.finding(
            f"The handoff from {ctx.name(seam.source)} to {ctx.name(seam.target)}"
            f"{where(seam.ref)} is in the model, but none of the log's {observed.mined.cases} "
            "cases crosses it, although both teams work cases in the log.",
            list(pair), at=[seam.ref], key=seam.key, subject_locations=False,
            evidence={"log_cases": observed.mined.cases, "journey": seam.journey},
        )


@rule(
    id="OBS003", slug="ping-pong-seam", family=Family.OBSERVED,
    severity=Severity.HIGH, requires={"observed"}, thresholds=("max_pingpong_share",),
    remediation="Make one of the two teams accountable for the case until it is resolved, "
                "and agree what the receiving team needs before it accepts the work.",
)
def ping_pong_seam(ctx: RuleContext) -> Iterator[Finding]:
    """Cases bounce between two teams and come back.

    When a case goes from A to B and back to A, neither team believed it owned the case:
    ownership at the seam is unclear. Each bounce is another wait and another time the
    customer repeats the story, and it is the pattern behind blame cycles.
    """
    share = ctx.thresholds.max_pingpong_share
    for seen in _observed(ctx).seams:
        if not seen.pingpong_cases or seen.pingpong_share < share:
            continue
        _seam, ref = _at(ctx, seen)
        yield ctx.finding(
            f"{seen.pingpong_cases} of the {seen.cases} cases passed from "
            f"{ctx.name(seen.source)}{where(ref)} to {ctx.name(seen.target)} came back to "
            f"{ctx.name(seen.source)} ({seen.pingpong_share:.0%}, "
            f"e.g. {_cases(seen, pingpong=True)}): nobody at this seam believes it owns the "
            "case.",
            [seen.source, seen.target], at=[ref], key=_direction(seen),
            evidence={**_evidence(seen), "share": round(seen.pingpong_share, 3),
                      "pingpong_examples": list(seen.pingpong_examples)},
            subject_locations=False,
        )


def _slow_floor(observed: Observation, share: float) -> float:
    """The p90 hours above which a seam is slow without a time standard: among the slowest
    ``share`` of observed seams and more than twice the typical (median) seam's p90."""
    hours = sorted(s.p90_hours for s in observed.seams)
    keep = max(1, int(len(hours) * share))
    if len(hours) <= keep:
        return float("inf")
    return max(hours[-keep - 1], 2 * hours[len(hours) // 2])


def _limit(ctx: RuleContext, seam: Seam | None) -> tuple[float | None, str]:
    """The seam's time standard, else its journey's promise, and how to say it."""
    if seam is None:
        return None, "almost every other seam in the log"
    if seam.sla_hours is not None:
        return seam.sla_hours, f"its time standard of {seam.sla_hours:g} hours"
    record = ctx.facts.journey_records.get(journey_id(seam.journey)) if seam.journey else None
    if record is not None and record.promise_hours is not None:
        return record.promise_hours, (f"the {seam.journey} journey's promise of "
                                      f"{record.promise_hours:g} hours")
    return None, "almost every other seam in the log"


@rule(
    id="OBS004", slug="slow-seam", family=Family.OBSERVED,
    severity=Severity.MEDIUM, requires={"observed"}, thresholds=("slow_seam_share",),
    remediation="Give the seam's owner the waiting time as a measure, with a time standard "
                "they can act on; if it has no owner, name one.",
)
def slow_seam(ctx: RuleContext) -> Iterator[Finding]:
    """Customers wait at a seam longer than its time standard or promise, or than elsewhere.

    The time between the last touch by the sending team and the first by the receiving
    team is time the customer waits while nobody works the case. Where the model sets a
    time standard for the handoff, the 90th percentile is held against it; else against
    the promise of the journey the handoff is on; otherwise
    against the other seams in the log: among the slowest fifth and more than twice the
    typical seam's wait.
    """
    observed = _observed(ctx)
    floor = _slow_floor(observed, ctx.thresholds.slow_seam_share)
    for seen in observed.seams:
        seam, ref = _at(ctx, seen)
        limit, against = _limit(ctx, seam)
        if limit is not None:
            if seen.p90_hours <= limit:
                continue
        elif seen.p90_hours <= floor:
            continue
        owner = seam.owner if seam is not None else None
        owned = (f"; {ctx.name(owner)} owns it" if owner else "; nobody owns it")
        subjects = list(dict.fromkeys([seen.source, seen.target, *([owner] if owner else [])]))
        yield ctx.finding(
            f"Work waits {seen.p90_hours:.1f} hours (90th percentile, median "
            f"{seen.median_hours:.1f}) between {ctx.name(seen.source)}{where(ref)} and "
            f"{ctx.name(seen.target)}, longer than {against}{owned} (e.g. {_cases(seen)}).",
            subjects, at=[ref], key=_direction(seen), subject_locations=False,
            evidence={**_evidence(seen), "limit_hours": limit,
                      "owner": ctx.name(owner) if owner else None},
        )


@rule(
    id="OBS005", slug="unmapped-group", family=Family.OBSERVED,
    severity=Severity.MEDIUM, requires={"observed"},
    remediation="Add the group to the aliases column of the team it belongs to, or to the "
                "mapping file (--map); if it is a team the model lacks, add the team.",
)
def unmapped_group(ctx: RuleContext) -> Iterator[Finding]:
    """A group in the log that is no team of the model.

    Work handled by a group the operating model does not know is work nobody designed:
    its handoffs cannot be held against the model, and customers whose cases pass through
    it fall outside every owner, time standard and escalation path the model defines.
    """
    observed = _observed(ctx)
    for group in observed.mapping.unmapped:
        ref = observed.log.ref("team", group.first_row)
        hint = f" (closest team: {group.suggestion})" if group.suggestion else ""
        yield ctx.finding(
            f"The log group '{group.group}'{where(ref)} handles {group.events} events but maps "
            f"to no team of the model{hint}.",
            [f"group:{group.group}"], at=[ref], key=group.group, subject_locations=False,
            evidence={"group": group.group, "events": group.events,
                      "suggestion": group.suggestion},
        )
