"""The HTML report in a real browser: it renders without the network, draws its graph,
and a hostile team name stays text (no script runs)."""

from __future__ import annotations

import re
from pathlib import Path

from opmodel.analysis import analyze
from opmodel.reports import write
from tests.conftest import SAMPLES, write_workbook

SHOTS = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "screenshots"


def _open(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_timeout(2500)
    return page, requests, dialogs


def test_report_renders_offline_with_its_graph(browser, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    report = write(analyze(SAMPLES / "retail_order_to_resolution.xlsx"), "html",
                   tmp_path / "report.html")
    page, requests, _ = _open(browser, report)
    groups = len(analyze(SAMPLES / "retail_order_to_resolution.xlsx").document["groups"])
    assert page.get_by_role("heading", name=f"What to fix ({groups})").is_visible()
    frame = page.locator("iframe").first.content_frame
    assert frame.locator("body").evaluate("() => network.body.data.nodes.length") > 20
    assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
    policy = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert "default-src 'none'" in policy and "img-src data:" in policy  # and vis.js still ran
    page.screenshot(path=str(SHOTS / "report_top.png"))
    page.close()


def test_hostile_names_stay_text(browser, tmp_path):
    hostile = "<img src=x onerror=alert(1)>"
    workbook = write_workbook(tmp_path / "hostile.xlsx", {
        "RACI": [["Activity", hostile, "Ops"], ["<script>alert(2)</script>", "A", "R"],
                 ["Ship", "R", "A"]]})
    report = write(analyze(workbook), "html", tmp_path / "hostile.html")
    page, _, dialogs = _open(browser, report)
    frame = page.locator("iframe").first.content_frame
    labels = frame.locator("body").evaluate(
        "() => network.body.data.nodes.get().map(n => n.label)")
    assert any(label.startswith(hostile) for label in labels)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert frame.locator("body").evaluate("document.querySelectorAll('img').length") == 0
    assert not any("alert" in s for s in page.evaluate(
        "[...document.scripts].map(s => s.textContent.slice(0, 200))"))
    assert dialogs == []
    page.close()


def test_script_named_model_runs_nothing_on_hover_in_report_and_diff(browser, tmp_path):
    from opmodel.compare import compare
    from opmodel.reports import compare as compare_reports
    from tests.browser.conftest import hostile_sheets

    sheets = hostile_sheets()
    workbook = write_workbook(tmp_path / "hostile.xlsx", sheets)
    extra = ["Ship the href", "Order", 4, "R", "A", ""]
    target = write_workbook(tmp_path / "target.xlsx", {"RACI": [*sheets["RACI"], extra]})
    report = write(analyze(workbook), "html", tmp_path / "hostile.html")
    diff = tmp_path / "diff.html"
    diff.write_bytes(compare_reports.render(compare(analyze(workbook), analyze(target)), "html"))
    for path in (report, diff):
        _hover_everything_safely(browser, path)


def _hover_everything_safely(browser, path: Path) -> None:
    from tests.browser.conftest import HOSTILE_TEAM, hover_and_click_every_node

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    # a sandbox that blocks alert() says so on the console: that counts as a run
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_timeout(2500)
    element = page.locator("iframe").first
    frame = element.content_frame
    assert any(label.startswith(HOSTILE_TEAM) for label in frame.locator("body").evaluate(
        "() => nodes.get().map(n => n.label)"))
    assert hover_and_click_every_node(page, element) >= 3
    assert frame.locator("body").evaluate("document.querySelectorAll('img').length") == 0
    assert dialogs == [] and errors == [], (path.name, dialogs, errors)
    # nothing but the report itself: an <img src=x> would have asked for file:///…/x
    assert [u for u in requests if not u.startswith(("data:", "about:", "blob:"))] == [
        path.as_uri()], requests
    page.close()


def _pages(pdf: bytes) -> int:
    """Pages in a PDF that Chromium wrote (one ``/Type /Page`` object each)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_brief_prints_on_one_page_on_a4_and_letter(browser, tmp_path):
    """The brief of every sample, and of a long-named model with many teams and journeys,
    prints on one page of A4 and of Letter, with its verdict and moves and no fetch."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    long = "Very long team name for the global customer operations function number"
    big = write_workbook(tmp_path / "Sprawling model.xlsx", {
        "Settings": [["Key", "Value"], ["name", "Sprawling model " + "x" * 120],
                     ["version", "3.2"], ["author", "Org design office"],
                     ["date", "2026-11-30"]],
        "RACI": [["Activity", "Journey", *[f"{long} {t}" for t in range(30)]],
                 *[[f"Step {i} of a process with a long name " * 3, f"Journey {i % 12}",
                    *(["R"] * 30)] for i in range(60)]]})
    samples = sorted(SAMPLES.glob("*.xlsx"))
    for workbook in [*samples, big]:
        brief = write(analyze(workbook), "brief", tmp_path / f"{workbook.stem}.html")
        page, requests, _ = _open(browser, brief)
        assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
        assert "Index" in page.locator(".verdict").inner_text()
        for size in ("A4", "Letter"):
            assert _pages(page.pdf(format=size)) == 1, (workbook.name, size)
        if workbook.name == "retail_order_to_resolution.xlsx":
            page.set_viewport_size({"width": 820, "height": 1160})
            page.screenshot(path=str(SHOTS / "brief.png"), full_page=True)
        page.close()
