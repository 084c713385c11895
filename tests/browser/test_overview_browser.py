"""The app's overview in a real browser: the verdict with its coverage first, the moves,
the trend, the groups list, and downloads (the brief among them) named after the workbook,
never 'upload'."""

from __future__ import annotations

from pathlib import Path

from tests.browser.test_app_browser import _go

SHOTS = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "screenshots"


def test_overview_verdict_and_downloads_named_after_the_workbook(browser, app_url, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
    page.goto(app_url)
    page.get_by_text("components assessed").first.wait_for(timeout=60_000)
    page.locator("strong", has_text="What to fix").first.wait_for(timeout=30_000)
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=30_000)
    # the moves first, and the trend drawn from the history the server was given
    page.locator("strong", has_text="The moves that matter most").first.wait_for(timeout=30_000)
    page.locator("strong", has_text="The index over time").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / "app_overview_verdict.png"))
    _go(page, "Export")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="One-page brief").click()
    assert download.value.suggested_filename == "retail_order_to_resolution_brief.html"
    saved = tmp_path / "brief.html"
    download.value.save_as(saved)
    body = saved.read_text(encoding="utf-8")
    assert "Operating model brief: retail_order_to_resolution" in body
    assert "upload" not in body.lower()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Excel report with the action log").click()
    assert download.value.suggested_filename == "retail_order_to_resolution_fragmentation.xlsx"
    page.close()
