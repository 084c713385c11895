"""The README's Journeys and RACI screenshots, taken from the running app.

    python benchmarks/page_screenshots.py

Starts ``streamlit run app.py`` on a free loopback port (as tests/browser/conftest.py does),
opens a page in headless Chromium at 1300 x 860 and writes docs/screenshots/journeys.png
(retail sample, steps scrolled to the end: the lane names stay), raci_sections.png
(bare_raci.xlsx: section headings, findings beside the activity) and raci_paged.png (a
generated 5,000-activity workbook, paged).
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
from contextlib import contextmanager
from pathlib import Path

from opmodel.generate import GeneratorSpec, write_workbook

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"


@contextmanager
def app(sample: str, folder: Path | None = None) -> Iterator[str]:
    """The app serving ``sample`` (from ``folder`` if given) on a free port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "OPMODEL_SAMPLE": sample}
    if folder is not None:
        env["OPMODEL_SAMPLES_DIR"] = str(folder)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
         str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def shoot(browser: object, url: str, page_name: str, target: Path, wait_for: str,
          script: str | None = None) -> None:
    """Open the app, switch to ``page_name``, wait for ``wait_for`` text, save a shot."""
    page = browser.new_page(viewport={"width": 1300, "height": 860})  # type: ignore[attr-defined]
    page.goto(url)
    page.get_by_text("Fragmentation index").first.wait_for(timeout=180_000)
    page.get_by_role("radiogroup").get_by_text(page_name, exact=True).click()
    page.get_by_text(wait_for).first.wait_for(timeout=60_000)
    page.wait_for_timeout(2500)
    if script:
        page.frame_locator("iframe").first.locator("body").evaluate(script)
        page.wait_for_timeout(500)
    page.screenshot(path=str(target))
    page.close()
    print(target)


def main() -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox"])
        with app("retail_order_to_resolution.xlsx") as url:
            shoot(browser, url, "Journeys", SHOTS / "journeys.png", "Journey",
                  "b => { const s = b.querySelector('.lane-steps'); "
                  "s.scrollLeft = s.scrollWidth; }")
        with app("bare_raci.xlsx") as url:
            shoot(browser, url, "RACI", SHOTS / "raci_sections.png", "section headings")
        write_workbook(GeneratorSpec(activities=5000, teams=12, seed=3),
                       Path(folder) / "generated_5000.xlsx")
        with app("generated_5000.xlsx", Path(folder)) as url:
            shoot(browser, url, "RACI", SHOTS / "raci_paged.png", "Page 1 of")
        browser.close()


if __name__ == "__main__":
    main()
