"""The rule registry and the ``@rule`` decorator that validates metadata at import time."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from opmodel.config import Severity, Thresholds
from opmodel.rules.base import Family, RuleFunction, RuleMeta
from opmodel.rules.facts import DERIVED, SHEET_TITLES

ID_PATTERN = re.compile(r"^(OWN|SEAM|DATA|ESC|GOV|STR|JRN|OBS)\d{3}$")
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
KNOWN_REQUIREMENTS = frozenset(SHEET_TITLES) | frozenset(DERIVED)


@dataclass(frozen=True)
class Rule:
    """A registered rule: its metadata and the function that yields its findings."""

    meta: RuleMeta
    func: RuleFunction


REGISTRY: dict[str, Rule] = {}


def rule(
    *,
    id: str,
    slug: str,
    family: Family,
    severity: Severity,
    remediation: str,
    requires: Iterable[str] = (),
    requires_any: Iterable[str] = (),
    thresholds: Iterable[str] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule; the docstring's first line is its title, the rest its rationale.

    ``remediation`` is the generic text of the docs; a finding's own advice, naming who, is
    computed from the model by ``opmodel.rules.advice``.

    Raises ValueError at import time on a malformed id or slug, a family that does not
    match the id, a missing docstring or remediation, an unknown requirement or threshold,
    or a duplicate id or slug.
    """

    def register(func: RuleFunction) -> RuleFunction:
        if not ID_PATTERN.match(id):
            raise ValueError(f"rule id {id!r} must match {ID_PATTERN.pattern}")
        if not id.startswith(family.prefix) or not id[len(family.prefix)].isdigit():
            raise ValueError(f"rule {id} is in family {family.value}: its id must start "
                             f"with {family.prefix}")
        if not SLUG_PATTERN.match(slug):
            raise ValueError(f"rule {id}: slug {slug!r} must be kebab-case")
        doc = inspect.getdoc(func)
        if not doc:
            raise ValueError(f"rule {id} needs a docstring (title, blank line, rationale)")
        title, _, rationale = doc.partition("\n")
        if not rationale.strip():
            raise ValueError(f"rule {id}: the docstring needs a rationale after its title")
        if not remediation.strip():
            raise ValueError(f"rule {id} needs a remediation")
        needs, any_of = frozenset(requires), frozenset(requires_any)
        unknown = (needs | any_of) - KNOWN_REQUIREMENTS
        if unknown:
            raise ValueError(f"rule {id}: unknown requirement(s) {sorted(unknown)}")
        bad = [t for t in thresholds if t not in Thresholds.model_fields]
        if bad:
            raise ValueError(f"rule {id}: unknown threshold(s) {bad}")
        if id in REGISTRY:
            raise ValueError(f"duplicate rule id {id}")
        if any(r.meta.slug == slug for r in REGISTRY.values()):
            raise ValueError(f"duplicate rule slug {slug}")
        meta = RuleMeta(id=id, slug=slug, family=family, severity=severity,
                        title=title.strip().rstrip("."), rationale=rationale.strip(),
                        remediation=remediation.strip(), requires=needs, requires_any=any_of,
                        thresholds=tuple(thresholds))
        REGISTRY[id] = Rule(meta, func)
        # Catalog order (family, then id) whatever order the modules are imported in.
        ordered = sorted(REGISTRY.items(), key=lambda item: (
            list(Family).index(item[1].meta.family), item[0]))
        REGISTRY.clear()
        REGISTRY.update(ordered)
        return func

    return register


def select(names: Iterable[str] | None = None) -> list[Rule]:
    """Rules by id, slug, family or id prefix (``OWN001``, ``unowned-seam``, ``seams``,
    ``ESC``), in catalog order; ``None`` selects them all.

    Raises KeyError naming the first selector that matches no rule.
    """
    rules = list(REGISTRY.values())
    if names is None:
        return rules
    chosen: dict[str, Rule] = {}
    for raw in names:
        name = raw.strip()
        matched = [r for r in rules if name.upper() == r.meta.id or name.lower() == r.meta.slug
                   or name.lower() == r.meta.family.value
                   or (name.upper() == r.meta.family.prefix)]
        if not matched:
            raise KeyError(name)
        chosen.update((r.meta.id, r) for r in matched)
    return [r for r in rules if r.meta.id in chosen]


def urgent_severities(present: Iterable[str] = ()) -> list[Severity]:
    """The severities reports call urgent (high and above), most severe first: those a rule
    of the catalog has, or a counted finding has (a config may raise a rule), so that no
    sentence says "critical" where nothing can be critical."""
    found = {r.meta.severity for r in REGISTRY.values()} | {Severity(s) for s in present}
    return sorted((s for s in found if s >= Severity.HIGH), reverse=True) or [Severity.HIGH]


def urgent_words(present: Iterable[str] = (), joiner: str = " or ") -> str:
    """'high' while no rule is critical, 'critical or high' once one is (or once a counted
    finding is).

    >>> urgent_words(), urgent_words(["critical", "high"], joiner=", ")
    ('high', 'critical, high')
    """
    return joiner.join(s.value for s in urgent_severities(present))
