"""Run the registered rules over a model: findings, what could not be assessed, and errors.

The engine owns "not assessed": a rule whose ``requires`` the model does not meet is never
called. A rule that raises is recorded as a rule error with its message and the run goes
on; nothing is swallowed silently.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import networkx as nx

from opmodel.config import Config, Severity
from opmodel.errors import ConfigError
from opmodel.model import OperatingModel
from opmodel.perf import pause_gc
from opmodel.rules.base import Finding, NotAssessed, RuleContext, RuleError, RuleMeta
from opmodel.rules.facts import Facts
from opmodel.rules.registry import REGISTRY, Rule
from opmodel.rules.registry import select as select_rules

if TYPE_CHECKING:
    from opmodel.observe.overlay import Observation

FLAT_FIELDS = ("rule", "slug", "severity", "message", "remediation", "fingerprint",
               "subjects", "names", "cell", "cells")


@dataclass
class AnalysisResult:
    """Everything one run of the rules found, in catalog order."""

    findings: list[Finding] = field(default_factory=list)
    not_assessed: list[NotAssessed] = field(default_factory=list)
    rule_errors: list[RuleError] = field(default_factory=list)
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    facts: Facts | None = field(default=None, repr=False)

    def flatten(self, fields: Sequence[str] = ("rule", "cell")) -> list[tuple[Any, ...]]:
        """Findings as flat tuples, for tests and quick reading.

        Fields: rule, slug, severity, message, remediation, fingerprint, subjects (ids),
        names (subject names), cell (``Sheet!B7`` of the first location), cells (all).
        """
        unknown = [f for f in fields if f not in FLAT_FIELDS]
        if unknown:
            raise ValueError(f"unknown field(s) {unknown}; choose from {FLAT_FIELDS}")
        return [tuple(_field(finding, name) for name in fields) for finding in self.findings]

    def at_least(self, severity: Severity | str) -> list[Finding]:
        """Findings at or above a severity (for ``--fail-on``)."""
        floor = Severity(severity)
        return [f for f in self.findings if f.severity >= floor]

    def as_dict(self) -> dict[str, Any]:
        """The contract's ``findings`` and ``not_assessed`` (plus ``rule_errors``)."""
        return {"findings": [f.as_dict() for f in self.findings],
                "not_assessed": [n.as_dict() for n in self.not_assessed],
                "rule_errors": [e.as_dict() for e in self.rule_errors]}


def _field(finding: Finding, name: str) -> Any:
    if name == "subjects":
        return finding.subject_ids
    if name == "names":
        return tuple(s.name for s in finding.subjects)
    if name == "cell":
        return finding.cell
    if name == "cells":
        return tuple(str(loc) for loc in finding.locations)
    if name == "severity":
        return finding.severity.value
    return getattr(finding, name)


def run(
    model: OperatingModel,
    graph: nx.MultiDiGraph | None = None,
    config: Config | None = None,
    select: Iterable[str] | None = None,
    facts: Facts | None = None,
    observed: Observation | None = None,
) -> AnalysisResult:
    """Run the rules (all, or those selected by id, slug, family or prefix) on a model.

    ``graph`` is the model's graph when the caller has already built it; the built-in
    rules work from shared indexes over the model and build nothing they do not need.
    ``facts`` are the model's shared indexes when the caller has them (what-if moves).
    Raises ConfigError when the config or the selection names an unknown rule.

    >>> from opmodel.model import OperatingModel
    >>> result = run(OperatingModel(id="m", name="m", provided=frozenset({"raci"})))
    >>> result.findings, result.rule_errors, len(result.not_assessed) > 0
    ([], [], True)
    """
    config = config or Config()
    rules = checked_rules(config, select)
    facts = (facts if facts is not None and facts.model is model and facts.observed is observed
             else Facts(model, observed))
    result = AnalysisResult(facts=facts)
    disabled = set(config.disable)
    with pause_gc():
        for registered in rules:
            _run_one(registered, model, graph, config, facts, disabled, result)
    return result


def _run_one(registered: Rule, model: OperatingModel, graph: nx.MultiDiGraph | None,
             config: Config, facts: Facts, disabled: set[str], result: AnalysisResult) -> None:
    meta = registered.meta
    reason = not_assessed_reason(meta, disabled, facts.available)
    if reason is not None:
        result.not_assessed.append(NotAssessed(meta.id, reason))
        return
    ctx = RuleContext(model=model, facts=facts, config=config, meta=meta, _graph=graph)
    started = time.perf_counter()
    try:
        found = list(registered.func(ctx))
    except Exception as exc:  # the engine boundary: record, never swallow
        result.rule_errors.append(RuleError(meta.id, f"{type(exc).__name__}: {exc}"))
        return
    finally:
        result.timings[meta.id] = time.perf_counter() - started
    record(result, config, found)


def checked_rules(config: Config, select: Iterable[str] | None) -> list[Rule]:
    """The rules to run; ConfigError when the config or the selection names an unknown one.

    Shared by the in-memory engine and the Cypher runner."""
    config.check_rules(REGISTRY)
    try:
        return select_rules(select)
    except KeyError as exc:
        raise ConfigError(f"No rule matches '{exc.args[0]}' (use an id such as OWN001, a slug, "
                          "or a family such as seams).") from exc


def not_assessed_reason(meta: RuleMeta, disabled: set[str], available: frozenset[str]
                        ) -> str | None:
    """Why a rule is not run on a model (disabled, or data it needs is missing), or None.

    Shared by the in-memory engine and the Cypher runner."""
    if meta.id in disabled:
        return "disabled in the configuration"
    return meta.missing(available)


def record(result: AnalysisResult, config: Config, found: list[Finding]) -> None:
    """Add one rule's findings to a result: repeats numbered, suppressions set aside.

    Shared by the in-memory engine and the Cypher runner so both treat findings alike."""
    for finding in _distinct(found):
        suppressed = _suppressed_by(config, finding)
        if suppressed is None:
            result.findings.append(finding)
        else:
            result.suppressed.append((finding, suppressed))


def _distinct(findings: list[Finding]) -> list[Finding]:
    """Give repeated fingerprints (e.g. a handoff row written twice) an occurrence suffix."""
    seen: dict[str, int] = {}
    out: list[Finding] = []
    for finding in findings:
        count = seen.get(finding.fingerprint, 0) + 1
        seen[finding.fingerprint] = count
        if count > 1:
            text = f"{finding.fingerprint}#{count}".encode()
            finding = replace(finding, fingerprint=hashlib.sha1(text).hexdigest())
        out.append(finding)
    return out


def _suppressed_by(config: Config, finding: Finding) -> str | None:
    for suppression in config.suppressions:
        if suppression.matches(finding.rule, finding.fingerprint,
                               [(s.id, s.name) for s in finding.subjects]):
            return suppression.reason
    return None
