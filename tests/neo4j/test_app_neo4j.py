"""The app's Neo4j page against the real server: connect, push, run the Cypher rules and
see them agree with the in-memory analysis; and `opmodel neo4j analyze` on the CLI."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from opmodel.cli import main
from opmodel.neo4j.push import drop
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
