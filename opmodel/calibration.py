"""The worked figures of every sample model, for docs/index.md (generated, never typed).

    python -m opmodel.calibration            # rewrites the figures block of docs/index.md
    python -m opmodel.calibration --check    # exit 1 when the block is out of date

The block sits between two HTML comments in docs/index.md; a test fails when it is stale,
so the calibration the bands rest on cannot drift from what the code computes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "index.md"
SAMPLES = ROOT / "sample_models"
START, END = "<!-- figures:start (python -m opmodel.calibration) -->", "<!-- figures:end -->"
SHORT = {"accountability_clarity": "acc", "seam_ownership": "seams",
         "data_continuity": "data", "escalation_coverage": "esc",
         "decision_authority": "dec", "measurement": "meas"}


def figures() -> str:
    """A table: each sample's index, band, coverage, range and components (sound/units, value)."""
    from opmodel.analysis import analyze
    from opmodel.score import verdict

    head = ["sample", "verdict", *SHORT.values(), "journeys", "move 1"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for path in sorted(SAMPLES.glob("*.xlsx")) + sorted((SAMPLES / "pairs").glob("*.xlsx")):
        analysis = analyze(path)
        index = analysis.index.as_dict()
        cells = [f"`{path.relative_to(SAMPLES)}`", verdict(index)]
        for name in SHORT:
            c = index["components"][name]
            cells.append(f"{c['numerator']}/{c['denominator']} ({c['value']:.2f})"
                         if c["assessed"] else "—")
        cells.append(", ".join(f"{j} {v['value']}" for j, v in index["journeys"].items())
                     or "—")
        moves = analysis.document["moves"]
        cells.append(f"{moves[0]['title']} → {moves[0]['index_after']}" if moves else "—")
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def render(page: str) -> str:
    """The page with its figures block regenerated."""
    before, _, rest = page.partition(START)
    _, _, after = rest.partition(END)
    return f"{before}{START}\n{figures()}\n{END}{after}"


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the block, or with --check exit 1 when it is stale."""
    args = list(sys.argv[1:] if argv is None else argv)
    page = PAGE.read_text(encoding="utf-8")
    fresh = render(page)
    if "--check" in args:
        if fresh != page:
            print(f"{PAGE} is out of date: run python -m opmodel.calibration")
            return 1
        return 0
    PAGE.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
