"""The rule catalog: one module per family, registered explicitly and in order.

>>> from opmodel.rules import REGISTRY
>>> list(REGISTRY)[:3]
['OWN001', 'OWN002', 'OWN003']
"""

from __future__ import annotations

# Importing a family module registers its rules; the registry keeps catalog order
# (family, then id), which is the order of the docs, `opmodel rules` and findings.
from opmodel.rules import (  # noqa: F401
    data,
    escalation,
    governance,
    journeys,
    observed,
    ownership,
    seams,
    structure,
)
from opmodel.rules.base import (
    Family,
    Finding,
    NotAssessed,
    RuleContext,
    RuleError,
    RuleMeta,
    Severity,
    Subject,
)
from opmodel.rules.engine import AnalysisResult, run
from opmodel.rules.registry import REGISTRY, Rule, rule, select

__all__ = ["REGISTRY", "AnalysisResult", "Family", "Finding", "NotAssessed", "Rule",
           "RuleContext", "RuleError", "RuleMeta", "Severity", "Subject", "rule", "run",
           "select"]
