"""Issue 14 in a real browser: the uploads that killed the Streamlit server for every user.

Each is uploaded to one running server, one after another; the server must answer each
with one sentence naming the file (no traceback), stay up, and then analyse a normal
upload. Inputs are built by tests/safety/hostile.py in tmp_path.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

from tests.safety import hostile

SHOTS = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "screenshots"
_FAR_LABEL = [(0, 0, "Activity"), (1, 0, "Ship order"), (65535, 65535, "x")]


def _cases(tmp: Path) -> list[tuple[Path, str]]:
    """(file, words its sentence must hold)."""
    big = tmp / "big.csv"
    big.write_bytes(b"Activity,Sales\n" + b"Ship order,A\n" * (52 * 2**20 // 13))
    return [
        (hostile.cell_reference_disagrees(tmp / "row6.xlsx", "XFD1048576"), "10,000,000"),
        (hostile.shared_string_count(tmp / "strings.xlsx"), "uniqueCount"),
        (hostile.sheet_outside_worksheets(tmp / "outside.xlsx"), "xl/data/x.xml"),
        (hostile.sheets_sharing_a_part(tmp / "twelve.xlsx"), "12 sheet entries"),
        (hostile.merged_everything(tmp / "merged.xlsx"), "merges"),
        (hostile.legacy_xls(tmp / "legacy.csv", _FAR_LABEL), "2 GB memory limit"),
        (hostile.repeated_ods(tmp / "repeats.xlsx"), "OpenDocument"),
        (big, "50 MB upload limit"),
    ]


def _healthy(url: str) -> bool:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        return response.status == 200


def test_server_survives_every_hostile_upload(browser, app_url, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app_url)
    page.get_by_test_id("stMetricValue").first.wait_for(timeout=60_000)
    uploader = page.locator("section[data-testid='stSidebar'] input[type=file]").first
    for path, words in _cases(tmp_path):
        uploader.set_input_files(str(path))
        alert = page.get_by_test_id("stAlert").filter(has_text=path.name).first
        alert.wait_for(timeout=90_000)
        text = alert.inner_text().strip()
        assert words in text, (path.name, text)
        assert "\n" not in text and "Traceback" not in text, text
        assert page.get_by_test_id("stException").count() == 0
        assert _healthy(app_url), f"the server died on {path.name}"
    page.screenshot(path=str(SHOTS / "app_hostile_upload.png"))

    normal = hostile.openpyxl_raci(tmp_path / "normal.xlsx")
    uploader.set_input_files(str(normal))
    page.get_by_text("normal.xlsx ·").first.wait_for(timeout=60_000)
    value = page.get_by_test_id("stMetricValue").first
    value.wait_for(timeout=60_000)
    assert re.fullmatch(r"\d+ / 100", value.inner_text().strip())
    page.close()
