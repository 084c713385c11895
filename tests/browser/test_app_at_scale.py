"""The app on the generated 100,000-activity model, in a real browser: the upload is
analysed, the seam map is readable (a few dozen lines, the rest folded and counted), and
search, a click that expands a team, a finding's highlight and the PNG export all work.

No timings are asserted here: benchmarks/bench_app.py measures them on this same model
(figures in benchmarks/README.md); this test says that every step works at that size.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opmodel.generate import GeneratorSpec, write_workbook
from tests.browser.test_app_browser import _go

ACTIVITIES, TEAMS = 100_000, 20


@pytest.fixture(scope="module")
def big_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    return write_workbook(GeneratorSpec(activities=ACTIVITIES, teams=TEAMS),
                          folder / "model_100k.xlsx")


def _frame(page):
    element = page.locator("iframe[src^='data:text/html']").first
    element.wait_for(timeout=120_000)
    frame = element.content_frame
    frame.locator("canvas").first.wait_for(timeout=120_000)
    return element, frame


def _settle(page) -> None:
    page.wait_for_timeout(300)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=300_000)


def _to_top(page) -> None:
    """Scroll the page back up (the graph frame is tall; the app's header would cover
    the widgets above it)."""
    page.mouse.move(700, 300)
    page.mouse.wheel(0, -5000)
    page.wait_for_timeout(300)


def _evaluate(frame, script: str):
    return frame.locator("body").evaluate(script)


def test_a_100k_model_is_explored_in_the_browser(browser, app_url, big_workbook, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page.goto(app_url)
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=60_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big_workbook))
    page.get_by_text(f"{big_workbook.name} ·").wait_for(timeout=900_000)
    assert "100,000 activities" in page.get_by_text(f"{big_workbook.name} ·").inner_text()
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=300_000)

    # the seam map: every team, a readable number of lines, the rest folded and counted
    _go(page, "Graph")
    element, frame = _frame(page)
    kinds = _evaluate(frame, "() => nodes.get().map(n => n.kind)")
    assert kinds.count("team") == TEAMS
    lines = _evaluate(frame, "() => edges.length")
    assert 0 < lines <= 2 * TEAMS
    folded = page.get_by_text(re.compile(r"lighter seams \([\d,]+ of [\d,]+ handoffs\) are "
                                         r"folded"))
    folded.wait_for(timeout=30_000)

    # a click on a team expands it into its work; the breadcrumb collapses it
    before = _evaluate(frame, "() => nodes.length")
    team = _evaluate(frame, "() => nodes.get().find(n => n.kind === 'team' && n.size > 20).id")
    spot = _evaluate(frame, f"() => network.canvasToDOM(network.getPositions(['{team}'])"
                            f"['{team}'])")
    box = frame.locator("#mynetwork").bounding_box()
    element.scroll_into_view_if_needed()
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    frame.locator("#crumbs .crumb").first.wait_for(timeout=30_000)
    assert _evaluate(frame, "() => nodes.length") > before
    frame.locator("#crumbs .crumb").first.click()
    assert _evaluate(frame, "() => nodes.length") == before

    # PNG export of the view as drawn
    with page.expect_download(timeout=60_000) as download:
        frame.locator("#png").click()
    png = tmp_path / "seam_map.png"
    download.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # a finding's highlight: its teams marked, the rest faded
    _to_top(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Highlight").click()
    page.get_by_role("option").nth(1).click()
    _settle(page)
    element, frame = _frame(page)
    marked = _evaluate(frame, "() => nodes.get().filter(n => n.borderWidth === 5).length")
    faded = _evaluate(frame, "() => nodes.get().filter(n => n.color && "
                             "n.color.background === '#e4e7eb').length")
    assert marked >= 1 and faded >= 1

    # search the whole model: an activity found by name, drawn with its neighbourhood
    _to_top(page)
    search = page.get_by_label("Search")
    search.fill("J00042 S01")
    search.press("Enter")
    _settle(page)
    _to_top(page)
    page.get_by_test_id("stSelectbox").filter(has_text="matches").click()
    page.get_by_role("option").filter(has_text="J00042 S01").first.click()
    _settle(page)
    element, frame = _frame(page)
    ids = _evaluate(frame, "() => nodes.getIds()")
    assert any(i.startswith("activity:j00042-s01") for i in ids)
    assert len(ids) in range(2, 301)  # the activity and its neighbours, capped
    page.close()
