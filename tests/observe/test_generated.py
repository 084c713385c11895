"""Logs generated from the sample models with planted deviations: the OBS rules find
exactly what was planted, no more, no less."""

from __future__ import annotations

from pathlib import Path

import pytest

from opmodel import load
from opmodel.observe.generate import Deviations, generate_log, write_log
from opmodel.observe.overlay import observe_file
from opmodel.rules import run

SAMPLES = Path(__file__).resolve().parents[2] / "sample_models"


def found(model_name: str, tmp_path: Path, seed: int, deviations: Deviations | None = None):
    model = load(SAMPLES / model_name).model
    frame, planted = generate_log(model, 600, seed=seed, deviations=deviations)
    log = write_log(frame, tmp_path / "log.csv")
    observed = observe_file(model, log)
    result = run(model, observed=observed, select=["observed"])
    assert result.rule_errors == [] and result.not_assessed == []
    by_rule: dict[str, set] = {f"OBS00{n}": set() for n in range(1, 6)}
    for finding in result.findings:
        by_rule[finding.rule].add(tuple(s.name for s in finding.subjects[:2]))
    return frame, planted, by_rule


@pytest.mark.parametrize(("model_name", "seed"), [
    ("retail_order_to_resolution.xlsx", 1), ("bank_complaint_handling.xlsx", 2),
    ("saas_onboarding_rapid.xlsx", 3)])
def test_planted_deviations_are_found_exactly(model_name, seed, tmp_path):
    frame, planted, by_rule = found(model_name, tmp_path, seed)
    assert 1_000 < frame.height < 10_000
    assert by_rule["OBS001"] == set(planted.undocumented)
    assert by_rule["OBS002"] == set(planted.unused)
    assert by_rule["OBS003"] == set(planted.pingpong)
    assert by_rule["OBS004"] == set(planted.slow)
    assert by_rule["OBS005"] == {(g,) for g in planted.unmapped}
    assert all(planted.__dict__.values()), planted  # every kind was planted at least once


def test_a_log_with_nothing_planted_gives_no_findings(tmp_path):
    _, planted, by_rule = found("retail_order_to_resolution.xlsx", tmp_path, 4,
                                Deviations(0, 0, 0, 0, 0))
    assert not any(planted.__dict__.values())
    assert by_rule == {f"OBS00{n}": set() for n in range(1, 6)}


def test_generation_is_deterministic_by_seed():
    model = load(SAMPLES / "bank_complaint_handling.xlsx").model
    first, _ = generate_log(model, 200, seed=7)
    again, _ = generate_log(model, 200, seed=7)
    other, _ = generate_log(model, 200, seed=8)
    assert first.equals(again) and not first.equals(other)


def test_an_unmapped_group_spelt_like_a_team_is_advised_to_become_its_alias(tmp_path):
    """OBS005's advice names the team a misspelt group most likely is, and says how to
    record it (the team's aliases, or the mapping file)."""
    import polars as pl

    model = load(SAMPLES / "retail_order_to_resolution.xlsx").model
    frame, _ = generate_log(model, 300, seed=4)
    team = frame.get_column("team")
    frame = frame.with_columns(team.replace("Customer Service", "Customer Servce"))
    assert frame.filter(pl.col("team") == "Customer Servce").height
    observed = observe_file(model, write_log(frame, tmp_path / "log.csv"))
    result = run(model, observed=observed, select=["OBS005"])
    (finding,) = [f for f in result.findings if "Customer Servce" in f.message]
    assert "closest team: Customer Service" in finding.message
    assert finding.remediation.startswith(
        "If 'Customer Servce' is Customer Service under another name, add it to Customer "
        "Service's aliases column (Teams)")
