"""Speed of everything after the import, at scale: rules, index, graph, reports, the app.

    python benchmarks/bench_analysis.py --activities 100000 --teams 20 --repeat 3

Generates the synthetic model once into benchmarks/out/ (deterministic seed), then prints
medians (and min-max) per stage. Bars (DESIGN §7 and the issues): all rules < 10 s on the
100,000-activity model; each report < 30 s; each sample's app overview < 2 s.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def timed(action: Callable[[], Any], repeat: int) -> tuple[float, float, float]:
    """(median, min, max) seconds of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), max(times)


def model_file(activities: int, teams: int) -> Path:
    """The generated workbook (created on first use)."""
    from opmodel.generate import GeneratorSpec, write_workbook

    path = OUT / f"model_{activities}x{teams}_seed0_wide.xlsx"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        write_workbook(GeneratorSpec(activities=activities, teams=teams), path)
    return path


def excel_writers(rows: int, repeat: int) -> dict[str, tuple[float, float, float]]:
    """xlsxwriter constant_memory against openpyxl write-only, rows x 8 report cells."""
    import openpyxl
    import xlsxwriter

    row = ["high", "SEAM001", "unowned-seam", "seams", "Handoffs!B7",
           "The handoff from Sales to Onboarding has no owner.", "Name one owner.", 12345]

    def with_xlsxwriter() -> None:
        with tempfile.TemporaryDirectory() as folder:
            book = xlsxwriter.Workbook(f"{folder}/x.xlsx", {"constant_memory": True})
            sheet = book.add_worksheet()
            for r in range(rows):
                sheet.write_row(r, 0, row)
            book.close()

    def with_openpyxl() -> None:
        with tempfile.TemporaryDirectory() as folder:
            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet()
            for _ in range(rows):
                sheet.append(row)
            book.save(f"{folder}/o.xlsx")

    return {"xlsxwriter constant_memory": timed(with_xlsxwriter, repeat),
            "openpyxl write_only": timed(with_openpyxl, repeat)}


def app_overview(repeat: int) -> dict[str, tuple[float, float, float]]:
    """A fresh AppTest run per sample: import, analysis and every tab's first render."""
    from streamlit.testing.v1 import AppTest

    results = {}
    for sample in sorted((ROOT / "sample_models").glob("*.xlsx")):
        def run(name: str = sample.name) -> None:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.run()
            at.sidebar.selectbox[0].select(name).run()
            assert not at.exception

        results[sample.name] = timed(run, repeat)
    return results


def reports_only(path: Path, formats: list[str], repeat: int) -> None:
    """Each report format on its own, the analysis (import, rules, index, moves, groups,
    graph) done once before: wall and process CPU seconds per run, and the load average
    around the runs (the machine is shared: CPU time is the fairer figure under load)."""
    import os

    from opmodel import load
    from opmodel.analysis import Analysis
    from opmodel.reports import write

    loaded = load(path)
    analysis = Analysis(loaded.model, loaded.report, source_name=path.name)
    analysis.document  # noqa: B018 - the analysis, shared by every format
    print(f"{path.name}: {len(analysis.result.findings):,} findings, "
          f"index {analysis.index.value}; load average {os.getloadavg()[0]:.1f}")
    print(f"{'report':<10}{'median s':>10}{'runs s':>26}{'median CPU s':>14}{'load':>7}")
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for fmt in formats:
            walls, cpus = [], []
            for _ in range(repeat):
                wall, cpu = time.perf_counter(), time.process_time()
                write(analysis, fmt, Path(folder) / f"r.{fmt}")
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            results[fmt] = {"wall": walls, "cpu": cpus, "load": os.getloadavg()[0]}
            print(f"{fmt:<10}{statistics.median(walls):>10.2f}"
                  f"{', '.join(f'{w:.2f}' for w in walls):>26}"
                  f"{statistics.median(cpus):>14.2f}{os.getloadavg()[0]:>7.1f}", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"bench_reports_{path.stem}.json").write_text(json.dumps(results, indent=2))


def main() -> None:
    """Run every stage and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-app", action="store_true")
    parser.add_argument("--skip-reports", action="store_true",
                        help="only import, rules, index and moves (the index issue's figures)")
    parser.add_argument("--only-reports", metavar="FORMATS", default=None,
                        help="comma-separated report formats (json,md,html,xlsx,brief,...): "
                        "time only these, after one analysis, with CPU time and load average")
    parser.add_argument("--workbook", type=Path, default=None,
                        help="with --only-reports: an existing workbook instead of generating")
    args = parser.parse_args()
    if args.only_reports:
        reports_only(args.workbook or model_file(args.activities, args.teams),
                     args.only_reports.split(","), args.repeat)
        return

    from opmodel import build_graph, load
    from opmodel.analysis import Analysis
    from opmodel.moves import find_moves
    from opmodel.reports import write
    from opmodel.rules import REGISTRY
    from opmodel.rules.engine import run
    from opmodel.score import score

    path = model_file(args.activities, args.teams)
    started = time.perf_counter()
    loaded = load(path)
    load_seconds = time.perf_counter() - started
    model = loaded.model
    stages: dict[str, tuple[float, float, float]] = {
        "load (import)": (load_seconds, load_seconds, load_seconds)}
    stages[f"rules (all {len(REGISTRY)})"] = timed(lambda: run(model), args.repeat)
    stages["index (score)"] = timed(lambda: score(model), args.repeat)
    result = run(model)
    stages["index (score, reusing the rules' indexes)"] = timed(
        lambda: score(model, result.facts), args.repeat)
    index = score(model, result.facts)
    stages["moves (find_moves, 5 moves)"] = timed(
        lambda: find_moves(model, index, result.facts, findings=result.findings), args.repeat)
    moves = find_moves(model, index, result.facts, findings=result.findings)
    if args.skip_reports:
        print(f"{args.activities:,} activities: index {index.value}, moves "
              + "; ".join(f"{m.title} -> {m.index_after}" for m in moves))
        for title, (median, low, high) in stages.items():
            print(f"{title:<46}{median:>10.2f}{low:>8.2f}{high:>8.2f}")
        return
    stages["build_graph"] = timed(lambda: build_graph(model), args.repeat)
    analysis = Analysis(model, loaded.report, source_name=path.name)
    findings = len(analysis.result.findings)
    stages["JSON document (with groups)"] = timed(lambda: analysis.document, 1)
    from opmodel.contract import add_groups
    from opmodel.reports.model import build

    stages["groups alone (add_groups)"] = timed(
        lambda: add_groups(analysis.document, analysis.model), args.repeat)
    stages["typed report (reports.model.build)"] = timed(lambda: build(analysis), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("json", "md", "html", "xlsx", "brief", "text", "sarif", "junit"):
            stages[f"report {fmt}"] = timed(
                lambda f=fmt: write(analysis, f, Path(folder) / f"r.{f}"), args.repeat)
    writers = excel_writers(args.activities, args.repeat)
    app = {} if args.skip_app else app_overview(args.repeat)

    print(f"{args.activities:,} activities x {args.teams} teams: {len(model.assignments):,} "
          f"assignments, {findings:,} findings, index {analysis.index.value}")
    print(f"machine: {platform.processor() or platform.machine()}, "
          f"{__import__('os').cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"{'stage':<40}{'median s':>10}{'min':>8}{'max':>8}")
    for title, (median, low, high) in {**stages, **writers,
                                        **{f"app: {k}": v for k, v in app.items()}}.items():
        print(f"{title:<40}{median:>10.2f}{low:>8.2f}{high:>8.2f}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"bench_analysis_{args.activities}.json").write_text(json.dumps(
        {"stages": stages, "writers": writers, "app": app, "findings": findings,
         "index": analysis.index.value}, indent=2))


if __name__ == "__main__":
    main()
