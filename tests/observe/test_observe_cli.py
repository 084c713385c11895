"""`opmodel observe`, `analyze --log` and `generate-log` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from opmodel.cli import main

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "sample_models" / "retail_order_to_resolution.xlsx"
SERVICENOW = ROOT.parent / "shared" / "eventlogs" / "servicenow_incidents.csv"


def test_generate_log_then_observe_json_has_the_observed_contract(tmp_path, capsys):
    log = tmp_path / "log.csv"
    assert main(["generate-log", str(MODEL), "--cases", "300", "--seed", "5",
                 "-o", str(log)]) == 0
    planted = capsys.readouterr().out
    assert "Planted:" in planted and "Shadow Desk 1" in planted
    assert main(["observe", str(MODEL), str(log), "--format", "json"]) == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    observed = document["observed"]
    assert observed["source"] == "generic" and "recognised as generic" in captured.err
    assert observed["events"] > 300 and observed["cases"] >= 300
    assert observed["from"] == "2026-01-05" and observed["to"] >= observed["from"]
    seam = observed["seams"][0]
    assert set(seam) == {"from", "to", "cases", "handoffs", "median_hours", "p90_hours",
                         "pingpong_cases", "designed"}
    assert [u["group"] for u in observed["unmapped"]] == ["Shadow Desk 1"]
    assert observed["unmapped"][0]["events"] >= 3
    rules = {f["rule"] for f in document["findings"]}
    assert {"OBS001", "OBS002", "OBS003", "OBS004", "OBS005"} <= rules
    assert "index" in document and "not_assessed" in document


def test_analyze_with_log_equals_observe(tmp_path, capsys):
    log = tmp_path / "log.csv"
    main(["generate-log", str(MODEL), "--cases", "200", "-o", str(log)])
    capsys.readouterr()
    main(["observe", str(MODEL), str(log), "--format", "json"])
    observed = json.loads(capsys.readouterr().out)
    assert main(["analyze", str(MODEL), "--log", str(log), "--format", "json"]) == 0
    analysed = json.loads(capsys.readouterr().out)
    assert analysed["observed"] == observed["observed"]
    assert main(["analyze", str(MODEL), "--format", "json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert "observed" not in plain
    assert {n["rule"] for n in plain["not_assessed"]} >= {"OBS001", "OBS005"}


def test_mapping_file_maps_servicenow_groups_to_teams(tmp_path, capsys):
    mapping = tmp_path / "map.csv"
    mapping.write_text("group,team\nGroup 70,Customer Service\nGroup 20,Returns Centre\n",
                       encoding="utf-8")
    assert main(["observe", str(MODEL), str(SERVICENOW), "--map", str(mapping),
                 "--format", "json"]) == 0
    observed = json.loads(capsys.readouterr().out)["observed"]
    assert observed["source"] == "servicenow"
    assert {"from": "Customer Service", "to": "Returns Centre"}.items() <= \
        observed["seams"][0].items()
    assert "Group 70" not in {u["group"] for u in observed["unmapped"]}
    assert len(observed["unmapped"]) == 59


def test_bad_columns_option_is_one_sentence_exit_2(capsys):
    assert main(["observe", str(MODEL), str(SERVICENOW), "--columns", "case"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("opmodel: --columns:") and err.count("\n") == 1


def test_text_output_summarises_the_log(capsys):
    mapping_free = ["observe", str(MODEL), str(SERVICENOW)]
    assert main(mapping_free) == 0
    out = capsys.readouterr().out
    assert "Observed: 5,998 events, 890 cases (servicenow, 2016-02-29 to 2017-02-04)" in out
    assert "61 log group(s) map to no team" in out and "OBS005 unmapped-group" in out
