"""The app in a real browser: a sample loads, the index shows, the graph draws nodes on a
canvas, and a report downloads."""

from __future__ import annotations

import re
from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "screenshots"


def test_load_sample_see_index_graph_and_download(browser, app_url, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(app_url)
    value = page.get_by_test_id("stMetricValue").first
    value.wait_for(timeout=60_000)
    assert re.fullmatch(r"\d+ / 100", value.inner_text().strip())
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SHOTS / "app_overview.png"))

    page.get_by_role("tab", name="Graph").click()
    frame_element = page.locator("iframe").first
    frame_element.wait_for(timeout=30_000)
    frame = frame_element.content_frame
    frame.locator("canvas").first.wait_for(timeout=30_000)
    nodes = frame.locator("body").evaluate("() => network.body.data.nodes.length")
    assert nodes > 10
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / "app_graph.png"))

    page.get_by_role("tab", name="Export").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="HTML report").click()
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    assert "Fragmentation report" in saved.read_text(encoding="utf-8")
    page.close()
