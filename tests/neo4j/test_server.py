"""The Neo4j server the suite runs against really stores and returns data."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from neo4j import Driver

LABEL = "OpmodelServerCheck"

# Characters that break naively string-built Cypher: quotes, braces, backticks, $, backslash.
AWKWARD = 'it\'s a "quoted" {map: 1} `ticked` $param \\ back\\slash; // not a comment ĉ 🙂'


def test_parameterised_property_round_trips(neo4j_driver: Driver) -> None:
    tag = uuid.uuid4().hex
    try:
        records, _, _ = neo4j_driver.execute_query(
            f"CREATE (n:{LABEL} {{tag: $tag, text: $text, names: $names}}) "
            "RETURN elementId(n) AS id",
            tag=tag,
            text=AWKWARD,
            names=[AWKWARD, "}{", "`"],
        )
        assert len(records) == 1

        records, _, _ = neo4j_driver.execute_query(
            f"MATCH (n:{LABEL} {{tag: $tag}}) RETURN n.text AS text, n.names AS names",
            tag=tag,
        )
        assert len(records) == 1
        assert records[0]["text"] == AWKWARD
        assert records[0]["names"] == [AWKWARD, "}{", "`"]

        # The awkward string also works as a match key, not just as stored data.
        records, _, _ = neo4j_driver.execute_query(
            f"MATCH (n:{LABEL} {{text: $text}}) WHERE n.tag = $tag RETURN count(n) AS c",
            tag=tag,
            text=AWKWARD,
        )
        assert records[0]["c"] == 1
    finally:
        neo4j_driver.execute_query(f"MATCH (n:{LABEL} {{tag: $tag}}) DETACH DELETE n", tag=tag)

    records, _, _ = neo4j_driver.execute_query(
        f"MATCH (n:{LABEL} {{tag: $tag}}) RETURN count(n) AS c", tag=tag
    )
    assert records[0]["c"] == 0


def test_server_is_neo4j_5(neo4j_driver: Driver) -> None:
    records, _, _ = neo4j_driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
    )
    kernel = [r for r in records if r["name"] == "Neo4j Kernel"]
    assert kernel, f"no 'Neo4j Kernel' component in {[r.data() for r in records]}"
    versions = kernel[0]["versions"]
    major = int(versions[0].split(".")[0]) if versions else 0
    assert major >= 5, f"expected Neo4j 5 or newer (5.26 LTS or 2025.x), got {versions}"
