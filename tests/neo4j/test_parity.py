"""The rules in Neo4j (cypher/rules/*.cypher) give what the networkx engine gives.

On every sample model, on generated models of 50 to 2,000 activities (several seeds, layouts
and defect rates), on every hand-built rule case of tests/rules/cases.py and on tangled
escalation networks: the same findings, compared as the multiset of (rule, subject ids), the
same fingerprints, and the same rules not assessed.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from opmodel import load
from opmodel.config import Config, config_from_dict
from opmodel.generate import GeneratorSpec, write_workbook
from opmodel.location import SourceRef
from opmodel.model import (
    Activity,
    ActivityKind,
    Assignment,
    Authority,
    DecisionRight,
    Escalation,
    Handoff,
    OperatingModel,
    RightLevel,
    Team,
)
from opmodel.neo4j.connection import Neo4jError
from opmodel.neo4j.push import drop, push
from opmodel.neo4j.run import analyze_in_neo4j, capabilities
from opmodel.rules import REGISTRY, AnalysisResult, run
from opmodel.schemes import Role
from tests.conftest import SAMPLES
from tests.rules.cases import CASES, Case
from tests.rules.conftest import make_workbook

SIZES = (50, 300, 2000)
SEEDS = (0, 1, 2, 3)
LAYOUTS = ("wide", "long", "by-letter")


def signature(result: AnalysisResult) -> dict[str, object]:
    """What must be equal: findings as (rule, subject set) with multiplicity, fingerprints
    with the advice each carries, the rules not assessed (in order), and no rule errors."""
    return {
        "findings": Counter((f.rule, frozenset(f.subject_ids)) for f in result.findings),
        "fingerprints": Counter((f.fingerprint, f.remediation) for f in result.findings),
        "not_assessed": [n.rule for n in result.not_assessed],
        "rule_errors": result.rule_errors,
    }


def assert_parity(connection, model_id: str, model: OperatingModel,
                  config: Config | None = None) -> tuple[AnalysisResult, AnalysisResult]:
    push(connection, model, model_id)
    in_neo4j = analyze_in_neo4j(connection, model_id, config=config, model=model)
    in_networkx = run(model, config=config)
    got, want = signature(in_neo4j), signature(in_networkx)
    only_neo4j = got["findings"] - want["findings"]  # type: ignore[operator]
    only_networkx = want["findings"] - got["findings"]  # type: ignore[operator]
    assert not only_neo4j and not only_networkx, (
        f"only in Neo4j: {sorted(map(str, only_neo4j.items()))[:10]}; "
        f"only in networkx: {sorted(map(str, only_networkx.items()))[:10]}")
    assert got == want
    return in_neo4j, in_networkx


# ---------------------------------------------------------------------- sample models
@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.xlsx")))
def test_sample_models(connection, model_id, sample):
    model = load(SAMPLES / sample).model
    in_neo4j, in_networkx = assert_parity(connection, model_id, model)
    assert [n.reason for n in in_neo4j.not_assessed] == [
        n.reason for n in in_networkx.not_assessed]
    # the same metadata, subjects (ids, kinds, names), severities and remediations
    by_print = {f.fingerprint: f for f in in_networkx.findings}
    for finding in in_neo4j.findings:
        twin = by_print[finding.fingerprint]
        assert (finding.rule, finding.slug, finding.severity, finding.remediation) == (
            twin.rule, twin.slug, twin.severity, twin.remediation)
        assert sorted(finding.subjects) == sorted(twin.subjects)
        assert finding.locations, finding
        assert set(finding.locations) <= {SourceRef(r.sheet, r.row, r.column)
                                          for r in _all_cells(twin, in_networkx)}, finding
        assert finding.subjects[0].name in finding.message


def _all_cells(finding, result):
    """Cells networkx could point to for a finding (its own, plus its subjects' rows)."""
    facts = result.facts
    cells = list(finding.locations)
    cells += [facts.source(s.id) for s in finding.subjects if facts.source(s.id)]
    return cells


# ---------------------------------------------------------------------- generated models
GENERATED = [(size, seed) for size in SIZES for seed in SEEDS]


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("generated")


@pytest.mark.parametrize(("activities", "seed"), GENERATED,
                         ids=[f"{a}x-seed{s}" for a, s in GENERATED])
def test_generated_models(connection, model_id, generated_dir, activities, seed):
    spec = GeneratorSpec(activities=activities, teams=(8, 14, 20, 30)[seed], seed=seed,
                         layout=LAYOUTS[seed % 3], defect_rate=(0.05, 0.2, 0.35, 0.1)[seed])
    path = write_workbook(spec, generated_dir / f"model_{activities}_{seed}.xlsx")
    _, in_networkx = assert_parity(connection, model_id, load(path).model)
    assert len(in_networkx.findings) > 0


def test_tight_thresholds(connection, model_id, generated_dir):
    """Thresholds travel as parameters: tightened, they make the threshold rules fire often."""
    spec = GeneratorSpec(activities=300, teams=12, seed=7, defect_rate=0.1)
    path = write_workbook(spec, generated_dir / "model_tight.xlsx")
    config = config_from_dict({"thresholds": {
        "max_consulted": 1, "consulted_share": 0.1, "accountable_fair_factor": 1.0,
        "accountable_share": 0.05, "accountable_min_activities": 10,
        "accountable_max_count": 20, "max_escalation_hops": 1, "bottleneck_betweenness": 0.05,
        "bottleneck_min_teams": 3}})
    in_neo4j, _ = assert_parity(connection, model_id, load(path).model, config)
    assert {"OWN006", "OWN007", "STR002"} <= {f.rule for f in in_neo4j.findings}


def test_data_domains_match_as_networkx_normalises_them(connection, model_id, tmp_path):
    path = make_workbook(tmp_path, {
        "Teams": [["name"], ["Sales"]],
        "Systems": [["name", "owner", "data", "system_of_record"],
                    ["CRM", "Sales", "Customer  Data, orders", "Customer  Data"],
                    ["ERP", "Sales", "customer data", "customer data; ORDERS"],
                    ["Shop", "Sales", "Orders", "Orders"],
                    ["Wiki", "", "notes", "Notes"]],
        "RACI": [["Activity", "Sales"], ["Sell", "A/R"]]})
    in_neo4j, _ = assert_parity(connection, model_id, load(path).model)
    assert sorted(sorted(f.subject_ids) for f in in_neo4j.findings if f.rule == "DATA004") == [
        ["system:crm", "system:erp"], ["system:erp", "system:shop"]]


# ---------------------------------------------------------------------- hand-built cases
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_cases(connection, model_id, tmp_path, case: Case):
    model = load(make_workbook(tmp_path, case.sheets)).model
    assert_parity(connection, model_id, model,
                  config_from_dict(case.config) if case.config else None)


# ---------------------------------------------------------------------- tangled networks
def tangled(seed: int, teams: int = 60, escalations: int = 150, activities: int = 80,
            advisory: float = 0.6) -> OperatingModel:
    """Random teams, reporting lines, assignments, escalations and handoffs: loops, dead
    ends, deep chains with ties, owners on neither side, teams reporting in circles."""
    rng = random.Random(seed)

    def team() -> str:
        return f"team:t{rng.randrange(teams)}"

    team_rows = []
    for n in range(teams):
        parent = team() if rng.random() < 0.7 else None
        team_rows.append(Team(
            id=f"team:t{n}", name=f"Team {n}", parent=None if parent == f"team:t{n}" else parent,
            authority=Authority.ADVISORY if rng.random() < advisory else Authority.DECISION,
            customer_facing=rng.random() < 0.3, extra={}, source=SourceRef("Teams", n + 2, "A")))
    activity_rows = [Activity(
        id=f"activity:a{n}", name=f"Step {n}",
        journey=f"Journey {n % 7}" if rng.random() < 0.8 else None,
        step=float(rng.randrange(10)) if rng.random() < 0.9 else None,
        kind=rng.choice(list(ActivityKind)), extra={}, source=SourceRef("Activities", n + 2, "A"))
        for n in range(activities)]
    roles = [Role.ACCOUNTABLE, Role.RESPONSIBLE, Role.SUPPORT, Role.CONSULTED, Role.INFORMED]
    assignments = [Assignment(activity=a.id, team=team(), role=rng.choice(roles), code="x",
                              source=SourceRef("RACI", i + 2, "B"))
                   for i, a in enumerate(activity_rows) for _ in range(rng.randrange(4))]
    escalation_rows = [Escalation(
        source_id=team() if rng.random() < 0.8 else f"activity:a{rng.randrange(activities)}",
        target_team=team(), trigger=rng.choice([None, "SLA breach", "  sla   BREACH "]),
        time_limit_hours=rng.choice([None, 4.0]), extra={},
        source=SourceRef("Escalations", n + 2, "A")) for n in range(escalations)]
    handoff_rows = [Handoff(
        source_team=team(), target_team=team(), owner=rng.choice([None, team()]),
        sla_hours=rng.choice([None, 2.0]), journey=rng.choice([None, "Journey 1"]), extra={},
        source=SourceRef("Handoffs", n + 2, "A")) for n in range(escalations // 2)]
    rights = [DecisionRight(team=team(), decision=a.id, level=rng.choice(list(RightLevel)),
                            source=SourceRef("DecisionRights", i + 2, "A"))
              for i, a in enumerate(activity_rows)
              if a.kind is ActivityKind.DECISION and rng.random() < 0.5]
    return OperatingModel(
        id=f"tangled-{seed}", name=f"tangled {seed}", teams=tuple(team_rows),
        activities=tuple(activity_rows), assignments=tuple(assignments),
        escalations=tuple(escalation_rows), handoffs=tuple(handoff_rows),
        decision_rights=tuple(rights),
        provided=frozenset({"teams", "raci", "activities", "escalations", "handoffs",
                            "decision_rights"}))


@pytest.mark.parametrize("seed", range(4))
def test_tangled_networks(connection, model_id, seed):
    in_neo4j, _ = assert_parity(connection, model_id, tangled(seed))
    assert {f.rule for f in in_neo4j.findings} >= {"ESC003", "SEAM002", "STR001"}


@pytest.mark.parametrize("seed", range(4))
def test_deep_escalation_chains_pick_the_same_decider(connection, model_id, seed):
    model = tangled(100 + seed, teams=80, escalations=200, advisory=0.9)
    for hops in (1, 2, 3):
        config = config_from_dict({"thresholds": {"max_escalation_hops": hops}})
        in_neo4j, _ = assert_parity(connection, model_id, model, config)
        if hops == 1:
            assert sum(f.rule == "ESC005" for f in in_neo4j.findings) > 10


def test_a_dense_escalation_tangle(connection, model_id):
    """600 teams, 3,000 escalations (the networkx engine's own stress case for ESC003)."""
    in_neo4j, _ = assert_parity(connection, model_id,
                                tangled(99, teams=600, escalations=3000, activities=300))
    assert any(f.rule == "ESC003" and len(f.subjects) > 100 for f in in_neo4j.findings)


def test_sampled_betweenness(connection, model_id):
    """Above betweenness_exact_max_teams networkx samples teams in network order; the data
    query returns the handoff network in the order networkx builds it, so the sample holds."""
    rng = random.Random(5)
    count = 1500
    teams = tuple(Team(id=f"team:t{n}", name=f"Team {n}", extra={},
                       source=SourceRef("Teams", n + 2, "A")) for n in range(count))
    handoffs = tuple(Handoff(source_team=f"team:t{rng.randrange(count)}",
                             target_team=f"team:t{rng.randrange(count)}", owner="team:t0",
                             sla_hours=1.0, extra={}, source=SourceRef("Handoffs", n + 2, "A"))
                     for n in range(4000))
    model = OperatingModel(id="sampled", name="sampled", teams=teams, handoffs=handoffs,
                           provided=frozenset({"teams", "handoffs"}))
    config = config_from_dict({"thresholds": {"bottleneck_betweenness": 0.01}})
    in_neo4j, _ = assert_parity(connection, model_id, model, config)
    bottlenecks = [f for f in in_neo4j.findings if f.rule == "STR002"]
    assert bottlenecks and all(f.evidence["sampled"] for f in bottlenecks)


# ---------------------------------------------------------------------- the engine's rules
def test_configuration_applies_as_in_networkx(connection, model_id):
    model = load(SAMPLES / "retail_order_to_resolution.xlsx").model
    first = run(model)
    seam = next(f for f in first.findings if f.rule == "SEAM001")
    config = config_from_dict({
        "disable": ["DATA005"], "severity": {"OWN001": "critical"},
        "suppressions": [{"rule": "SEAM001", "fingerprint": seam.fingerprint,
                          "reason": "owned by the regional board"},
                         {"rule": "GOV001", "subject": "Refund cycle time (days)",
                          "reason": "retired metric"}]})
    in_neo4j, in_networkx = assert_parity(connection, model_id, model, config)
    assert [(f.fingerprint, why) for f, why in in_neo4j.suppressed] == [
        (f.fingerprint, why) for f, why in in_networkx.suppressed]
    assert len(in_neo4j.suppressed) == 2
    assert {f.severity.value for f in in_neo4j.findings if f.rule == "OWN001"} == {"critical"}
    assert ("DATA005", "disabled in the configuration") in [
        (n.rule, n.reason) for n in in_neo4j.not_assessed]


def test_selection_and_capabilities(connection, model_id):
    model = load(SAMPLES / "bare_raci.xlsx").model
    push(connection, model, model_id)
    found = capabilities(connection, model_id)
    # "Approve go-live" is read as a decision from its name
    assert found.available == frozenset({"raci", "decisions"})
    assert found.key.startswith(f"{model_id}@")
    result = analyze_in_neo4j(connection, model_id, select=["OWN001", "seams"])
    assert {f.rule for f in result.findings} == {"OWN001"}
    # without the model, the advice cannot name anyone: the catalog's generic remediation
    generic = REGISTRY["OWN001"].meta.remediation
    assert {f.remediation for f in result.findings} == {generic}
    named = analyze_in_neo4j(connection, model_id, select=["OWN001"], model=model)
    assert all(f.remediation != generic for f in named.findings)
    assert [n.rule for n in result.not_assessed] == ["SEAM001", "SEAM002", "SEAM003",
                                                     "SEAM004"]


def test_an_unknown_model_is_a_clear_error(connection):
    with pytest.raises(Neo4jError, match="There is no model 'never-pushed-"):
        analyze_in_neo4j(connection, "never-pushed-model-xyz")


def test_hostile_names_come_back_as_text(connection, model_id, tmp_path):
    hostile = ["Sales' }) DETACH DELETE n //", "Ops`:Admin {x:1}", "R&D {\"a\": $model}"]
    path = make_workbook(tmp_path, {"RACI": [["Activity", *hostile],
                                             ["MATCH (n) RETURN n", "A", "A", "C"]]})
    in_neo4j, _ = assert_parity(connection, model_id, load(path).model)
    owners = next(f for f in in_neo4j.findings if f.rule == "OWN002")
    assert {s.name for s in owners.subjects} == {"MATCH (n) RETURN n", *hostile[:2]}


def test_repush_reads_only_the_current_version(connection, model_id):
    other = f"{model_id}-other"
    try:
        push(connection, load(SAMPLES / "bank_complaint_handling.xlsx").model, other)
        push(connection, load(SAMPLES / "bare_raci.xlsx").model, model_id)
        model = load(SAMPLES / "retail_order_to_resolution.xlsx").model
        assert_parity(connection, model_id, model)  # pushed over bare_raci, next to the bank
    finally:
        drop(connection, other)

