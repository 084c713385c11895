"""The OBS rules in Neo4j (over pushed OBSERVED_HANDOFF relationships) give what the
networkx engine gives, on generated logs with planted deviations and on the real
ServiceNow export mapped onto a sample model."""

from __future__ import annotations

from pathlib import Path

import pytest

from opmodel import load
from opmodel.config import config_from_dict
from opmodel.neo4j.push import push, push_observed
from opmodel.neo4j.run import analyze_in_neo4j
from opmodel.observe.generate import generate_log, write_log
from opmodel.observe.overlay import observe_file
from opmodel.rules import run
from tests.conftest import SAMPLES
from tests.neo4j.test_parity import signature

SERVICENOW = Path(__file__).resolve().parents[2].parent / "shared" / "eventlogs" / \
    "servicenow_incidents.csv"


def assert_observed_parity(connection, model_id, model, observed, config=None):
    push(connection, model, model_id)
    written = push_observed(connection, model_id, observed)
    assert written == len(observed.seams)
    in_neo4j = analyze_in_neo4j(connection, model_id, config=config, select=["observed"],
                                model=model)
    in_networkx = run(model, config=config, select=["observed"], observed=observed)
    assert signature(in_neo4j) == signature(in_networkx)
    return in_neo4j, in_networkx


@pytest.mark.parametrize(("sample", "seed"), [("retail_order_to_resolution.xlsx", 1),
                                              ("bank_complaint_handling.xlsx", 2),
                                              ("saas_onboarding_rapid.xlsx", 3)])
def test_generated_logs(connection, model_id, sample, seed, tmp_path):
    model = load(SAMPLES / sample).model
    frame, _ = generate_log(model, 400, seed=seed)
    observed = observe_file(model, write_log(frame, tmp_path / "log.csv"))
    in_neo4j, _ = assert_observed_parity(connection, model_id, model, observed)
    assert {f.rule for f in in_neo4j.findings} == {f"OBS00{n}" for n in range(1, 6)}


def test_real_servicenow_export_mapped_onto_a_sample(connection, model_id, tmp_path):
    model = load(SAMPLES / "retail_order_to_resolution.xlsx").model
    names = [t.name for t in model.teams]
    mapping = tmp_path / "map.csv"
    groups = ["Group 70", "Group 20", "Group 25", "Group 24", "Group 23", "Group 28"]
    mapping.write_text("\n".join(f"{g},{names[i % len(names)]}" for i, g in enumerate(groups)),
                       encoding="utf-8")
    observed = observe_file(model, SERVICENOW, mapping)
    config = config_from_dict({"thresholds": {"min_cases": 2}})
    in_neo4j, _ = assert_observed_parity(connection, model_id, model, observed, config)
    assert {"OBS001", "OBS005"} <= {f.rule for f in in_neo4j.findings}


def test_a_new_push_forgets_the_observation(connection, model_id, tmp_path):
    model = load(SAMPLES / "bank_complaint_handling.xlsx").model
    frame, _ = generate_log(model, 200, seed=5)
    observed = observe_file(model, write_log(frame, tmp_path / "log.csv"))
    assert_observed_parity(connection, model_id, model, observed)
    push(connection, model, model_id)
    again = analyze_in_neo4j(connection, model_id, select=["observed"])
    assert again.findings == [] and {n.rule for n in again.not_assessed} == {
        f"OBS00{n}" for n in range(1, 6)}
