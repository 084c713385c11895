"""Data: every team that serves a customer can see that customer's story."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from opmodel.config import Severity
from opmodel.location import SourceRef
from opmodel.model import AccessLevel, normalise_name
from opmodel.rules.base import Family, Finding, RuleContext, names, number, where
from opmodel.rules.registry import rule
from opmodel.schemes import Role


@rule(
    id="DATA001", slug="siloed-system", family=Family.DATA, severity=Severity.MEDIUM,
    requires={"systems", "access"},
    remediation="Give the teams that serve these customers read access, or move the data into "
                "the shared customer record.",
)
def siloed_system(ctx: RuleContext) -> Iterator[Finding]:
    """System holding customer data that only its owner can read.

    Customer data that only one team can see is a silo: every other team answers the
    customer without it, so the customer hears different stories from different people.
    """
    facts = ctx.facts
    for system in ctx.model.systems:
        if not system.customer_data:
            continue
        with_access = set(facts.readers.get(system.id, ()))
        if system.owner:
            with_access.add(system.owner)
        if len(with_access) > 1:
            continue
        if with_access:
            (only,) = with_access
            who = f"only {ctx.name(only)}{' (its owner)' if only == system.owner else ''} can"
        else:
            who = "no team can"
        yield ctx.finding(
            f"{system.name}{where(system.source)} holds customer data, but {who} read it: "
            "other teams answer customers without it.", [system.id],
            evidence={"readers": sorted(ctx.name(t) for t in with_access)},
        )


@rule(
    id="DATA002", slug="blind-step", family=Family.DATA, severity=Severity.HIGH,
    requires={"raci", "access", "system_use"},
    remediation="Grant the responsible team at least read access to the system (Access sheet), "
                "or move the step to a team that has it.",
)
def blind_step(ctx: RuleContext) -> Iterator[Finding]:
    """Responsible team lacks access to a system its activity uses.

    A team asked to do work on a system it cannot open works blind: it asks the customer
    again, or asks another team and waits. The responsible team is the one marked R (or,
    where no one is, the accountable one).
    """
    facts = ctx.facts
    for activity in ctx.model.activities:
        if not activity.uses:
            continue
        doers = facts.doers(activity.id)
        for team in doers:
            for system in activity.uses:
                if facts.can_read(team, system):
                    continue
                row = facts.access.get((team, system))
                said = f" ({row[1]} says {row[0].value})" if row and row[1] else ""
                cells = [a.source for role in (Role.RESPONSIBLE, Role.ACCOUNTABLE)
                         for a in facts.roles.get(activity.id, {}).get(role, ())
                         if a.team == team]
                yield ctx.finding(
                    f"'{activity.name}'{where(activity.source)} uses {ctx.name(system)}, but "
                    f"the team doing it, {ctx.name(team)}, has no access to it{said}. The team "
                    "works blind and the customer is asked again.",
                    [activity.id, team, system],
                    at=[activity.source, row[1] if row else None, *cells[:1]],
                    subject_locations=False,
                    evidence={"activity": activity.name, "team": ctx.name(team),
                              "system": ctx.name(system)},
                )


@rule(
    id="DATA003", slug="broken-context", family=Family.DATA, severity=Severity.HIGH,
    requires={"raci", "teams", "access", "journeys", "system_use"},
    remediation="Give the customer-facing team read access to the system, or bring that "
                "information into the shared record it already uses.",
)
def broken_context(ctx: RuleContext) -> Iterator[Finding]:
    """Customer-facing team on a journey cannot read what another step of it records.

    Every customer-facing team needs the same view of the customer's history and status.
    When a step of the journey writes to a system the frontline team cannot read, the
    customer tells the story again and gets a different answer. A team is on a journey
    when it is accountable, responsible or supporting on one of its steps; a step writes
    a system when it uses the system and its responsible team has write access. Only
    systems marked as holding customer data (the customer_data column) count: a field
    engineer need not read the billing platform.
    """
    facts = ctx.facts
    # (team, system) -> journeys where it bites, and the first step that writes it there
    blind: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for journey, steps in facts.journeys.items():
        facing = facts.cf_on_journey(journey)
        if not facing:
            continue
        writers: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for step in steps:
            for system in step.uses:
                if not facts.holds_customer_data(system):
                    continue
                for team in facts.doers(step.id):
                    if facts.level(team, system) is AccessLevel.WRITE:
                        writers[system].append((step.id, team))
        for team in facing:
            for system, written in writers.items():
                others = [(step, writer) for step, writer in written if writer != team]
                if others and not facts.can_read(team, system):
                    blind[(team, system)].append((journey, *others[0]))
    for (team, system), where_written in blind.items():
        journeys = [journey for journey, _, _ in where_written]
        told = names([f"{ctx.name(writer)} records '{ctx.name(step)}'"
                      f"{where(facts.activities[step].source)}"
                      for _, step, writer in where_written])
        row = facts.access.get((team, system))
        yield ctx.finding(
            f"{ctx.name(team)} faces customers on the {names(journeys)} "
            f"journey{'s' if len(journeys) > 1 else ''} but cannot read {ctx.name(system)}"
            f"{where(row[1]) if row else ''}, where {told}. Customers will be asked to repeat "
            "what another team already knows.",
            [team, system],
            at=[row[1] if row else None,
                *(facts.activities[step].source for _, step, _ in where_written),
                facts.source(team)],
            subject_locations=False,
            evidence={"journeys": journeys,
                      "written_by": [[j, ctx.name(w), ctx.name(s)] for j, s, w in where_written]},
        )


@rule(
    id="DATA004", slug="competing-records", family=Family.DATA, severity=Severity.MEDIUM,
    requires={"systems"},
    remediation="Choose one system of record for the data domain and make the others read "
                "from it (or copy to it) rather than keep their own version.",
)
def competing_records(ctx: RuleContext) -> Iterator[Finding]:
    """More than one system of record for a data domain.

    Two systems that both claim to be the truth about the same thing drift apart, and
    teams reading different ones give customers different answers. Each data domain needs
    one source of truth.
    """
    by_domain: dict[str, list[str]] = defaultdict(list)
    spelled: dict[str, str] = {}
    for system in ctx.model.systems:
        for domain in system.system_of_record:
            key = normalise_name(domain)
            spelled.setdefault(key, domain)
            if system.id not in by_domain[key]:
                by_domain[key].append(system.id)
    for key, systems in by_domain.items():
        if len(systems) < 2:
            continue
        refs: list[SourceRef | None] = [ctx.facts.source(s) for s in systems]
        listed = names([f"{ctx.name(s)}{where(r)}" for s, r in zip(systems, refs, strict=True)])
        yield ctx.finding(
            f"{number(len(systems))} systems claim to be the record for {spelled[key]} data: "
            f"{listed}. Teams reading different records give customers different answers.",
            systems, key=key, evidence={"domain": spelled[key]},
        )


@rule(
    id="DATA005", slug="unowned-system", family=Family.DATA, severity=Severity.MEDIUM,
    requires={"systems"},
    remediation="Name the team that owns the system: it decides who may see the data and "
                "answers for its quality.",
)
def unowned_system(ctx: RuleContext) -> Iterator[Finding]:
    """System with no owner.

    A system nobody owns has nobody deciding who may see its data, and nobody fixing it
    when it is wrong; the customer meets the consequences first.
    """
    for system in ctx.model.systems:
        if system.owner:
            continue
        yield ctx.finding(
            f"{system.name}{where(system.source)} has no owner: nobody decides who may see its "
            "data or fixes it when it is wrong.", [system.id],
        )
