"""What-if: apply a remediation to a model and get a new model to re-score.

Each function returns a new OperatingModel (models are frozen) and leaves its input
untouched. Parties are given by id (``team:sales``) or by name ("Sales"); an unknown one is
a ValueError naming it. Elements added here have no source location: they are not in the
workbook yet.

>>> from opmodel.model import OperatingModel, Team
>>> m = OperatingModel(id="m", name="m", teams=(Team(id="team:a", name="A"),
...                    Team(id="team:b", name="B")))
>>> after = add_escalation(m, "A", "B", 24)
>>> len(m.escalations), len(after.escalations), "escalations" in after.provided
(0, 1, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from opmodel.model import (
    Access,
    AccessLevel,
    Assignment,
    DecisionRight,
    Escalation,
    Handoff,
    OperatingModel,
    RightLevel,
    normalise_name,
)
from opmodel.rules.facts import Facts
from opmodel.schemes import Role


class _Named(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


def _resolve(what: str, kind: str, elements: Iterable[_Named]) -> str:
    key = normalise_name(what)
    for element in elements:
        if element.id == what or normalise_name(element.name) == key:
            return element.id
    raise ValueError(f"no {kind} called '{what}' in the model")


def _team(model: OperatingModel, team: str) -> str:
    return _resolve(team, "team", model.teams)


def set_seam_owner(
    model: OperatingModel, source_team: str, target_team: str, owner: str,
    journey: str | None = None, sla_hours: float | None = None, facts: Facts | None = None,
) -> OperatingModel:
    """Make ``owner`` own the seam(s) from one team to another (on one journey, or all).

    Declared handoffs get the owner (and the SLA, when one is given); a seam that is only
    inferred from journey steps is recorded as a new Handoffs row with that owner and SLA.
    ValueError when there is no such seam. ``facts`` are the model's, when at hand.
    """
    source, target, owner_id = (_team(model, source_team), _team(model, target_team),
                                _team(model, owner))
    wanted = normalise_name(journey) if journey else None
    facts = facts if facts is not None and facts.model is model else Facts(model)

    def on_journey(name: str | None) -> bool:
        return wanted is None or (name is not None and normalise_name(name) == wanted)

    handoffs = list(model.handoffs)
    changed = False
    for index, handoff in enumerate(handoffs):
        seam_journey = handoff.journey or (facts.activities[handoff.activity].journey
                                           if handoff.activity in facts.activities else None)
        if (handoff.source_team, handoff.target_team) == (source, target) and on_journey(
                seam_journey):
            update: dict[str, object] = {"owner": owner_id}
            if sla_hours is not None:
                update["sla_hours"] = sla_hours
            handoffs[index] = handoff.model_copy(update=update)
            changed = True
    for seam in facts.seams:
        if seam.inferred and (seam.source, seam.target) == (source, target) and on_journey(
                seam.journey):
            handoffs.append(Handoff(source_team=source, target_team=target,
                                    journey=seam.journey, activity=seam.activity,
                                    owner=owner_id, sla_hours=sla_hours, extra={},
                                    source=None))
            changed = True
    if not changed:
        where = f" on the {journey} journey" if journey else ""
        raise ValueError(f"no seam from '{source_team}' to '{target_team}'{where}")
    return model.model_copy(update={"handoffs": tuple(handoffs),
                                    "provided": model.provided | {"handoffs"}})


def grant_access(
    model: OperatingModel, team: str, system: str, level: AccessLevel | str = AccessLevel.READ,
) -> OperatingModel:
    """Give a team access to a system (replacing what the Access sheet said for the pair)."""
    team_id = _team(model, team)
    system_id = _resolve(system, "system", model.systems)
    chosen = AccessLevel(level)
    rows = [a for a in model.access if (a.team, a.system) != (team_id, system_id)]
    rows.append(Access(team=team_id, system=system_id, level=chosen, source=None))
    return model.model_copy(update={"access": tuple(rows),
                                    "provided": model.provided | {"access"}})


def add_escalation(
    model: OperatingModel, source: str, target: str, time_limit_hours: float | None,
    trigger: str | None = None,
) -> OperatingModel:
    """Add an escalation path from a team or activity to a team, with a time limit."""
    try:
        source_id = _team(model, source)
    except ValueError:
        try:
            source_id = _resolve(source, "activity", model.activities)
        except ValueError:
            raise ValueError(f"no team or activity called '{source}' in the model") from None
    escalation = Escalation(source_id=source_id, target_team=_team(model, target),
                            trigger=trigger, time_limit_hours=time_limit_hours, extra={},
                            source=None)
    return model.model_copy(update={"escalations": (*model.escalations, escalation),
                                    "provided": model.provided | {"escalations"}})


def set_accountable(model: OperatingModel, activity: str, team: str) -> OperatingModel:
    """Make ``team`` the one accountable party of an activity.

    Other accountable parties become consulted (they keep a voice, not the decision); the
    team keeps any other role it held.
    """
    activity_id = _resolve(activity, "activity", model.activities)
    team_id = _team(model, team)
    rows: list[Assignment] = []
    consulted = {a.team for a in model.assignments
                 if a.activity == activity_id and a.role is Role.CONSULTED}
    for row in model.assignments:
        if row.activity == activity_id and row.role is Role.ACCOUNTABLE and row.team != team_id:
            if row.team not in consulted:
                rows.append(Assignment(activity=activity_id, team=row.team,
                                       role=Role.CONSULTED, code="C", source=None))
                consulted.add(row.team)
            continue
        rows.append(row)
    if not any(a.activity == activity_id and a.team == team_id and a.role is Role.ACCOUNTABLE
               for a in rows):
        rows.append(Assignment(activity=activity_id, team=team_id, role=Role.ACCOUNTABLE,
                               code="A", source=None))
    return model.model_copy(update={"assignments": tuple(rows),
                                    "provided": model.provided | {"raci"}})


def give_decision_right(
    model: OperatingModel, team: str, decision: str, level: RightLevel | str = RightLevel.DECIDE,
    limit: str | None = None,
) -> OperatingModel:
    """Give a team a right over a decision (replacing its right there, if any)."""
    team_id = _team(model, team)
    decision_id = _resolve(decision, "activity", model.activities)
    rights = [r for r in model.decision_rights if (r.team, r.decision) != (team_id, decision_id)]
    rights.append(DecisionRight(team=team_id, decision=decision_id, level=RightLevel(level),
                                limit=limit, limit_source=None, source=None))
    return model.model_copy(update={"decision_rights": tuple(rights),
                                    "provided": model.provided | {"decision_rights"}})


@dataclass(frozen=True)
class Edit:
    """One what-if change, kept as data so the app can list, undo and replay it."""

    kind: str  # "seam-owner", "access", "escalation", "accountable", "decision-right"
    args: tuple[Any, ...]

    def describe(self) -> str:
        """What the change does, in words."""
        if self.kind == "seam-owner":
            source, target, owner, journey, *sla = self.args
            where = f" on {journey}" if journey else ""
            clock = f", within {sla[0]:g} h" if sla and sla[0] is not None else ""
            return f"{owner} owns the seam {source} → {target}{where}{clock}"
        if self.kind == "accountable":
            activity, team = self.args
            return f"{team} is the one accountable for '{activity}'"
        if self.kind == "decision-right":
            team, decision, level = self.args
            return f"{team} gets the right to {level} '{decision}'"
        if self.kind == "access":
            team, system, level = self.args
            return f"{team} gets {level} access to {system}"
        source, target, hours = self.args
        return f"{source} escalates to {target} within {hours:g} h"


def apply_edits(model: OperatingModel, edits: Iterable[Edit],
                facts: Facts | None = None) -> OperatingModel:
    """The model with the edits applied in order (the uploaded file is never touched).

    ``facts`` are the input model's indexes, when at hand (they save a rebuild).
    """
    for edit in edits:
        if edit.kind == "seam-owner":
            source, target, owner, journey, *sla = edit.args
            model = set_seam_owner(model, source, target, owner, journey,
                                   sla[0] if sla else None, facts=facts)
        elif edit.kind == "access":
            model = grant_access(model, *edit.args)
        elif edit.kind == "escalation":
            model = add_escalation(model, *edit.args)
        elif edit.kind == "accountable":
            model = set_accountable(model, *edit.args)
        elif edit.kind == "decision-right":
            model = give_decision_right(model, *edit.args)
        else:
            raise ValueError(f"unknown edit {edit.kind!r}")
        facts = None
    return model
