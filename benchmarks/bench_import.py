"""Import speed against DESIGN §7: ``opmodel.load`` within 1.5x of python-calamine's raw read.

    python benchmarks/bench_import.py --activities 100000 --teams 20 --repeat 5

Generates the synthetic model once (``opmodel.generate``) into benchmarks/out/ (reused by
later runs with the same spec; ``--regenerate`` rewrites it), then times, each in its own
child process so that peak RSS belongs to one method:

- ``calamine``: ``CalamineWorkbook.from_path`` + ``to_python()`` of every sheet, the floor;
- ``openpyxl``: read-only, ``data_only``, every row of every sheet as a tuple of values;
- ``load``: ``opmodel.load(path)``;
- ``stages``: ``opmodel.ingest.reader.read`` then ``opmodel.ingest.parse.parse``, timed apart.

Prints medians (and min/max) over ``--repeat`` runs, the ratio of each to the raw calamine
read, peak RSS per child (``resource.getrusage``, so Unix only) and the machine.
``--profile`` adds the top functions of one ``opmodel.load`` under cProfile.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
if str(ROOT) not in sys.path:  # run as a script: import this checkout's opmodel
    sys.path.insert(0, str(ROOT))

TARGET_RATIO = 1.5
METHODS = ("calamine", "openpyxl", "load", "stages")


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)


# ---------------------------------------------------------------------- the methods
def read_calamine(path: Path) -> int:
    """Every sheet through python-calamine, as Python values; returns the cell count."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        cells += sum(len(r) for r in rows)
    return cells


def read_openpyxl(path: Path) -> int:
    """Every sheet through openpyxl's read-only mode, as Python values."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        cells = 0
        for sheet in book.worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            cells += sum(len(r) for r in rows)
        return cells
    finally:
        book.close()


def run_load(path: Path) -> int:
    import opmodel

    result = opmodel.load(path)
    return len(result.model.assignments)


def run_stages(path: Path) -> tuple[float, float, int]:
    """``load``'s two stages timed apart, under the same collector policy as ``load``."""
    from opmodel.ingest.parse import parse
    from opmodel.ingest.reader import read

    try:
        from opmodel.perf import pause_gc
    except ImportError:  # older checkouts: no pause around the whole load
        pause_gc = contextlib.nullcontext
    with pause_gc():
        start = time.perf_counter()
        workbook = read(path)
        middle = time.perf_counter()
        model, _report = parse(workbook)
        end = time.perf_counter()
    return middle - start, end - middle, len(model.assignments)


def worker(method: str, path: Path, repeat: int) -> dict[str, Any]:
    """Run one method ``repeat`` times in this process; timings, peak RSS and a checksum."""
    # Imports are not part of any timing.
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401

    import opmodel  # noqa: F401

    baseline = peak_rss_mb()
    times: list[float] = []
    read_times: list[float] = []
    parse_times: list[float] = []
    count = 0
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        if method == "calamine":
            count = read_calamine(path)
        elif method == "openpyxl":
            count = read_openpyxl(path)
        elif method == "load":
            count = run_load(path)
        else:
            read_s, parse_s, count = run_stages(path)
            read_times.append(read_s)
            parse_times.append(parse_s)
        times.append(time.perf_counter() - start)
    out: dict[str, Any] = {"method": method, "times": times, "count": count,
                           "baseline_rss_mb": baseline, "peak_rss_mb": peak_rss_mb()}
    if method == "stages":
        out["read_times"], out["parse_times"] = read_times, parse_times
    return out


def profile_load(path: Path, top: int) -> str:
    """cProfile one ``opmodel.load``: the top functions by own time and by cumulative time."""
    import opmodel

    opmodel.load(path)  # warm caches (lru_cache of cell codes, imports) as a real run would
    profiler = cProfile.Profile()
    profiler.enable()
    opmodel.load(path)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return text.getvalue()


# ---------------------------------------------------------------------- the driver
def model_path(args: argparse.Namespace) -> Path:
    only = "_raci-only" if args.raci_only else ""
    name = f"model_{args.activities}x{args.teams}_seed{args.seed}_{args.layout}{only}.xlsx"
    return Path(args.out) / name


def write_raci_only(spec: Any, path: Path) -> None:
    """Just the RACI sheet of the generated model: the bare matrix most people keep, where
    the importer creates every activity from the matrix rows (and their meta columns)."""
    import xlsxwriter

    from opmodel.generate import generate_rows

    rows = generate_rows(spec)["RACI"]
    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as book:
        sheet = book.add_worksheet("RACI")
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)


def generate(args: argparse.Namespace) -> tuple[Path, float | None]:
    from opmodel.generate import GeneratorSpec, write_workbook

    path = model_path(args)
    if path.exists() and not args.regenerate:
        return path, None
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = GeneratorSpec(activities=args.activities, teams=args.teams, seed=args.seed,
                         layout=args.layout)
    start = time.perf_counter()
    partial = path.with_suffix(".tmp.xlsx")
    if args.raci_only:
        write_raci_only(spec, partial)
    else:
        write_workbook(spec, partial)
    partial.replace(path)
    return path, time.perf_counter() - start


def spawn(method: str, path: Path, repeat: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", method, "--path", str(path),
         "--repeat", str(repeat)],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{method} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def sheet_shape(path: Path) -> tuple[int, int, list[tuple[str, int, int]]]:
    """Total cells, non-empty cells and (sheet, rows, columns) of the workbook."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    total = filled = 0
    shapes = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        width = max((len(r) for r in rows), default=0)
        shapes.append((name, len(rows), width))
        total += sum(len(r) for r in rows)
        filled += sum(1 for r in rows for v in r if v not in ("", None))
    return total, filled, shapes


def machine() -> dict[str, str]:
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "-"

    return {
        "cpus": str(os.cpu_count()),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "python-calamine": version("python-calamine"),
        "openpyxl": version("openpyxl"),
        "opmodel": version("opmodel"),
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def _stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def report(args: argparse.Namespace, path: Path, results: dict[str, dict[str, Any]],
           generated: float | None) -> str:
    total, filled, shapes = sheet_shape(path)
    lines = [
        f"Model: {args.activities:,} activities x {args.teams} teams ({args.layout}"
        f"{', RACI sheet only' if args.raci_only else ''}), seed {args.seed}: "
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}",
        f"  {path.stat().st_size / 2**20:.1f} MB on disk, {total:,} cells in the used ranges, "
        f"{filled:,} non-empty; " + ", ".join(f"{n} {r:,}x{c}" for n, r, c in shapes),
        "  generated in " + (f"{generated:.1f} s" if generated is not None else
                             "an earlier run (--regenerate to rewrite)"),
        f"Runs: {args.repeat} per method, each method in its own process.",
        "",
        f"{'method':<28}{'median s':>10}{'min s':>9}{'max s':>9}{'x calamine':>12}"
        f"{'peak RSS MB':>13}",
    ]
    floor = statistics.median(results["calamine"]["times"])
    rows: list[tuple[str, list[float], float | None]] = []
    for method in METHODS:
        if method not in results:
            continue
        result = results[method]
        label = {"calamine": "python-calamine (raw read)", "openpyxl": "openpyxl read-only",
                 "load": "opmodel.load", "stages": "read + parse (separately)"}[method]
        rows.append((label, result["times"], result["peak_rss_mb"]))
        if method == "stages":
            rows.append(("  reader.read", result["read_times"], None))
            rows.append(("  parse.parse", result["parse_times"], None))
    for label, times, rss in rows:
        median, low, high = _stats(times)
        rss_text = f"{rss:,.0f}" if rss is not None else ""
        lines.append(f"{label:<28}{median:>10.2f}{low:>9.2f}{high:>9.2f}"
                     f"{median / floor:>11.2f}x{rss_text:>13}")
    if "load" in results:
        ratio = statistics.median(results["load"]["times"]) / floor
        verdict = "meets" if ratio <= TARGET_RATIO else "misses"
        lines += ["", f"opmodel.load / raw calamine read = {ratio:.2f}x: {verdict} the "
                  f"{TARGET_RATIO}x target (DESIGN §7)."]
    baseline = max(r["baseline_rss_mb"] for r in results.values())
    lines += [f"Peak RSS includes ~{baseline:.0f} MB of interpreter and imports.", "",
              "Machine: " + ", ".join(f"{k} {v}" for k, v in machine().items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--layout", default="wide", choices=["wide", "long", "by-letter"])
    parser.add_argument("--raci-only", action="store_true",
                        help="write only the RACI sheet (a bare matrix, no Activities sheet)")
    parser.add_argument("--out", default=str(OUT), help="where the model is written")
    parser.add_argument("--regenerate", action="store_true", help="rewrite the model")
    parser.add_argument("--methods", default=",".join(METHODS),
                        help=f"comma list of {', '.join(METHODS)} (calamine is always run)")
    parser.add_argument("--openpyxl-repeat", type=int, default=None,
                        help="runs for openpyxl (slow: ~13x calamine); default --repeat")
    parser.add_argument("--profile", type=int, nargs="?", const=25, default=0, metavar="TOP",
                        help="also cProfile one opmodel.load and print the TOP functions")
    parser.add_argument("--json", help="also write the raw timings to this file")
    parser.add_argument("--worker", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args.worker, Path(args.path), args.repeat)))
        return 0

    path, generated = generate(args)
    methods = ["calamine"] + [m for m in args.methods.split(",") if m in METHODS
                              and m != "calamine"]
    results: dict[str, dict[str, Any]] = {}
    for method in methods:
        repeat = args.openpyxl_repeat if method == "openpyxl" and args.openpyxl_repeat else (
            args.repeat)
        print(f"timing {method} x{repeat} ...", file=sys.stderr, flush=True)
        results[method] = spawn(method, path, repeat)
    print(report(args, path, results, generated))
    if args.profile:
        print("\ncProfile of one opmodel.load (after a warm-up load):\n")
        print(profile_load(path, args.profile))
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "results": results},
                                              indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
