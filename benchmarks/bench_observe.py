"""Mining event logs: polars vs DuckDB, each against its own read-only time, and peak memory.

    python benchmarks/bench_observe.py --events 1000000 --repeat 3
    nice -n 19 python benchmarks/bench_observe.py --events 10000000 --repeat 1 --engines polars

A synthetic log (case, timestamp, team; rows in time order across interleaved cases, as
ticket exports are) is written once to benchmarks/out/. Each method runs in its own child
process so that its peak RSS (resource.getrusage) is its own. Bars (issue 13): mining in at
most 2x the time the same engine takes only to read the file; 10M events within 4 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parents[1]


def make_log(events: int, path: Path, teams: int = 60, seed: int = 0) -> None:
    """~6.7 events per case, cases interleaved in time order, some events without a team."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(seed)
    cases = max(events // 7, 1)
    case = rng.integers(0, cases, events)
    minutes = np.sort(rng.integers(0, 60 * 24 * 365, events))
    team = rng.integers(0, teams, events)
    # a case stays with a team for a while: reuse the previous team 70% of the time
    order = np.argsort(case, kind="stable")
    keep = rng.random(events) < 0.7
    team_sorted = team[order]
    same_case = np.concatenate([[False], case[order][1:] == case[order][:-1]])
    for _ in range(3):
        shift = np.concatenate([team_sorted[:1], team_sorted[:-1]])
        team_sorted = np.where(keep & same_case, shift, team_sorted)
    team[order] = team_sorted
    start = np.datetime64("2025-01-01T00:00", "ms")
    frame = pl.DataFrame({
        "case_id": pl.Series([f"C{n:08d}" for n in case]),
        "timestamp": pl.Series(start + (minutes * 60_000).astype("timedelta64[ms]"))
        .dt.strftime("%Y-%m-%d %H:%M:%S"),
        "team": pl.Series([f"Group {t}" for t in team]).set(
            pl.Series(rng.random(events) < 0.02), None),
        "activity": pl.Series(rng.choice(["New", "Active", "Resolved"], events)),
    })
    frame.write_csv(path)


def child(method: str, path: str) -> dict[str, float]:
    """Run one method once in this process; print its time and peak RSS (imports are not
    timed: they are paid once per process, not per log)."""
    import duckdb
    import polars  # noqa: F401

    import opmodel.observe.overlay  # noqa: F401

    started = time.perf_counter()
    if method == "polars-read":
        import polars as pl

        frame = pl.read_csv(path, infer_schema=False, null_values=["?", ""])
        rows = frame.height
    elif method == "polars-mine":
        from opmodel.observe.mine import mine
        from opmodel.observe.read import read_log

        log = read_log(path)
        rows = mine(log).seams.height
    elif method == "polars-floor":
        rows = polars_floor(path)
    elif method == "duckdb-read":
        import duckdb

        con = duckdb.connect()
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}', all_varchar=true, "
                    "nullstr=['?', ''])")
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]  # type: ignore[index]
    elif method == "duckdb-mine":
        import duckdb

        con = duckdb.connect()
        rows = len(con.execute(DUCKDB_MINE.format(path=path)).fetchall())
    else:
        raise SystemExit(f"unknown method {method}")
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB on Linux
    return {"seconds": seconds, "peak_mb": peak, "rows": rows}


def polars_floor(path: str) -> int:
    """A minimal polars mine of this log (the least we could write), for scale: read the
    three mined columns, parse the times, hash ids and groups, one integer sort by case,
    runs, handoffs and one group-by with a median and a p90. No checks (padding, bad
    timestamps, hash clashes), no examples, ping-pong or case figures: what ``read_log`` +
    ``mine`` add."""
    import polars as pl

    frame = pl.read_csv(path, infer_schema=False, null_values=["?", ""],
                        columns=["case_id", "timestamp", "team"]).select(
        pl.col("case_id").hash().alias("key"),
        pl.col("timestamp").str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False,
                                            time_unit="us").alias("time"),
        pl.col("team").hash().alias("team"))
    step = 1 << frame.height.bit_length()
    packed = (frame.get_column("key") // step * step
              + pl.int_range(0, frame.height, dtype=pl.UInt64, eager=True)).sort()
    position = (packed % step).cast(pl.UInt32)
    events = pl.DataFrame({"case": packed // step,
                           "team": frame.get_column("team").gather(position),
                           "time": frame.get_column("time").gather(position)}
                          ).filter(pl.col("team").is_not_null())
    new_run = ((pl.col("case") != pl.col("case").shift(1))
               | (pl.col("team") != pl.col("team").shift(1))).fill_null(True)
    runs = events.filter(new_run)
    handoffs = runs.with_columns(
        pl.col("team").shift(1).alias("from"),
        ((pl.col("time") - pl.col("time").shift(1)).dt.total_seconds() / 3600).alias("hours"),
        (pl.col("case") == pl.col("case").shift(1)).alias("same")).filter("same")
    return handoffs.group_by("from", "team").agg(
        pl.len(), pl.col("case").n_unique(), pl.col("hours").median().alias("median"),
        pl.col("hours").quantile(0.9).alias("p90")).height


# The same mine in SQL: runs of one team per case, then handoffs with waits and bounces.
DUCKDB_MINE = """
WITH e AS (
  SELECT case_id AS c, strptime(timestamp, '%Y-%m-%d %H:%M:%S') AS t, team AS g,
         row_number() OVER () AS r
  FROM read_csv('{path}', all_varchar=true, nullstr=['?', ''])
  WHERE team IS NOT NULL),
f AS (SELECT *, CASE WHEN lag(g) OVER w = g THEN 0 ELSE 1 END AS new_run
      FROM e WINDOW w AS (PARTITION BY c ORDER BY t, r)),
k AS (SELECT *, sum(new_run) OVER (PARTITION BY c ORDER BY t, r) AS run FROM f),
runs AS (SELECT c, run, any_value(g) AS g, min(t) AS s, max(t) AS en FROM k GROUP BY c, run),
h AS (SELECT c, g AS src, lead(g) OVER w AS dst,
             date_diff('second', en, lead(s) OVER w) / 3600.0 AS hours,
             lead(g, 2) OVER w = g AS bounced
      FROM runs WINDOW w AS (PARTITION BY c ORDER BY run))
SELECT src, dst, count(DISTINCT c) AS cases, count(*) AS handoffs, median(hours),
       quantile_cont(hours, 0.9), count(DISTINCT c) FILTER (WHERE bounced) AS pingpong
FROM h WHERE dst IS NOT NULL GROUP BY src, dst
"""


def run_child(method: str, path: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this worktree's opmodel
    out = subprocess.run([sys.executable, __file__, "--child", method, str(path)],
                         capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="polars,duckdb")
    parser.add_argument("--child", nargs=2, metavar=("METHOD", "PATH"))
    parser.add_argument("--floor", action="store_true",
                        help="also time the least any polars mine can do (see polars_floor)")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return 0
    OUT.mkdir(exist_ok=True)
    path = OUT / f"log_{args.events}.csv"
    if not path.exists():
        started = time.perf_counter()
        make_log(args.events, path)
        print(f"wrote {path.name} ({path.stat().st_size / 2**20:.0f} MB) in "
              f"{time.perf_counter() - started:.1f} s")
    for engine in args.engines.split(","):
        results = {}
        for stage in ("read", "mine"):
            runs = [run_child(f"{engine}-{stage}", path) for _ in range(args.repeat)]
            results[stage] = (statistics.median(r["seconds"] for r in runs),
                              max(r["peak_mb"] for r in runs))
        (read_s, read_mb), (mine_s, mine_mb) = results["read"], results["mine"]
        print(f"{engine:7} {args.events:>11,} events  read-only {read_s:6.2f} s "
              f"({read_mb:,.0f} MB)  read+mine {mine_s:6.2f} s ({mine_mb:,.0f} MB)  "
              f"ratio {mine_s / read_s:.2f}x")
        if engine == "polars" and args.floor:
            floor = statistics.median(run_child("polars-floor", path)["seconds"]
                                      for _ in range(args.repeat))
            print(f"{'':7} the floor (no checks, no examples): {floor:6.2f} s, "
                  f"ratio {floor / read_s:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
