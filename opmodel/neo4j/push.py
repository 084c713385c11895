"""Push a model's graph to Neo4j: batched UNWIND writes, many models side by side.

A push writes a new *version* of the model (nodes carry ``model = "<id>@<version>"``), then
flips the model's ``current`` pointer in one tiny transaction, then deletes the older
versions. Readers always see a complete model, and a push that fails half-way leaves the
previous version current (its partial version is removed by the next push or a drop).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx
from neo4j.exceptions import ClientError

from opmodel.graph import build_graph
from opmodel.location import SourceRef
from opmodel.model import OperatingModel
from opmodel.neo4j.connection import Connection, Neo4jError
from opmodel.neo4j.schema import LABELS, label_of, rel_type, schema_statements

if TYPE_CHECKING:
    from opmodel.observe.overlay import Observation

BATCH_SIZE = 10_000
Progress = Callable[[str, int, int], None]

# The model id grammar (README, Neo4j): 1-100 letters, digits, '.', '_', '-' or '@', starting
# with a letter or digit. Ids are case-sensitive ('Retail' and 'retail' are two models). A
# version key is "<id>@<12 hex digits>" and versions are matched exactly (never by prefix),
# so no id can reach another model's nodes (``victim`` never touches ``victim@eu``).
MODEL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")
_VERSION = "@[0-9a-f]{12}"


def check_model_id(model_id: str) -> str:
    """The id itself when it follows the grammar; Neo4jError (exit 2) otherwise."""
    if not MODEL_ID.fullmatch(model_id):
        shown = "".join(c if c.isprintable() else "?" for c in model_id[:40])
        raise Neo4jError(f"'{shown}' is not a valid model id: use 1 to 100 letters, digits, "
                         "'.', '_', '-' or '@', starting with a letter or digit (e.g. "
                         "retail-2026).")
    return model_id


def _versions_of(model_id: str) -> str:
    """A Cypher (Java) regex matching exactly the version keys of one model."""
    return r"\Q" + check_model_id(model_id) + r"\E" + _VERSION


@dataclass(frozen=True)
class PushResult:
    """What a push wrote."""

    model_id: str
    key: str
    nodes: int
    relationships: int


def _value(value: Any) -> Any:
    """A property value Neo4j can store: scalars and lists of strings."""
    if isinstance(value, tuple | list | frozenset | set):
        return [str(v) for v in value]
    return value


def _props(data: dict[str, Any]) -> dict[str, Any]:
    props = {k: _value(v) for k, v in data.items()
             if k not in {"source", "type"} and v is not None and not isinstance(v, dict)}
    source = data.get("source")
    if isinstance(source, SourceRef):
        props.update(src_sheet=source.sheet, src_row=source.row, src_column=source.column)
    return props


def node_rows(graph: nx.MultiDiGraph, key: str) -> dict[str, list[dict[str, Any]]]:
    """Rows to create per label."""
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for node_id, data in graph.nodes(data=True):
        props = _props(data)
        props.update(id=node_id, model=key, uid=f"{key}|{node_id}")
        rows[label_of(data["type"])].append(props)
    return rows


def edge_rows(graph: nx.MultiDiGraph, key: str
              ) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """Rows to create per (relationship type, start label, end label)."""
    types = nx.get_node_attributes(graph, "type")
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for source, target, edge_key, data in graph.edges(keys=True, data=True):
        group = (rel_type(data["type"]), label_of(types[source]), label_of(types[target]))
        props = _props(data)
        props["key"] = edge_key
        rows[group].append({"a": f"{key}|{source}", "b": f"{key}|{target}", "props": props})
    return rows


def _batches(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start:start + BATCH_SIZE]


# What Neo4j answers when another client created the same index or constraint a moment
# earlier: IF NOT EXISTS does not cover two schema transactions racing each other.
_ALREADY_THERE = frozenset({"Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists",
                            "Neo.ClientError.Schema.ConstraintAlreadyExists",
                            "Neo.ClientError.Schema.IndexAlreadyExists"})


def ensure_schema(connection: Connection) -> None:
    """Create constraints and indexes (idempotent, also when two pushes start together)."""
    for statement in schema_statements():
        try:
            connection.write(statement)
        except Neo4jError as exc:
            cause = exc.__cause__
            if not (isinstance(cause, ClientError) and cause.code in _ALREADY_THERE):
                raise


def push(connection: Connection, model: OperatingModel, model_id: str | None = None,
         graph: nx.MultiDiGraph | None = None, progress: Progress | None = None) -> PushResult:
    """Write the model as a new version, make it current, then remove older versions."""
    model_id = check_model_id(model_id or model.id)
    graph = graph if graph is not None else build_graph(model)
    key = f"{model_id}@{uuid.uuid4().hex[:12]}"
    ensure_schema(connection)
    nodes, edges = node_rows(graph, key), edge_rows(graph, key)
    total = sum(map(len, nodes.values())) + sum(map(len, edges.values()))
    done = 0
    for label, rows in nodes.items():
        for batch in _batches(rows):
            # label comes from the fixed vocabulary (label_of), values only as parameters
            connection.write(f"UNWIND $rows AS r MERGE (n:{label} {{uid: r.uid}}) SET n += r",
                             {"rows": batch})
            done += len(batch)
            if progress:
                progress("nodes", done, total)
    for (rel, start, end), rows in edges.items():
        for batch in _batches(rows):
            connection.write(
                f"UNWIND $rows AS r MATCH (a:{start} {{uid: r.a}}) MATCH (b:{end} {{uid: r.b}}) "
                f"CREATE (a)-[x:{rel}]->(b) SET x += r.props", {"rows": batch})
            done += len(batch)
            if progress:
                progress("relationships", done, total)
    connection.write(
        "MERGE (m:OpModel {id: $id}) SET m.current = $key, m.name = $name, "
        "m.scheme = $scheme, m.pushed_at = datetime(), m.nodes = $nodes, "
        "m.relationships = $relationships, m.provided = $provided, m.observed = null",
        {"id": model_id, "key": key, "name": model.name, "scheme": model.scheme.value,
         "provided": sorted(model.provided),
         "nodes": graph.number_of_nodes(), "relationships": graph.number_of_edges()})
    _delete_versions(connection, model_id, keep=key)
    return PushResult(model_id, key, graph.number_of_nodes(), graph.number_of_edges())


def push_observed(connection: Connection, model_id: str, observation: Observation) -> int:
    """Add what an event log shows to the model's current version: an OBSERVED_HANDOFF per
    observed seam (with its counts and hours), each team's event count, and the unmapped
    groups on the model node. Replaces an earlier observation; returns the seams written."""
    key = current_key(connection, model_id)
    if key is None:
        raise Neo4jError(f"No model '{model_id}' in the database: push it first with "
                         f"`opmodel neo4j push FILE --model-id {model_id}`.")
    connection.write("MATCH (:Team {model: $key})-[x:OBSERVED_HANDOFF]->() DELETE x",
                     {"key": key})
    connection.write("MATCH (t:Team {model: $key}) REMOVE t.observed_events", {"key": key})
    rows = [{"a": f"{key}|{s.source}", "b": f"{key}|{s.target}", "props": {
        "cases": s.cases, "handoffs": s.handoffs, "median_hours": s.median_hours,
        "p90_hours": s.p90_hours, "pingpong_cases": s.pingpong_cases,
        "examples": list(s.examples), "pingpong_examples": list(s.pingpong_examples)}}
        for s in observation.seams]
    for batch in _batches(rows):
        connection.write("UNWIND $rows AS r MATCH (a:Team {uid: r.a}) MATCH (b:Team {uid: r.b}) "
                         "CREATE (a)-[x:OBSERVED_HANDOFF]->(b) SET x += r.props",
                         {"rows": batch})
    seen = [{"uid": f"{key}|{team}", "events": observation.mined.team_events[team]}
            for team in sorted(observation.teams_seen)]
    connection.write("UNWIND $rows AS r MATCH (t:Team {uid: r.uid}) "
                     "SET t.observed_events = r.events", {"rows": seen})
    unmapped = observation.mapping.unmapped
    start, end = observation.dates
    connection.write(
        "MATCH (m:OpModel {id: $id}) SET m.observed = true, m.log_name = $name, "
        "m.log_team_column = $column, m.log_cases = $cases, m.log_from = $start, "
        "m.log_to = $end, m.unmapped_ids = $ids, m.unmapped_groups = $groups, "
        "m.unmapped_events = $events, m.unmapped_rows = $rows, "
        "m.unmapped_suggestions = $suggestions",
        {"id": model_id, "name": observation.log.name,
         "column": observation.log.letters.get("team", ""),
         "cases": observation.mined.cases, "start": start, "end": end,
         "ids": [f"group:{u.group}" for u in unmapped], "groups": [u.group for u in unmapped],
         "events": [u.events for u in unmapped], "rows": [u.first_row for u in unmapped],
         "suggestions": [u.suggestion or "" for u in unmapped]})
    return len(rows)


def _delete_versions(connection: Connection, model_id: str, keep: str | None) -> None:
    """Delete every version of a model but ``keep``, in bounded transactions."""
    for label in sorted(LABELS):
        while True:
            records = connection.write(
                f"MATCH (n:{label}) WHERE n.model STARTS WITH $prefix AND n.model =~ $exact "
                "AND n.model <> $keep WITH n LIMIT $limit DETACH DELETE n "
                "RETURN count(*) AS deleted",
                {"prefix": f"{model_id}@", "exact": _versions_of(model_id), "keep": keep or "",
                 "limit": BATCH_SIZE})
            if records[0]["deleted"] == 0:
                break


def current_key(connection: Connection, model_id: str) -> str | None:
    """The key of the model's current version, or None when it was never pushed."""
    check_model_id(model_id)
    records = connection.read("MATCH (m:OpModel {id: $id}) RETURN m.current AS key",
                              {"id": model_id})
    return str(records[0]["key"]) if records else None


def list_models(connection: Connection) -> list[dict[str, Any]]:
    """Every model in the database, with its size and when it was pushed."""
    records = connection.read(
        "MATCH (m:OpModel) RETURN m.id AS id, m.name AS name, m.scheme AS scheme, "
        "toString(m.pushed_at) AS pushed_at, m.nodes AS nodes, "
        "m.relationships AS relationships ORDER BY m.id")
    return [dict(r) for r in records]


def drop(connection: Connection, model_id: str) -> bool:
    """Delete a model entirely; False when there was no such model."""
    check_model_id(model_id)
    existed = current_key(connection, model_id) is not None
    _delete_versions(connection, model_id, keep=None)
    connection.write("MATCH (m:OpModel {id: $id}) DELETE m", {"id": model_id})
    return existed


def read_graph(connection: Connection, model_id: str) -> nx.MultiDiGraph:
    """The current version of a model read back as a networkx graph (same ids and data)."""
    key = current_key(connection, model_id)
    graph = nx.MultiDiGraph(model=model_id)
    if key is None:
        return graph
    for label in sorted(LABELS):
        for record in connection.read(
                f"MATCH (n:{label} {{model: $key}}) RETURN properties(n) AS p", {"key": key}):
            props = dict(record["p"])
            node_id = props.pop("id")
            props["type"] = node_id.split(":", 1)[0]
            graph.add_node(node_id, **_strip(props))
    for label in sorted(LABELS):
        for record in connection.read(
                f"MATCH (a:{label} {{model: $key}})-[x]->(b) "
                "RETURN a.id AS a, b.id AS b, type(x) AS t, properties(x) AS p", {"key": key}):
            props = dict(record["p"])
            edge_key = props.pop("key")
            graph.add_edge(record["a"], record["b"], edge_key, type=record["t"],
                           **_strip(props))
    return graph


def _strip(props: dict[str, Any]) -> dict[str, Any]:
    sheet, row, column = props.pop("src_sheet", None), props.pop("src_row", None), props.pop(
        "src_column", "")
    for bookkeeping in ("model", "uid"):
        props.pop(bookkeeping, None)
    props["source"] = SourceRef(sheet, int(row), column or "") if sheet else None
    return props
