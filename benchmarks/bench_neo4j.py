"""Neo4j speed against DESIGN §7: push the 100,000-activity model (< 60 s), run the Cypher
rules on it (< 30 s).

    NEO4J_URI=$(cat .neo4j/uri) python benchmarks/bench_neo4j.py --repeat 3

Generates the synthetic model once (``opmodel.generate``, the same file as
benchmarks/bench_import.py: benchmarks/out/model_<activities>x<teams>_seed<seed>_<layout>.xlsx),
loads it, then against the server in NEO4J_URI (else the one neo4j/start.sh wrote to
.neo4j/uri):

- ``push``: ``opmodel.neo4j.push.push`` of the model under a fresh model id, ``--repeat``
  times; the model is dropped between runs (not timed), so each is a first push. With
  ``--replace`` the model is left in place instead, so each run also deletes the previous
  version, as a re-push does. Stages come from push's progress callback: graph and rows
  (building the networkx graph and the parameter rows, creating the schema), nodes,
  relationships, and the rest (the current-version flip and deleting older versions).
- ``rules``: ``opmodel.neo4j.run.analyze_in_neo4j`` (every rule's cypher/rules file),
  ``--repeat`` times, with the slowest rules' median times; and the networkx engine on the
  same model for the ratio, plus a parity check of the two engines' findings.

Prints medians (with min and max) and the targets; ``--json`` also writes the raw timings.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
import uuid
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_import

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
if str(ROOT) not in sys.path:  # run as a script: import this checkout's opmodel
    sys.path.insert(0, str(ROOT))

PUSH_TARGET_S = 60.0
RULES_TARGET_S = 30.0


def generate(args: argparse.Namespace) -> tuple[Path, float | None]:
    """bench_import.py's generator: the same file name, so one workbook serves both."""
    args.raci_only = False
    return bench_import.generate(args)



def connect() -> Any:
    """opmodel's Connection from NEO4J_URI (and NEO4J_USER/PASSWORD), else .neo4j/uri."""
    from opmodel.neo4j.connection import Connection, Neo4jSettings

    env = dict(os.environ)
    uri_file = ROOT / ".neo4j" / "uri"
    if not env.get("NEO4J_URI") and uri_file.is_file():
        env["NEO4J_URI"] = uri_file.read_text(encoding="utf-8").strip()
    return Connection(Neo4jSettings.from_env(env))


def time_push(connection: Any, model: Any, model_id: str) -> dict[str, float]:
    """One push, with the time at which each stage ended."""
    from opmodel.neo4j.push import push

    marks: dict[str, float] = {}
    start = time.perf_counter()

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter() - start
        if stage == "nodes":
            marks.setdefault("prepare", now)  # the first batch: graph, rows, schema before it
            marks["nodes"] = now
        else:
            marks["relationships"] = now

    push(connection, model, model_id, progress=progress)
    total = time.perf_counter() - start
    prepare = marks.get("prepare", 0.0)
    nodes = marks.get("nodes", prepare)
    relationships = marks.get("relationships", nodes)
    return {"total": total, "graph+rows+schema (to 1st batch)": prepare,
            "nodes": nodes - prepare, "relationships": relationships - nodes,
            "flip+delete old": total - relationships}


def _stats(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def _row(label: str, values: list[float], target: float | None = None) -> str:
    median, low, high = _stats(values)
    verdict = ""
    if target is not None:
        verdict = f"  target < {target:.0f} s: {'met' if median < target else 'MISSED'}"
    return f"  {label:<34} {median:8.2f} s  (min {low:.2f}, max {high:.2f}){verdict}"


def machine() -> dict[str, str]:
    """Where the figures come from."""
    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    try:
        import neo4j._codec.packstream.v1 as packstream

        rust = "yes" if getattr(packstream, "_rust_pack", None) else "no"
    except ImportError:
        rust = "unknown"
    return {"cpus": str(os.cpu_count()), "python": platform.python_version(),
            "platform": platform.platform(), "neo4j driver": version("neo4j"),
            "neo4j-rust-ext in use": rust, "opmodel": version("opmodel")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--layout", default="wide", choices=["wide", "long", "by-letter"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(OUT), help="where the model is written")
    parser.add_argument("--regenerate", action="store_true", help="rewrite the model")
    parser.add_argument("--replace", action="store_true",
                        help="time re-pushes over the previous version (not first pushes)")
    parser.add_argument("--skip-networkx", action="store_true",
                        help="do not time the networkx engine nor check parity")
    parser.add_argument("--keep", action="store_true", help="leave the model in Neo4j")
    parser.add_argument("--json", help="also write the raw timings to this file")
    args = parser.parse_args(argv)

    from opmodel import load
    from opmodel.neo4j.push import drop
    from opmodel.neo4j.run import analyze_in_neo4j

    path, wrote = generate(args)
    if wrote is not None:
        print(f"generated {path.name} in {wrote:.1f} s")
    started = time.perf_counter()
    model = load(path).model
    print(f"loaded {path.name} in {time.perf_counter() - started:.1f} s: "
          f"{len(model.activities):,} activities, {len(model.teams)} teams, "
          f"{len(model.assignments):,} assignments, {len(model.handoffs):,} handoffs")

    connection = connect()
    model_id = f"bench-neo4j-{uuid.uuid4().hex[:8]}"
    pushes: list[dict[str, float]] = []
    rules: list[float] = []
    per_rule: dict[str, list[float]] = {}
    try:
        for n in range(args.repeat):
            if not args.replace:
                drop(connection, model_id)
            pushes.append(time_push(connection, model, model_id))
            print(f"push {n + 1}/{args.repeat}: {pushes[-1]['total']:.1f} s", flush=True)
        result = None
        for n in range(args.repeat):
            started = time.perf_counter()
            result = analyze_in_neo4j(connection, model_id)
            rules.append(time.perf_counter() - started)
            for rule_id, seconds in result.timings.items():
                per_rule.setdefault(rule_id, []).append(seconds)
            print(f"rules {n + 1}/{args.repeat}: {rules[-1]:.1f} s", flush=True)
        networkx_s: float | None = None
        parity = "not checked"
        if not args.skip_networkx and result is not None:
            from opmodel.rules import run

            started = time.perf_counter()
            expected = run(model)
            networkx_s = time.perf_counter() - started

            def found(findings: list[Any]) -> Counter[tuple[str, frozenset[str]]]:
                return Counter((f.rule, frozenset(f.subject_ids)) for f in findings)

            same = (found(result.findings) == found(expected.findings)
                    and [n.rule for n in result.not_assessed]
                    == [n.rule for n in expected.not_assessed])
            parity = (f"{'same' if same else 'DIFFERENT'} findings "
                      f"({len(result.findings):,} in Neo4j, {len(expected.findings):,} in "
                      "networkx)")
            if result.rule_errors:
                parity += f"; rule errors: {result.rule_errors}"
    finally:
        if not args.keep:
            drop(connection, model_id)
        connection.close()

    print()
    print(f"Neo4j benchmark: {path.name}, median of {args.repeat}")
    print(f"  machine: {machine()}")
    print("push" + (" (re-push over the previous version)" if args.replace else ""))
    print(_row("push (total)", [p["total"] for p in pushes], PUSH_TARGET_S))
    for stage in list(pushes[0])[1:]:
        print(_row(f"  {stage}", [p[stage] for p in pushes]))
    print("rules")
    print(_row("all rules in Neo4j", rules, RULES_TARGET_S))
    slowest = sorted(per_rule, key=lambda r: -statistics.median(per_rule[r]))[:8]
    for rule_id in slowest:
        print(_row(f"  {rule_id}", per_rule[rule_id]))
    if networkx_s is not None:
        ratio = statistics.median(rules) / networkx_s if networkx_s else float("nan")
        print(f"  {'networkx engine (one run)':<34} {networkx_s:8.2f} s  "
              f"(Neo4j / networkx = {ratio:.1f}x)")
    print(f"  parity: {parity}")
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"machine": machine(), "model": path.name, "push": pushes, "rules": rules,
             "per_rule": per_rule, "networkx_rules": networkx_s, "parity": parity}, indent=2),
            encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
