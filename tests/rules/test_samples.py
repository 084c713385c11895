"""Pinned findings on every sample model (sample_models/README.md lists what each one is
designed to trigger), and the not-assessed list of the bare single-sheet RACI."""

from __future__ import annotations

import json
from functools import cache

import pytest

from opmodel import load
from opmodel.rules import REGISTRY, AnalysisResult, run
from tests.rules.conftest import SAMPLES

# "RULE first-location: subject / subject ..." for each finding, in report order.
PINNED: dict[str, list[str]] = {
    "bank_complaint_handling.xlsx": [
        "OWN001 Activities!B10: Analyse complaint root causes",
        "OWN002 Activities!B5: Decide complaint outcome and redress / Cards Operations / "
        "Complaints Hub",
        "OWN003 Activities!B9: Calculate redress and interest",
        "OWN006 Teams!A5: Complaints Hub",
        "OWN007 Activities!B11: Review complaints handling policy",
        "ESC001 Teams!A4: Digital Banking Support",
        "ESC002 Escalations!A4: Complaints Triage Desk / Complaints Quality Review",
        "ESC002 Escalations!A10: Payments Operations / Cards Operations",
        "ESC003 Escalations!A9: Cards Operations / Payments Operations",
        "ESC004 Escalations!A7: Branch Network / Customer Outcomes Forum",
        "ESC005 Escalations!A2: Contact Centre / Chief Customer Officer",
        # metrics linked to activities, not decisions (issue 10: GOV002 asks for a decision)
        "GOV002 Metrics!A2: Complaints resolved within eight weeks",
        "GOV002 Metrics!A4: Ombudsman change rate",
        "GOV002 Metrics!A5: Repeat complaints within 12 months",
        "GOV004 Metrics!A4: Ombudsman change rate / Complaints Quality Review",
        "GOV005 Metrics!A2: Complaint handling",
        "GOV006 Teams!A2: Branch Network",
        "GOV006 Teams!A3: Contact Centre",
        "GOV006 Teams!A4: Digital Banking Support",
        "STR001 Teams!A5: Complaints Hub",
        "STR002 Teams!A5: Complaints Hub",
        "JRN003 Escalations!A2: Complaint handling / Contact Centre",
    ],
    "bare_raci.xlsx": [
        "OWN001 RACI!A18: Set up analytics tracking",
        "OWN001 RACI!A20: Security and penetration test",
        "OWN002 RACI!A22: Approve go-live / Product Owner / Project Sponsor",
        "OWN003 RACI!A18: Set up analytics tracking",
        "OWN006 RACI!C4: Product Owner",
    ],
    "retail_order_to_resolution.xlsx": [
        "OWN001 Activities!A16: Change delivery promise shown at checkout",
        "OWN004 RACI!L8: Approve goodwill refund / CX Council",
        "OWN005 Activities!A19: Delivery promise kept / E-commerce Sales",
        "OWN008 Teams!A12: Loyalty Programme",
        "OWN009 Activities!A19: Delivery promise kept",
        "SEAM001 Handoffs!A3: E-commerce Sales / Customer Service",
        "SEAM001 Activities!A6: ParcelGo Couriers / Customer Service",
        "SEAM002 Handoffs!A4: Payments & Fraud / Fulfilment Operations / Commerce Platform IT",
        "SEAM003 Handoffs!A10: Returns Centre / Payments & Fraud",
        "SEAM003 Activities!A6: ParcelGo Couriers / Customer Service",
        "SEAM004 Activities!A6: ParcelGo Couriers / Customer Service",
        "DATA001 Systems!B8: Feedback Survey Platform",
        "DATA002 Activities!A6: Answer delivery status enquiry / Customer Service / "
        "Warehouse Management System",
        "DATA003 Access!A11: Customer Service / Warehouse Management System",
        "DATA004 Systems!B2: Web Storefront / Customer Service CRM",
        "DATA005 Systems!B7: Carrier Tracking Portal",
        "ESC001 Activities!A16: Change delivery promise shown at checkout",
        "GOV001 Metrics!A4: Refund cycle time (days)",
        # linked to activities, not decisions (issue 10: GOV002 asks for a decision)
        "GOV002 Metrics!A2: First contact resolution",
        "GOV002 Metrics!A3: Delivery promise accuracy",
        "GOV002 Metrics!A4: Refund cycle time (days)",
        "GOV002 Metrics!A5: Net Promoter Score",
        "GOV002 Metrics!A6: Returns processed within 5 days",
        "GOV002 Metrics!A7: Courier first-attempt delivery rate",
        "GOV003 Activities!A16: Change delivery promise shown at checkout",
        "GOV004 Metrics!A7: Courier first-attempt delivery rate / CX Insights",
        "GOV005 Metrics!A6: Returns",
        "GOV006 Teams!A2: E-commerce Sales",
        "JRN001 Journeys!A2: Order to resolution",
        "JRN002 Journeys!A3: Returns / CX Insights",
    ],
    "saas_onboarding_rapid.xlsx": [
        "OWN001 Activities!A4: Approve custom data-migration scope",
        "OWN002 Activities!A6: Approve go-live / Customer Success Managers / "
        "Onboarding Specialists",
        "SEAM001 Handoffs!A2: Account Executives / Onboarding Specialists",
        "DATA002 Activities!A8: Run 30-day health check / Customer Success Managers / "
        "Product Analytics",
        "GOV003 Activities!A4: Approve custom data-migration scope",
        "GOV004 Metrics!A3: Migration scope change requests / Solutions Engineering",
        "GOV006 Teams!A2: Account Executives",
        "GOV007 DecisionRights!A7: Onboarding Specialists / Approve go-live",
        "GOV007 DecisionRights!A8: Customer Success Managers / Approve go-live",
    ],
    "support_escalations_by_letter.xlsx": [
        "OWN002 RACI!A8: Approve service credit / Billing / Head of Support",
        # read as a decision from its name (issue 10), and no escalation path leads from it
        "ESC001 RACI!A8: Approve service credit",
        "ESC002 Escalations!A4: Engineering On-call / Head of Support",
    ],
}


@cache
def analyse(name: str) -> AnalysisResult:
    return run(load(SAMPLES / name).model)


def lines(result: AnalysisResult) -> list[str]:
    return [f"{rule} {cell}: {' / '.join(names)}"
            for rule, names, cell in result.flatten(["rule", "names", "cell"])]


@pytest.mark.parametrize("name", sorted(PINNED))
def test_sample_findings_are_pinned(name):
    result = analyse(name)
    assert result.rule_errors == []
    assert lines(result) == PINNED[name]


def test_the_samples_exercise_every_rule():
    fired = {line.split()[0] for findings in PINNED.values() for line in findings}
    # The observed rules need an event log (tests/observe runs them on generated logs).
    assert fired == {r for r in REGISTRY if not r.startswith("OBS")}


def test_bare_raci_gets_the_matrix_rules_and_reasons_for_the_rest():
    model = load(SAMPLES / "bare_raci.xlsx").model
    assert model.provided == frozenset({"raci"})
    result = analyse("bare_raci.xlsx")
    skipped = {n.rule: n.reason for n in result.not_assessed}
    assessed = set(REGISTRY) - set(skipped)
    # "Approve go-live" is read as a decision from its name, so GOV003 can judge it
    assert assessed == {"OWN001", "OWN002", "OWN003", "OWN006", "OWN007", "OWN008", "OWN009",
                        "GOV003"}
    assert skipped["SEAM003"] == "no Handoffs sheet and no activity names a journey"
    assert skipped["DATA001"] == "no Access sheet; no Systems sheet"
    assert skipped["GOV001"] == "no Metrics sheet"
    assert skipped["OWN004"] == "no Decision Rights sheet and no Teams sheet"


def test_findings_point_to_cells_named_in_their_messages():
    for name in PINNED:
        for finding in analyse(name).findings:
            assert finding.locations
            cited = [str(loc) for loc in finding.locations if str(loc) in finding.message]
            assert cited, finding.message


@pytest.mark.parametrize("name", sorted(PINNED))
def test_results_serialise_to_the_json_contract(name):
    document = json.loads(json.dumps(analyse(name).as_dict()))
    assert set(document) == {"findings", "not_assessed", "rule_errors"}
    for finding in document["findings"]:
        assert [s["type"] for s in finding["subjects"]] and all(
            set(s) == {"id", "type", "name"} for s in finding["subjects"])
    assert len({hash(f) for f in analyse(name).findings}) == len(analyse(name).findings)
