"""Current vs target: findings resolved / new / unchanged, the index before and after, the
structural changes, renames, and the comparison report in every format."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import openpyxl
import pytest

from opmodel.analysis import analyze
from opmodel.compare import compare, parse_rename
from opmodel.errors import ConfigError
from opmodel.reports.compare import FORMATS, render, write
from tests.conftest import SAMPLES, write_workbook

PAIRS = SAMPLES / "pairs"
CURRENT = PAIRS / "retail_current.xlsx"
TARGET = PAIRS / "retail_target.xlsx"
HOSTILE = "<img src=x onerror=alert(1)>"

CS, CC = "Customer Service", "Customer Care"
DELIVERY_PROMISE = "Change delivery promise shown at checkout"
ENQUIRY = "Answer delivery status enquiry"
EXPECTED_RESOLVED = {
    ("OWN004", ("Approve goodwill refund", "CX Council")),
    ("OWN008", ("Loyalty Programme",)),
    ("SEAM001", ("E-commerce Sales", CS)),
    ("SEAM001", ("ParcelGo Couriers", CS)),
    ("SEAM003", ("ParcelGo Couriers", CS)),
    ("SEAM004", ("ParcelGo Couriers", CS)),
    ("DATA005", ("Carrier Tracking Portal",)),
    # the redesign's journey owners, levers and measures (issue 10's rules)
    ("OWN009", ("Delivery promise kept",)),
    ("GOV003", (DELIVERY_PROMISE,)),
    ("GOV004", ("Courier first-attempt delivery rate", "CX Insights")),
    ("GOV005", ("Returns",)),
    ("GOV006", ("E-commerce Sales",)),
    ("JRN001", ("Order to resolution",)),
    ("JRN002", ("Returns", "CX Insights")),
}
EXPECTED_NEW = {
    ("SEAM003", (CC, "Returns Centre")),
    ("DATA005", ("Returns Portal",)),
    ("ESC002", ("Returns Centre", "Head of Customer Operations")),
    ("GOV007", ("E-commerce Sales", DELIVERY_PROMISE)),
    ("JRN003", ("Order to resolution", CC)),
    # the target's new customer metric drives an activity, not a decision (issue 10: GOV002)
    ("GOV002", ("Return experience CSAT",)),
}
EXPECTED_UNCHANGED = {
    ("OWN001", (DELIVERY_PROMISE,)),
    ("OWN005", ("Delivery promise kept", "E-commerce Sales")),
    ("SEAM002", ("Payments & Fraud", "Fulfilment Operations", "Commerce Platform IT")),
    ("SEAM003", ("Returns Centre", "Payments & Fraud")),
    ("DATA001", ("Feedback Survey Platform",)),
    ("DATA002", ("Answer delivery status enquiry", CC, "Warehouse Management System")),
    ("DATA003", (CC, "Warehouse Management System")),
    ("DATA004", ("Web Storefront", "Customer Service CRM")),
    ("ESC001", (DELIVERY_PROMISE,)),
    ("GOV001", ("Refund cycle time (days)",)),
    ("GOV002", ("Net Promoter Score",)),
    # linked to activities, not decisions (issue 10: GOV002 asks for a decision)
    ("GOV002", ("First contact resolution",)),
    ("GOV002", ("Delivery promise accuracy",)),
    ("GOV002", ("Refund cycle time (days)",)),
    ("GOV002", ("Returns processed within 5 days",)),
    ("GOV002", ("Courier first-attempt delivery rate",)),
}


def keys(findings):
    return {(f.rule, tuple(s.name for s in f.subjects)) for f in findings}


def changes(comparison):
    return {(c.kind, c.type, c.name) for c in comparison.changes}


@pytest.fixture(scope="module")
def current():
    return analyze(CURRENT)


@pytest.fixture(scope="module")
def target():
    return analyze(TARGET)


@pytest.fixture(scope="module")
def pair(current, target):
    return compare(current, target)


def test_verdict_says_critical_once_a_config_makes_a_rule_critical(tmp_path):
    config = tmp_path / "opmodel.toml"
    config.write_text('[severity]\nOWN001 = "critical"\n')
    verdict = compare(analyze(CURRENT, config=config), analyze(TARGET, config=config)).verdict()
    assert "leaves 16 as they were, 4 of them critical or high, among them" in verdict


# --------------------------------------------------------------------------- the sample pair


def test_sample_pair_is_built_by_its_script(tmp_path):
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("build_pair", PAIRS / "build_pair.py")
    assert spec and spec.loader
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main([str(tmp_path)])
    for name in ("retail_current.xlsx", "retail_target.xlsx"):
        assert (tmp_path / name).read_bytes() == (PAIRS / name).read_bytes(), name


def test_sample_pair_findings_resolved_new_and_unchanged(pair):
    assert keys(pair.resolved) == EXPECTED_RESOLVED
    assert keys(pair.new) == EXPECTED_NEW
    assert keys(pair.unchanged) == EXPECTED_UNCHANGED
    assert len(pair.resolved) == 14 and len(pair.new) == 6 and len(pair.unchanged) == 16


def test_resolved_read_as_in_current_and_new_as_in_target(pair, current, target):
    assert {f.fingerprint for f in pair.resolved} <= {f.fingerprint for f in
                                                       current.result.findings}
    assert {f.fingerprint for f in pair.new + pair.unchanged} == {
        f.fingerprint for f in target.result.findings}
    seam = next(f for f in pair.resolved if f.rule == "SEAM001" and f.cell == "Handoffs!A3")
    assert "Customer Service" in seam.message


def test_index_before_and_after(pair):
    rows = pair.index_rows()
    overall = rows[0]
    assert (overall.scope, overall.before, overall.after) == ("", 17, 7)
    seams = overall.components["seam_ownership"]
    assert (seams[0].numerator, seams[0].denominator) == (9, 13)
    assert (seams[1].numerator, seams[1].denominator) == (11, 14)
    clarity = overall.components["accountability_clarity"]
    assert (clarity[0].numerator, clarity[1].numerator) == (16, 19)
    journeys = {r.scope: (r.before, r.after) for r in rows[1:]}
    assert journeys == {"Order to resolution": (16, 5), "Returns": (5, 4)}


def test_structural_changes_of_the_pair(pair):
    assert changes(pair) == {
        ("renamed", "team", "Customer Service → Customer Care"),
        ("removed", "team", "Loyalty Programme"),
        ("changed", "system", "Carrier Tracking Portal"),
        ("added", "system", "Returns Portal"),
        ("changed", "activity", "Register return request"),
        ("changed", "handoff", f"E-commerce Sales → Customer Care ('{ENQUIRY}')"),
        ("added", "handoff", f"ParcelGo Couriers → Customer Care ('{ENQUIRY}')"),
        ("added", "handoff", "Customer Care → Returns Centre ('Inspect and grade returned item')"),
        ("added", "escalation", "Returns Centre → Head of Customer Operations"),
        ("changed", "assignment", "Customer Care on 'Approve goodwill refund'"),
        ("changed", "assignment", "CX Council on 'Approve goodwill refund'"),
        ("added", "access", "Customer Care on Returns Portal"),
        ("added", "access", "Returns Centre on Returns Portal"),
        ("changed", "decision_right", "Customer Care on 'Approve goodwill refund'"),
        # issue 10: journey owners, a metric moved and one added, one doer for the promise,
        # a frontline right, and escalations routed through the council
        ("changed", "journey", "Order to resolution"),
        ("changed", "journey", "Returns"),
        ("changed", "metric", "Courier first-attempt delivery rate"),
        ("added", "metric", "Return experience CSAT"),
        *(("changed", "assignment", f"{team} on 'Delivery promise kept'")
          for team in (CC, "ParcelGo Couriers", "Commerce Platform IT", "Returns Centre")),
        ("changed", "decision_right", f"E-commerce Sales on '{DELIVERY_PROMISE}'"),
        ("added", "escalation", f"{CC} → CX Council"),
        ("added", "escalation", "CX Council → Head of Customer Operations"),
        ("removed", "escalation", f"{CC} → Head of Customer Operations"),
    }
    assert by_name_of(pair, "Order to resolution").detail == (
        "owner: none → Head of Customer Operations")
    by_name = {c.name: c for c in pair.changes}
    handoff = by_name["E-commerce Sales → Customer Care ('Answer delivery status enquiry')"]
    assert handoff.detail == "no owner, SLA 24 h → owner Customer Care, SLA 24 h"
    assert [str(r) for r in handoff.before] == ["Handoffs!A3"]
    assert [str(r) for r in handoff.after] == ["Handoffs!A3"]
    assert by_name["CX Council on 'Approve goodwill refund'"].detail == "A → C"
    assert [str(r) for r in by_name["CX Council on 'Approve goodwill refund'"].before] == [
        "RACI!L8"]
    assert by_name["Carrier Tracking Portal"].detail == "owner: none → Fulfilment Operations"
    assert [str(r) for r in by_name["Returns Portal"].after] == ["Systems!B9"]
    assert [str(r) for r in by_name["Loyalty Programme"].before] == ["Teams!A12"]


def by_name_of(pair, name):
    return next(c for c in pair.changes if c.name == name)


def test_verdict_names_counts_things_and_the_index(pair):
    verdict = pair.verdict()
    assert verdict.startswith("This redesign closes 14 findings — 2 unowned seams "
                              "(E-commerce Sales → Customer Service and ParcelGo Couriers → "
                              "Customer Service), an advisory-only owner (CX Council on "
                              "'Approve goodwill refund')")
    assert ("one 'journey that crosses teams with no end-to-end owner' finding "
            "(Order to resolution)") in verdict
    assert "opens 6 — " in verdict and "an unowned system (Returns Portal)" in verdict
    # no rule of the catalog is critical, so the verdict never says "critical"
    assert "leaves 16 as they were, 4 of them high, among them" in verdict
    assert "critical" not in verdict
    assert "falls from 17 to 7" in verdict
    assert "decision authority rising from 3 of 5 to 4 of 5" in verdict
    assert "renames Customer Service to Customer Care" in verdict
    assert "\n" not in verdict


def test_new_at_least(pair):
    low = {("GOV007", ("E-commerce Sales", DELIVERY_PROMISE)),
           ("GOV002", ("Return experience CSAT",))}
    assert keys(pair.new_at_least("medium")) == EXPECTED_NEW - low
    assert keys(pair.new_at_least("high")) == {("JRN003", ("Order to resolution", CC))}
    assert len(pair.new_at_least("info")) == 6


# --------------------------------------------------------------------------- renames


def test_a_renamed_team_is_one_renamed_change_and_keeps_its_findings(pair):
    team_changes = [c for c in pair.changes if c.type == "team"]
    assert {(c.kind, c.name) for c in team_changes} == {
        ("renamed", "Customer Service → Customer Care"), ("removed", "Loyalty Programme")}
    renamed = next(c for c in team_changes if c.kind == "renamed")
    assert [str(r) for r in renamed.before] == ["Teams!A3"]
    assert [str(r) for r in renamed.after] == ["Teams!A3"]
    assert pair.renamed["team:customer-service"] == "team:customer-care"
    unchanged = keys(pair.unchanged)
    assert ("DATA002", ("Answer delivery status enquiry", CC, "Warehouse Management System")) \
        in unchanged
    assert ("DATA003", (CC, "Warehouse Management System")) in unchanged
    # relations of the renamed team are matched through the rename, not removed and added
    assert not [c for c in pair.changes if c.kind in {"added", "removed"}
                and c.type in {"access", "assignment", "decision_right", "escalation"}
                and (CS in c.name or CC in c.name) and "Returns Portal" not in c.name
                # the target routes Customer Care's escalation through the CX Council
                and c.name not in {f"{CC} → CX Council", f"{CC} → Head of Customer Operations"}]


@pytest.fixture(scope="module")
def target_without_renames_sheet(tmp_path_factory):
    path = tmp_path_factory.mktemp("norenames") / "retail_target.xlsx"
    book = openpyxl.load_workbook(TARGET)
    del book["Renames"]
    book.save(path)
    return analyze(path)


def test_without_the_rename_the_team_is_removed_and_added(current, target_without_renames_sheet):
    comparison = compare(current, target_without_renames_sheet)
    team_changes = {(c.kind, c.name) for c in comparison.changes if c.type == "team"}
    assert ("removed", CS) in team_changes and ("added", CC) in team_changes
    assert ("DATA003", (CS, "Warehouse Management System")) in keys(comparison.resolved)
    assert ("DATA003", (CC, "Warehouse Management System")) in keys(comparison.new)


@pytest.mark.parametrize("spelling", ["Customer Service -> Customer Care",
                                      "team: customer  SERVICE → customer care",
                                      "Customer Service => Customer Care"])
def test_renames_argument_does_what_the_sheet_does(current, target_without_renames_sheet, pair,
                                                   spelling):
    comparison = compare(current, target_without_renames_sheet, renames=[spelling])
    assert keys(comparison.resolved) == EXPECTED_RESOLVED
    assert keys(comparison.new) == EXPECTED_NEW
    assert keys(comparison.unchanged) == EXPECTED_UNCHANGED
    assert changes(comparison) == changes(pair)


def test_a_rename_that_matches_nothing_is_noted(current, target):
    comparison = compare(current, target, renames=["Nobody -> Somebody"])
    assert any("'Nobody' → 'Somebody' was not applied" in n for n in comparison.notes)
    assert keys(comparison.unchanged) == EXPECTED_UNCHANGED


def test_parse_rename():
    rename = parse_rename("system: CRM → Care CRM")
    assert (rename.old, rename.new, rename.kind) == ("CRM", "Care CRM", "system")
    # a colon that is not a kind belongs to the name
    assert parse_rename("Ops: EU -> Ops: Europe").old == "Ops: EU"
    for bad in ("Sales", "-> Growth", "Sales ->"):
        with pytest.raises(ConfigError):
            parse_rename(bad)


# --------------------------------------------------------------------------- no change


def test_identical_models_change_nothing(current):
    comparison = compare(current, analyze(CURRENT))
    assert comparison.resolved == () and comparison.new == () and comparison.changes == ()
    assert len(comparison.unchanged) == len(current.result.findings)
    assert all(not row.moved for row in comparison.index_rows())
    assert comparison.verdict().startswith("The two models are the same")


def _shuffle_rows(source: Path, path: Path, seed: int) -> Path:
    """Every sheet's data rows (below the header) in a random order."""
    book = openpyxl.load_workbook(source)
    rng = random.Random(seed)
    for sheet in book.worksheets:
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        rng.shuffle(rows)
        for r, values in enumerate(rows, start=2):
            for c, value in enumerate(values, start=1):
                sheet.cell(row=r, column=c).value = value  # (value=None would not clear)
    book.save(path)
    return path


@pytest.mark.parametrize("seed", [1, 2])
def test_a_target_that_only_reorders_rows_changes_nothing(current, tmp_path, seed):
    shuffled = analyze(_shuffle_rows(CURRENT, tmp_path / "shuffled.xlsx", seed))
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(tmp_path / "shuffled.xlsx")[
        "RACI"].iter_rows(min_row=2, max_row=4)]
    assert rows != [[c.value for c in r] for r in openpyxl.load_workbook(CURRENT)[
        "RACI"].iter_rows(min_row=2, max_row=4)]
    comparison = compare(current, shuffled)
    assert comparison.resolved == () and comparison.new == ()
    assert comparison.changes == ()
    assert len(comparison.unchanged) == len(current.result.findings)
    assert comparison.index_rows()[0].after == current.index.value


def test_a_reordered_and_renamed_target_matches_the_pair(current, pair, tmp_path):
    shuffled = analyze(_shuffle_rows(TARGET, tmp_path / "target.xlsx", 3))
    comparison = compare(current, shuffled)
    assert keys(comparison.resolved) == EXPECTED_RESOLVED
    assert keys(comparison.new) == EXPECTED_NEW
    assert changes(comparison) == changes(pair)


# --------------------------------------------------------------------------- contract


def test_json_contract(pair):
    document = json.loads(render(pair, "json"))
    assert set(document) == {"current", "target", "resolved", "new", "unchanged", "changes"}
    for side, value in (("current", 17), ("target", 7)):
        assert document[side]["index"]["value"] == value
        assert set(document[side]["index"]) >= {"value", "components", "journeys",
                                                "coverage", "range", "provisional"}
        assert document[side]["model"]["name"] == f"Brightcart ({side})"
    for bucket in ("resolved", "new", "unchanged"):
        for finding in document[bucket]:
            assert set(finding) >= {"rule", "slug", "severity", "message", "remediation",
                                    "fingerprint", "subjects", "locations", "evidence"}
    assert len(document["resolved"]) == 14 and len(document["new"]) == 6
    change = next(c for c in document["changes"] if c["kind"] == "renamed")
    assert set(change) >= {"kind", "type", "name", "locations"}
    assert change["type"] == "team" and change["name"] == "Customer Service → Customer Care"
    assert change["locations"] == [
        {"sheet": "Teams", "row": 3, "column": "A", "cell": "A3", "workbook": "current"},
        {"sheet": "Teams", "row": 3, "column": "A", "cell": "A3", "workbook": "target"}]
    assert {c["kind"] for c in document["changes"]} == {"renamed", "removed", "added",
                                                        "changed"}


def test_text_report_reads_well(pair):
    text = render(pair, "text").decode()
    assert text.startswith("Current vs target: Brightcart (current) → Brightcart (target)")
    assert "RESOLVED (14)" in text and "NEW (6)" in text and "UNCHANGED (16)" in text
    assert "Seam ownership              9/13 (77%)      11/14 (89%)" in text
    assert "renamed  team            Customer Service → Customer Care" in text
    assert "[Handoffs!A3 → Handoffs!A3]" in text
    assert max(len(line) for line in text.splitlines() if not line.startswith("    ")) <= 100


def test_html_report_is_self_contained_with_both_graphs_and_a_toggle(pair):
    page = render(pair, "html").decode()
    assert page.count("<iframe") == 2 and page.count("vis.DataSet") >= 2
    assert 'src="http' not in page and 'href="http' not in page
    assert 'id="show-all"' in page and "#show-all:not(:checked) ~ .report .same" in page
    assert "Customer Service → Customer Care" in page and "RACI!L8" in page
    assert "17</span>" in page and "7</span>" in page
    assert 'class="unchanged same"' in page


def test_markdown_report(pair):
    text = render(pair, "md").decode()
    assert "| **Index** | **17** | **7** |" in text
    assert "## Resolved (14)" in text and "## Structural changes (26)" in text


def test_xlsx_report_sheets(pair, tmp_path):
    book = openpyxl.load_workbook(write(pair, "xlsx", tmp_path / "c.xlsx"))
    assert book.sheetnames == ["Summary", "Resolved", "New", "Unchanged", "Changes"]
    assert book["Resolved"].max_row == 15 and book["New"].max_row == 7
    assert book["Unchanged"].max_row == 17 and book["Changes"].max_row == 27
    assert book["Summary"]["A4"].value.startswith("This redesign closes 14 findings")


# --------------------------------------------------------------------------- hostile names


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    teams = [["name", "kind"], [HOSTILE, "committee"], ["@Ops", "team"], ["Sales", "team"]]
    raci = [["Activity", HOSTILE, "@Ops", "Sales"],
            ["+Refund </script><script>alert(2)</script>", "A", "R", ""],
            ["Quote", "", "R", "A"], ["Ship", "", "A/R", ""]]
    before = write_workbook(folder / "before.xlsx", {"Teams": teams, "RACI": raci})
    renamed = "-Ops <b>team</b>"
    after = write_workbook(folder / "after.xlsx", {
        "Teams": [row if row[0] != "@Ops" else [renamed, "team"] for row in teams]
        + [["+Danger", "team"]],
        "RACI": [[renamed if c == "@Ops" else c for c in row] for row in raci[:3]]
        + [["Ship", "", "", "A/R"], ["@Pack", "", "R", "A"]],
        "Renames": [["old", "new", "kind"], ["@Ops", renamed, "team"]],
    })
    return compare(analyze(before), analyze(after))


def test_hostile_comparison_is_matched_through_the_rename(hostile):
    assert ("renamed", "team", "@Ops → -Ops <b>team</b>") in changes(hostile)
    assert ("added", "team", "+Danger") in changes(hostile)
    assert ("added", "activity", "@Pack") in changes(hostile)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_a_hostile_comparison(hostile, fmt, tmp_path):
    data = render(hostile, fmt)
    assert len(data) > 200
    if fmt == "html":
        page = data.decode()
        assert HOSTILE not in page and "<script>alert(2)" not in page
        assert "<b>team</b>" not in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
    elif fmt == "md":
        text = data.decode()
        assert HOSTILE not in text and "\\<img src=x onerror=alert(1)\\>" in text
    elif fmt == "json":
        document = json.loads(data)
        assert any(c["name"] == "@Ops → -Ops <b>team</b>" for c in document["changes"])
    elif fmt == "text":
        assert "-Ops <b>team</b>" in data.decode()


def test_xlsx_neutralises_formulas(hostile, tmp_path):
    path = write(hostile, "xlsx", tmp_path / "hostile.xlsx")
    book = openpyxl.load_workbook(path)
    seen = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    seen.append(cell.value)
                    assert not cell.value.startswith(("=", "+", "-", "@")), cell.value
    assert "'+Danger" in seen and "'@Ops → -Ops <b>team</b>" in seen
    assert "'@Pack" in seen


def test_write_to_a_file_for_every_format(pair, tmp_path):
    for fmt in FORMATS:
        out = write(pair, fmt, tmp_path / f"diff.{fmt}")
        assert out.stat().st_size > 500
    shutil.rmtree(tmp_path)
