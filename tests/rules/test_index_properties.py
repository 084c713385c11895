"""Properties of the index on generated models (docs/index.md): leaving data out widens the
range around the honest figure, a new defect never lowers the index, and the what-if edits
that resolve a finding never raise it."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opmodel.model import (
    Access,
    AccessLevel,
    Activity,
    ActivityKind,
    Assignment,
    Authority,
    DecisionRight,
    Escalation,
    Handoff,
    Metric,
    OperatingModel,
    RightLevel,
    System,
    Team,
    TeamKind,
)
from opmodel.moves import _candidates
from opmodel.rules.facts import Facts
from opmodel.rules.whatif import apply_edits
from opmodel.schemes import Role
from opmodel.score import score

FAST = settings(max_examples=20, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SHEETS = frozenset({"teams", "systems", "access", "activities", "raci", "handoffs",
                    "escalations", "decision_rights", "metrics"})


@st.composite
def models(draw: Any) -> OperatingModel:
    """A small model using every sheet, with defects and sound parts drawn at random."""
    n_teams = draw(st.integers(3, 6))
    teams = [Team(id="team:lead", name="Lead", kind=TeamKind.LEADER)]
    for i in range(n_teams):
        advisory = draw(st.booleans()) and i == n_teams - 1
        teams.append(Team(
            id=f"team:t{i}", name=f"T{i}", customer_facing=draw(st.booleans()),
            kind=TeamKind.COMMITTEE if advisory else TeamKind.TEAM,
            authority=Authority.ADVISORY if advisory else Authority.DECISION,
            parent="team:lead" if draw(st.booleans()) else None))
    ids = [t.id for t in teams[1:]]
    team = st.sampled_from(ids)
    systems = [System(id=f"system:s{i}", name=f"S{i}", customer_data=draw(st.booleans()),
                      owner=draw(st.none() | team)) for i in range(draw(st.integers(1, 3)))]
    access = [Access(team=t, system=s.id, level=draw(st.sampled_from(list(AccessLevel))))
              for s in systems for t in ids if draw(st.booleans())]
    activities, assignments = [], []
    for i in range(draw(st.integers(3, 8))):
        activity_id = f"activity:a{i}"
        activities.append(Activity(
            id=activity_id, name=f"A{i}", journey=draw(st.sampled_from(["J1", "J2"])),
            step=float(i), kind=draw(st.sampled_from([ActivityKind.ACTIVITY,
                                                      ActivityKind.DECISION])),
            uses=tuple(draw(st.sets(st.sampled_from([s.id for s in systems]), max_size=2)))))
        doer = draw(team)
        assignments.append(Assignment(activity=activity_id, team=doer, role=Role.RESPONSIBLE,
                                      code="R"))
        owner = draw(st.sampled_from(["same", "other", "none", "two"]))
        owners = {"same": [doer], "other": [draw(team)], "none": [],
                  "two": [doer, draw(team)]}[owner]
        assignments += [Assignment(activity=activity_id, team=t, role=Role.ACCOUNTABLE,
                                   code="A") for t in dict.fromkeys(owners)]
    handoffs = [Handoff(source_team=draw(team), target_team=draw(team),
                        journey=draw(st.sampled_from(["J1", "J2"])),
                        owner=draw(st.none() | team),
                        sla_hours=draw(st.none() | st.just(8.0)))
                for _ in range(draw(st.integers(0, 3)))]
    everyone = [*ids, "team:lead", *(a.id for a in activities)]
    escalations = [Escalation(source_id=draw(st.sampled_from(everyone)),
                              target_team=draw(st.sampled_from([*ids, "team:lead"])),
                              time_limit_hours=draw(st.none() | st.just(24.0)))
                   for _ in range(draw(st.integers(0, 5)))]
    decisions = [a.id for a in activities if a.kind is ActivityKind.DECISION]
    rights = [DecisionRight(team=draw(team), decision=d,
                            level=draw(st.sampled_from(list(RightLevel))),
                            limit=draw(st.none() | st.just("up to 100")))
              for d in decisions if draw(st.booleans())]
    metrics = [Metric(id=f"metric:m{i}", name=f"M{i}", owner=draw(st.none() | team),
                      activity=draw(st.none() | st.sampled_from([a.id for a in activities])))
               for i in range(draw(st.integers(0, 3)))]
    return OperatingModel(id="m", name="m", teams=tuple(teams), systems=tuple(systems),
                          access=tuple(access), activities=tuple(activities),
                          assignments=tuple(assignments), handoffs=tuple(handoffs),
                          escalations=tuple(escalations), decision_rights=tuple(rights),
                          metrics=tuple(metrics), provided=SHEETS)


def _without(model: OperatingModel, sheet: str) -> OperatingModel:
    return model.model_copy(update={sheet: (), "provided": model.provided - {sheet}})


@FAST
@given(models(), st.sampled_from(["escalations", "access", "metrics"]))
def test_the_range_with_a_component_left_out_holds_the_assessed_value(model, sheet):
    whole = score(model)
    cut = score(_without(model, sheet))
    for before, after in [(whole, cut), *((whole.journeys[j], cut.journeys[j])
                                         for j in whole.journeys)]:
        if before.value is None:
            continue
        document = after.as_dict()
        low, high = document["range"]
        assert low <= before.value <= high
        if document["provisional"]:
            assert document["coverage"]["assessed"] < document["coverage"]["total"]


def _defects(model: OperatingModel) -> list[tuple[str, OperatingModel]]:
    """Every single-defect variant: drop an A (A/R -> R), a seam owner, an access row, an
    escalation, a time limit."""
    variants = []
    roles = {(a.activity, a.team, a.role) for a in model.assignments}
    owners = Counter(a.activity for a in model.assignments if a.role is Role.ACCOUNTABLE)
    for a in model.assignments:
        # The only accountable party, which also does the work: dropping one of two
        # accountables would resolve OWN002, not introduce a defect.
        if (a.role is Role.ACCOUNTABLE and owners[a.activity] == 1
                and (a.activity, a.team, Role.RESPONSIBLE) in roles):
            rest = tuple(x for x in model.assignments if x != a)
            variants.append(("drop an A", model.model_copy(update={"assignments": rest})))
    for i, h in enumerate(model.handoffs):
        if h.owner is not None:
            rows = list(model.handoffs)
            rows[i] = h.model_copy(update={"owner": None})
            variants.append(("drop a seam owner",
                             model.model_copy(update={"handoffs": tuple(rows)})))
    for i in range(len(model.access)):
        rows = list(model.access)
        del rows[i]
        variants.append(("drop an access row", model.model_copy(update={"access": tuple(rows)})))
    for i, e in enumerate(model.escalations):
        rows = list(model.escalations)
        del rows[i]
        variants.append(("drop an escalation",
                         model.model_copy(update={"escalations": tuple(rows)})))
        if e.time_limit_hours is not None:
            timed = list(model.escalations)
            timed[i] = e.model_copy(update={"time_limit_hours": None})
            variants.append(("drop a time limit",
                             model.model_copy(update={"escalations": tuple(timed)})))
    return variants


@FAST
@given(models())
def test_a_new_defect_never_lowers_the_index(model):
    before = score(model)
    for what, worse in _defects(model):
        after = score(worse)
        assert after.exact is not None and before.exact is not None
        assert after.exact >= before.exact - 1e-9, what
        assert after.value is not None and before.value is not None
        assert after.value >= before.value, what


@FAST
@given(models())
def test_resolving_a_finding_never_raises_the_index(model):
    before = score(model)
    facts = Facts(model)
    for candidate in _candidates(facts, before):
        edit = candidate.edit
        if edit.kind == "accountable" and len(facts.holders(
                _activity_id(model, edit.args[0]), Role.ACCOUNTABLE)) > 1:
            continue  # demoting a second accountable can strip its levers elsewhere
        after = score(apply_edits(model, [edit]))
        assert after.exact is not None and before.exact is not None
        assert after.exact <= before.exact + 1e-9, edit


def _activity_id(model: OperatingModel, name: str) -> str:
    return next(a.id for a in model.activities if a.name == name or a.id == name)
