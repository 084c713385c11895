"""The vocabulary of rules: severities, families, rule metadata, findings and the context.

Rules build findings only through ``RuleContext.finding``, which fills in the rule's
metadata, the source locations and a fingerprint, so no rule can forget them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

import networkx as nx

from opmodel.config import Config, Severity, Thresholds
from opmodel.location import SourceRef
from opmodel.model import OperatingModel
from opmodel.rules.advice import remediation as advice
from opmodel.rules.facts import DERIVED, SHEET_TITLES, Facts

__all__ = ["Family", "Finding", "NotAssessed", "RuleContext", "RuleError", "RuleMeta",
           "Severity", "Subject", "fingerprint"]


class Family(StrEnum):
    """The six questions opmodel asks of an operating model."""

    OWNERSHIP = "ownership"
    SEAMS = "seams"
    DATA = "data"
    ESCALATION = "escalation"
    GOVERNANCE = "governance"
    STRUCTURE = "structure"
    JOURNEYS = "journeys"
    OBSERVED = "observed"

    @property
    def prefix(self) -> str:
        """The rule-id prefix of the family (OWN, SEAM, ...)."""
        return _PREFIX[self.value]


_PREFIX = {"ownership": "OWN", "seams": "SEAM", "data": "DATA", "escalation": "ESC",
           "governance": "GOV", "structure": "STR",
           "journeys": "JRN", "observed": "OBS"}

@dataclass(frozen=True)
class RuleMeta:
    """What a rule is, why it matters and what it needs; drives findings and the docs."""

    id: str
    slug: str
    family: Family
    severity: Severity
    title: str
    rationale: str
    remediation: str
    requires: frozenset[str] = frozenset()
    requires_any: frozenset[str] = frozenset()
    thresholds: tuple[str, ...] = ()

    def missing(self, available: frozenset[str]) -> str | None:
        """Why the rule cannot be assessed on a model offering ``available``; None if it can.

        >>> meta = RuleMeta("SEAM003", "s", Family.SEAMS, Severity.LOW, "t", "r", "x",
        ...                 requires=frozenset({"handoffs"}))
        >>> meta.missing(frozenset({"raci"})), meta.missing(frozenset({"handoffs"}))
        ('no Handoffs sheet', None)
        """
        reasons = [_absence(kind) for kind in sorted(self.requires) if kind not in available]
        if self.requires_any and not self.requires_any & available:
            reasons.append(" and ".join(_absence(k) for k in sorted(self.requires_any)))
        return "; ".join(reasons) or None


def _absence(kind: str) -> str:
    if kind in SHEET_TITLES:
        return f"no {SHEET_TITLES[kind]} sheet"
    return DERIVED.get(kind, f"no {kind}")


class Subject(NamedTuple):
    """A node a finding is about."""

    id: str
    type: str
    name: str

    def as_dict(self) -> dict[str, str]:
        """The JSON contract's subject object."""
        return {"id": self.id, "type": self.type, "name": self.name}


def fingerprint(rule: str, subject_ids: Iterable[str], key: str = "") -> str:
    """A stable identity: rule, sorted subject ids and an evidence key, never row numbers.

    >>> fingerprint("OWN001", ["activity:b", "team:a"]) == fingerprint(
    ...     "OWN001", ["team:a", "activity:b"])
    True
    """
    text = "\x1f".join([rule, *sorted(subject_ids), key])
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Finding:
    """One place where the operating model is fragmented."""

    rule: str
    slug: str
    severity: Severity
    message: str
    remediation: str
    subjects: tuple[Subject, ...]
    locations: tuple[SourceRef, ...]
    evidence: dict[str, Any]
    fingerprint: str

    def __hash__(self) -> int:
        # evidence is a dict, so the generated hash would fail; identity is the fingerprint
        return hash((self.rule, self.fingerprint))

    @property
    def subject_ids(self) -> tuple[str, ...]:
        """The subjects' node ids."""
        return tuple(s.id for s in self.subjects)

    @property
    def cell(self) -> str:
        """The most specific location as ``Sheet!B7`` ('' when there is none)."""
        return str(self.locations[0]) if self.locations else ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON contract's FINDING object (DESIGN section 9)."""
        return {
            "rule": self.rule, "slug": self.slug, "severity": self.severity.value,
            "message": self.message, "remediation": self.remediation,
            "fingerprint": self.fingerprint,
            "subjects": [s.as_dict() for s in self.subjects],
            "locations": [loc.as_dict() for loc in self.locations],
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class NotAssessed:
    """A rule the model lacks the data for, and why."""

    rule: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        """The JSON contract's not_assessed object."""
        return {"rule": self.rule, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class RuleError:
    """A rule that raised: recorded, never swallowed."""

    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """As JSON."""
        return {"rule": self.rule, "message": self.message}


def _kind(node_id: str) -> str:
    return node_id.split(":", 1)[0] if ":" in node_id else "unknown"


@dataclass
class RuleContext:
    """What a rule sees: the model, its shared indexes, the config, and its own metadata."""

    model: OperatingModel
    facts: Facts
    config: Config
    meta: RuleMeta
    graph_factory: Callable[[], nx.MultiDiGraph] | None = None
    _graph: nx.MultiDiGraph | None = field(default=None, repr=False)

    @property
    def thresholds(self) -> Thresholds:
        """The configured thresholds."""
        return self.config.thresholds

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The model's full graph (built on first use: the built-in rules do not need it)."""
        if self._graph is None:
            from opmodel.graph import build_graph

            self._graph = self.graph_factory() if self.graph_factory else build_graph(self.model)
        return self._graph

    def name(self, node_id: str) -> str:
        """Display name of a node id."""
        return self.facts.name(node_id)

    def finding(
        self,
        message: str,
        subjects: Sequence[str],
        *,
        at: Iterable[SourceRef | None] = (),
        evidence: dict[str, Any] | None = None,
        key: str = "",
        remediation: str | None = None,
        subject_locations: bool = True,
    ) -> Finding:
        """Build a finding of this rule.

        ``at`` lists the most specific cells first (the activity's own row, the handoff's
        row); the subjects' own rows follow unless ``subject_locations`` is false. ``key``
        tells apart findings on the same subjects (e.g. two handoffs between one pair);
        it must not contain row numbers.
        """
        meta = self.meta
        locations = dict.fromkeys(ref for ref in at if ref is not None)
        if subject_locations:
            for node_id in subjects:
                ref = self.facts.source(node_id)
                if ref is not None:
                    locations.setdefault(ref)
        severity = self.config.severity.get(meta.id, meta.severity)
        named = tuple(Subject(i, _kind(i), self.facts.name(i)) for i in subjects)
        evidence = dict(evidence or {})
        return Finding(
            rule=meta.id, slug=meta.slug, severity=Severity(severity), message=message,
            remediation=remediation or advice(meta, subjects, self.facts),
            subjects=named,
            locations=tuple(locations), evidence=evidence,
            fingerprint=fingerprint(meta.id, subjects, key),
        )


RuleFunction = Callable[[RuleContext], Iterator[Finding]]


def where(ref: SourceRef | None) -> str:
    """`` (Sheet!B7)`` for a message, or nothing when the location is unknown."""
    return f" ({ref})" if ref is not None else ""


def number(count: int) -> str:
    """A count as a word when small, as people write it: 'Two', 'Seven', '12'."""
    words = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")
    return words[count] if 0 <= count < len(words) else str(count)


def names(items: Sequence[str], limit: int = 5) -> str:
    """Join names for a sentence: 'A', 'A and B', 'A, B and C', 'A, B, ... and 3 more'."""
    if len(items) > limit:
        shown = list(items[:limit])
        return ", ".join(shown) + f" and {len(items) - limit} more"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
