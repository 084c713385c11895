"""The app at scale, in a real browser: upload-to-index against the CLI, memory, and the
time of each interaction after the first analysis.

    python benchmarks/bench_app.py --activities 100000 --teams 20

Generates the model once into benchmarks/out/ (or takes --workbook), times
``opmodel analyze --format json`` on it, starts ``streamlit run app.py`` on a free port,
uploads the workbook in headless Chromium (Debian's /usr/bin/chromium via Playwright),
and times: upload to the index on screen, the server's RSS, opening the Graph page (the
seam map drawn), toggling escalations, highlighting a finding, one team expanded, a node's
neighbourhood, the Findings page, back to the Overview, and re-uploading the same file.
An interaction ends when Streamlit's "running" indicator has gone and the page's main
element is drawn. Bars (issue 12): upload-to-index <= 1.2x the CLI; RSS < 1.5 GB; each
interaction < 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
CHROMIUM = os.environ.get("OPMODEL_CHROMIUM", "/usr/bin/chromium")


def model_file(activities: int, teams: int) -> Path:
    """The generated workbook (created on first use)."""
    from opmodel.generate import GeneratorSpec, write_workbook

    path = OUT / f"model_{activities}x{teams}_seed0_wide.xlsx"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        write_workbook(GeneratorSpec(activities=activities, teams=teams), path)
    return path


def cli_seconds(workbook: Path) -> float:
    """Wall time of ``opmodel analyze --format json`` (exit 1 means findings: fine)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as sink:
        subprocess.run([sys.executable, "-m", "opmodel", "analyze", str(workbook),
                        "--format", "json"], cwd=ROOT, stdout=sink, check=False)
    return time.perf_counter() - started


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_app() -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
         str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "OPMODEL_SAMPLE": "retail_order_to_resolution.xlsx"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("streamlit did not start")


def settle(page: Any, timeout: float = 600.0) -> None:
    """Wait until Streamlit has finished the rerun the last action started."""
    page.wait_for_timeout(150)
    page.get_by_test_id("stStatusWidget").wait_for(state="hidden", timeout=timeout * 1000)


def graph_drawn(page: Any) -> None:
    """Wait until the graph frame shows a canvas with nodes."""
    frame = page.locator("iframe[src^='data:text/html']").first
    frame.wait_for(timeout=600_000)
    frame.content_frame.locator("canvas").first.wait_for(timeout=600_000)


def go(page: Any, name: str) -> None:
    page.get_by_test_id("stRadio").first.locator("label").filter(has_text=name).first.click()


def run(workbook: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, Any] = {"workbook": workbook.name,
                               "size_mb": round(workbook.stat().st_size / 2**20, 1)}
    figures["cli_analyze_json_s"] = round(cli_seconds(workbook), 2)
    process, url = start_app()
    timings: dict[str, float] = {}

    def timed(name: str, action: Callable[[], None], done: Callable[[], None]) -> None:
        started = time.perf_counter()
        action()
        done()
        timings[name] = round(time.perf_counter() - started, 2)
        print(f"{name}: {timings[name]} s", flush=True)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
                "--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.get_by_test_id("stMetricValue").first.wait_for(timeout=120_000)
            figures["rss_before_mb"] = round(rss_mb(process.pid))
            uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
            caption = page.get_by_text(f"{workbook.name} ·")

            def upload() -> None:
                uploader.set_input_files(str(workbook))

            def indexed() -> None:
                caption.wait_for(timeout=1_800_000)
                page.get_by_test_id("stMetricValue").first.wait_for(timeout=600_000)

            timed("upload to index", upload, indexed)
            figures["rss_after_upload_mb"] = round(rss_mb(process.pid))
            print(figures, flush=True)
            page.wait_for_timeout(1000)
            timed("open Graph (seam map drawn)", lambda: go(page, "Graph"),
                  lambda: (settle(page), graph_drawn(page)))
            timed("toggle escalations", lambda: page.get_by_text("Escalations", exact=True).click(),
                  lambda: (settle(page), graph_drawn(page)))
            page.screenshot(path=str(OUT / "app_seam_map_100k.png"))

            def highlight() -> None:
                page.get_by_test_id("stSelectbox").filter(has_text="Highlight").click()
                page.get_by_role("option").nth(1).click()

            timed("highlight a finding", highlight, lambda: (settle(page), graph_drawn(page)))
            timed("one team", lambda: page.get_by_text("One team").click(),
                  lambda: (settle(page), graph_drawn(page)))
            timed("around a node (the finding's subject)",
                  lambda: page.get_by_text("Around a node").click(),
                  lambda: (settle(page), graph_drawn(page)))
            timed("open Findings", lambda: go(page, "Findings"),
                  lambda: (settle(page), page.get_by_test_id("stDataFrame").first.wait_for()))
            timed("open Overview", lambda: go(page, "Overview"),
                  lambda: (settle(page), page.get_by_test_id("stMetricValue").first.wait_for()))
            figures["rss_after_interactions_mb"] = round(rss_mb(process.pid))
            timed("re-upload the same file", upload, lambda: (settle(page), indexed()))
            figures["rss_end_mb"] = round(rss_mb(process.pid))
            browser.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    figures["timings_s"] = timings
    figures["upload_vs_cli"] = round(timings["upload to index"]
                                     / figures["cli_analyze_json_s"], 2)
    figures["machine"] = f"{platform.machine()}, {os.cpu_count()} CPUs, Python " \
                         f"{platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--workbook", type=Path)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    workbook = args.workbook or model_file(args.activities, args.teams)
    figures = run(workbook)
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
