"""Model ids: a documented grammar on every command, and versions matched exactly, so that
pushing or dropping one model never touches another (issue 14, item 5)."""

from __future__ import annotations

import uuid

import pytest

from opmodel import load
from opmodel.cli import main
from opmodel.neo4j.connection import Neo4jError
from opmodel.neo4j.push import check_model_id, drop, list_models, push, read_graph
from tests.conftest import SAMPLES


def _state(connection, ids):
    """Per model: its listing (nodes, current version) and the nodes actually stored."""
    listed = {m["id"]: m for m in list_models(connection)}
    out = {}
    for model_id in ids:
        graph = read_graph(connection, model_id)
        out[model_id] = (listed.get(model_id, {}).get("nodes"), graph.number_of_nodes(),
                         graph.number_of_edges())
    return out


@pytest.fixture
def ids(connection):
    tag = uuid.uuid4().hex[:6]
    names = {"victim@eu": f"victim{tag}@eu", "victim": f"victim{tag}",
             "Victim": f"Victim{tag}", "victim@eu@x": f"victim{tag}@eu@x"}
    yield names
    for model_id in names.values():
        drop(connection, model_id)


def test_pushing_an_id_that_prefixes_another_changes_nothing_else(connection, ids):
    retail = load(SAMPLES / "retail_order_to_resolution.xlsx").model
    bare = load(SAMPLES / "bare_raci.xlsx").model
    victim_eu, victim, upper, deeper = (ids[k] for k in ("victim@eu", "victim", "Victim",
                                                          "victim@eu@x"))
    push(connection, retail, victim_eu)
    push(connection, retail, deeper)
    before = _state(connection, [victim_eu, deeper])
    assert before[victim_eu][1] > 0 and before[victim_eu][0] == before[victim_eu][1]
    push(connection, bare, victim)           # was: deleted every node of victim@eu
    push(connection, bare, victim)           # a re-push deletes only its own old version
    push(connection, bare, upper)            # differs only by case: a model of its own
    assert _state(connection, [victim_eu, deeper]) == before
    assert _state(connection, [victim])[victim] == _state(connection, [upper])[upper]
    assert drop(connection, victim) and drop(connection, upper)
    assert _state(connection, [victim_eu, deeper]) == before
    assert drop(connection, victim_eu)
    assert _state(connection, [deeper]) == {deeper: before[deeper]}


@pytest.mark.parametrize("bad", ["", "-lead", "a b", "x|y", "a'}) DETACH DELETE n //",
                                 "é", "a" * 101, "line\nbreak"])
def test_ids_outside_the_grammar_are_refused_in_one_sentence(bad, capsys):
    with pytest.raises(Neo4jError, match="not a valid model id"):
        check_model_id(bad)
    option = f"--model-id={bad}"  # '=' so that an id starting with '-' reaches the check
    for argv in (["neo4j", "drop", option], ["neo4j", "analyze", option],
                 ["neo4j", "push", str(SAMPLES / "bare_raci.xlsx"), option]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "not a valid model id" in err and err.count("\n") == 1


@pytest.mark.parametrize("good", ["retail-2026", "victim@eu", "Retail_v2.1", "9lives"])
def test_ids_in_the_grammar_are_accepted(good):
    assert check_model_id(good) == good
