"""The Cypher rule catalog matches the rule registry, and every file says what it returns
(no server needed; tests/neo4j/test_parity.py runs the files)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from opmodel.config import Thresholds
from opmodel.graph import EDGE_KINDS, NODE_KINDS
from opmodel.neo4j.queries import (
    FINDING_COLUMNS,
    OPTIONAL_COLUMNS,
    RULES_DIR,
    CypherFileError,
    parse_rule_file,
    registry_queries,
    rule_files,
    rule_query,
    schema,
)
from opmodel.rules import REGISTRY

# The rules that need an algorithm plain Community Cypher lacks (their files say why): the
# engine runs the networkx rule on what their data query returns.
DELEGATED = {"STR001", "STR002"}
LABELS = set(NODE_KINDS.values()) | {"OpModel"}
REL_TYPES = set(EDGE_KINDS)


def test_every_rule_has_a_cypher_file_and_every_file_a_rule():
    assert set(rule_files()) == set(REGISTRY)
    assert list(registry_queries()) == list(REGISTRY)


def test_the_delegated_rules_are_the_documented_ones():
    assert {rule for rule, query in registry_queries().items() if query.delegates} == DELEGATED


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_each_file_declares_what_it_mirrors_and_returns(rule_id):
    query = rule_query(rule_id)
    meta = REGISTRY[rule_id].meta
    first = query.text.splitlines()[0]
    assert first.startswith(f"// {rule_id} {meta.slug}"), first
    assert "// Mirrors: opmodel.rules." in query.text
    assert "// Flags:" in query.text
    assert query.columns, "no '// Columns:' line"
    assert "model" in query.parameters, "every query reads one model version: $model"
    assert f"{rule_id}" in query.text
    if query.delegates:
        return
    assert set(FINDING_COLUMNS) <= set(query.columns) <= set(FINDING_COLUMNS + OPTIONAL_COLUMNS)
    assert f"'{rule_id}' AS rule" in query.body
    final = query.body[query.body.index(f"RETURN '{rule_id}' AS rule"):]
    returned = re.findall(r"\bAS\s+(\w+)", _outside_braces(final))
    assert returned == list(query.columns), "the final RETURN gives the declared columns"


def _outside_braces(text: str) -> str:
    """The text without what is inside {...} (maps and subqueries)."""
    depth, kept = 0, []
    for char in text:
        depth += char == "{"
        if depth == 0:
            kept.append(char)
        depth -= char == "}"
    return "".join(kept)


@pytest.mark.parametrize("rule_id", sorted(DELEGATED))
def test_files_that_delegate_to_networkx_say_why(rule_id):
    query = rule_query(rule_id)
    assert query.delegates is not None
    reason = query.delegates.removeprefix("networkx").lstrip(". ")
    assert len(reason) > 150 and "Cypher" in reason, reason
    assert {"source", "target"} <= set(query.columns)


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_parameters_are_model_and_the_rules_own_thresholds(rule_id):
    query = rule_query(rule_id)
    meta = REGISTRY[rule_id].meta
    thresholds = set(query.parameters) - {"model"}
    assert thresholds <= set(Thresholds.model_fields), thresholds
    if not query.delegates:  # a delegated rule reads its thresholds in networkx
        assert thresholds == set(meta.thresholds)
    header = next(line for line in query.text.splitlines() if line.startswith("// Parameters:"))
    assert set(re.findall(r"\$(\w+)", header)) == set(query.parameters)


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_labels_and_types_come_from_the_fixed_vocabulary(rule_id):
    body = rule_query(rule_id).body
    labels = re.findall(r"\(\s*\w*\s*:\s*(\w+)", body)
    types = [t for group in re.findall(r"\[\s*\w*\s*:\s*([A-Z_|]+)", body)
             for t in group.split("|")]
    assert labels and set(labels) <= LABELS, labels
    assert set(types) <= REL_TYPES, types


def test_queries_hold_no_literal_user_values():
    # values travel as parameters: the only string literals are rule ids, roles, levels,
    # kinds, metric types, sheet-kind names and the '|' / '>' / ':' separators of keys and uids
    allowed = {"accountable", "responsible", "support", "consulted", "decide", "approve",
               "customer",
               "veto", "write", "decision", "outcome", "advisory", "no-levers", "teams",
               "decision_rights", "", " ", "|", ">", ":"} | set(REGISTRY)
    for rule_id in REGISTRY:
        literals = set(re.findall(r"'([^']*)'", rule_query(rule_id).body))
        assert literals <= allowed, (rule_id, literals - allowed)


def test_a_missing_file_fails_clearly(monkeypatch, tmp_path):
    import opmodel.neo4j.queries as queries

    monkeypatch.setattr(queries, "RULES_DIR", tmp_path)
    rule_query.cache_clear()
    try:
        with pytest.raises(CypherFileError, match="OWN001 has no Cypher file"):
            rule_query("OWN001")
        with pytest.raises(CypherFileError, match="No Cypher file for rule"):
            registry_queries()
    finally:
        rule_query.cache_clear()


@pytest.mark.parametrize(("text", "says"), [
    ("MATCH (n) RETURN n", "no '// Columns"),
    ("// Columns: rule, subjects\nMATCH (n) RETURN n", "missing \\['evidence'\\]"),
    ("// Columns: rule, subjects, evidence, extra\nMATCH (n) RETURN n", "unknown \\['extra'\\]"),
    ("// Columns: source\n// Delegates: networkx\nMATCH (n) RETURN n", "Delegates"),
    ("// Columns: rule, subjects, evidence\n", "holds no query"),
])
def test_malformed_headers_are_refused(text, says):
    with pytest.raises(CypherFileError, match=says):
        parse_rule_file("OWN001", text, Path("OWN001.cypher"))


def test_schema_file_loads():
    statements = schema()
    assert statements and all("IF NOT EXISTS" in s for s in statements)
    assert RULES_DIR.is_dir()


def test_a_query_with_an_unknown_parameter_is_refused_before_any_query(monkeypatch):
    import opmodel.neo4j.run as engine

    bogus = parse_rule_file("OWN001", "// Columns: rule, subjects, evidence\n"
                                      "MATCH (a:Activity {model: $model}) WHERE $max_typo > 1\n"
                                      "RETURN 'OWN001' AS rule, [a.id] AS subjects, {} AS evidence")
    monkeypatch.setattr(engine, "rule_query", lambda rule_id: bogus)
    with pytest.raises(CypherFileError, match=r"unknown parameter\(s\) \['max_typo'\]"):
        engine.analyze_in_neo4j(object(), "any", select=["OWN001"])  # type: ignore[arg-type]
