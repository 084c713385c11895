"""The fragmentation index (DESIGN section 6) and what-if remediations."""

from __future__ import annotations

import pytest

from opmodel.rules import run
from opmodel.rules.whatif import (
    Edit,
    add_escalation,
    give_decision_right,
    grant_access,
    set_accountable,
    set_seam_owner,
)
from opmodel.score import COMPONENTS, FragmentationIndex, score

SHEETS = {
    "Teams": [["name", "kind", "customer_facing"], ["Sales", "team", "yes"],
              ["Service", "team", "yes"], ["Ops", "team", "no"], ["COO", "leader", "no"],
              ["Council", "committee", "no"]],
    "Systems": [["name", "owner"], ["CRM", "Service"], ["WMS", "Ops"]],
    "Access": [["team", "system", "access"], ["Sales", "CRM", "read"]],
    "Activities": [["name", "journey", "step", "uses"], ["Take", "Order", 1, "CRM"],
                   ["Pick", "Order", 2, "WMS"], ["Answer", "Order", 3, "CRM"],
                   ["Bill", "", "", ""]],
    "RACI": [["Activity", "Sales", "Service", "Ops", "Council"], ["Take", "A/R", "", "", ""],
             ["Pick", "", "", "A/R", ""], ["Answer", "", "R", "", "A"],
             ["Bill", "A", "", "A", ""]],
    "Handoffs": [["from", "to", "journey", "owner", "sla_hours"],
                 ["Sales", "Ops", "Order", "Ops", 4]],
    "Escalations": [["from", "to", "time_limit_hours"], ["Sales", "COO", 4],
                    ["Service", "Council", 8]],
}


def shares(index: FragmentationIndex) -> dict[str, tuple[int, int]]:
    return {k: (c.numerator, c.denominator) for k, c in index.components.items()}


@pytest.fixture
def model(analyze):
    return analyze(SHEETS)[0]


def test_components_and_index(model):
    index = score(model)
    assert shares(index) == {"accountability_clarity": (2, 4), "seam_ownership": (1, 2),
                             "data_continuity": (5, 7), "escalation_coverage": (1, 2),
                             "decision_authority": (0, 0), "measurement": (0, 0)}
    # 100 * (1 - mean(2/4, 1/2, 5/7, 1/2)): the two unassessed components are left out
    assert index.value == 45
    order = index.journeys["Order"]
    assert shares(order)["accountability_clarity"] == (2, 3)
    assert shares(order)["seam_ownership"] == (1, 2)
    assert order.value == 40  # 100 * (1 - mean(2/3, 1/2, 5/7, 1/2)) = 40.5, rounded


def test_severity_weighs_inside_a_component(model):
    clarity = score(model).components["accountability_clarity"]
    # Answer: advisory Council (high); Bill: two accountables (high) and no responsible
    # (medium): a unit counts its worst defect once.
    assert clarity.defects == (("high", 2),) and clarity.value == 0.5
    healed = score(set_seam_owner(model, "Ops", "Service", "Service", journey="Order"))
    seams = healed.components["seam_ownership"]
    # The owner is there, the SLA is not: a medium defect weighs half a high one.
    assert (seams.numerator, seams.denominator, seams.value) == (1, 2, 0.75)


def test_index_follows_the_json_contract(model):
    document = score(model).as_dict()
    assert set(document) >= {"value", "components", "journeys", "coverage", "range",
                             "provisional", "band", "weighting"}
    assert list(document["components"]) == list(COMPONENTS)
    assert document["components"]["seam_ownership"] == {
        "value": 0.5, "numerator": 1, "denominator": 2, "assessed": True,
        "defects": {"high": 1}}
    assert document["coverage"]["assessed"] == 4 and document["coverage"]["total"] == 6
    assert [m["component"] for m in document["coverage"]["missing"]] == [
        "decision_authority", "measurement"]
    assert document["provisional"] is True
    # Unassessed components fully integrated / fully fragmented: 100 * (1 - (2.21 + 2) / 6)
    # and 100 * (1 - 2.21 / 6).
    assert document["range"] == [30, 63]
    assert document["weighting"]["by"] == "components"
    journey = document["journeys"]["Order"]
    assert set(journey) >= {"value", "components", "coverage", "range", "provisional"}


def test_reuses_the_rules_indexes(model):
    result = run(model)
    assert score(model, facts=result.facts) == score(model)


def test_a_bare_matrix_is_scored_on_accountability_only(analyze):
    model, _ = analyze({"RACI": SHEETS["RACI"]})
    index = score(model)
    assessed = {k for k, c in index.components.items() if c.assessed}
    assert assessed == {"accountability_clarity"}
    assert index.value == 25 and index.journeys == {}  # Council counts as a decider here
    assert index.components["data_continuity"].as_dict() == {
        "value": None, "numerator": 0, "denominator": 0, "assessed": False,
        "reason": "no Teams sheet; no Access sheet; no activity names a journey; "
                  "no activity lists the systems it uses (uses column)"}
    assert "not assessed" in index.explain()
    assert index.verdict() == ("Index 25 (fragmented), provisional: 1 of 6 components "
                               "assessed; between 4 and 88.")


def test_nothing_assessed_gives_none():
    from opmodel.model import OperatingModel

    index = score(OperatingModel(id="m", name="m"))
    assert index.value is None and index.as_dict()["value"] is None


def test_setting_a_seam_owner_lowers_the_index(model):
    before = score(model)
    after_model = set_seam_owner(model, "Ops", "Service", "Service", journey="Order",
                                 sla_hours=8)
    after = score(after_model)
    assert shares(after)["seam_ownership"] == (2, 2)
    assert after_model.handoffs[-1].sla_hours == 8
    assert after.value is not None and before.value is not None and after.value < before.value
    assert "SEAM001" in {f.rule for f in run(model).findings}
    assert "SEAM001" not in {f.rule for f in run(after_model).findings}
    assert shares(score(model))["seam_ownership"] == (1, 2)  # the original is untouched


def test_setting_the_owner_of_a_declared_handoff(model):
    changed = set_seam_owner(model, "team:sales", "team:ops", "COO")
    assert changed.handoffs[0].owner == "team:coo"
    assert len(changed.handoffs) == 1


def test_granting_access_improves_data_continuity(model):
    after = score(grant_access(model, "Sales", "WMS", "read"))
    assert shares(after)["data_continuity"] == (6, 7)


def test_adding_a_timed_escalation_improves_coverage(model):
    after_model = add_escalation(model, "Service", "COO", 24)
    assert shares(score(after_model))["escalation_coverage"] == (2, 2)
    assert after_model.escalations[-1].time_limit_hours == 24


def test_what_if_names_unknown_parties(model):
    with pytest.raises(ValueError, match="no team called 'Suport'"):
        set_seam_owner(model, "Suport", "Ops", "Ops")
    with pytest.raises(ValueError, match="no seam from 'Service' to 'Sales'"):
        set_seam_owner(model, "Service", "Sales", "Ops")
    with pytest.raises(ValueError, match="no system called 'ERP'"):
        grant_access(model, "Sales", "ERP")
    with pytest.raises(ValueError, match="no team or activity called 'Nobody'"):
        add_escalation(model, "Nobody", "COO", 4)


def test_set_accountable_and_give_decision_right(analyze):
    model, _ = analyze({
        "Teams": [["name", "kind"], ["Sales", "team"], ["Council", "committee"]],
        "Activities": [["name", "kind"], ["Approve refund", "decision"]],
        "RACI": [["Activity", "Sales", "Council"], ["Approve refund", "R", "A"]]})
    assert {f.rule for f in run(model).findings} >= {"OWN004"}
    fixed = set_accountable(model, "Approve refund", "Sales")
    roles = {(a.team, a.role.value) for a in fixed.assignments}
    assert roles == {("team:sales", "responsible"), ("team:sales", "accountable"),
                     ("team:council", "consulted")}
    assert "OWN004" not in {f.rule for f in run(fixed).findings}
    empowered = give_decision_right(model, "Sales", "Approve refund", "decide")
    assert [(r.team, r.level.value) for r in empowered.decision_rights] == [
        ("team:sales", "decide")]
    assert Edit("accountable", ("Approve refund", "Sales")).describe() == (
        "Sales is the one accountable for 'Approve refund'")
