"""Reports in every format: the index, findings with their cells, escaping, no formulas."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from opmodel.analysis import analyze
from opmodel.cli import main
from opmodel.reports import render, write
from opmodel.rules import REGISTRY
from tests.conftest import SAMPLES

HOSTILE = "<img src=x onerror=alert(1)>"
SAMPLE_FILES = sorted(p.name for p in SAMPLES.glob("*.xlsx"))


@pytest.fixture(scope="module")
def retail():
    return analyze(SAMPLES / "retail_order_to_resolution.xlsx")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from tests.conftest import write_workbook

    path = write_workbook(tmp_path_factory.mktemp("h") / "hostile.xlsx", {
        "Teams": [["name", "kind"], [HOSTILE, "committee"], ["@Ops", "team"], ["Sales", "team"]],
        "RACI": [["Activity", HOSTILE, "@Ops", "Sales"],
                 ["+Refund </script><script>alert(2)</script>", "A", "R", ""],
                 ["Quote", "", "R", "A"], ["Ship", "", "A/R", ""]],
    })
    return analyze(path)


@pytest.mark.parametrize("sample", SAMPLE_FILES)
@pytest.mark.parametrize("fmt", ["json", "md", "html", "xlsx", "text"])
def test_every_sample_in_every_format(tmp_path, sample, fmt):
    analysis = analyze(SAMPLES / sample)
    out = write(analysis, fmt, tmp_path / f"report.{fmt}")
    assert out.stat().st_size > 500
    if fmt == "json":
        document = json.loads(out.read_text())
        assert document["index"]["value"] == analysis.index.value
        assert len(document["findings"]) == len(analysis.result.findings)


def test_json_contract(retail):
    document = json.loads(render(retail, "json"))
    # issue 11 adds `groups` and `moves`; everything else is as before
    assert set(document) - {"groups", "moves", "observed"} == {
        "opmodel_version", "model", "import", "findings", "not_assessed", "index"}
    assert "moves" in document and "groups" in document
    finding = next(f for f in document["findings"] if f["rule"] == "SEAM001")
    assert set(finding) >= {"rule", "slug", "severity", "message", "remediation", "fingerprint",
                            "subjects", "locations", "evidence"}
    assert set(finding["locations"][0]) == {"sheet", "row", "column", "cell"}
    assert set(finding["subjects"][0]) == {"id", "type", "name"}
    components = document["index"]["components"]
    assert set(components) == {"accountability_clarity", "seam_ownership", "data_continuity",
                               "escalation_coverage", "decision_authority", "measurement"}
    assert document["index"]["coverage"] == {"assessed": 6, "total": 6, "missing": []}
    assert document["index"]["range"] == [retail.index.value] * 2
    assert document["index"]["provisional"] is False
    assert set(components["seam_ownership"]) >= {"value", "numerator", "denominator", "assessed"}
    assert "Order to resolution" in document["index"]["journeys"]


def test_markdown_has_index_and_known_finding_with_its_cell(retail):
    text = render(retail, "md").decode()
    assert f"**Index {retail.index.value} (" in text  # issue 11: the verdict in words
    assert "**SEAM001**" in text and "Handoffs!A3" in text
    assert "What to do:" in text


def test_html_report_is_self_contained_with_index_finding_graph_and_swimlanes(retail):
    page = render(retail, "html").decode()
    assert f"<span>{retail.index.value}</span>" in page
    assert "SEAM001" in page and "Handoffs!A3" in page
    assert "<iframe" in page and "vis.DataSet" in page and "<svg" in page
    assert 'src="http' not in page and 'href="http' not in page
    assert "@media print" in page


def test_html_escapes_user_text(hostile):
    page = render(hostile, "html").decode()
    assert HOSTILE not in page and "<script>alert(2)" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_markdown_escapes_user_text(hostile):
    text = render(hostile, "md").decode()
    assert HOSTILE not in text and "\\<img src=x onerror=alert(1)\\>" in text


def test_xlsx_report_sheets_links_comments_and_no_formulas(retail, hostile, tmp_path):
    path = write(retail, "xlsx", tmp_path / "retail.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Actions", "Findings", "RACI", "Import issues",
                               "Not assessed"]  # issue 11 adds the action log
    assert book["Summary"]["B3"].value == retail.index.value
    findings = book["Findings"]
    assert findings.freeze_panes == "A2" and findings.auto_filter.ref
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    seam = next(r for r in rows if r[1] == "SEAM001")
    assert seam[7] == "Handoffs!A3"
    link = next(c.hyperlink for c in findings["H"][1:] if c.value == "Handoffs!A3")
    assert (link.target, link.location) == ("retail_order_to_resolution.xlsx", "'Handoffs'!A3")
    matrix = book["RACI"]
    council = next(row for row in matrix.iter_rows(min_row=2) if row[0].value ==
                   "Approve goodwill refund")
    assert council[0].comment is not None and "OWN004" in council[0].comment.text
    assert council[0].fill.fgColor.rgb.endswith("F8D7DA")
    hostile_book = openpyxl.load_workbook(write(hostile, "xlsx", tmp_path / "hostile.xlsx"))
    for sheet in hostile_book:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value[:1] in "=+-@"), value
    matrix_names = [c.value for c in hostile_book["RACI"][1]]
    assert "'@Ops" in matrix_names


def test_sarif_points_at_the_workbook_cell(retail):
    log = json.loads(render(retail, "sarif"))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"OWN001", "STR002"}
    result = next(r for r in run["results"] if r["ruleId"] == "SEAM001")
    location = result["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == (
        "retail_order_to_resolution.xlsx")
    assert location["physicalLocation"]["region"] == {"startLine": 3, "startColumn": 1}
    assert location["logicalLocations"][0]["name"] == "Handoffs!A3"
    assert result["level"] == "error"


def test_junit_shows_findings_as_failed_cases(retail):
    suite = ET.fromstring(render(retail, "junit"))
    failures = suite.findall("testcase/failure")
    assert len(failures) == len(retail.result.findings) == int(suite.get("failures"))
    assert any("Handoffs!A3" in f.text for f in failures)
    assert suite.find("testcase[@classname='opmodel.STR001']") is not None  # passing rule


def test_check_gate_and_baseline(tmp_path, capsys):
    sample = str(SAMPLES / "bank_complaint_handling.xlsx")
    assert main(["check", sample, "--fail-on", "high"]) == 1
    assert main(["check", sample, "--fail-on", "critical"]) == 0
    baseline = tmp_path / "baseline.json"
    assert main(["baseline", sample, "-o", str(baseline)]) == 0
    assert main(["check", sample, "--fail-on", "low", "--baseline", str(baseline)]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text("nope")
    assert main(["check", sample, "--baseline", str(bad)]) == 2
    assert "not a baseline file" in capsys.readouterr().err


def test_rules_command_lists_the_catalog(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == len(REGISTRY) and "SEAM001" in out and "unowned-seam" in out
    assert "OBS005" in out and "unmapped-group" in out


def test_reports_hold_no_local_paths(retail, tmp_path):
    for fmt in ("json", "md", "html", "sarif", "junit", "text"):
        body = render(retail, fmt).decode()
        assert str(SAMPLES) not in body and "/work/" not in body and "/tmp/" not in body
