"""The engine: not assessed, rule errors, selection, severity overrides, suppressions."""

from __future__ import annotations

import pytest

from opmodel import build_graph
from opmodel.config import Config, Severity, Suppression, config_from_dict
from opmodel.errors import ConfigError
from opmodel.model import OperatingModel
from opmodel.rules import REGISTRY, Rule, run
from tests.rules.cases import TEAMS, with_base

DEFECTS = {
    "Teams": TEAMS,
    "RACI": [["Activity", "Sales", "Service", "Ops"],
             ["Sell", "A/R", "", ""], ["Support", "A", "A/R", ""], ["Fulfil", "", "", "R"]],
    "Handoffs": [["from", "to", "sla_hours"], ["Sales", "Service", 4]],
}


def test_rules_without_their_sheets_are_not_assessed_with_a_reason(analyze):
    _, result = analyze({"RACI": DEFECTS["RACI"]})
    reasons = {n.rule: n.reason for n in result.not_assessed}
    assert reasons["SEAM001"] == "no Handoffs sheet and no activity names a journey"
    assert reasons["ESC004"] == "no Escalations sheet; no Teams sheet"
    assert reasons["OWN005"] == "no activity is marked as an outcome (kind column)"
    assert {"OWN001", "OWN002", "OWN003", "OWN006", "OWN007", "OWN008"}.isdisjoint(reasons)
    assert result.as_dict()["not_assessed"][0] == {"rule": "OWN004", "reason": reasons[
        "OWN004"]}


def test_flatten_gives_rule_and_cell(analyze):
    _, result = analyze(DEFECTS, select=["ownership"])
    assert result.flatten(["rule", "cell"]) == [
        ("OWN001", "RACI!A4"), ("OWN002", "RACI!A3"), ("OWN008", "Teams!A5"),
        ("OWN008", "Teams!A6")]
    with pytest.raises(ValueError, match="unknown field"):
        result.flatten(["row"])


def test_a_rule_that_raises_is_recorded_and_the_run_goes_on(analyze, monkeypatch):
    def broken(ctx):
        raise RuntimeError("index out of whack")
        yield

    original = REGISTRY["OWN002"]
    monkeypatch.setitem(REGISTRY, "OWN002", Rule(original.meta, broken))
    _, result = analyze(DEFECTS, select=["ownership"])
    assert [(e.rule, e.message) for e in result.rule_errors] == [
        ("OWN002", "RuntimeError: index out of whack")]
    assert "OWN001" in {f.rule for f in result.findings}
    assert "OWN002" not in {f.rule for f in result.findings}


def test_severity_override_and_disable(analyze):
    config = Config(severity={"OWN001": Severity.CRITICAL}, disable=("OWN008",))
    _, result = analyze(DEFECTS, select=["OWN001", "OWN008"], config=config)
    assert [(f.rule, f.severity) for f in result.findings] == [("OWN001", Severity.CRITICAL)]
    assert [(n.rule, n.reason) for n in result.not_assessed] == [
        ("OWN008", "disabled in the configuration")]
    assert [f.rule for f in result.at_least("critical")] == ["OWN001"]


def test_suppression_by_fingerprint_and_by_subject(analyze):
    _, before = analyze(DEFECTS, select=["OWN001", "SEAM001", "SEAM003"])
    own001 = next(f for f in before.findings if f.rule == "OWN001")
    config = Config(suppressions=(
        Suppression(rule="OWN001", fingerprint=own001.fingerprint, reason="Retired next month"),
        Suppression(rule="SEAM001", subject=" sales ", reason="Owned by the sales board"),
    ))
    _, after = analyze(DEFECTS, select=["OWN001", "SEAM001", "SEAM003"], config=config)
    assert before.flatten(["rule"]) == [("OWN001",), ("SEAM001",)]
    assert after.findings == []
    assert sorted((f.rule, reason) for f, reason in after.suppressed) == [
        ("OWN001", "Retired next month"), ("SEAM001", "Owned by the sales board")]


def test_unknown_rule_in_config_or_selection_is_a_config_error():
    model = OperatingModel(id="m", name="m", provided=frozenset({"raci"}))
    with pytest.raises(ConfigError, match="'OWN999', which is not a rule id"):
        run(model, config=Config(severity={"OWN999": Severity.LOW}))
    with pytest.raises(ConfigError, match="No rule matches 'bogus'"):
        run(model, select=["bogus"])


def test_a_given_graph_is_what_rules_see(analyze):
    model, _ = analyze(with_base())
    graph = build_graph(model)
    seen = []

    def peek(ctx):
        """Peek.

        Test rule.
        """
        seen.append(ctx.graph)
        yield from ()

    original = REGISTRY["OWN001"]
    REGISTRY["OWN001"] = Rule(original.meta, peek)
    try:
        run(model, graph=graph, select=["OWN001"])
        run(model, select=["OWN001"])
    finally:
        REGISTRY["OWN001"] = original
    assert seen[0] is graph and seen[1].number_of_nodes() == graph.number_of_nodes()


def test_repeated_rows_get_distinct_fingerprints(analyze):
    sheets = with_base(Handoffs=[["from", "to", "sla_hours"], ["Sales", "Ops", 4],
                                 ["Sales", "Ops", 4]])
    _, result = analyze(sheets, select=["SEAM001"])
    prints = [f.fingerprint for f in result.findings]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_config_thresholds_reach_the_rules(analyze):
    rows = [["Activity", "Owner", "C1", "C2", "C3"], ["Decide", "A/R", "C", "C", "C"]]
    _, strict = analyze({"RACI": rows}, select=["OWN007"],
                        config=config_from_dict({"thresholds": {"max_consulted": 2}}))
    assert [f.evidence["count"] for f in strict.findings] == [3]
