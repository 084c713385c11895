"""The explorer read from Neo4j (opmodel.neo4j.explore) on a big pushed model, beside the
same views cut in memory.

    python -m opmodel generate --activities 100000 --teams 20 -o /tmp/big.xlsx
    NEO4J_URI=$(cat .neo4j/uri) python -m opmodel neo4j push /tmp/big.xlsx --model-id big
    NEO4J_URI=$(cat .neo4j/uri) python benchmarks/bench_neo4j_explore.py /tmp/big.xlsx \\
        --model-id big --repeat 5

Times (median, min-max of ``--repeat`` runs) each Neo4j view: the seam map, the seam map's
click expansions, the busiest team's expansion, the neighbourhood of that team and of an
activity (depths 1 and 2); then what the app's Neo4j page does for each of its views
(``opmodel.ui.neo4j_page``: read through its cache, then drawn): the first draw, cache
emptied, and the redraw a rerun or a control costs, cache warm; then the in-memory
counterparts on the loaded model (the seam map, the expansions, building the slim
``Explorer`` and its cuts), and checks that both sides give the same seam map and the same
team expansion. With ``--app``, the app itself (Streamlit's AppTest, in this process) on
the same workbook: each step of a visit to its Neo4j page timed as the whole app's rerun.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from opmodel import load
from opmodel.explore import Explorer
from opmodel.neo4j import explore as remote
from opmodel.neo4j.connection import Neo4jSettings, connect
from opmodel.neo4j.push import list_models
from opmodel.rules import run
from opmodel.seammap import build
from opmodel.ui import neo4j_page as page
from opmodel.viz import expansions_from, findings_by_node, render, seam_view, team_work_of


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
    parser.add_argument("--app", action="store_true", help="also time the app's Neo4j page")
    args = parser.parse_args()
    started = time.perf_counter()
    model = load(args.file).model
    findings = run(model).findings
    flagged = findings_by_node(findings)
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
        subject = next(f for f in findings if f.subject_ids).subject_ids[0]
        app_page(db, args.model_id, model, flagged, team, subject, n)
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
    if args.app:
        app_visit(args.file, args.model_id, n)


def app_page(db: Any, model_id: str, model: Any, flagged: dict[str, list[str]], team: str,
             subject: str, n: int) -> None:
    """The Neo4j page's views as the page reads (through its cache) and draws them."""
    server = (db.settings.uri, db.settings.database)
    digest = page.digest_of(flagged)
    height = f"{page.FRAME_HEIGHT - 50}px"
    limit = 40  # the page's default (readable_seams of 20 teams)
    def connected() -> None:  # what the page does on every run before its views
        with connect(db.settings) as again:
            again.check_version()
            list_models(again)
            remote.model_key(again, model_id)

    times, _ = timed(n, connected)
    line("page, every run: connect, list the models, look up the pushed version", times)
    key = remote.model_key(db, model_id)

    def seam_map(first: bool) -> tuple[float, Any]:
        """As the page: the map drawn as soon as it is read (the first time), then with
        the click expansions; a redraw draws once, from the cache."""
        seams = page.read_seam_map(db, server, model_id, key)
        if first:
            seam_view(model, flagged, seams=seams, height=height, seam_limit=limit, expand={})
        shown = time.perf_counter()
        work = page.read_expansions(db, server, model_id, key, digest, flagged)
        return shown, seam_view(model, flagged, seams=seams, height=height, seam_limit=limit,
                                expand=expansions_from(model.scheme, seams, flagged, work))

    def team_view() -> Any:
        piece = page.read_team(db, server, model_id, key, team, digest, flagged)
        return render(piece.graph, flagged, focus=team, scheme=model.scheme, height=height)

    def around_view() -> Any:
        piece = page.read_around(db, server, model_id, key, subject, digest, flagged)
        return render(piece.graph, flagged, focus=subject, highlight=[subject],
                      scheme=model.scheme, height=height)

    shown_at, complete, warm = [], [], []
    for _ in range(n):
        page.st.cache_data.clear()
        started = time.perf_counter()
        shown, view = seam_map(first=True)
        shown_at.append(shown - started)
        complete.append(time.perf_counter() - started)
        warm += timed(1, lambda: seam_map(first=False))[0]
    line("page: seam map, first draw (map shown)", shown_at, f"{view.nodes} nodes")
    line("page: seam map, first draw (with click expansions)", complete)
    line("page: seam map, redraw (cached)", warm)
    for name, draw in (("one team", team_view), ("a finding's neighbourhood", around_view)):
        first, again = [], []
        for _ in range(n):
            page.st.cache_data.clear()
            first += timed(1, draw)[0]
            again += timed(1, draw)[0]
        view = draw()
        line(f"page: {name}, first draw", first, f"{view.nodes} nodes, {view.edges} edges")
        line(f"page: {name}, redraw (cached)", again)


def app_visit(file: Path, model_id: str, n: int) -> None:
    """Visits to the app's Neo4j page, each step one rerun of the whole app; each visit in
    a new session with the page's cache emptied (the analysis stays in the app's store:
    the first analysis is timed once)."""
    os.environ["OPMODEL_SAMPLES_DIR"] = str(file.resolve().parent)
    os.environ["OPMODEL_SAMPLE"] = file.name
    app = str(Path(__file__).resolve().parents[1] / "app.py")
    steps: dict[str, list[float]] = {}
    for number in range(n):
        page.st.cache_data.clear()
        visit(AppTest.from_file(app, default_timeout=900), model_id, steps, number == 0)
    print("\n| app step (one rerun of the whole app) | median s | min–max s | |\n"
          "|---|---:|---:|---|")
    for name, times in steps.items():
        line(name, times)


def visit(at: AppTest, model_id: str, steps: dict[str, list[float]], first: bool) -> None:
    def step(name: str, action: Callable[[], Any]) -> None:
        started = time.perf_counter()
        action()
        steps.setdefault(name, []).append(time.perf_counter() - started)
        assert not at.exception, at.exception

    step("open the workbook" + (" (first analysis)" if first else " (analysis in the store)"),
         at.run)
    step("go to the Neo4j page",
         lambda: next(r for r in at.radio if r.key == "page").set_value("Neo4j").run())
    step("connect", lambda: at.toggle(key="neo4j_connect").set_value(True).run())
    step("name the pushed model", lambda: next(
        t for t in at.text_input if t.label == "Model id in Neo4j").input(model_id).run())
    step("seam map, first draw", lambda: at.toggle(key="neo4j_explore").set_value(True).run())
    step("rerun", at.run)
    step("Seams: with no owner at all",
         lambda: at.selectbox(key="neo4j_owned").set_value("none").run())
    if any(s.key == "neo4j_limit" for s in at.slider):  # only when there are many seams
        step("Busiest seams shown: 100",
             lambda: at.slider(key="neo4j_limit").set_value(100).run())
    step("Escalations on", lambda: at.toggle(key="neo4j_esc").set_value(True).run())
    step("one team, first draw", lambda: at.radio(key="neo4j_view").set_value("One team").run())
    step("a finding's neighbourhood, first draw", lambda: at.radio(
        key="neo4j_view").set_value("A finding's neighbourhood").run())
    step("back to the team", lambda: at.radio(key="neo4j_view").set_value("One team").run())
    step("back to the seam map", lambda: at.radio(key="neo4j_view").set_value("Seam map").run())


if __name__ == "__main__":
    main()
