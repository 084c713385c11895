"""The README's graph screenshots, drawn by the same code as the app's Graph page.

    python benchmarks/screenshots.py [--big WORKBOOK]

Writes docs/screenshots/seam_map_sample.png, team_expanded.png and
finding_highlighted.png from the retail sample (and seam_map_100k.png from --big) in
headless Chromium at 1300 x 760.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from opmodel.analysis import analyze
from opmodel.viz import findings_by_node, readable_seams, seam_view

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
SAMPLE = ROOT / "sample_models" / "retail_order_to_resolution.xlsx"


def shoot(browser: object, html: str, target: Path, script: str | None = None) -> None:
    """Open a page, let it draw (and run ``script``), save a screenshot."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "view.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1300, "height": 760})  # type: ignore[attr-defined]
        page.goto(path.as_uri())
        page.wait_for_timeout(1200)
        if script:
            page.evaluate(script)
            page.wait_for_timeout(800)
        page.screenshot(path=str(target))
        page.close()
    print(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=Path, help="a 100,000-activity workbook")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    analysis = analyze(SAMPLE)
    flagged = findings_by_node(analysis.result.findings)
    seam = next(f for f in analysis.result.findings if f.rule == "SEAM001")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox"])
        shoot(browser, seam_view(analysis.model, flagged, height="700px").html,
              SHOTS / "seam_map_sample.png")
        shoot(browser, seam_view(analysis.model, flagged, height="700px").html,
              SHOTS / "team_expanded.png", "expand('team:customer-service')")
        shoot(browser, seam_view(analysis.model, flagged, escalations=True, height="700px",
                                 highlight=[s.id for s in seam.subjects]).html,
              SHOTS / "finding_highlighted.png")
        if args.big:
            big = analyze(args.big)
            shoot(browser, seam_view(big.model, findings_by_node(big.result.findings),
                                     height="700px",
                                     seam_limit=readable_seams(len(big.model.teams))).html,
                  SHOTS / "seam_map_100k.png")
        browser.close()


if __name__ == "__main__":
    main()
