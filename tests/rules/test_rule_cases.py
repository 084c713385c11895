"""Every rule fires on its firing cases and stays silent on its silent ones (cases.py)."""

from __future__ import annotations

import pytest

from opmodel.config import config_from_dict
from tests.rules.cases import CASES, Case
from tests.rules.conftest import names_of


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case: Case, analyze):
    config = config_from_dict(case.config) if case.config else None
    _, result = analyze(case.sheets, select=[case.rule], config=config, log=case.log)
    assert result.rule_errors == []
    assert [n.rule for n in result.not_assessed] == [], result.not_assessed
    assert names_of(result, case.rule) == case.expect
    if case.cells is not None:
        assert [cell for _, cell in result.flatten(["rule", "cell"])] == case.cells


@pytest.mark.parametrize("case", [c for c in CASES if c.fires], ids=lambda c: c.id)
def test_firing_findings_are_complete(case: Case, analyze):
    """Messages name the subjects and the cell; remediation and fingerprint are filled."""
    _, result = analyze(case.sheets, select=[case.rule],
                        config=config_from_dict(case.config) if case.config else None,
                        log=case.log)
    for finding in result.findings:
        assert finding.remediation and len(finding.fingerprint) == 40
        assert finding.locations, finding
        assert finding.subjects[0].name in finding.message
        assert any(str(loc) in finding.message for loc in finding.locations), finding.message
        document = finding.as_dict()
        assert set(document) == {"rule", "slug", "severity", "message", "remediation",
                                 "fingerprint", "subjects", "locations", "evidence"}
        assert set(document["locations"][0]) == {"sheet", "row", "column", "cell"}


NEW_RULES = {"OWN009", "GOV004", "GOV005", "GOV006", "GOV007", "JRN001", "JRN002", "JRN003"}


@pytest.mark.parametrize("case", [c for c in CASES if c.fires and c.rule in NEW_RULES],
                         ids=lambda c: c.id)
def test_new_rules_advise_from_the_model(case: Case, analyze):
    """The remediation is computed for the finding: it names what the finding is about, not
    the catalog's generic sentence, and speaks only the scheme's own words and letters
    (opmodel.rules.advice; every scheme is checked in test_advice.py)."""
    from opmodel.rules import REGISTRY
    from tests.rules.test_advice import spoken_in

    model, result = analyze(case.sheets, select=[case.rule])
    generic = REGISTRY[case.rule].meta.remediation
    for finding in result.findings:
        assert finding.remediation != generic
        assert finding.subjects[0].name in finding.remediation, finding.remediation
        assert spoken_in(finding.remediation, model.scheme) == [], finding.remediation


def test_journey_advice_names_the_team_accountable_for_most_steps(analyze):
    from tests.rules.cases import order_journey

    sheets = order_journey()
    sheets["RACI"] = [["Activity", "Sales", "Ops", "Service"], ["Take order", "R", "A", ""],
                      ["Pick order", "", "A/R", ""], ["Refund", "", "", "A/R"]]
    _, result = analyze(sheets, select=["JRN001"])
    (finding,) = result.findings
    assert "candidates: Ops, with the accountable (A) role on most of its steps" in (
        finding.remediation)
    assert finding.evidence["candidate"] == "Ops"


def test_new_rules_say_what_is_missing(analyze):
    _, result = analyze({"RACI": [["Activity", "Sales"], ["Sell", "A/R"]],
                         "Metrics": [["name", "owner"], ["NPS", "Sales"]]})
    reasons = {n.rule: n.reason for n in result.not_assessed}
    assert reasons["JRN001"] == "no Journeys sheet; no activity names a journey"
    assert reasons["GOV005"] == "no metric has a type (type column of Metrics)"
    assert reasons["GOV007"] == "no Decision Rights sheet; no Teams sheet"
    assert "OWN009" not in reasons
