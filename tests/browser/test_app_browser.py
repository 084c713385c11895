"""The app in a real browser: a sample loads, the index shows, the seam map draws at once
and can be searched, expanded and exported, a report downloads, and a model named with
script runs nothing and fetches nothing."""

from __future__ import annotations

import re
import time
from pathlib import Path

from tests.browser.conftest import BEACON, HOSTILE_TEAM, hostile_sheets, hover_and_click_every_node
from tests.conftest import write_workbook

SHOTS = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "screenshots"


def _go(page, name: str) -> None:
    """Open one page of the app through its navigation."""
    page.get_by_test_id("stRadio").first.locator("label").filter(
        has_text=re.compile(rf"^{re.escape(name)}$")).click()


def _graph_frame(page):
    frame_element = page.locator("iframe[src^='data:text/html']").first
    frame_element.wait_for(timeout=30_000)
    frame = frame_element.content_frame
    frame.locator("canvas").first.wait_for(timeout=30_000)
    return frame_element, frame


def test_load_sample_see_index_seam_map_and_download(browser, app_url, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page.goto(app_url)
    value = page.get_by_test_id("stMetricValue").first
    value.wait_for(timeout=60_000)
    assert re.fullmatch(r"\d+ / 100", value.inner_text().strip())

    started = time.monotonic()
    _go(page, "Graph")
    element, frame = _graph_frame(page)
    # 2 s is the goal (benchmarks/README.md has the figures); the suite allows for a
    # machine shared by many jobs
    assert time.monotonic() - started < 15
    teams = frame.locator("body").evaluate("() => nodes.get().map(n => n.kind)")
    assert set(teams) == {"team"} and len(teams) == 11
    assert frame.locator("body").evaluate("() => edges.length") <= 300
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / "app_seam_map.png"))

    # search focuses a node; a click on a team expands it; the breadcrumb collapses it
    frame.locator("#find").fill("Customer Service")
    frame.locator("#find").press("Enter")
    assert frame.locator("body").evaluate("() => network.getSelectedNodes()") == [
        "team:customer-service"]
    before = frame.locator("body").evaluate("() => nodes.length")
    frame.locator("body").evaluate("() => expand('team:customer-service')")
    assert frame.locator("body").evaluate("() => nodes.length") > before
    assert "Customer Service" in frame.locator("#crumbs").inner_text()
    frame.locator("#crumbs .crumb").first.click()
    assert frame.locator("body").evaluate("() => nodes.length") == before

    with page.expect_download(timeout=20_000) as download:
        frame.locator("#png").click()
    png = tmp_path / "view.png"
    download.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download(timeout=20_000) as download:
        frame.locator("#svg").click()
    svg = tmp_path / "view.svg"
    download.value.save_as(svg)
    assert "Customer Service" in svg.read_text(encoding="utf-8")
    del element

    _go(page, "Export")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="HTML report").click()
    saved = tmp_path / "report.html"
    download.value.save_as(saved)
    assert "Fragmentation report" in saved.read_text(encoding="utf-8")
    page.close()


def test_script_named_model_runs_nothing_in_the_app(browser, app_url, tmp_path):
    workbook = write_workbook(tmp_path / "hostile.xlsx", hostile_sheets())
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    dialogs: list[str] = []
    errors: list[str] = []
    outside: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((app_url, "data:", "blob:", "about:")) else None)
    page.goto(app_url)
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=60_000)
    title = page.title()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(workbook))
    page.get_by_text("hostile.xlsx ·").wait_for(timeout=60_000)

    _go(page, "Graph")
    element, frame = _graph_frame(page)
    labels = frame.locator("body").evaluate("() => nodes.get().map(n => n.label)")
    assert any(label.startswith(HOSTILE_TEAM) for label in labels)
    assert hover_and_click_every_node(page, element) > len(labels)  # expansions hovered too
    assert frame.locator("body").evaluate("() => document.querySelectorAll('img').length") == 0
    assert frame.locator("body").evaluate("() => origin") == "null"  # opaque: no same-origin

    _go(page, "Findings")
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=30_000)
    page.get_by_test_id("stDataFrame").first.click(position={"x": 14, "y": 50})
    page.wait_for_timeout(1500)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert dialogs == [] and outside == [], (dialogs, outside)
    assert not [e for e in errors if "alert" in e or "evil" in e], errors
    assert page.title() == title
    assert BEACON  # the name is in the model: the checks above prove it fetched nothing
    page.close()
