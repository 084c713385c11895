"""The moves that matter: up to five what-if edits that lower the index the most.

Each move is an Edit the app's what-if can apply (own a seam, name one accountable, grant
access, add a time-limited escalation, give a decision right). Candidates come from the
index's own defective units, with a sensible party: the seam's receiving team (or its lead)
as owner, never an advisory body; the only responsible party as the accountable; the
nearest party with authority as escalation target. Moves are chosen greedily: each round
really applies the most promising candidates to the model, re-scores it, and keeps the
edit that lowers the index most, so ``index_after`` of move 1 is exactly what the what-if
shows after applying it.

Cost is bounded three ways (figures in benchmarks/README.md): candidates are ranked by the
penalty they remove from their component (weight / units), and only the first ``budget``
that lower the index are re-scored (8 a round; 1 above 5,000 activities, where the ranking
chooses and the re-score confirms the fall and gives ``index_after``); an edited model
keeps every shared index and unit verdict the edit cannot change (``Facts.derive``), so a
re-score is one pass over the units; and above 5,000 activities ``resolves`` matches the
findings that name what the edit changes instead of re-running their rules.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from opmodel.config import Config
from opmodel.model import ActivityKind, OperatingModel
from opmodel.rules.base import Finding
from opmodel.rules.facts import DECIDING_RIGHTS, Facts
from opmodel.rules.registry import REGISTRY
from opmodel.rules.whatif import Edit, apply_edits
from opmodel.schemes import Role
from opmodel.score import WEIGHTS, FragmentationIndex, Weighting, score, severity_of

LIMIT = 5
Share = Callable[[str, str | None], float]  # (component, severity) -> fall of its share
LARGE = 5_000  # activities above which fewer candidates are re-scored a round
# The rules whose findings an edit can resolve (re-run on the edited model for `resolves`).
FACETS = {
    "seam-owner": ("SEAM001", "SEAM002", "SEAM003", "SEAM004"),
    "accountable": ("OWN001", "OWN002", "OWN004", "OWN005", "GOV003"),
    "access": ("DATA001", "DATA002", "DATA003"),
    "escalation": ("ESC001", "ESC002", "ESC004", "ESC005"),
    "decision-right": ("GOV003", "GOV006", "GOV007"),
}
# The shared indexes (Facts' cached properties) each kind of edit can change; the others
# are carried over to the edited model, so a re-score costs one pass over the units.
STALE = {
    "seam-owner": ("seams", "seams_by_journey", "handoff_graph"),
    "accountable": ("roles", "_role_teams", "team_role_counts", "accountable_for",
                    "journey_teams", "seams", "seams_by_journey", "handoff_graph"),
    "access": ("access", "readers"),
    "escalation": ("escalations_from", "escalated_to", "escalation_graph", "hops_any",
                   "hops_timed"),
    "decision-right": ("rights_by_decision", "rights_by_team", "teams_with_strong_rights"),
}


@dataclass(frozen=True)
class Move:
    """One edit, what it resolves and the index once it (and the moves before it) apply."""

    edit: Edit
    resolves: tuple[str, ...]
    index_before: int | None
    index_after: int | None

    @property
    def title(self) -> str:
        """The edit in words."""
        text = self.edit.describe()
        return text[:1].upper() + text[1:]

    def as_dict(self) -> dict[str, Any]:
        """The contract's move object."""
        return {"title": self.title,
                "edit": {"kind": self.edit.kind, "args": list(self.edit.args)},
                "resolves": list(self.resolves), "index_before": self.index_before,
                "index_after": self.index_after}


def describe_move(move: Mapping[str, Any]) -> str:
    """A move of the JSON contract in words, for every format.

    >>> describe_move({"title": "Ops owns the seam Sales → Ops", "index_before": 40,
    ...                "index_after": 31, "resolves": ["a", "b"]})
    'Ops owns the seam Sales → Ops: index 40 → 31 (resolves 2 findings).'
    """
    count = len(move.get("resolves") or ())
    resolved = f" (resolves {count} finding{'s' if count != 1 else ''})" if count else ""
    return (f"{move['title']}: index {move.get('index_before')} → {move.get('index_after')}"
            f"{resolved}.")


def _nothing(_key: tuple[str, object]) -> bool:
    return False


@dataclass(frozen=True)
class _Candidate:
    edit: Edit
    gain: float  # estimated fall of the index, in components' share units
    # Which of the index's unit verdicts the edit can change (re-judged after it).
    stale: Callable[[tuple[str, object]], bool] = _nothing


def find_moves(model: OperatingModel, index: FragmentationIndex, facts: Facts | None = None,
               weighting: Weighting | None = None, config: Config | None = None,
               findings: Iterable[Finding] | None = None, limit: int = LIMIT,
               budget: int | None = None, exact_resolves: bool | None = None) -> list[Move]:
    """Up to ``limit`` moves, each lowering the index, best first (greedy).

    ``findings`` are the model's findings (a rules run's); ``budget`` is how many
    candidates are re-scored a round. ``resolves`` re-runs the rules the edit can touch on
    the edited model (up to 5,000 activities, or when ``exact_resolves``); above, it takes
    those of the model's findings that name what the edit changes (tests check that both
    agree on the samples).
    """
    from opmodel.rules.engine import run

    facts = facts if facts is not None and facts.model is model else Facts(model)
    exact = len(model.activities) <= LARGE if exact_resolves is None else exact_resolves
    if budget is None:
        budget = 8 if len(model.activities) <= LARGE else 1
    open_now = {f.fingerprint: f for f in (
        findings if findings is not None else run(model, config=config).findings)}
    pool = sorted(_candidates(facts, index), key=lambda c: -c.gain)
    moves: list[Move] = []
    current_model, current, current_facts = model, index, facts
    while pool and len(moves) < limit and current.exact is not None:
        best: tuple[float, int, Facts, FragmentationIndex] | None = None
        tried = 0
        for position, candidate in enumerate(pool):
            if tried >= budget or position >= 3 * budget + 5:
                break
            try:
                changed = apply_edits(current_model, [candidate.edit], current_facts)
            except ValueError:
                continue
            derived = current_facts.derive(changed, STALE[candidate.edit.kind],
                                           partial(_kept, candidate.stale))
            after = score(changed, derived, weighting, journeys=False)
            if after.exact is None or after.exact >= current.exact - 1e-9:
                continue
            tried += 1
            if best is None or after.exact < best[0]:
                best = (after.exact, position, derived, after)
        if best is None:
            break
        _, position, derived, after = best
        edit = pool.pop(position).edit
        if exact:
            rules = [r for r in FACETS[edit.kind] if r in REGISTRY]
            still = {f.fingerprint for f in run(derived.model, config=config, select=rules,
                                                facts=derived).findings}
            gone = sorted(fp for fp, f in open_now.items()
                          if f.rule in rules and fp not in still)
        else:
            gone = sorted(fp for fp, f in open_now.items() if _addresses(edit, f, facts))
        for fingerprint in gone:
            del open_now[fingerprint]
        moves.append(Move(edit, tuple(gone), current.value, after.value))
        current_model, current, current_facts = derived.model, after, derived
    return moves


def _addresses(edit: Edit, finding: Finding, facts: Facts) -> bool:
    """Whether a finding is about what the edit changes (the large-model ``resolves``)."""
    if finding.rule not in FACETS[edit.kind]:
        return False
    ids = set(finding.subject_ids)
    ids.update(facts.name(i) for i in finding.subject_ids)
    args = edit.args
    if edit.kind == "seam-owner":
        source, target, _owner, journey, *_ = args
        return ({source, target} <= ids and finding.rule != "SEAM002"
                and finding.evidence.get("journey") == journey)
    if edit.kind == "access":
        return finding.rule in ("DATA002", "DATA003") and {args[0], args[1]} <= ids
    if edit.kind == "escalation":
        origin = finding.subject_ids[0] if finding.subject_ids else ""
        return finding.rule in ("ESC001", "ESC004", "ESC005") and args[0] in (
            origin, facts.name(origin))
    if edit.kind == "accountable":
        return finding.rule in ("OWN001", "OWN002", "OWN004", "GOV003") and args[0] in ids
    return ((finding.rule == "GOV003" and args[1] in ids)
            or (finding.rule == "GOV006" and args[0] in ids))


def _candidates(facts: Facts, index: FragmentationIndex) -> Iterable[_Candidate]:
    components = index.components

    def share(component: str, severity: str | None) -> float:
        found = components.get(component)
        if severity is None or found is None or not found.assessed or not found.denominator:
            return 0.0
        return WEIGHTS[severity] / found.denominator

    names = Counter(a.name.casefold() for a in facts.model.activities)
    yield from _seam_moves(facts, share)
    yield from _accountable_moves(facts, names, share)
    yield from _access_moves(facts, share)
    yield from _escalation_moves(facts, names, share)
    yield from _right_moves(facts, names, share)


def _kept(stale: Callable[[tuple[str, object]], bool], key: tuple[str, object]) -> bool:
    return not stale(key)


def _escalations(key: tuple[str, object]) -> bool:
    return key[0] == "escalation"


def _is_key(wanted: tuple[str, object], key: tuple[str, object]) -> bool:
    return key == wanted


def _journeys(key: tuple[str, object]) -> bool:
    """A seam's owner can be what gives a journey's owner authority (JRN002)."""
    return key[0] == "journey"


def _after_accountable(activity: str, outcomes: frozenset[str], key: tuple[str, object]) -> bool:
    """A new accountable changes its activity, its decision, outcomes' and metrics' levers,
    and which teams work on a journey."""
    return key[0] in ("metric", "journey") or (key[0] in ("activity", "decision")
                                               and (key[1] == activity or key[1] in outcomes))


def _after_right(decision: str, team: str, key: tuple[str, object]) -> bool:
    """A new decision right changes the decision, the team's frontline verdict, metrics and
    journey owners' authority."""
    return key[0] in ("metric", "journey") or key in (("decision", decision),
                                                      ("frontline", team))


def _seam_moves(facts: Facts, share: Share) -> Iterable[_Candidate]:
    limits = [s.sla_hours for s in facts.seams if s.sla_hours is not None]
    sla = float(statistics.median(limits)) if limits else 24.0
    seen: set[tuple[str, str, str | None]] = set()
    for seam in facts.seams:
        outsider = seam.owner is not None and seam.owner not in (seam.source, seam.target) \
            and seam.owner not in facts.ancestors.get(seam.source, ()) \
            and seam.owner not in facts.ancestors.get(seam.target, ())
        if seam.owner is not None and not outsider and seam.sla_hours is not None:
            continue
        key = (seam.source, seam.target, seam.journey)
        if key in seen:
            continue
        seen.add(key)
        owner = seam.owner if seam.owner is not None and not outsider else _seam_owner(
            facts, seam.source, seam.target)
        if owner is None:
            continue
        worst = "SEAM001" if seam.owner is None else "SEAM002" if outsider else "SEAM003"
        yield _Candidate(Edit("seam-owner", (
            facts.name(seam.source), facts.name(seam.target), facts.name(owner),
            seam.journey, seam.sla_hours if seam.sla_hours is not None else sla)),
            share("seam_ownership", severity_of(worst)), _journeys)


def _seam_owner(facts: Facts, source: str, target: str) -> str | None:
    """The receiving team, else the handing team, else the nearest lead with authority."""
    for team in (target, source):
        if team in facts.teams and not facts.is_advisory(team):
            return team
    for team in (target, source):
        lead = _nearest_lead(facts, team)
        if lead is not None:
            return lead
    return None


def _nearest_lead(facts: Facts, team: str) -> str | None:
    seen = {team}
    current = facts.teams[team].parent if team in facts.teams else None
    while current is not None and current not in seen:
        if facts.has_authority(current):
            return current
        seen.add(current)
        current = facts.teams[current].parent if current in facts.teams else None
    return None


def _accountable_moves(facts: Facts, names: Counter[str], share: Share) -> Iterable[_Candidate]:
    if "raci" not in facts.available:
        return
    # outcomes judge their owner's levers over the activities that feed them (OWN005)
    outcomes = frozenset(a.id for a in facts.model.activities
                         if a.kind is ActivityKind.OUTCOME)
    for activity in facts.model.activities:
        owners = facts.holders(activity.id, Role.ACCOUNTABLE)
        if len(owners) == 1 and not facts.is_advisory(owners[0]):
            continue
        doers = [t for t in facts.holders(activity.id, Role.RESPONSIBLE)
                 if not facts.is_advisory(t)]
        chosen = [t for t in owners if t in doers] if len(owners) > 1 else doers
        if len(chosen) != 1:
            continue  # no single obvious party: a person must choose
        gain = share("accountability_clarity", "high")
        if activity.kind is ActivityKind.DECISION and not any(
                not facts.is_advisory(t) for t in owners) and not any(
                r.level in DECIDING_RIGHTS for r in facts.rights_by_decision.get(activity.id, ())):
            gain += share("decision_authority", severity_of("GOV003"))
        yield _Candidate(Edit("accountable", (_activity(facts, names, activity.id),
                                              facts.name(chosen[0]))), gain,
                         partial(_after_accountable, activity.id, outcomes))


def _activity(facts: Facts, names: Counter[str], activity_id: str) -> str:
    """The activity's name, or its id when another activity has the same name."""
    name = facts.name(activity_id)
    return activity_id if names[name.casefold()] > 1 else name


def _access_moves(facts: Facts, share: Share) -> Iterable[_Candidate]:
    if not {"raci", "teams", "access", "journeys", "system_use"} <= facts.available:
        return
    pairs: dict[tuple[str, str], None] = {}
    for journey, systems in facts.journey_systems.items():
        for team in facts.cf_on_journey(journey):
            pairs.update(((team, s), None) for s in systems)
    for activity in facts.model.activities:
        for team in facts.holders(activity.id, Role.RESPONSIBLE):
            pairs.update(((team, s), None) for s in activity.uses)
    for team, system in pairs:
        if not facts.can_read(team, system) and system in facts.systems:
            yield _Candidate(Edit("access", (facts.name(team), facts.name(system), "read")),
                             share("data_continuity", "high"),
                             partial(_is_key, ("system", system)))


def _escalation_moves(facts: Facts, names: Counter[str], share: Share) -> Iterable[_Candidate]:
    if "escalations" not in facts.available:
        return
    limits = [e.time_limit_hours for e in facts.model.escalations
              if e.time_limit_hours is not None]
    hours = float(statistics.median(limits)) if limits else 24.0
    reached = Counter(e.target_team for e in facts.model.escalations
                      if facts.has_authority(e.target_team))
    head = reached.most_common(1)[0][0] if reached else None
    decisions = [a.id for a in facts.model.activities if a.kind is ActivityKind.DECISION]
    for unit in [*facts.customer_facing, *decisions]:
        if facts.hops_onward(unit, timed=True) is not None:
            continue
        anchor = unit
        if unit not in facts.teams:
            owners = facts.holders(unit, Role.ACCOUNTABLE) or facts.doers(unit)
            anchor = owners[0] if owners else unit
        target = _nearest_lead(facts, anchor) if anchor in facts.teams else None
        target = target or (head if head not in (unit, anchor) else None)
        if target is None:
            continue
        worst = ("ESC002" if facts.hops_onward(unit) is not None
                 else "ESC004" if facts.escalations_from.get(unit) else "ESC001")
        source = facts.name(unit) if unit in facts.teams else _activity(facts, names, unit)
        yield _Candidate(Edit("escalation", (source, facts.name(target), hours)),
                         share("escalation_coverage", severity_of(worst)), _escalations)


def _right_moves(facts: Facts, names: Counter[str], share: Share) -> Iterable[_Candidate]:
    for activity in facts.model.activities:
        if activity.kind is not ActivityKind.DECISION:
            continue
        owners = facts.holders(activity.id, Role.ACCOUNTABLE)
        if any(not facts.is_advisory(t) for t in owners) or any(
                r.level in DECIDING_RIGHTS and not facts.is_advisory(r.team)
                for r in facts.rights_by_decision.get(activity.id, ())):
            continue
        doers = [t for t in facts.holders(activity.id, Role.RESPONSIBLE)
                 if not facts.is_advisory(t)]
        if len(doers) == 1:
            decision = _activity(facts, names, activity.id)
            yield _Candidate(Edit("decision-right", (facts.name(doers[0]), decision, "decide")),
                             share("decision_authority", severity_of("GOV003")),
                             partial(_after_right, activity.id, doers[0]))
