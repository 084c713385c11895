"""A real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright for Python)
and a real ``streamlit run app.py`` on a free port.

Without Chromium the tests skip locally and fail in CI (CI=true), where .ci/run installs it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("OPMODEL_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(item.path).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium, shared by the session."""
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _history() -> Path:
    """Two earlier analyses of the default sample, so the overview has a trend to draw."""
    from opmodel.cli import main

    folder = Path(tempfile.mkdtemp(prefix="opmodel-history-"))
    for _ in range(2):
        main(["analyze", str(ROOT / "sample_models" / "retail_order_to_resolution.xlsx"),
              "--history", str(folder), "-o", str(folder / "report.txt")])
    return folder


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port, stopped after the session."""
    port = _free_port()
    env = {**os.environ, "OPMODEL_SAMPLE": "retail_order_to_resolution.xlsx",
           "OPMODEL_HISTORY_DIR": str(_history())}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
         str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        output = process.stdout.read().decode() if process.stdout else ""
        pytest.fail(f"streamlit did not start on {url}:\n{output[-2000:]}")
    yield url
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


HOSTILE_TEAM = "<img src=x onerror=alert(document.domain)>"
BEACON = "![b](http://evil.example/beacon.png)"


def hostile_sheets() -> dict[str, list[list[object]]]:
    """A model whose names are script, a Markdown beacon, a formula, and text with "href"
    (which made pyvis switch its tooltip to innerHTML)."""
    return {"RACI": [["Activity", "Journey", "Step", HOSTILE_TEAM, "Ops", "=HYPERLINK(1)"],
                     ["Follow the href link", "Order", 1, "A", "R", ""],
                     [BEACON, "Order", 2, "R", "A", "C"],
                     ["<script>alert(2)</script>", "Order", 3, "", "A", "R"]]}


def hover_and_click_every_node(page, frame_locator) -> int:
    """Move the mouse over every node drawn in a vis-network frame, click each (which
    expands a team on the seam map), then hover everything again, expansions included.
    Returns how many nodes were hovered last."""
    frame = frame_locator.content_frame
    frame_locator.scroll_into_view_if_needed()

    def spots() -> list[tuple[float, float]]:
        found = frame.locator("body").evaluate(
            "() => nodes.getIds().map(id => { const p = network.getPositions([id])[id];"
            " return p ? network.canvasToDOM(p) : null; }).filter(p => p)")
        bar = frame.locator("#mynetwork").bounding_box()
        return [(bar["x"] + s["x"], bar["y"] + s["y"]) for s in found]

    for x, y in spots():
        page.mouse.move(x, y)
        page.wait_for_timeout(150)
        page.mouse.click(x, y)
        page.wait_for_timeout(150)
    last = spots()
    for x, y in last:
        page.mouse.move(x, y)
        page.wait_for_timeout(150)
    return len(last)
