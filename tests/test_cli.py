"""The `opmodel` command: output a person can read, JSON per the contract, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from opmodel import load
from opmodel.cli import main
from tests.conftest import SAMPLES

ISSUE_KEYS = {"sheet", "row", "column", "cell", "code", "message"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "opmodel", *args], capture_output=True,
                          text=True, timeout=120)


def test_validate_text_names_cells_and_exits_1_on_errors():
    done = run("validate", str(SAMPLES / "bare_raci.xlsx"))
    assert done.returncode == 1
    assert "RACI!E19" in done.stdout and "not a code in RACI" in done.stdout
    assert "header on row 4" in done.stdout and "Phase 1" in done.stdout
    assert "did you mean" not in done.stderr.casefold()


def test_validate_clean_sample_exits_0(capsys):
    assert main(["validate", str(SAMPLES / "retail_order_to_resolution.xlsx")]) == 0
    assert "Imported cleanly." in capsys.readouterr().out


def test_validate_json_follows_the_contract(capsys):
    code = main(["validate", str(SAMPLES / "support_escalations_by_letter.xlsx"),
                 "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert set(document) >= {"opmodel_version", "model", "import"}
    assert set(document["model"]) == {"id", "name", "scheme", "counts"}
    assert set(document["model"]["counts"]) == {"teams", "systems", "activities", "assignments",
                                                "handoffs", "escalations", "metrics"}
    imported = document["import"]
    (error,) = imported["errors"]
    assert set(error) == ISSUE_KEYS
    assert (error["sheet"], error["row"], error["column"], error["cell"]) == ("RACI", 5, "E",
                                                                           "E5")
    assert "Did you mean 'Customer Service'" in error["message"]
    assert {"name", "role", "rows"} <= set(imported["sheets"][0])
    assert isinstance(imported["phase_rows"], list)


def test_unreadable_file_is_one_sentence_and_exit_2(tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("just text")
    done = run("validate", str(bad))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_template_imports_cleanly_with_every_sheet(tmp_path, capsys):
    out = tmp_path / "template.xlsx"
    assert main(["template", "-o", str(out)]) == 0
    result = load(out)
    assert result.report.errors == [] and result.report.warnings == []
    assert {s.role for s in result.report.sheets} >= {
        "settings", "teams", "systems", "access", "activities", "raci", "handoffs",
        "escalations", "decision_rights", "metrics"}
    assert result.model.counts() == {"teams": 2, "systems": 1, "activities": 1,
                                     "assignments": 3, "handoffs": 1, "escalations": 1,
                                     "metrics": 1}


def test_export_writes_a_workbook_that_reimports_equal(tmp_path):
    out = tmp_path / "canonical.xlsx"
    assert main(["export", str(SAMPLES / "saas_onboarding_rapid.xlsx"), "-o", str(out)]) == 0
    assert load(out).model.content() == load(
        SAMPLES / "saas_onboarding_rapid.xlsx").model.content()


def test_generate_is_deterministic(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for out in (first, second):
        assert main(["generate", "--activities", "300", "--teams", "7", "--seed", "3",
                     "-o", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert len(load(first).model.activities) == 300


def test_bad_generator_option_is_a_clear_error(tmp_path, capsys):
    assert main(["generate", "--activities", "0", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "activities" in capsys.readouterr().err


@pytest.mark.parametrize("scheme", ["rasci", "daci"])
def test_scheme_option(scheme, capsys):
    main(["validate", str(SAMPLES / "bare_raci.xlsx"), "--scheme", scheme, "--format", "json"])
    assert json.loads(capsys.readouterr().out)["model"]["scheme"] == scheme


def test_diff_reads_in_a_terminal_and_gates_new_findings(tmp_path, capsys):
    pair = SAMPLES / "pairs"
    current, target = str(pair / "retail_current.xlsx"), str(pair / "retail_target.xlsx")
    assert main(["diff", current, target]) == 0
    out = capsys.readouterr().out
    assert "This redesign closes 14 findings" in out and "renamed  team" in out
    assert main(["diff", current, target, "--fail-on-new", "medium"]) == 1
    assert main(["diff", current, target, "--fail-on-new", "high"]) == 1  # JRN003
    assert main(["diff", current, target, "--fail-on-new", "critical"]) == 0
    assert main(["diff", current, current, "--fail-on-new", "low"]) == 0
    out_file = tmp_path / "diff.json"
    assert main(["diff", current, target, "--format", "json", "-o", str(out_file)]) == 0
    document = json.loads(out_file.read_text())
    assert {"current", "target", "resolved", "new", "unchanged", "changes"} <= set(document)
    assert main(["diff", current, target, "--rename", "no arrow here"]) == 2
