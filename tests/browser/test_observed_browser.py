"""The Observed tab in a real browser: the real ServiceNow export uploaded and recognised,
then a demo log drawn as a seam map."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_app_browser import _go

SHOTS = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "screenshots"
SERVICENOW = Path(__file__).resolve().parents[3] / "shared" / "eventlogs" / \
    "servicenow_incidents.csv"


def test_upload_a_real_log_then_see_the_seam_map(browser, app_url):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_url)
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=60_000)
    _go(page, "Observed")
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Ticket or case log")
    uploader.wait_for(timeout=30_000)
    uploader.locator("input[type=file]").set_input_files(str(SERVICENOW))
    page.get_by_text("recognised as servicenow").wait_for(timeout=60_000)
    page.get_by_text("Unmapped groups (61)").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SHOTS / "app_observed_servicenow.png"), full_page=True)

    page.get_by_text("Generate a demo log from this model").click()
    page.get_by_text("recognised as generic").wait_for(timeout=60_000)
    # The page reruns after the click: wait for the demo log's map, not the previous one.
    edges = page.locator("[data-testid='stGraphVizChart'] svg").first.locator("g.edge")
    expect(edges.nth(5)).to_be_attached(timeout=60_000)
    assert page.get_by_text("Ping-pong seams (1)").count() == 1
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SHOTS / "app_observed_demo.png"), full_page=True)
    assert not errors, errors
    page.close()
