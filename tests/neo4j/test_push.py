"""Pushing models to a real Neo4j server: complete, idempotent, side by side, atomic."""

from __future__ import annotations

import pytest

from opmodel import build_graph, load
from opmodel.neo4j.push import current_key, drop, list_models, push, read_graph
from tests.conftest import SAMPLES


def _shape(graph):
    nodes = sorted((n, d["type"], d["name"]) for n, d in graph.nodes(data=True))
    edges = sorted((u, v, k, d["type"]) for u, v, k, d in graph.edges(keys=True, data=True))
    return nodes, edges


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.xlsx")))
def test_each_sample_reads_back_as_the_same_graph(connection, model_id, sample):
    model = load(SAMPLES / sample).model
    result = push(connection, model, model_id)
    graph = build_graph(model)
    assert (result.nodes, result.relationships) == (graph.number_of_nodes(),
                                                   graph.number_of_edges())
    back = read_graph(connection, model_id)
    assert _shape(back) == _shape(graph)
    some_activity = next(n for n, d in graph.nodes(data=True) if d["type"] == "activity")
    assert str(back.nodes[some_activity]["source"]) == str(graph.nodes[some_activity]["source"])


def test_repush_is_idempotent_and_leaves_one_version(connection, model_id):
    model = load(SAMPLES / "retail_order_to_resolution.xlsx").model
    push(connection, model, model_id)
    first = _shape(read_graph(connection, model_id))
    push(connection, model, model_id)
    assert _shape(read_graph(connection, model_id)) == first
    keys = connection.read("MATCH (n:Team) WHERE n.model STARTS WITH $p "
                           "RETURN count(DISTINCT n.model) AS versions", {"p": f"{model_id}@"})
    assert keys[0]["versions"] == 1


def test_two_models_side_by_side(connection, model_id):
    other = f"{model_id}-other"
    try:
        push(connection, load(SAMPLES / "bare_raci.xlsx").model, model_id)
        push(connection, load(SAMPLES / "bank_complaint_handling.xlsx").model, other)
        listed = {m["id"]: m for m in list_models(connection)}
        assert listed[model_id]["name"] == "bare_raci"
        assert listed[other]["name"] == "bank_complaint_handling"
        assert read_graph(connection, model_id).number_of_nodes() != read_graph(
            connection, other).number_of_nodes()
    finally:
        drop(connection, other)
    assert read_graph(connection, model_id).number_of_nodes() > 0


def test_a_failed_push_leaves_the_previous_version(connection, model_id):
    old = load(SAMPLES / "bare_raci.xlsx").model
    push(connection, old, model_id)
    before = current_key(connection, model_id)

    def fail_half_way(stage: str, done: int, total: int) -> None:
        if stage == "relationships":
            raise RuntimeError("network dropped")

    with pytest.raises(RuntimeError):
        push(connection, load(SAMPLES / "retail_order_to_resolution.xlsx").model, model_id,
             progress=fail_half_way)
    assert current_key(connection, model_id) == before
    assert _shape(read_graph(connection, model_id)) == _shape(build_graph(old))
    push(connection, old, model_id)  # the next push clears the half-written version
    versions = connection.read("MATCH (n) WHERE n.model STARTS WITH $p "
                               "RETURN count(DISTINCT n.model) AS v", {"p": f"{model_id}@"})
    assert versions[0]["v"] == 1


def test_injection_attempts_in_names_are_stored_as_plain_text(connection, model_id,
                                                              make_workbook):
    hostile = ["Sales' }) DETACH DELETE n //", "Ops`:Admin {x:1}", "R&D {\"a\": $b}"]
    path = make_workbook({"RACI": [["Activity", *hostile], ["MATCH (n) RETURN n", "A", "R", "C"]]})
    push(connection, load(path).model, model_id)
    names = sorted(d["name"] for _, d in read_graph(connection, model_id).nodes(data=True))
    assert names == sorted([*hostile, "MATCH (n) RETURN n"])
    assert connection.read("MATCH (n:Admin) RETURN count(n) AS c")[0]["c"] == 0


def test_drop_removes_everything(connection, model_id):
    push(connection, load(SAMPLES / "bare_raci.xlsx").model, model_id)
    assert drop(connection, model_id)
    assert current_key(connection, model_id) is None
    left = connection.read("MATCH (n) WHERE n.model STARTS WITH $p RETURN count(n) AS c",
                           {"p": f"{model_id}@"})
    assert left[0]["c"] == 0


def test_cli_push_list_drop(model_id, tmp_path):
    import os
    import subprocess
    import sys

    from tests.neo4j.conftest import neo4j_uri

    env = {**os.environ, "NEO4J_URI": neo4j_uri() or ""}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "opmodel", "neo4j", *args], env=env,
                              capture_output=True, text=True, timeout=120)

    pushed = run("push", str(SAMPLES / "bank_complaint_handling.xlsx"), "--model-id", model_id)
    assert pushed.returncode == 0 and f"Pushed '{model_id}'" in pushed.stdout
    assert model_id in run("list").stdout
    assert run("drop", "--model-id", model_id).returncode == 0
    assert run("drop", "--model-id", model_id).returncode == 1


@pytest.mark.parametrize(("uri", "says"), [("bolt://127.0.0.1:1", "Cannot reach Neo4j"),
                                           ("http://localhost:7474", "not a Neo4j URI")])
def test_connection_errors_are_one_sentence(uri, says):
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "opmodel", "neo4j", "list"],
                          env={**os.environ, "NEO4J_URI": uri}, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2 and says in done.stderr and "Traceback" not in done.stderr
