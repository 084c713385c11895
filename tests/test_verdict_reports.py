"""Issue 11 through the CLI: groups in every format, the action log round trip, the
history and its trend, reports named after the workbook, hostile names in every output."""

from __future__ import annotations

import json
import re
import shutil
from xml.etree import ElementTree as ET

import openpyxl
import pytest
import xlsxwriter

from opmodel.analysis import analyze
from opmodel.cli import main
from opmodel.reports import render
from tests.conftest import SAMPLES, write_workbook

RETAIL = SAMPLES / "retail_order_to_resolution.xlsx"
SEAM = "Handoff ParcelGo Couriers → Customer Service"


def _json(capsys, *args: str) -> dict:
    assert main(["analyze", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_one_seam_is_one_group_keeping_every_finding(capsys):
    document = _json(capsys, str(RETAIL))
    groups = {g["id"]: g for g in document["groups"]}
    seam = next(g for g in groups.values() if g["title"].startswith(SEAM))
    assert set(seam["rules"]) == {"SEAM001", "SEAM003", "SEAM004"}
    members = [f for f in document["findings"] if f["group"] == seam["id"]]
    assert sorted(f["fingerprint"] for f in members) == sorted(seam["findings"])
    assert all(f["locations"] for f in members)  # each finding keeps its own cells
    assert seam["owner"] == "Customer Service" and seam["severity"] == "high"
    # every finding is in exactly one group, groups most severe first
    assert sorted(fp for g in groups.values() for fp in g["findings"]) == sorted(
        f["fingerprint"] for f in document["findings"])
    order = ["critical", "high", "medium", "low", "info"]
    ranks = [order.index(g["severity"]) for g in document["groups"]]
    assert ranks == sorted(ranks)


def test_a_matrix_without_accountable_parties_is_one_group(tmp_path, capsys):
    rows = [["Activity", "Ops", "Sales"], *[[f"Step {i}", "R", "C"] for i in range(15)]]
    document = _json(capsys, str(write_workbook(tmp_path / "plain.xlsx", {"RACI": rows})))
    own001 = [f for f in document["findings"] if f["rule"] == "OWN001"]
    assert len(own001) == 15
    (matrix,) = [g for g in document["groups"] if "OWN001" in g["rules"]]
    assert matrix["title"].startswith("The matrix names no accountable party on any of its "
                                      "15 rows")
    assert len(matrix["findings"]) == 15


def test_text_speaks_groups_and_coverage(capsys):
    assert main(["analyze", str(RETAIL)]) == 0
    out = capsys.readouterr().out
    assert "things to fix" in out and "components assessed" in out
    assert out.count(SEAM) == 1  # three findings, one headline
    assert "SEAM003 seam-without-sla" in out  # the facets stay visible under it


@pytest.mark.parametrize("raised", [False, True])
def test_severity_words_follow_the_catalog(tmp_path, capsys, raised: bool):
    """No rule of the catalog is critical: the headline of text, HTML and the brief says
    "high" (markdown counts each severity present); once a config makes a rule critical
    they say "critical or high"."""
    args = ["analyze", str(RETAIL)]
    if raised:
        config = tmp_path / "opmodel.toml"
        config.write_text('[severity]\nOWN001 = "critical"\n')
        args += ["--config", str(config)]
    texts = {}
    for fmt in ("text", "md", "html", "brief"):
        assert main([*args, "--format", fmt, "-o", str(tmp_path / f"r.{fmt}")]) == 0
        texts[fmt] = (tmp_path / f"r.{fmt}").read_text(encoding="utf-8")
    capsys.readouterr()
    words = "critical or high" if raised else "high"
    for fmt in ("text", "html", "brief"):
        headline = re.search(r"\d+ things to fix \((\d+) ([a-z ]+)\), from", texts[fmt])
        assert headline and headline.group(2) == words, (fmt, headline)
    header = "Critical, high" if raised else "High"
    assert f'<th class="n wide">{header}</th>' in texts["brief"]
    if not raised:  # the HTML keeps a style for the severity, never the word in a sentence
        assert "critical" not in texts["text"] + texts["md"]
        assert not any("critical or high" in t for t in texts.values())


def test_action_log_round_trip_through_the_cli(tmp_path, capsys):
    first = tmp_path / "actions-1.xlsx"
    assert main(["analyze", str(RETAIL), "--format", "xlsx", "-o", str(first)]) == 0
    book = openpyxl.load_workbook(first)
    sheet = book["Actions"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    assert header[:3] == ["What to fix", "Severity", "Suggested owner"]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    assert sheet.cell(rows[next(t for t in rows if t.startswith(SEAM))], col["Status"]).value == (
        "Open")
    validation = sheet.data_validations.dataValidation[0]
    assert validation.formula1 == '"Open,In progress,Done,Won\'t fix"'
    fixed = next(t for t in rows if t.startswith("Handoff E-commerce Sales → Customer Service"))
    kept = next(t for t in rows if t.startswith(SEAM))
    for title, owner, status in ((fixed, "Dana (CS)", "In progress"),
                                 (kept, "Lee (Ops)", "Open")):
        sheet.cell(rows[title], col["Owner"]).value = owner
        sheet.cell(rows[title], col["Due"]).value = "2026-12-31"
        sheet.cell(rows[title], col["Status"]).value = status
        sheet.cell(rows[title], col["Notes"]).value = f"note for {owner}"
    book.save(first)
    # the next version of the workbook gives the E-commerce -> Customer Service seam an owner
    workbook = shutil.copy(RETAIL, tmp_path / "retail_order_to_resolution.xlsx")
    model = openpyxl.load_workbook(workbook)
    model["Handoffs"]["E3"] = "Customer Service"
    model.save(workbook)
    second = tmp_path / "actions-2.xlsx"
    assert main(["analyze", str(workbook), "--format", "xlsx", "-o", str(second),
                 "--actions", str(first)]) == 0
    sheet = openpyxl.load_workbook(second)["Actions"]
    rows = {sheet.cell(r, 1).value: [c.value for c in sheet[r]]
            for r in range(2, sheet.max_row + 1)}
    carried = rows[kept]
    assert carried[col["Owner"] - 1:col["Notes"]] == ["Lee (Ops)", "2026-12-31", "Open",
                                                      "note for Lee (Ops)"]
    gone = rows[fixed]
    assert gone[col["Status"] - 1] == "Done" and gone[col["Owner"] - 1] == "Dana (CS)"
    assert "Resolved by the model" in gone[col["What to do"] - 1]


def test_action_log_that_is_not_a_report_is_one_clear_sentence(tmp_path, capsys):
    other = write_workbook(tmp_path / "other.xlsx", {"Sheet": [["a"]]})
    code = main(["analyze", str(RETAIL), "--format", "xlsx", "-o", str(tmp_path / "o.xlsx"),
                 "--actions", str(other)])
    assert code == 2
    err = capsys.readouterr().err
    assert "has no Actions sheet" in err and "Traceback" not in err


def test_history_records_snapshots_and_draws_the_trend(tmp_path, capsys):
    history = tmp_path / "history"
    workbook = shutil.copy(RETAIL, tmp_path / "retail_order_to_resolution.xlsx")
    assert main(["analyze", str(workbook), "--history", str(history)]) == 0
    model = openpyxl.load_workbook(workbook)
    model["Handoffs"]["E3"] = "Customer Service"
    model.save(workbook)
    out = tmp_path / "report.html"
    assert main(["analyze", str(workbook), "--history", str(history), "--format", "html",
                 "-o", str(out)]) == 0
    capsys.readouterr()
    (log,) = history.glob("*.jsonl")
    snapshots = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(snapshots) == 2
    assert set(snapshots[0]) >= {"date", "index", "range", "components", "counts", "groups"}
    closed = set(snapshots[0]["groups"]) - set(snapshots[1]["groups"])
    assert [snapshots[0]["groups"][g] for g in closed] == [
        "Handoff E-commerce Sales → Customer Service: no owner"]
    page = out.read_text(encoding="utf-8")
    assert 'aria-label="fragmentation index over time"' in page
    assert "1 group(s) closed" in page and "E-commerce Sales → Customer Service: no owner" in page
    brief = tmp_path / "brief.html"
    assert main(["analyze", str(workbook), "--history", str(history), "--format", "brief",
                 "-o", str(brief)]) == 0
    assert "<polyline" in brief.read_text(encoding="utf-8")


def test_reports_are_named_after_the_workbook(tmp_path, capsys):
    named = write_workbook(tmp_path / "Claims 2027.xlsx", {
        "RACI": [["Activity", "Ops"], ["Pay claim", "A"]]})
    for fmt in ("html", "md", "brief"):
        body = render(analyze(named), fmt).decode()
        assert "Claims 2027" in body and "upload" not in body.lower()
    settings = write_workbook(tmp_path / "x.xlsx", {
        "Settings": [["Key", "Value"], ["name", "Claims operating model"], ["version", "4"],
                     ["author", "Design office"], ["date", "2026-11-30"]],
        "RACI": [["Activity", "Ops"], ["Pay claim", "A"]]})
    brief = render(analyze(settings), "brief").decode()
    assert "<title>Operating model brief: Claims operating model</title>" in brief
    assert "version 4" in brief and "Design office" in brief and "2026-11-30" in brief


HOSTILE = "Ops\x1b[2J\x07Team\x00\x0c"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    # openpyxl refuses control characters in cells; xlsxwriter stores them as _x001B_
    # escapes, as Excel does, and readers decode them back
    path = tmp_path_factory.mktemp("hostile") / "hostile.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("RACI")
    for row, values in enumerate([["Activity", HOSTILE, "Sales"], ["Ship\x07 it", "R", "C"]]):
        sheet.write_row(row, 0, values)
    book.close()
    return analyze(path)


def test_control_characters_never_reach_text_junit_sarif_or_markdown(hostile):
    names = [t.name for t in hostile.model.teams]
    assert any("\x1b" in n for n in names), names  # the import keeps them; outputs must not
    for fmt in ("text", "md", "junit", "sarif"):
        body = render(hostile, fmt).decode()
        assert not any(c in body for c in "\x1b\x07\x00\x0c"), fmt
    ET.fromstring(render(hostile, "junit"))
    log = json.loads(render(hostile, "sarif"))
    assert log["runs"][0]["results"]


def test_every_html_output_forbids_outside_fetches(tmp_path):
    from opmodel.compare import compare
    from opmodel.reports import compare as compare_reports

    retail = analyze(RETAIL)
    pages = [render(retail, "html").decode(), render(retail, "brief").decode(),
             compare_reports.render(compare(retail, retail), "html").decode()]
    for page in pages:
        head = page[:page.index("</head>")]
        assert 'http-equiv="Content-Security-Policy"' in head
        assert "default-src &#39;none&#39;" in head or "default-src 'none'" in head
        assert "img-src data:" in head


def test_analysis_and_compare_build_the_contract_without_the_report_writers():
    import subprocess
    import sys

    code = ("import sys; from opmodel.analysis import analyze; from opmodel.compare import "
            f"compare; a = analyze({str(RETAIL)!r}); a.document; c = compare(a, a); "
            "c.as_dict(); c.verdict(); "
            "print(sorted(m for m in sys.modules if m.startswith('opmodel.reports')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_one_hub_and_one_team_are_one_group_each(capsys):
    document = _json(capsys, str(SAMPLES / "bank_complaint_handling.xlsx"))
    hub = [g for g in document["groups"] if {"STR001", "STR002"} <= set(g["rules"])]
    assert len(hub) == 1 and hub[0]["subjects"][0]["name"] == "Complaints Hub"
    digital = [g for g in document["groups"]
               if any(s["name"] == "Digital Banking Support" for s in g["subjects"])]
    assert len(digital) == 1 and {"ESC001", "GOV006"} <= set(digital[0]["rules"])
    assert digital[0]["title"].startswith("Team 'Digital Banking Support': no escalation path")


def test_a_group_asks_for_the_accountable_party_once(capsys):
    """OWN001 and GOV003 on one decision both ask for an accountable party: the group's plan
    asks once (GOV003's words, naming who works on it), keeps the escalation advice, and
    each finding keeps its own remediation."""
    document = _json(capsys, str(RETAIL))
    decision = next(g for g in document["groups"]
                    if g["title"].startswith("Decision 'Change delivery promise"))
    assert {"OWN001", "GOV003", "ESC001"} <= set(decision["rules"])
    plan = decision["remediation"]
    assert plan.count("accountable (A)") == 1 and "no one decides" not in plan
    assert "E-commerce Sales or Fulfilment Operations already works on it" in plan
    assert plan.startswith("Add an Escalations row from 'Change delivery promise")
    own001 = next(f for f in document["findings"]
                  if f["group"] == decision["id"] and f["rule"] == "OWN001")
    assert "no one decides" in own001["remediation"]
