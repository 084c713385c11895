"""The explorer read from Neo4j (opmodel.neo4j.explore) on a big pushed model, beside the
same views cut in memory.

    python -m opmodel generate --activities 100000 --teams 20 -o /tmp/big.xlsx
    NEO4J_URI=$(cat .neo4j/uri) python -m opmodel neo4j push /tmp/big.xlsx --model-id big
    NEO4J_URI=$(cat .neo4j/uri) python benchmarks/bench_neo4j_explore.py /tmp/big.xlsx \\
        --model-id big --repeat 5

Times (median, min-max of ``--repeat`` runs) each Neo4j view: the seam map, the seam map's
click expansions, the busiest team's expansion, the neighbourhood of that team and of an
activity (depths 1 and 2); then the in-memory counterparts on the loaded model (the
seam map, the expansions, building the slim ``Explorer`` and its cuts), and checks that
both sides give the same seam map and the same team expansion.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from opmodel import load
from opmodel.explore import Explorer
from opmodel.neo4j import explore as remote
from opmodel.neo4j.connection import Neo4jSettings, connect
from opmodel.rules import run
from opmodel.seammap import build
from opmodel.viz import findings_by_node, team_work_of


def timed(repeat: int, action: Callable[[], Any]) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return times, result


def line(name: str, times: list[float], note: str = "") -> None:
    print(f"| {name} | {statistics.median(times):.3f} | {min(times):.3f}–{max(times):.3f} "
          f"| {note} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--model-id", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    model = load(args.file).model
    flagged = findings_by_node(run(model).findings)
    print(f"loaded {args.file} and ran the rules in {time.perf_counter() - started:.1f} s: "
          f"{len(model.activities):,} activities, {len(model.teams)} teams, "
          f"{len(flagged):,} nodes with findings", flush=True)
    n = args.repeat
    print("| view | median s | min–max s | drawn |\n|---|---:|---:|---|")
    with connect(Neo4jSettings.from_env()) as db:
        times, seams = timed(n, lambda: remote.seam_map(db, args.model_id))
        line("Neo4j: seam map", times, f"{len(seams.teams)} teams, {len(seams.seams)} seams")
        times, work = timed(n, lambda: remote.expansions_work(db, args.model_id, flagged))
        line("Neo4j: seam map's click expansions (all teams)", times, f"{len(work)} teams")
        team = max(seams.work, key=lambda t: (seams.work[t], t))
        times, piece = timed(n, lambda: remote.team_work(db, args.model_id, team, flagged))
        line(f"Neo4j: one team ({seams.work[team]:,} activities A/R)", times,
             f"{piece.graph.number_of_nodes()} nodes of {piece.matched:,}")
        activity = model.activities[len(model.activities) // 2].id
        cases = [("team, depth 1", team, 1), ("activity, depth 1", activity, 1),
                 ("activity, depth 2", activity, 2)]
        for name, focus, depth in cases:
            times, piece = timed(n, lambda f=focus, d=depth: remote.around(
                db, args.model_id, f, d, flagged=flagged))
            line(f"Neo4j: around a {name}", times,
                 f"{piece.graph.number_of_nodes()} nodes of {piece.matched:,}")
        remote_piece = remote.team_work(db, args.model_id, team, flagged)
    times, local_seams = timed(n, lambda: build(model))
    line("memory: seam map", times)
    times, local_work = timed(n, lambda: team_work_of(model, set(local_seams.teams), flagged))
    line("memory: click expansions", times)
    times, cutter = timed(1, lambda: Explorer(model, flagged))
    line("memory: build the explorer (once per upload)", times)
    times, local_piece = timed(n, lambda: cutter.team_work(team))
    line("memory: one team", times)
    for name, focus, depth in cases:
        times, _ = timed(n, lambda f=focus, d=depth: cutter.around(f, d))
        line(f"memory: around a {name}", times)
    same = (local_seams.seams == seams.seams and local_seams.positions == seams.positions
            and local_work == work and set(local_piece.graph) == set(remote_piece.graph))
    print(f"\nNeo4j and memory agree (seam map, expansions, team): {same}")


if __name__ == "__main__":
    main()
