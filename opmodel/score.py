"""The fragmentation index (DESIGN section 6, docs/index.md): 0 is integrated, 100 fragmented.

Six components, each counted over units (activities, seams, team/system pairs, ...). A unit
is sound, or it carries defects; a unit's penalty is the weight of its worst defect (high
1, medium 0.5, low 0.25), so a high finding weighs more than a low one. A component's value
is ``1 - penalties / units``, shown with its numerator (sound units) and denominator:

- accountability clarity (activities): one accountable party (OWN001, OWN002), able to
  decide (OWN004), and someone responsible for the work (OWN003);
- seam ownership (seams, declared and inferred): an owner (SEAM001) and an SLA (SEAM003);
- data continuity (team/system pairs): every customer-facing team on a journey, and every
  responsible team on a step, can read the systems involved (DATA003, DATA002);
- escalation coverage (customer-facing teams and decisions): a path that reaches decision
  authority (ESC001, ESC004) with a time limit on every hop (ESC002);
- decision authority (decisions, and customer-facing teams when Decision Rights are
  given): every decision has someone able to take it (GOV003); every frontline team holds a
  decide/approve right (GOV006) with its limit stated (GOV007);
- measurement (metrics): an owner (GOV001), linked to what it drives (GOV002), and the
  owner holds a lever over it (GOV004).

A component is "not assessed" when the model lacks its data or has nothing to count; the
index is ``round(100 * (1 - mean of the assessed components))`` (halves round up), with
its coverage and a range: the index if every unassessed component were fully integrated
(low end) or fully fragmented (high end). Severities are the rules' defaults, not the
configured ones: configuration must not move the index. When every journey has a weight
(the Journeys sheet's volume, or weights a caller passes), the overall index is the
weighted mean of the journeys' indexes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from opmodel.model import (
    ActivityKind,
    Metric,
    OperatingModel,
    System,
    journey_id,
    normalise_name,
)
from opmodel.perf import pause_gc
from opmodel.rules.facts import DECIDING_RIGHTS, Facts, Seam, unique
from opmodel.schemes import Role

COMPONENTS = ("accountability_clarity", "seam_ownership", "data_continuity",
              "escalation_coverage", "decision_authority", "measurement")
TITLES = {
    "accountability_clarity": "Accountability clarity",
    "seam_ownership": "Seam ownership",
    "data_continuity": "Data continuity",
    "escalation_coverage": "Escalation coverage",
    "decision_authority": "Decision authority",
    "measurement": "Measurement",
}
# What each component needs in the workbook, for the coverage's "missing" list.
NEEDS = {
    "accountability_clarity": "a RACI matrix (an accountable and a responsible party per "
                              "activity)",
    "seam_ownership": "a Handoffs sheet (from, to, owner, sla_hours) or journeys with steps "
                      "in Activities",
    "data_continuity": "Teams (customer_facing), Systems, Access, and activities that name "
                       "their journey and the systems they use",
    "escalation_coverage": "an Escalations sheet (from, to, time_limit_hours) and "
                           "customer-facing teams in Teams or decisions in Activities",
    "decision_authority": "decisions (kind column of Activities) or a Decision Rights sheet "
                          "with customer-facing teams",
    "measurement": "a Metrics sheet (name, owner, the activity or decision it drives)",
}
# Penalty of a unit by the severity of its worst defect (docs/index.md says why).
WEIGHTS = {"critical": 1.0, "high": 1.0, "medium": 0.5, "low": 0.25, "info": 0.0}
# Upper bounds of the bands, inclusive (docs/index.md calibrates them on the samples).
BANDS = ((5, "integrated"), (15, "mostly integrated"), (30, "fragmented"),
         (100, "severely fragmented"))
# When journeys are weighted, the whole model's share of the overall index.
MODEL_SHARE = 0.5
# Severities of rules this index counts before their rule is registered (the governance
# rules issue adds them); the registry's own default wins once it exists.
_PENDING = {"GOV004": "medium", "GOV006": "medium", "GOV007": "low"}


def band(value: int | None) -> str | None:
    """The verdict's band for an index value.

    >>> band(5), band(15), band(16), band(31), band(None)
    ('integrated', 'mostly integrated', 'fragmented', 'severely fragmented', None)
    """
    if value is None:
        return None
    return next(name for top, name in BANDS if value <= top)


@cache
def severity_of(rule: str) -> str:
    """A rule's default severity (not the configured one: config must not move the index)."""
    from opmodel.rules.registry import REGISTRY

    found = REGISTRY.get(rule)
    return found.meta.severity.value if found is not None else _PENDING[rule]


@dataclass(frozen=True)
class Component:
    """One component: sound units / all units, the weighted penalty, or not assessed."""

    numerator: int = 0
    denominator: int = 0
    assessed: bool = False
    reason: str = ""
    penalty: float = 0.0
    defects: tuple[tuple[str, int], ...] = ()  # units by their worst defect's severity

    @property
    def exact(self) -> float | None:
        """The unrounded share in [0, 1], or None when not assessed."""
        if not self.assessed or self.denominator == 0:
            return None
        return 1 - self.penalty / self.denominator

    @property
    def value(self) -> float | None:
        """The share in [0, 1] (4 decimals), or None when not assessed."""
        exact = self.exact
        return None if exact is None else round(exact, 4)

    def as_dict(self) -> dict[str, Any]:
        """The contract's component object."""
        document: dict[str, Any] = {"value": self.value, "numerator": self.numerator,
                                    "denominator": self.denominator, "assessed": self.assessed}
        if self.assessed:
            document["defects"] = dict(self.defects)
        elif self.reason:
            document["reason"] = self.reason  # why not, in words (an addition to §9)
        return document


def _index(exact: float | None) -> int | None:
    # rounded first, so that one figure reached by two float paths rounds the same way
    return None if exact is None else math.floor(round(exact, 9) + 0.5)


@dataclass(frozen=True)
class Reading:
    """The index of one scope (a journey or the whole model) with its honesty fields."""

    exact: float | None  # 100 * (1 - mean), unrounded: moves are ranked on it
    low: float | None
    high: float | None
    components: dict[str, Component]

    @property
    def value(self) -> int | None:
        """The index, 0 to 100."""
        return _index(self.exact)

    @property
    def range(self) -> list[int] | None:
        """[lo, hi]: every unassessed component fully integrated / fully fragmented."""
        if self.low is None or self.high is None:
            return None
        return [_index(self.low) or 0, _index(self.high) or 0]

    @property
    def provisional(self) -> bool:
        """True when any component is not assessed."""
        return any(not c.assessed for c in self.components.values())

    def coverage(self) -> dict[str, Any]:
        """{"assessed", "total", "missing": [{"component", "needs", "reason"}]}."""
        missing = [{"component": k, "needs": NEEDS[k], "reason": c.reason}
                   for k, c in self.components.items() if not c.assessed]
        return {"assessed": len(self.components) - len(missing),
                "total": len(self.components), "missing": missing}

    def honesty(self) -> dict[str, Any]:
        """The fields every index object gains: coverage, range, provisional, band."""
        return {"coverage": self.coverage(), "range": self.range,
                "provisional": self.provisional, "band": band(self.value)}


def _reading(components: dict[str, Component]) -> Reading:
    values = [c.value for c in components.values() if c.value is not None]
    if not values:
        return Reading(None, 0.0, 100.0, components)
    total, assessed = len(components), len(values)
    mean = sum(values) / assessed
    return Reading(100 * (1 - mean), 100 * (1 - (sum(values) + (total - assessed)) / total),
                   100 * (1 - sum(values) / total), components)


@dataclass(frozen=True)
class JourneyIndex:
    """The index and its components for one journey."""

    value: int | None
    components: dict[str, Component]
    reading: Reading | None = None

    def as_dict(self) -> dict[str, Any]:
        """As in the contract's ``journeys`` map."""
        document: dict[str, Any] = {
            "value": self.value,
            "components": {k: c.as_dict() for k, c in self.components.items()}}
        reading = self.reading or _reading(self.components)
        document.update(reading.honesty())
        return document


@dataclass(frozen=True)
class Weighting:
    """How the overall index combines the journeys: by volume, by observed cases, ...

    ``by`` names the measure, ``source`` where it comes from, ``weights`` the journey name
    -> weight map (every journey with an index must have a positive weight).
    """

    by: str
    source: str
    weights: Mapping[str, float]

    def as_dict(self) -> dict[str, Any]:
        """The contract's ``weighting`` object."""
        return {"by": self.by, "source": self.source, "weights": dict(self.weights),
                "model_share": MODEL_SHARE}


@dataclass(frozen=True)
class FragmentationIndex:
    """The whole model's index, its components, and one index per journey."""

    value: int | None
    components: dict[str, Component]
    journeys: dict[str, JourneyIndex] = field(default_factory=dict)
    reading: Reading | None = None
    weighting: Weighting | None = None
    weighting_note: str = ""

    @property
    def exact(self) -> float | None:
        """The unrounded index (moves are ranked on it)."""
        return (self.reading or _reading(self.components)).exact

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract's ``index`` object."""
        document: dict[str, Any] = {
            "value": self.value,
            "components": {k: c.as_dict() for k, c in self.components.items()},
            "journeys": {name: j.as_dict() for name, j in self.journeys.items()}}
        document.update((self.reading or _reading(self.components)).honesty())
        if self.weighting is not None:
            document["weighting"] = self.weighting.as_dict()
        else:
            document["weighting"] = {"by": "components",
                                     "source": self.weighting_note or
                                     "the whole model's components (no journey weights)"}
        return document

    def verdict(self) -> str:
        """The verdict in words (see ``verdict``)."""
        return verdict(self.as_dict())

    def explain(self) -> str:
        """One sentence for an executive.

        >>> FragmentationIndex(None, {k: Component() for k in COMPONENTS}).explain()[:40]
        'The fragmentation index could not be com'
        """
        if self.value is None:
            return ("The fragmentation index could not be computed: the model lacks the data "
                    "for every component.")
        parts = [f"{TITLES[k].lower()} {c.numerator}/{c.denominator}"
                 for k, c in self.components.items() if c.assessed]
        skipped = [TITLES[k].lower() for k, c in self.components.items() if not c.assessed]
        tail = f" ({', '.join(skipped)} not assessed)" if skipped else ""
        return (f"Fragmentation index {self.value} of 100 (0 is fully integrated), from "
                f"{', '.join(parts)}{tail}.")


def verdict(index: Mapping[str, Any]) -> str:
    """The index object of the JSON contract in words, for every format.

    >>> verdict({"value": 6, "band": "mostly integrated", "provisional": True,
    ...          "coverage": {"assessed": 2, "total": 6}, "range": [6, 55]})
    'Index 6 (mostly integrated), provisional: 2 of 6 components assessed; between 6 and 55.'
    >>> verdict({"value": 30, "band": "fragmented", "provisional": False,
    ...          "coverage": {"assessed": 6, "total": 6}, "range": [30, 30]})
    'Index 30 (fragmented): all 6 components assessed.'
    """
    coverage = index.get("coverage") or {}
    value = index.get("value")
    if value is None:
        return (f"Index not assessed: none of the {coverage.get('total', len(COMPONENTS))} "
                "components could be assessed.")
    named = f"Index {value}" + (f" ({index['band']})" if index.get("band") else "")
    if not index.get("provisional"):
        return f"{named}: all {coverage.get('total')} components assessed."
    low, high = index.get("range") or (value, value)
    return (f"{named}, provisional: {coverage.get('assessed')} of {coverage.get('total')} "
            f"components assessed; between {low} and {high}.")


def journey_weights(model: OperatingModel) -> Weighting | None:
    """Volume weights from the Journeys sheet, when it gives one for some journey."""
    named = {journey_id(a.journey): a.journey for a in model.activities if a.journey}
    volumes = {named.get(j.id, j.name): float(j.volume) for j in model.journeys
               if j.volume is not None}
    if not volumes:
        return None
    return Weighting("volume", "Journeys sheet (volume, cases per month)", volumes)


def score(model: OperatingModel, facts: Facts | None = None,
          weighting: Weighting | None = None, journeys: bool = True) -> FragmentationIndex:
    """Compute the fragmentation index; pass ``result.facts`` from a rules run to reuse it.

    ``weighting`` overrides the Journeys sheet's volumes (an event log's observed cases).
    ``journeys=False`` skips the per-journey indexes when nothing weighs them (what-if
    moves need only the overall value, which is then the same).

    >>> from opmodel.model import OperatingModel
    >>> score(OperatingModel(id="m", name="m")).value is None
    True
    """
    facts = facts if facts is not None and facts.model is model else Facts(model)
    with pause_gc():
        return _score(facts, weighting or journey_weights(model), journeys)


def _score(facts: Facts, weighting: Weighting | None, journeys: bool) -> FragmentationIndex:
    model = facts.model
    units = _Units(facts)
    decisions = [a.id for a in model.activities if a.kind is ActivityKind.DECISION]
    overall = units.components([a.id for a in model.activities], None, decisions,
                               facts.customer_facing, list(facts.journeys), model.metrics)
    metrics_on: dict[str, list[Metric]] = defaultdict(list)
    for metric in model.metrics:
        node = facts.metric_journeys.get(metric.id)
        if node is not None and node in facts.journey_by_id:
            metrics_on[facts.journey_by_id[node]].append(metric)
    per_journey: dict[str, JourneyIndex] = {}
    for journey, steps in facts.journeys.items() if journeys or weighting else ():
        components = units.components(
            [a.id for a in steps], journey,
            [a.id for a in steps if a.kind is ActivityKind.DECISION],
            facts.cf_on_journey(journey), [journey], metrics_on.get(journey, []))
        reading = _reading(components)
        per_journey[journey] = JourneyIndex(reading.value, components, reading)
    reading = _reading(overall)
    note = ""
    if weighting is not None:
        scored = {name: j for name, j in per_journey.items() if j.value is not None}
        unweighted = [name for name in scored if weighting.weights.get(name, 0) <= 0]
        if scored and not unweighted:
            reading = _weighted(scored, weighting, reading)
        else:
            note = (f"the whole model's components: the {weighting.source} gives no weight "
                    f"for {', '.join(unweighted) or 'any scored journey'}")
            weighting = None
    return FragmentationIndex(reading.value, overall, per_journey, reading, weighting, note)


def _weighted(journeys: dict[str, JourneyIndex], weighting: Weighting,
              whole: Reading) -> Reading:
    """Half the whole model, half the journeys weighted by volume (docs/index.md: the shared
    parts serve every case, and leaving a step off its journey must not hide its defects)."""
    total = sum(weighting.weights[name] for name in journeys)

    def mean(attribute: str) -> float:
        by_volume = sum(weighting.weights[name] * getattr(j.reading, attribute)
                        for name, j in journeys.items()) / total
        return MODEL_SHARE * getattr(whole, attribute) + (1 - MODEL_SHARE) * by_volume

    return Reading(mean("exact"), mean("low"), mean("high"), whole.components)


def _component(worst: Iterable[str | None], missing: str | None) -> Component:
    """A component from each unit's worst defect severity (None for a sound unit)."""
    if missing is not None:
        return Component(0, 0, False, missing)
    counts: dict[str, int] = {}
    sound = total = 0
    penalty = 0.0
    for severity in worst:
        total += 1
        if severity is None:
            sound += 1
        else:
            counts[severity] = counts.get(severity, 0) + 1
            penalty += WEIGHTS[severity]
    if total == 0:
        return Component(0, 0, False, "nothing to count")
    order = list(WEIGHTS)
    defects = tuple(sorted(counts.items(), key=lambda kv: order.index(kv[0])))
    return Component(sound, total, True, "", penalty, defects)


def _worst(*rules: str | None) -> str | None:
    found = [severity_of(r) for r in rules if r is not None]
    return max(found, key=lambda s: WEIGHTS[s]) if found else None


def _missing(facts: Facts, needs: Iterable[str], any_of: Iterable[str] = ()) -> str | None:
    from opmodel.rules.base import _absence

    absent = [_absence(n) for n in needs if n not in facts.available]
    options = list(any_of)
    if options and not any(o in facts.available for o in options):
        absent.append(" and ".join(_absence(o) for o in options))
    return "; ".join(absent) if absent else None


class _Units:
    """Each unit's worst defect, judged once and shared by the model and its journeys."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.missing = {
            "accountability_clarity": _missing(facts, ["raci"]),
            "seam_ownership": _missing(facts, [], ["handoffs", "journeys"]),
            "data_continuity": _missing(
                facts, ["raci", "teams", "access", "journeys", "system_use"]),
            "escalation_coverage": _missing(facts, ["escalations"], ["teams", "decisions"]),
            "decision_authority": _missing(facts, [], ["decisions", "decision_rights"]),
            "measurement": _missing(facts, ["metrics"]),
        }
        self.memo = facts.verdicts  # kept by Facts.derive for what-if re-scoring
        # frontline teams are judged on their decision rights where they serve a journey
        self.on_journeys = frozenset(t for name in facts.journeys
                                     for t in facts.cf_on_journey(name))

    def _once(self, kind: str, key: object, judge: Callable[[Any], str | None],
              unit: Any) -> str | None:
        slot = (kind, key)
        if slot not in self.memo:
            self.memo[slot] = judge(unit)
        return self.memo[slot]

    def components(self, activities: list[str], journey: str | None, decisions: list[str],
                   facing: list[str], journeys: list[str],
                   metrics: Iterable[Metric]) -> dict[str, Component]:
        """The six components over one scope's units."""
        missing = self.missing
        facts = self.facts
        seams = facts.seams if journey is None else facts.seams_by_journey.get(journey, [])
        frontline = ([t for t in facing if t in self.on_journeys]
                     if "decision_rights" in facts.available else [])
        return {
            "accountability_clarity": _component(
                [*(self._once("activity", a, self._activity, a) for a in activities),
                 *(self._once("journey", j, self._journey, j) for j in journeys
                   if "journey_sheet" in facts.available)],
                missing["accountability_clarity"]),
            "seam_ownership": _component(
                (self._once("seam", s, self._seam, s) for s in seams),
                missing["seam_ownership"]),
            "data_continuity": _component(
                () if missing["data_continuity"] else self._continuity(
                    journeys, activities, journey is None), missing["data_continuity"]),
            "escalation_coverage": _component(
                (self._once("escalation", u, self._escalation, u)
                 for u in [*facing, *decisions]), missing["escalation_coverage"]),
            "decision_authority": _component(
                [*(self._once("decision", d, self._decision, d) for d in decisions),
                 *(self._once("frontline", t, self._frontline, t)
                   for t in frontline)], missing["decision_authority"]),
            "measurement": _component(
                (self._once("metric", m.id, self._metric, m) for m in metrics),
                missing["measurement"]),
        }

    def _activity(self, activity: str) -> str | None:
        facts = self.facts
        owners = facts.holders(activity, Role.ACCOUNTABLE)
        owner_rule = ("OWN001" if not owners else "OWN002" if len(owners) > 1
                      else "OWN004" if facts.is_advisory(owners[0]) else None)
        doer_rule = None if facts.holders(activity, Role.RESPONSIBLE) else "OWN003"
        return _worst(owner_rule, doer_rule, self._levers(activity, owners))

    def _journey(self, name: str) -> str | None:
        """A journey with a Journeys row: an end-to-end owner (JRN001) with authority over
        its decisions or seams (JRN002). Only with a Journeys sheet are journeys units."""
        facts = self.facts
        record = facts.journey_records.get(journey_id(name))
        if record is None or not record.owner:
            return severity_of("JRN001") if len(facts.journey_teams.get(name, [])) > 1 else None
        owner = record.owner
        if not {"decision_rights", "handoffs"} & facts.available:
            return None
        if any(r.team == owner and r.level in DECIDING_RIGHTS
               for step in facts.journeys.get(name, []) if step.kind is ActivityKind.DECISION
               for r in facts.rights_by_decision.get(step.id, ())):
            return None
        if any(s.owner == owner and s.journey == name for s in facts.seams):
            return None
        return severity_of("JRN002")

    def _levers(self, activity: str, owners: list[str]) -> str | None:
        facts = self.facts
        outcome = facts.activities.get(activity)
        if outcome is None or outcome.kind is not ActivityKind.OUTCOME or not outcome.inputs:
            return None
        for team in owners:
            if not any(team in facts.holders(i, Role.ACCOUNTABLE)
                       or team in facts.holders(i, Role.RESPONSIBLE) for i in outcome.inputs):
                return "OWN005"
        return None

    def _seam(self, seam: Seam) -> str | None:
        return _worst(
            "SEAM001" if seam.owner is None else "SEAM002" if _outsider(self.facts, seam)
            else None, "SEAM003" if seam.sla_hours is None else None)

    def _continuity(self, journeys: list[str], activities: list[str],
                    whole: bool) -> list[str | None]:
        facts = self.facts
        pairs: dict[tuple[str, str], str] = {}
        for journey in journeys:
            systems = facts.journey_systems.get(journey, [])
            for team in facts.cf_on_journey(journey):
                pairs.update(((team, s), "DATA003") for s in systems)
        for activity_id in activities:
            uses = facts.activities[activity_id].uses
            if uses:
                for team in facts.holders(activity_id, Role.RESPONSIBLE):
                    for system_id in uses:
                        pairs.setdefault((team, system_id), "DATA002")
        units = [None if facts.can_read(team, system_id) else severity_of(rule)
                 for (team, system_id), rule in pairs.items()]
        # The systems involved: customer data readable beyond its owner (DATA001), an owner
        # (DATA005); and one system of record per data domain they hold (DATA004).
        involved = list(facts.systems) if whole else unique(
            s for j in journeys for s in facts.journey_systems.get(j, ()))
        domains: dict[str, None] = {}
        for system_id in involved:
            system = facts.systems.get(system_id)
            if system is None:
                continue
            units.append(self._once("system", system_id, self._system, system))
            domains.update((normalise_name(d), None) for d in system.system_of_record)
        records = self._records()
        units += [severity_of("DATA004") if len(records[d]) > 1 else None for d in domains]
        return units

    def _system(self, system: System) -> str | None:
        readers = set(self.facts.readers.get(system.id, ())) | ({system.owner} - {None})
        return _worst("DATA001" if system.customer_data and len(readers) < 2 else None,
                      "DATA005" if not system.owner else None)

    def _records(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] | None = getattr(self, "_records_found", None)
        if found is None:
            found = defaultdict(set)
            for system in self.facts.model.systems:
                for domain in system.system_of_record:
                    found[normalise_name(domain)].add(system.id)
            self._records_found = found
        return found

    def _escalation(self, unit: str) -> str | None:
        facts = self.facts
        if facts.hops_onward(unit) is None:
            return severity_of("ESC004" if facts.escalations_from.get(unit) else "ESC001")
        if facts.hops_onward(unit, timed=True) is None:
            return severity_of("ESC002")
        return None

    def _decision(self, decision: str) -> str | None:
        facts = self.facts
        if any(not facts.is_advisory(t) for t in facts.holders(decision, Role.ACCOUNTABLE)):
            return None
        if any(r.level in DECIDING_RIGHTS and not facts.is_advisory(r.team)
               for r in facts.rights_by_decision.get(decision, ())):
            return None
        return severity_of("GOV003")

    def _frontline(self, team: str) -> str | None:
        rights = [r for r in self.facts.rights_by_team.get(team, ())
                  if r.level in DECIDING_RIGHTS]
        if not rights:
            return severity_of("GOV006")
        return severity_of("GOV007") if any(not r.limit for r in rights) else None

    def _metric(self, metric: Metric) -> str | None:
        levers = bool(metric.owner and metric.activity
                      and self._has_levers(metric.owner, metric.activity))
        return _worst("GOV001" if not metric.owner else None,
                      "GOV002" if not metric.activity else None,
                      "GOV004" if metric.owner and metric.activity and not levers else None)

    def _has_levers(self, owner: str, activity: str) -> bool:
        facts = self.facts
        drives = [activity, *(facts.activities[activity].inputs
                              if activity in facts.activities else ())]
        for node in drives:
            if (owner in facts.holders(node, Role.ACCOUNTABLE)
                    or owner in facts.holders(node, Role.RESPONSIBLE)):
                return True
        return any(r.team == owner and r.level in DECIDING_RIGHTS
                   for r in facts.rights_by_decision.get(activity, ()))


def _outsider(facts: Facts, seam: Seam) -> bool:
    """The seam's owner is on neither side and neither team reports to it (SEAM002)."""
    owner = seam.owner
    return owner is not None and owner not in (seam.source, seam.target) and not (
        owner in facts.ancestors.get(seam.source, ())
        or owner in facts.ancestors.get(seam.target, ()))
