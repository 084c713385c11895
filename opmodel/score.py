"""The fragmentation index (DESIGN section 6): 0 is integrated, 100 fully fragmented.

Four components, each a share in [0, 1] shown with its numerator and denominator, for the
whole model and for each journey:

- accountability clarity: activities with exactly one accountable party, and that party
  able to decide (not advisory) / all activities;
- seam ownership: seams (declared and inferred) with an owner / all seams;
- data continuity: (customer-facing team, journey system) pairs where the team can read
  the system / all such pairs. A team is on a journey when it is accountable, responsible
  or supporting on one of its steps; a journey's systems are those its steps use. For the
  whole model each (team, system) pair counts once, whichever journeys it appears on;
- escalation coverage: customer-facing teams with a path to decision authority on which
  every escalation has a time limit / all customer-facing teams (for a journey: those
  working on it).

A component is "not assessed" when the model lacks its sheets or has nothing to count;
the index is ``round(100 * (1 - mean of the assessed components))`` (halves round up), and
``None`` when no component is assessed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from opmodel.model import OperatingModel
from opmodel.perf import pause_gc
from opmodel.rules.facts import Facts
from opmodel.schemes import Role

COMPONENTS = ("accountability_clarity", "seam_ownership", "data_continuity",
              "escalation_coverage")
TITLES = {
    "accountability_clarity": "Accountability clarity",
    "seam_ownership": "Seam ownership",
    "data_continuity": "Data continuity",
    "escalation_coverage": "Escalation coverage",
}


@dataclass(frozen=True)
class Component:
    """One share: numerator / denominator, or not assessed (value None)."""

    numerator: int = 0
    denominator: int = 0
    assessed: bool = False
    reason: str = ""

    @property
    def value(self) -> float | None:
        """The share in [0, 1], or None when not assessed."""
        if not self.assessed or self.denominator == 0:
            return None
        return round(self.numerator / self.denominator, 4)

    def as_dict(self) -> dict[str, Any]:
        """The contract's component object."""
        document: dict[str, Any] = {"value": self.value, "numerator": self.numerator,
                                    "denominator": self.denominator, "assessed": self.assessed}
        if not self.assessed and self.reason:
            document["reason"] = self.reason  # why not, in words (an addition to §9)
        return document


def _component(numerator: int, denominator: int, missing: str | None) -> Component:
    if missing is not None:
        return Component(0, 0, False, missing)
    if denominator == 0:
        return Component(0, 0, False, "nothing to count")
    return Component(numerator, denominator, True)


def _value(components: dict[str, Component]) -> int | None:
    values = [c.value for c in components.values() if c.value is not None]
    if not values:
        return None
    return math.floor(100 * (1 - sum(values) / len(values)) + 0.5)


@dataclass(frozen=True)
class JourneyIndex:
    """The index and its components for one journey."""

    value: int | None
    components: dict[str, Component]

    def as_dict(self) -> dict[str, Any]:
        """As in the contract's ``journeys`` map."""
        return {"value": self.value,
                "components": {k: c.as_dict() for k, c in self.components.items()}}


@dataclass(frozen=True)
class FragmentationIndex:
    """The whole model's index, its components, and one index per journey."""

    value: int | None
    components: dict[str, Component]
    journeys: dict[str, JourneyIndex] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract's ``index`` object."""
        return {"value": self.value,
                "components": {k: c.as_dict() for k, c in self.components.items()},
                "journeys": {name: j.as_dict() for name, j in self.journeys.items()}}

    def explain(self) -> str:
        """One sentence for an executive.

        >>> FragmentationIndex(None, {k: Component() for k in COMPONENTS}).explain()[:40]
        'The fragmentation index could not be com'
        """
        if self.value is None:
            return ("The fragmentation index could not be computed: the model lacks the data "
                    "for all four components.")
        parts = [f"{TITLES[k].lower()} {c.numerator}/{c.denominator}"
                 for k, c in self.components.items() if c.assessed]
        skipped = [TITLES[k].lower() for k, c in self.components.items() if not c.assessed]
        tail = f" ({', '.join(skipped)} not assessed)" if skipped else ""
        return (f"Fragmentation index {self.value} of 100 (0 is fully integrated), from "
                f"{', '.join(parts)}{tail}.")


def score(model: OperatingModel, facts: Facts | None = None) -> FragmentationIndex:
    """Compute the fragmentation index; pass ``result.facts`` from a rules run to reuse it.

    >>> from opmodel.model import OperatingModel
    >>> score(OperatingModel(id="m", name="m")).value is None
    True
    """
    facts = facts if facts is not None and facts.model is model else Facts(model)
    with pause_gc():
        return _score(facts)


def _score(facts: Facts) -> FragmentationIndex:
    model = facts.model
    overall = {
        "accountability_clarity": _clarity(facts, [a.id for a in model.activities]),
        "seam_ownership": _seams(facts, None),
        "data_continuity": _continuity(facts, list(facts.journeys)),
        "escalation_coverage": _coverage(facts, facts.customer_facing),
    }
    per_journey: dict[str, JourneyIndex] = {}
    for journey, steps in facts.journeys.items():
        components = {
            "accountability_clarity": _clarity(facts, [a.id for a in steps]),
            "seam_ownership": _seams(facts, journey),
            "data_continuity": _continuity(facts, [journey]),
            "escalation_coverage": _coverage(facts, facts.cf_on_journey(journey)),
        }
        per_journey[journey] = JourneyIndex(_value(components), components)
    return FragmentationIndex(_value(overall), overall, per_journey)


def _missing(facts: Facts, needs: Iterable[str], any_of: Iterable[str] = ()) -> str | None:
    absent = [n for n in needs if n not in facts.available]
    options = list(any_of)
    if options and not any(o in facts.available for o in options):
        absent.append(" or ".join(options))
    from opmodel.rules.base import _absence

    return "; ".join(_absence(n) for n in absent) if absent else None


def _clarity(facts: Facts, activities: list[str]) -> Component:
    clear = 0
    for activity in activities:
        owners = facts.holders(activity, Role.ACCOUNTABLE)
        if len(owners) == 1 and not facts.is_advisory(owners[0]):
            clear += 1
    return _component(clear, len(activities), _missing(facts, ["raci"]))


def _seams(facts: Facts, journey: str | None) -> Component:
    seams = facts.seams if journey is None else facts.seams_by_journey.get(journey, [])
    owned = sum(1 for s in seams if s.owner is not None)
    return _component(owned, len(seams), _missing(facts, [], ["handoffs", "journeys"]))


def _continuity(facts: Facts, journeys: list[str]) -> Component:
    pairs: set[tuple[str, str]] = set()
    for journey in journeys:
        systems = facts.journey_systems.get(journey, [])
        pairs.update((team, s) for team in facts.cf_on_journey(journey) for s in systems)
    readable = sum(1 for team, system in pairs if facts.can_read(team, system))
    return _component(readable, len(pairs), _missing(
        facts, ["raci", "teams", "access", "journeys", "system_use"]))


def _coverage(facts: Facts, teams: list[str]) -> Component:
    covered = sum(1 for t in teams if facts.hops_onward(t, timed=True) is not None)
    return _component(covered, len(teams), _missing(facts, ["teams", "escalations"]))
