"""The app's Neo4j page against the real server: connect, push, run the Cypher rules and
see them agree with the in-memory analysis; and `opmodel neo4j analyze` on the CLI."""

from __future__ import annotations

import base64
import json
import re

from streamlit.testing.v1 import AppTest

from opmodel.analysis import analyze
from opmodel import viz
from opmodel.cli import main
from opmodel.explore import Explorer
from opmodel.neo4j import explore as remote
from opmodel.neo4j.connection import Connection
from opmodel.neo4j.push import drop
from opmodel.seammap import build
from opmodel.viz import View, expansions, findings_by_node, readable_seams, seam_view
from tests.conftest import ROOT, SAMPLES
from tests.neo4j.conftest import neo4j_uri


def test_push_and_parity_from_the_app(connection, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_uri() or "")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.sidebar.selectbox[0].select("bank_complaint_handling.xlsx").run()
    next(r for r in at.radio if r.key == "page").set_value("Neo4j").run()
    at.toggle(key="neo4j_connect").set_value(True).run()
    assert not at.exception
    assert any("Connected to Neo4j" in s.value for s in at.success)
    try:
        next(b for b in at.button if b.label == "Push this model").click().run()
        assert any("Pushed" in m.value for m in at.markdown)
        next(b for b in at.button if b.label == "Run the Cypher rules").click().run()
        assert not at.exception
        assert any("agree" in s.value for s in at.success)
    finally:
        drop(connection, "bank-complaint-handling")


def test_cli_analyze_in_neo4j_matches_in_memory(connection, model_id, monkeypatch, capsys):
    monkeypatch.setenv("NEO4J_URI", neo4j_uri() or "")
    sample = str(SAMPLES / "retail_order_to_resolution.xlsx")
    assert main(["neo4j", "push", sample, "--model-id", model_id]) == 0
    capsys.readouterr()
    assert main(["neo4j", "analyze", "--model-id", model_id, "--format", "json"]) == 0
    remote = json.loads(capsys.readouterr().out)
    assert main(["analyze", sample, "--format", "json"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert sorted(f["fingerprint"] for f in remote["findings"]) == sorted(
        f["fingerprint"] for f in local["findings"])
    assert remote["model"]["counts"]["teams"] == local["model"]["counts"]["teams"]
    assert remote["index"]["value"] is None and "in memory" in remote["index"]["note"]


def _drawn(at: AppTest) -> dict[str, object]:
    """The nodes, edges and click expansions in the page the app framed."""
    src = at.get("iframe")[0].proto.src
    html = base64.b64decode(src.removeprefix("data:text/html;base64,")).decode("utf-8")
    found = re.search(r"var NODES = (.*);\nvar EDGES = (.*);\nvar EXPAND = (.*);\n", html)
    assert found, "the framed page holds no graph"
    nodes, edges, expand = (json.loads(part) for part in found.groups())
    return {"nodes": sorted(nodes, key=lambda n: n["id"]), "edges": edges, "expand": expand}


def _page_of(view: View) -> dict[str, object]:
    at = AppTest.from_string("import streamlit as st\nst.iframe('data:text/html;base64,"
                             + base64.b64encode(view.html.encode()).decode() + "')").run()
    return _drawn(at)


def test_explore_from_neo4j_draws_what_memory_draws(connection, model_id, monkeypatch):
    """The Neo4j page draws the seam map (with its click expansions and the Graph page's
    seam controls), a team and a finding's neighbourhood from the pushed model: the same
    nodes and edges as the in-memory explorer draws for the same workbook. What it read is
    kept: a rerun, a seam control or coming back to a view sends no explorer query to
    Neo4j again, and a new push is read afresh."""
    monkeypatch.setenv("NEO4J_URI", neo4j_uri() or "")
    explorer_queries = {remote.query(path.stem) for path in remote.EXPLORE_DIR.glob("*.cypher")}
    sent: list[str] = []
    read = Connection.read

    def counted(self: Connection, query: str, parameters: dict | None = None) -> list:
        sent.append(query)
        return read(self, query, parameters)

    def explorer_reads() -> int:
        count = sum(query in explorer_queries for query in sent)
        sent.clear()
        return count

    monkeypatch.setattr(Connection, "read", counted)
    local = analyze(SAMPLES / "bank_complaint_handling.xlsx")
    flagged = findings_by_node(local.result.findings)
    seams = build(local.model)
    expand = expansions(local.model, seams, flagged)
    limit = min(len(seams.seams), readable_seams(len(seams.teams)))

    def memory(**controls: str) -> dict[str, object]:
        return _page_of(seam_view(local.model, flagged, seams=seams, expand=expand,
                                  height="650px", seam_limit=limit, **controls))

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.sidebar.selectbox[0].select("bank_complaint_handling.xlsx").run()
    next(r for r in at.radio if r.key == "page").set_value("Neo4j").run()
    at.toggle(key="neo4j_connect").set_value(True).run()
    # its own id: the other app test pushes this sample under its default id in parallel
    next(t for t in at.text_input if t.label == "Model id in Neo4j").input(model_id).run()
    next(b for b in at.button if b.label == "Push this model").click().run()
    # the app prepared its own expansions with the analysis; the page must never derive
    # them from the model in memory (seconds at 100,000 activities)
    in_memory: list[object] = []
    monkeypatch.setattr(viz, "expansions", lambda *args, **kwargs: in_memory.append(args))
    at.toggle(key="neo4j_explore").set_value(True).run()
    assert not at.exception
    assert explorer_reads() >= 5  # the seam map's four queries and the click expansions
    assert any(c.value.startswith("Read from Neo4j") for c in at.caption)
    drawn = _drawn(at)
    assert drawn == memory()
    assert {n["label"] for n in drawn["nodes"]} >= {t.name for t in local.model.teams}
    assert len(at.get("iframe")) == 1  # the first draw (without expansions) was replaced

    at.run()
    assert explorer_reads() == 0 and _drawn(at) == drawn
    at.selectbox(key="neo4j_owned").set_value("none").run()
    assert _drawn(at) == memory(ownership="none") != drawn
    at.toggle(key="neo4j_esc").set_value(True).run()
    assert _drawn(at) == memory(ownership="none", escalations=True)
    assert explorer_reads() == 0

    cutter = Explorer(local.model, flagged)
    at.radio(key="neo4j_view").set_value("One team").run()
    assert explorer_reads() > 0
    team = sorted(local.model.teams, key=lambda t: t.name)[0]
    assert {n["id"] for n in _drawn(at)["nodes"]} == set(cutter.team_work(team.id).graph)

    at.radio(key="neo4j_view").set_value("A finding's neighbourhood").run()
    finding = next(f for f in local.result.findings if f.subject_ids)
    assert {n["id"] for n in _drawn(at)["nodes"]} == set(
        cutter.around(finding.subject_ids[0]).graph)
    assert explorer_reads() > 0
    at.radio(key="neo4j_view").set_value("One team").run()
    assert explorer_reads() == 0

    at.radio(key="neo4j_view").set_value("Seam map").run()
    assert explorer_reads() == 0 and _drawn(at) == drawn
    next(b for b in at.button if b.label == "Push this model").click().run()
    assert explorer_reads() >= 5  # a new version: read again
    assert _drawn(at) == drawn
    assert not at.exception and not in_memory
