"""Current vs target: what a reorganisation fixes, and what it breaks.

``compare(current, target)`` takes two analyses (today's operating model and a redesign)
and answers the questions an org designer is asked about a redesign:

- which findings it resolves (as they read in the current model), which it introduces and
  which it leaves (both as they read in the target);
- how the fragmentation index and each of its components move, overall and per journey;
- what changed structurally (teams, systems, journeys, activities, metrics, handoffs,
  escalations, assignments, access, decision rights): added, removed, changed or renamed,
  each with its cells in either workbook.

Findings are matched by fingerprint (rule, subject ids and an evidence key, never row
numbers), so reordered rows change nothing. Ids are slugs of names, so a renamed team
would change every fingerprint it takes part in. Elements are therefore matched first:
through the declared renames (the target's ``Renames`` sheet and the ``renames``
argument, ``"Customer Service -> Customer Care"``), then by id, then by normalised name.
When a match changes an id or a journey name, the current model is rewritten in the
target's ids and its rules run again, which gives every current finding its fingerprint
in the target's terms.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from opmodel.config import Severity
from opmodel.errors import ConfigError
from opmodel.graph import journey_id
from opmodel.location import SourceRef
from opmodel.model import Journey, OperatingModel, Rename, normalise_name
from opmodel.rules.registry import urgent_words
from opmodel.score import TITLES, Component, FragmentationIndex, JourneyIndex

if TYPE_CHECKING:
    from opmodel.analysis import Analysis
    from opmodel.rules.base import Finding

__all__ = ["Change", "Comparison", "compare", "parse_rename"]

ELEMENT_TYPES = ("team", "system", "journey", "activity", "metric")
RELATION_TYPES = ("handoff", "escalation", "assignment", "access", "decision_right")
CHANGE_TYPES = ELEMENT_TYPES + RELATION_TYPES
CHANGE_KINDS = ("renamed", "changed", "added", "removed")
TYPE_WORDS: dict[str, tuple[str, str]] = {
    "team": ("team", "teams"), "system": ("system", "systems"),
    "journey": ("journey", "journeys"), "activity": ("activity", "activities"),
    "metric": ("metric", "metrics"), "handoff": ("handoff", "handoffs"),
    "escalation": ("escalation", "escalations"),
    "assignment": ("RACI assignment", "RACI assignments"),
    "access": ("access right", "access rights"),
    "decision_right": ("decision right", "decision rights"),
}

# What one finding of each rule is, in plain words: (one, many).
RULE_NOUNS: dict[str, tuple[str, str]] = {
    "OWN001": ("an activity with no accountable owner", "activities with no accountable owner"),
    "OWN002": ("an activity with several accountable owners",
               "activities with several accountable owners"),
    "OWN003": ("an activity nobody is responsible for", "activities nobody is responsible for"),
    "OWN004": ("an advisory-only owner", "advisory-only owners"),
    "OWN005": ("an owner without levers", "owners without levers"),
    "OWN006": ("an accountability overload", "accountability overloads"),
    "OWN007": ("a consultation overload", "consultation overloads"),
    "OWN008": ("an idle actor", "idle actors"),
    "SEAM001": ("an unowned seam", "unowned seams"),
    "SEAM002": ("a seam owned from outside", "seams owned from outside"),
    "SEAM003": ("a seam without an SLA", "seams without an SLA"),
    "SEAM004": ("an undocumented seam", "undocumented seams"),
    "DATA001": ("a siloed system", "siloed systems"),
    "DATA002": ("a blind step", "blind steps"),
    "DATA003": ("a break in customer context", "breaks in customer context"),
    "DATA004": ("a competing system of record", "competing systems of record"),
    "DATA005": ("an unowned system", "unowned systems"),
    "ESC001": ("a missing escalation path", "missing escalation paths"),
    "ESC002": ("an escalation without a time limit", "escalations without a time limit"),
    "ESC003": ("an escalation loop", "escalation loops"),
    "ESC004": ("an escalation dead end", "escalation dead ends"),
    "ESC005": ("an over-long escalation chain", "over-long escalation chains"),
    "GOV001": ("a metric without an owner", "metrics without an owner"),
    "GOV002": ("a metric that drives no decision", "metrics that drive no decision"),
    "GOV003": ("a decision without a decider", "decisions without a decider"),
    "STR001": ("a single point of failure", "single points of failure"),
    "STR002": ("a coordination bottleneck", "coordination bottlenecks"),
}

_ARROWS = ("->", "→", "=>")
_KIND_ALIASES = {
    "team": "team", "teams": "team", "actor": "team", "role": "team", "committee": "team",
    "leader": "team", "vendor": "team", "org": "team",
    "system": "system", "systems": "system", "application": "system", "app": "system",
    "activity": "activity", "activities": "activity", "decision": "activity",
    "outcome": "activity", "process": "activity", "step": "activity",
    "metric": "metric", "metrics": "metric", "kpi": "metric",
    "journey": "journey", "journeys": "journey",
}


def parse_rename(text: str) -> Rename:
    """A rename from ``"old -> new"`` (also ``→`` or ``=>``), optionally prefixed by a kind.

    >>> rename = parse_rename("Customer Service -> Customer Care")
    >>> rename.old, rename.new, rename.kind
    ('Customer Service', 'Customer Care', None)
    >>> parse_rename("team: Sales → Growth").kind
    'team'
    """
    for arrow in _ARROWS:
        if arrow in text:
            old, new = (part.strip() for part in text.split(arrow, 1))
            break
    else:
        raise ConfigError(f"Cannot read the rename {text!r}: write it as 'old name -> new name'.")
    kind = None
    prefix, colon, rest = old.partition(":")
    if colon and prefix.strip().casefold() in _KIND_ALIASES:
        kind, old = _KIND_ALIASES[prefix.strip().casefold()], rest.strip()
    if not old or not new:
        raise ConfigError(f"Cannot read the rename {text!r}: both the old and the new name "
                          "are needed ('old name -> new name').")
    return Rename(old=old, new=new, kind=kind, source=None)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Change:
    """One structural difference between the two models.

    ``before``/``after`` are its cells in the current / target workbook; ``nodes_before``
    and ``nodes_after`` the graph nodes it touches in each model (for drawings).
    """

    kind: str
    type: str
    name: str
    detail: str = ""
    before: tuple[SourceRef, ...] = ()
    after: tuple[SourceRef, ...] = ()
    nodes_before: tuple[str, ...] = ()
    nodes_after: tuple[str, ...] = ()

    @property
    def cells(self) -> str:
        """``Teams!A3 → Teams!A3`` (current → target), one side when only one has it."""
        before = ", ".join(str(r) for r in self.before)
        after = ", ".join(str(r) for r in self.after)
        if before and after:
            return f"{before} → {after}"
        return before or after

    def locations(self) -> list[dict[str, Any]]:
        """The contract's locations, each saying which workbook it is in."""
        return ([{**r.as_dict(), "workbook": "current"} for r in self.before]
                + [{**r.as_dict(), "workbook": "target"} for r in self.after])

    def as_dict(self) -> dict[str, Any]:
        """The diff contract's change object (plus ``detail``: what changed, in words)."""
        return {"kind": self.kind, "type": self.type, "name": self.name, "detail": self.detail,
                "locations": self.locations()}


@dataclass(frozen=True)
class IndexRow:
    """The index (and its components) of one scope before and after."""

    scope: str
    before: int | None
    after: int | None
    components: dict[str, tuple[Component | None, Component | None]]

    @property
    def moved(self) -> bool:
        """Whether the index or any component changed."""
        return self.before != self.after or any(
            _component_key(b) != _component_key(a) for b, a in self.components.values())


def _component_key(component: Component | None) -> tuple[object, ...]:
    if component is None:
        return ()
    return (component.assessed, component.numerator, component.denominator)


@dataclass(frozen=True, eq=False)
class Comparison:
    """Two analyses compared: findings resolved / new / unchanged, index moves, changes."""

    current: Analysis
    target: Analysis
    resolved: tuple[Finding, ...]
    new: tuple[Finding, ...]
    unchanged: tuple[Finding, ...]
    changes: tuple[Change, ...]
    renamed: dict[str, str] = field(default_factory=dict)
    journeys: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def new_at_least(self, severity: Severity | str) -> list[Finding]:
        """New findings at or above a severity (``opmodel diff --fail-on-new high``)."""
        level = Severity(severity)
        return [f for f in self.new if Severity(f.severity) >= level]

    def changes_of(self, kind: str) -> list[Change]:
        """The changes of one kind (added, removed, changed, renamed)."""
        return [c for c in self.changes if c.kind == kind]

    def index_rows(self) -> list[IndexRow]:
        """The whole model first, then every journey of either model (current journeys under
        their target names)."""
        before, after = self.current.index, self.target.index
        rows = [_index_row("", before.value, before.components, after.value, after.components)]
        inverse = {new: old for old, new in self.journeys.items()}
        names = list(after.journeys) + [self.journeys.get(n, n) for n in before.journeys
                                        if self.journeys.get(n, n) not in after.journeys]
        for name in names:
            old: JourneyIndex | None = before.journeys.get(inverse.get(name, name))
            new: JourneyIndex | None = after.journeys.get(name)
            rows.append(_index_row(
                name, old.value if old else None, old.components if old else {},
                new.value if new else None, new.components if new else {}))
        return rows

    def as_dict(self) -> dict[str, Any]:
        """The diff contract of DESIGN section 9."""
        return {
            "current": _side(self.current), "target": _side(self.target),
            "resolved": [f.as_dict() for f in self.resolved],
            "new": [f.as_dict() for f in self.new],
            "unchanged": [f.as_dict() for f in self.unchanged],
            "changes": [c.as_dict() for c in self.changes],
        }

    def verdict(self) -> str:
        """One paragraph in plain words: what the redesign closes, opens and leaves, how the
        index moves, and what it changes structurally."""
        return _verdict(self)


def _side(analysis: Analysis) -> dict[str, Any]:
    from opmodel.contract import model_summary

    return {"model": model_summary(analysis.model), "source": analysis.source_name,
            "index": analysis.index.as_dict()}


def _index_row(scope: str, before: int | None, old: dict[str, Component], after: int | None,
               new: dict[str, Component]) -> IndexRow:
    names = list(dict.fromkeys([*old, *new]))
    return IndexRow(scope, before, after, {n: (old.get(n), new.get(n)) for n in names})


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Element:
    type: str
    id: str
    name: str
    source: SourceRef | None
    obj: Any = None


@dataclass
class _Matching:
    """Which current element is which target element."""

    pairs: dict[str, list[tuple[_Element, _Element]]] = field(
        default_factory=lambda: defaultdict(list))
    removed: dict[str, list[_Element]] = field(default_factory=lambda: defaultdict(list))
    added: dict[str, list[_Element]] = field(default_factory=lambda: defaultdict(list))
    used: set[int] = field(default_factory=set)

    def ids(self) -> dict[str, str]:
        """Current id -> target id, for every element whose id differs."""
        return {b.id: a.id for kind in ("team", "system", "activity", "metric")
                for b, a in self.pairs[kind] if b.id != a.id}

    def journey_names(self) -> dict[str, str]:
        """Current journey name -> target journey name, where they are spelled differently."""
        return {b.name: a.name for b, a in self.pairs["journey"] if b.name != a.name}


def _elements(model: OperatingModel) -> dict[str, list[_Element]]:
    journeys: dict[str, SourceRef | None] = {}
    for activity in model.activities:
        if activity.journey and activity.journey not in journeys:
            journeys[activity.journey] = activity.source
    # A journey's owner, promise and volume come from the Journeys sheet, when it has one.
    records = {j.id: j for j in model.journeys}
    named = {journey_id(name) for name in journeys}
    journeys.update((j.name, j.source) for j in model.journeys if j.id not in named)
    return {
        "team": [_Element("team", t.id, t.name, t.source, t) for t in model.teams],
        "system": [_Element("system", s.id, s.name, s.source, s) for s in model.systems],
        "journey": [_Element("journey", journey_id(name), name, ref,
                             records.get(journey_id(name))
                             or Journey.trusted(id=journey_id(name), name=name))
                    for name, ref in journeys.items()],
        "activity": [_Element("activity", a.id, a.name, a.source, a) for a in model.activities],
        "metric": [_Element("metric", m.id, m.name, m.source, m) for m in model.metrics],
    }


def _match(current: OperatingModel, target: OperatingModel,
           renames: Sequence[Rename]) -> tuple[_Matching, list[str]]:
    """Pair elements: declared renames first, then the same id, then the same name."""
    matching = _Matching()
    notes: list[str] = []
    before_all, after_all = _elements(current), _elements(target)
    for kind in ELEMENT_TYPES:
        before, after = list(before_all[kind]), list(after_all[kind])
        taken_before: set[int] = set()
        taken_after: set[int] = set()

        def pair(i: int, j: int, kind: str = kind, before: list[_Element] = before,
                 after: list[_Element] = after, taken_before: set[int] = taken_before,
                 taken_after: set[int] = taken_after) -> None:
            taken_before.add(i)
            taken_after.add(j)
            matching.pairs[kind].append((before[i], after[j]))

        by_name_before = _index(before, lambda e: normalise_name(e.name))
        by_name_after = _index(after, lambda e: normalise_name(e.name))
        for number, rename in enumerate(renames):
            if rename.kind is not None and _KIND_ALIASES.get(rename.kind) != kind:
                continue
            i = _first_free(by_name_before.get(normalise_name(rename.old), []), taken_before)
            j = _first_free(by_name_after.get(normalise_name(rename.new), []), taken_after)
            if i is not None and j is not None:
                pair(i, j)
                matching.used.add(number)
        by_id_after = _index(after, lambda e: e.id)
        for i, element in enumerate(before):
            if i in taken_before:
                continue
            j = _first_free(by_id_after.get(element.id, []), taken_after)
            if j is not None:
                pair(i, j)
        for i, element in enumerate(before):
            if i in taken_before:
                continue
            j = _first_free(by_name_after.get(normalise_name(element.name), []), taken_after)
            if j is not None:
                pair(i, j)
        matching.removed[kind] = [e for i, e in enumerate(before) if i not in taken_before]
        matching.added[kind] = [e for j, e in enumerate(after) if j not in taken_after]
    for number, rename in enumerate(renames):
        if number not in matching.used:
            where = f"{rename.source}: " if rename.source is not None else ""
            kind = _KIND_ALIASES.get(rename.kind or "", "element")
            notes.append(f"{where}the rename '{rename.old}' → '{rename.new}' was not applied: "
                         f"no {kind} named '{rename.old}' in the current model, or none named "
                         f"'{rename.new}' in the target (or it was already matched).")
    return matching, notes


def _index(elements: list[_Element], key: Callable[[_Element], str]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for i, element in enumerate(elements):
        index[key(element)].append(i)
    return index


def _first_free(candidates: list[int], taken: set[int]) -> int | None:
    return next((i for i in candidates if i not in taken), None)


def _remap(model: OperatingModel, ids: dict[str, str], names: dict[str, str],
           journeys: dict[str, str]) -> OperatingModel:
    """The model in the target's ids, names and journey names (sources kept)."""

    def one(value: str | None) -> str | None:
        return None if value is None else ids.get(value, value)

    def many(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(ids.get(v, v) for v in values)

    def journey(value: str | None) -> str | None:
        return None if value is None else journeys.get(value, value)

    def renamed(element_id: str, name: str) -> str:
        return names.get(ids.get(element_id, element_id), name)

    def copy(obj: Any, update: dict[str, Any]) -> Any:
        changed = {k: v for k, v in update.items() if getattr(obj, k) != v}
        return obj.model_copy(update=changed) if changed else obj

    return model.model_copy(update={
        "teams": tuple(copy(t, {"id": ids.get(t.id, t.id), "name": renamed(t.id, t.name),
                                "parent": one(t.parent)}) for t in model.teams),
        "systems": tuple(copy(s, {"id": ids.get(s.id, s.id), "name": renamed(s.id, s.name),
                                  "owner": one(s.owner)}) for s in model.systems),
        "access": tuple(copy(a, {"team": one(a.team), "system": one(a.system)})
                        for a in model.access),
        "activities": tuple(copy(a, {
            "id": ids.get(a.id, a.id), "name": renamed(a.id, a.name),
            "journey": journey(a.journey), "uses": many(a.uses), "inputs": many(a.inputs)})
            for a in model.activities),
        "assignments": tuple(copy(a, {"activity": one(a.activity), "team": one(a.team)})
                             for a in model.assignments),
        "handoffs": tuple(copy(h, {
            "source_team": one(h.source_team), "target_team": one(h.target_team),
            "activity": one(h.activity), "owner": one(h.owner), "journey": journey(h.journey)})
            for h in model.handoffs),
        "escalations": tuple(copy(e, {"source_id": one(e.source_id),
                                      "target_team": one(e.target_team)})
                             for e in model.escalations),
        "decision_rights": tuple(copy(r, {"team": one(r.team), "decision": one(r.decision)})
                                 for r in model.decision_rights),
        "metrics": tuple(copy(m, {
            "id": ids.get(m.id, m.id), "name": renamed(m.id, m.name), "owner": one(m.owner),
            "activity": one(m.activity), "journey": journey(m.journey)})
            for m in model.metrics),
        "journeys": tuple(copy(j, {
            "id": journey_id(journeys.get(j.name, j.name)), "name": journeys.get(j.name, j.name),
            "owner": one(j.owner)}) for j in model.journeys),
    })


def _target_fingerprints(current: Analysis, mapped: Analysis,
                         subject_map: dict[str, str]) -> dict[int, str]:
    """Each current finding (by position) -> its fingerprint in the target's ids.

    The mapped model is the current one with ids rewritten, so its rules find the same
    findings; they are paired with the originals by rule and mapped subjects, in order.
    """
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)
    for finding in mapped.result.findings:
        groups[(finding.rule, tuple(sorted(finding.subject_ids)))].append(finding.fingerprint)
    taken: Counter[tuple[str, tuple[str, ...]]] = Counter()
    result: dict[int, str] = {}
    for position, finding in enumerate(current.result.findings):
        key = (finding.rule, tuple(sorted(subject_map.get(s, s) for s in finding.subject_ids)))
        options = groups.get(key, [])
        if taken[key] < len(options):
            result[position] = options[taken[key]]
            taken[key] += 1
    return result


# --------------------------------------------------------------------------- compare


def compare(current: Analysis, target: Analysis, renames: Sequence[str] = ()) -> Comparison:
    """Compare today's model with a target design.

    ``renames`` adds to the target's Renames sheet: ``"old -> new"`` strings, optionally
    with a kind (``"team: Customer Service -> Customer Care"``). A malformed one raises
    ``ConfigError``.
    """
    declared = [*target.model.renames, *(parse_rename(text) for text in renames)]
    matching, notes = _match(current.model, target.model, declared)
    ids, journeys = matching.ids(), matching.journey_names()
    # A current element left unmatched keeps its id, unless a renamed one now takes it.
    taken = set(ids.values())
    for kind in ("team", "system", "activity", "metric"):
        for element in matching.removed[kind]:
            if element.id in taken and element.id not in ids:
                ids[element.id] = f"{element.id}~current"
    names = {a.id: a.name for kind in ("team", "system", "activity", "metric")
             for b, a in matching.pairs[kind] if b.name != a.name}
    if ids or journeys or names:
        mapped_model = _remap(current.model, ids, names, journeys)
    else:
        mapped_model = current.model
    subject_map = {**ids, **{journey_id(old): journey_id(new) for old, new in journeys.items()}}
    if ids or journeys:
        mapped = current.with_model(mapped_model)
        translated = _target_fingerprints(current, mapped, subject_map)
        before_prints = [translated.get(i, f.fingerprint)
                         for i, f in enumerate(current.result.findings)]
    else:
        before_prints = [f.fingerprint for f in current.result.findings]
    after_prints = Counter(f.fingerprint for f in target.result.findings)
    remaining = Counter(before_prints)
    resolved = []
    for fingerprint, finding in zip(before_prints, current.result.findings, strict=True):
        if after_prints[fingerprint] > 0:
            after_prints[fingerprint] -= 1
        else:
            resolved.append(finding)
    new, unchanged = [], []
    for finding in target.result.findings:
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            unchanged.append(finding)
        else:
            new.append(finding)
    changes = _changes(current.model, mapped_model, target.model, matching, ids)
    renamed = {b.id: a.id for kind in ("team", "system", "activity", "metric")
               for b, a in matching.pairs[kind] if b.id != a.id or b.name != a.name}
    return Comparison(current=current, target=target, resolved=tuple(resolved),
                      new=tuple(new), unchanged=tuple(unchanged), changes=tuple(changes),
                      renamed=renamed, journeys=journeys, notes=tuple(notes))


# --------------------------------------------------------------------------- changes

_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "team": (("kind", "kind"), ("authority", "authority"),
             ("customer_facing", "customer-facing"), ("parent", "reports to"),
             ("function", "function")),
    "system": (("owner", "owner"), ("data", "data"), ("system_of_record", "system of record"),
               ("customer_data", "customer data")),
    "activity": (("journey", "journey"), ("step", "step"), ("kind", "kind"), ("uses", "uses"),
                 ("customer_facing", "customer-facing"), ("inputs", "inputs"),
                 ("phase", "phase")),
    "metric": (("owner", "owner"), ("activity", "drives"), ("journey", "journey")),
    "journey": (("owner", "owner"), ("promise_hours", "promise (hours)"),
                ("volume", "volume")),
}
_REFERENCES = {"parent", "owner", "uses", "inputs", "activity"}


class _Names:
    """Display names of ids in either model (the target's spelling first)."""

    def __init__(self, *models: OperatingModel) -> None:
        self.names: dict[str, str] = {}
        for model in reversed(models):
            for group in (model.teams, model.systems, model.activities, model.metrics):
                self.names.update((e.id, e.name) for e in group)

    def __call__(self, element_id: str | None) -> str:
        if element_id is None:
            return "none"
        name = self.names.get(element_id, element_id.split(":", 1)[-1])
        # a current element whose id a renamed one took over (two teams merged into one)
        return f"{name} (current)" if element_id.endswith("~current") else name


def _value(value: object, reference: bool, name: _Names) -> str:
    if value is None or value == ():
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return ", ".join(name(v) if reference else str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if hasattr(value, "value"):
        return str(value.value)
    return name(str(value)) if reference else str(value)


def _hours(value: float | None, what: str) -> str:
    return f"no {what}" if value is None else f"{what} {value:g} h"


def _changes(current: OperatingModel, mapped: OperatingModel, target: OperatingModel,
             matching: _Matching, ids: dict[str, str]) -> list[Change]:
    name = _Names(target, mapped, current)
    inverse = {new: old for old, new in ids.items()}
    mapped_by_id = {e.id: e for kind, items in _elements(mapped).items() for e in items}
    changes: list[Change] = []
    for kind in ELEMENT_TYPES:
        for before, after in matching.pairs[kind]:
            details = []
            old = mapped_by_id[after.id].obj if after.id in mapped_by_id else before.obj
            for attribute, label in _FIELDS[kind]:
                was, now = getattr(old, attribute), getattr(after.obj, attribute)
                if was == now:
                    continue
                reference = attribute in _REFERENCES
                details.append(f"{label}: {_value(was, reference, name)} → "
                               f"{_value(now, reference, name)}")
            refs_before = (before.source,) if before.source else ()
            refs_after = (after.source,) if after.source else ()
            if normalise_name(before.name) != normalise_name(after.name):
                changes.append(Change("renamed", kind, f"{before.name} → {after.name}",
                                      "; ".join(details), refs_before, refs_after,
                                      (before.id,), (after.id,)))
            elif details:
                changes.append(Change("changed", kind, after.name, "; ".join(details),
                                      refs_before, refs_after, (before.id,), (after.id,)))
        for element in matching.removed[kind]:
            changes.append(Change("removed", kind, element.name, "",
                                  (element.source,) if element.source else (), (),
                                  (element.id,), ()))
        for element in matching.added[kind]:
            changes.append(Change("added", kind, element.name, "", (),
                                  (element.source,) if element.source else (), (), (element.id,)))
    for relation in _RELATIONS:
        changes.extend(relation(mapped, target, name, inverse))
    order = {k: i for i, k in enumerate(CHANGE_TYPES)}
    kinds = {k: i for i, k in enumerate(CHANGE_KINDS)}
    changes.sort(key=lambda c: (order[c.type], kinds[c.kind], c.name.casefold()))
    return changes


_Keyed = dict[tuple[object, ...], list[Any]]


def _group(items: Iterable[Any], key: Callable[[Any], tuple[object, ...]]) -> _Keyed:
    grouped: _Keyed = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped


def _diff_relation(
    type_: str, before: _Keyed, after: _Keyed, *,
    label: Callable[[tuple[object, ...]], str],
    describe: Callable[[list[Any]], str],
    value: Callable[[list[Any]], object],
    nodes: Callable[[tuple[object, ...]], tuple[str, ...]],
    inverse: dict[str, str],
    pairwise_items: bool = True,
) -> list[Change]:
    """Added / removed / changed relations by key; with ``pairwise_items`` several rows on
    one key (two handoffs between one pair for one activity) are paired in order."""
    changes = []

    def refs(items: list[Any]) -> tuple[SourceRef, ...]:
        return tuple(dict.fromkeys(i.source for i in items if i.source is not None))

    def back(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(inverse.get(i, i) for i in ids)

    for key in list(dict.fromkeys([*before, *after])):
        olds, news = before.get(key, []), after.get(key, [])
        pairs: list[tuple[list[Any], list[Any]]]
        if pairwise_items:
            pairs = [([o], [n]) for o, n in zip(olds, news, strict=False)]
            pairs += [([o], []) for o in olds[len(news):]]
            pairs += [([], [n]) for n in news[len(olds):]]
        else:
            pairs = [(olds, news)]
        for old, new in pairs:
            if old and not new:
                changes.append(Change("removed", type_, label(key), describe(old), refs(old), (),
                                      back(nodes(key)), ()))
            elif new and not old:
                changes.append(Change("added", type_, label(key), describe(new), (), refs(new),
                                      (), nodes(key)))
            elif value(old) != value(new):
                changes.append(Change("changed", type_, label(key),
                                      f"{describe(old)} → {describe(new)}", refs(old), refs(new),
                                      back(nodes(key)), nodes(key)))
    return changes


def _handoffs(mapped: OperatingModel, target: OperatingModel, name: _Names,
              inverse: dict[str, str]) -> list[Change]:
    def key(h: Any) -> tuple[object, ...]:
        return (h.source_team, h.target_team, h.activity or "", normalise_name(h.journey or ""))

    def label(k: tuple[object, ...]) -> str:
        source, target_team, activity, _ = k
        on = f" ('{name(str(activity))}')" if activity else ""
        return f"{name(str(source))} → {name(str(target_team))}{on}"

    def describe(items: list[Any]) -> str:
        h = items[0]
        owner = f"owner {name(h.owner)}" if h.owner else "no owner"
        return f"{owner}, {_hours(h.sla_hours, 'SLA')}"

    return _diff_relation(
        "handoff", _group(mapped.handoffs, key), _group(target.handoffs, key), label=label,
        describe=describe, value=lambda items: (items[0].owner, items[0].sla_hours),
        nodes=lambda k: (str(k[0]), str(k[1])), inverse=inverse)


def _escalations(mapped: OperatingModel, target: OperatingModel, name: _Names,
                 inverse: dict[str, str]) -> list[Change]:
    def key(e: Any) -> tuple[object, ...]:
        return (e.source_id, e.target_team, normalise_name(e.trigger or ""))

    def label(k: tuple[object, ...]) -> str:
        return f"{name(str(k[0]))} → {name(str(k[1]))}"

    def describe(items: list[Any]) -> str:
        e = items[0]
        trigger = f"trigger: {e.trigger!s}; " if e.trigger else ""
        return trigger + _hours(e.time_limit_hours, "time limit")

    return _diff_relation(
        "escalation", _group(mapped.escalations, key), _group(target.escalations, key),
        label=label, describe=describe, value=lambda items: items[0].time_limit_hours,
        nodes=lambda k: (str(k[0]), str(k[1])), inverse=inverse)


def _assignments(mapped: OperatingModel, target: OperatingModel, name: _Names,
                 inverse: dict[str, str]) -> list[Change]:
    def key(a: Any) -> tuple[object, ...]:
        return (a.team, a.activity)

    def codes(items: list[Any]) -> str:
        return "/".join(dict.fromkeys(a.code for a in items))

    return _diff_relation(
        "assignment", _group(mapped.assignments, key), _group(target.assignments, key),
        label=lambda k: f"{name(str(k[0]))} on '{name(str(k[1]))}'", describe=codes,
        value=lambda items: frozenset(a.role for a in items),
        nodes=lambda k: (str(k[0]), str(k[1])), inverse=inverse, pairwise_items=False)


def _access(mapped: OperatingModel, target: OperatingModel, name: _Names,
            inverse: dict[str, str]) -> list[Change]:
    def key(a: Any) -> tuple[object, ...]:
        return (a.team, a.system)

    def levels(items: list[Any]) -> str:
        return "/".join(dict.fromkeys(a.level.value for a in items))

    return _diff_relation(
        "access", _group(mapped.access, key), _group(target.access, key),
        label=lambda k: f"{name(str(k[0]))} on {name(str(k[1]))}", describe=levels,
        value=lambda items: frozenset(a.level for a in items),
        nodes=lambda k: (str(k[0]), str(k[1])), inverse=inverse, pairwise_items=False)


def _rights(mapped: OperatingModel, target: OperatingModel, name: _Names,
            inverse: dict[str, str]) -> list[Change]:
    def key(r: Any) -> tuple[object, ...]:
        return (r.team, r.decision)

    def describe(items: list[Any]) -> str:
        return ", ".join(r.level.value + (f" ({r.limit})" if r.limit else "") for r in items)

    return _diff_relation(
        "decision_right", _group(mapped.decision_rights, key), _group(target.decision_rights, key),
        label=lambda k: f"{name(str(k[0]))} on '{name(str(k[1]))}'", describe=describe,
        value=lambda items: frozenset((r.level, r.limit or "") for r in items),
        nodes=lambda k: (str(k[0]), str(k[1])), inverse=inverse, pairwise_items=False)


_RELATIONS = (_handoffs, _escalations, _assignments, _access, _rights)


# --------------------------------------------------------------------------- verdict


def label(finding: Finding) -> str:
    """What a finding is about in a few words: 'Sales → Service', 'CX Council on
    'Approve refund'', 'Returns Portal'."""
    subjects = list(finding.subjects)
    if finding.rule.startswith(("SEAM", "ESC")) and len(subjects) >= 2 and finding.rule not in {
            "ESC001"}:
        return f"{subjects[0].name} → {subjects[1].name}"
    activities = [s.name for s in subjects if s.type == "activity"]
    others = [s.name for s in subjects if s.type != "activity"]
    if activities and others:
        return f"{_and(others[:1])} on '{activities[0]}'"
    if activities:
        return _and([f"'{a}'" for a in activities])
    return _and(others)


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _noun(rule: str, count: int) -> str:
    one, many = RULE_NOUNS.get(rule, ("", ""))
    if not one:
        from opmodel.contract import rule_info

        title = rule_info(rule)[1].rstrip(".").lower() if _known(rule) else rule
        one, many = f"one '{title}' finding", f"'{title}' findings"
    return one if count == 1 else f"{count} {many}"


def _known(rule: str) -> bool:
    from opmodel.rules.registry import REGISTRY

    return rule in REGISTRY


def _tally(findings: Sequence[Finding], groups: int = 6, examples: int = 2) -> str:
    """'2 unowned seams (A → B and C → D), an idle actor (X) and 3 more': counts per rule,
    most severe first, naming what each is about (a thing already named is not repeated)."""
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule].append(finding)
    ordered = sorted(by_rule.items(), key=lambda kv: (
        -max(Severity(f.severity).rank for f in kv[1]), -len(kv[1]), _family_order(kv[0]),
        kv[0]))
    parts = []
    named: set[str] = set()
    for rule, items in ordered[:groups]:
        labels = [text for text in dict.fromkeys(label(f) for f in items)
                  if text and text not in named]
        named.update(labels)
        shown = labels[:examples] + ([f"{len(labels) - examples} more"]
                                     if len(labels) > examples else [])
        noun = _noun(rule, len(items))
        parts.append(f"{noun} ({_and(shown)})" if shown else noun)
    rest = sum(len(items) for _, items in ordered[groups:])
    if rest:
        parts.append(f"{rest} more")
    return _and(parts)


_FAMILY_PREFIXES = ("OWN", "SEAM", "DATA", "ESC", "GOV", "STR")


def _family_order(rule: str) -> int:
    """Ownership first, structure last: the order of the catalogue."""
    return next((i for i, p in enumerate(_FAMILY_PREFIXES) if rule.startswith(p)),
                len(_FAMILY_PREFIXES))


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _index_sentence(comparison: Comparison) -> str:
    before, after = comparison.current.index, comparison.target.index
    if before.value is None or after.value is None:
        missing = " and ".join(side for side, i in (("current", before), ("target", after))
                               if i.value is None)
        return (f"The fragmentation index cannot be compared: the {missing} model lacks the data "
                "for every component.")
    if after.value < before.value:
        move = f"falls from {before.value} to {after.value}"
    elif after.value > before.value:
        move = f"rises from {before.value} to {after.value}"
    else:
        move = f"stays at {after.value}"
    driver = _biggest_move(before, after)
    return f"The fragmentation index (0 is integrated, 100 fragmented) {move}{driver}."


def _biggest_move(before: FragmentationIndex, after: FragmentationIndex) -> str:
    best: tuple[float, str] | None = None
    for name in TITLES:
        old, new = before.components.get(name), after.components.get(name)
        if old is None or new is None or old.value is None or new.value is None:
            continue
        delta = new.value - old.value
        if abs(delta) > 0.0001 and (best is None or abs(delta) > abs(best[0])):
            text = (f"{TITLES[name].lower()} {'rising' if delta > 0 else 'falling'} from "
                    f"{old.numerator} of {old.denominator} to {new.numerator} of "
                    f"{new.denominator}")
            best = (delta, text)
    return f", mostly through {best[1]}" if best else ""


def _structure_sentence(comparison: Comparison) -> str:
    if not comparison.changes:
        return "Structurally the two models are the same."
    clauses = []
    renamed = comparison.changes_of("renamed")
    if renamed:
        shown = [c.name.replace(" → ", " to ") for c in renamed[:3]]
        more = len(renamed) - len(shown)
        clauses.append("renames " + _and(shown + ([f"{more} more"] if more else [])))
    for kind, verb in (("added", "adds"), ("removed", "removes"), ("changed", "changes")):
        counts = Counter(c.type for c in comparison.changes_of(kind))
        if counts:
            items = [_count(n, *TYPE_WORDS[t]) for t, n in
                     sorted(counts.items(), key=lambda kv: CHANGE_TYPES.index(kv[0]))]
            clauses.append(f"{verb} {_and(items)}")
    return f"Structurally it {_and(clauses)}."


def _verdict(comparison: Comparison) -> str:
    resolved, new, unchanged = comparison.resolved, comparison.new, comparison.unchanged
    if not resolved and not new and not comparison.changes:
        value = comparison.target.index.value
        stays = f"; the index stays at {value}" if value is not None else ""
        return ("The two models are the same: no finding is resolved or introduced and no "
                f"element changed ({_count(len(unchanged), 'finding', 'findings')} remain"
                f"{'s' if len(unchanged) == 1 else ''}){stays}.")
    closes = (f"closes {_count(len(resolved), 'finding', 'findings')} — {_tally(resolved)}"
              if resolved else "closes no finding")
    opens = f"opens {len(new)} — {_tally(new)}" if new else "opens none"
    serious = [f for f in unchanged if Severity(f.severity) >= Severity.HIGH]
    if unchanged:
        leaves = f"leaves {len(unchanged)} as they were"
        if serious:
            words = urgent_words(f.severity for f in serious)
            leaves += (f", {len(serious)} of them {words}, among them "
                       f"{_tally(serious, groups=2, examples=1)}")
    else:
        leaves = "leaves no finding behind"
    return (f"This redesign {closes}; {opens}; and {leaves}. {_index_sentence(comparison)} "
            f"{_structure_sentence(comparison)}")
