"""How long the RACI page's pieces take on a big matrix (the page must stay responsive).

    PYTHONPATH=. python benchmarks/bench_raci.py WORKBOOK [--repeat 5]

Times, after one analysis: building the sparse matrix once (kept with the analysis in the
app), then what each click on the pager costs: cutting a page, making it formula-safe and
styling it (pandas Styler, as st.dataframe receives it). Medians of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from opmodel import views
from opmodel.analysis import analyze
from opmodel.ui.common import safe_frame
from opmodel.ui.raci import HEADING, shade


def _median(repeat: int, work: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    analysis = analyze(args.workbook)
    matrix = [views.raci_matrix(analysis.model, analysis.document)]

    def build() -> None:
        matrix[0] = views.raci_matrix(analysis.model, analysis.document)

    print(f"raci_matrix ({len(analysis.model.activities):,} activities): "
          f"{_median(args.repeat, build):.2f} s")

    def one_page(size: int = 200) -> None:
        shown = matrix[0].page(views.pages(len(matrix[0]), size) // 2, size)
        frame = safe_frame(shown)
        sections = list(frame[views.SECTION])
        roles = [c for c in frame.columns if c not in ("Activity", "Findings", views.SECTION)]
        frame.style.map(shade, subset=roles).apply(
            lambda r: [HEADING if sections[r.name] else ""] * len(r), axis=1).to_html()

    whole = _median(args.repeat, lambda: safe_frame(matrix[0].page(1, len(matrix[0]))))
    print(f"the whole matrix filled in and made formula-safe (what every click did before "
          f"paging): {whole:.2f} s")
    for size in views.PAGE_SIZES:
        print(f"one page of {size}: {_median(args.repeat, lambda s=size: one_page(s)):.3f} s")


if __name__ == "__main__":
    main()
