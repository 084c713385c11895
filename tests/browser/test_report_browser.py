"""The HTML report in a real browser: it renders without the network, draws its graph,
and a hostile team name stays text (no script runs)."""

from __future__ import annotations

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
    assert page.get_by_role("heading", name="The four components").is_visible()
    frame = page.locator("iframe").first.content_frame
    assert frame.locator("body").evaluate("() => network.body.data.nodes.length") > 20
    assert all(url.startswith(("file:", "data:", "about:")) for url in requests), requests
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
    assert hostile in labels
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert frame.locator("body").evaluate("document.querySelectorAll('img').length") == 0
    assert not any("alert" in s for s in page.evaluate(
        "[...document.scripts].map(s => s.textContent.slice(0, 200))"))
    assert dialogs == []
    page.close()
