"""Run the rule catalog inside Neo4j: ``cypher/rules/<ID>.cypher`` over a pushed model.

``analyze_in_neo4j`` mirrors ``opmodel.rules.engine.run``: the same rules in catalog order,
the same "not assessed" decisions (the model's provided sheets, from ``(:OpModel).provided``,
plus what the data makes assessable, e.g. "no activity names a journey"), the same
disabling, severity overrides and suppressions, and the same subjects and fingerprints, so a
baseline taken with one engine holds for the other. Messages are built from the rule's title
and the subjects' names, with the cell; evidence comes from the query.

Each query reads the model's current version (``$model`` is its key) through
``Connection.read`` (READ routing) with every value as a parameter. A rule whose file says
``// Delegates: networkx`` (STR001 articulation points, STR002 betweenness) returns the data
it needs, and the networkx rule itself runs on that data.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import networkx as nx
from neo4j.exceptions import AuthError, ServiceUnavailable

from opmodel.config import Config, Severity
from opmodel.errors import ConfigError
from opmodel.graph import NODE_KINDS
from opmodel.location import SourceRef
from opmodel.model import OperatingModel, normalise_name
from opmodel.neo4j.connection import Connection, Neo4jError
from opmodel.neo4j.push import check_model_id
from opmodel.neo4j.queries import CypherFileError, RuleQuery, rule_query
from opmodel.rules import REGISTRY
from opmodel.rules.advice import remediation
from opmodel.rules.base import (
    Finding,
    NotAssessed,
    RuleContext,
    RuleError,
    RuleMeta,
    Subject,
    fingerprint,
    names,
    where,
)
from opmodel.rules.engine import AnalysisResult, checked_rules, not_assessed_reason, record
from opmodel.rules.facts import Facts
from opmodel.rules.registry import Rule
from opmodel.rules.registry import select as select_rules

__all__ = ["CAPABILITIES", "Capabilities", "analyze_in_neo4j", "capabilities"]

# What the model offers: the sheets its workbook had, and what its data makes assessable
# (the derived capabilities of opmodel.rules.facts.Facts.available).
CAPABILITIES = """
MATCH (m:OpModel {id: $id})
WITH m, m.current AS key
RETURN key, coalesce(m.provided, []) AS provided,
  EXISTS { MATCH (a:Activity {model: key}) WHERE a.journey IS NOT NULL AND a.journey <> '' }
    AS journeys,
  EXISTS { MATCH (a:Activity {model: key}) WHERE a.kind = 'decision' } AS decisions,
  EXISTS { MATCH (a:Activity {model: key}) WHERE a.kind = 'outcome' } AS outcomes,
  EXISTS { MATCH (:Activity {model: key})-[:USES]->(:System) } AS system_use,
  EXISTS { MATCH (x:Metric {model: key}) WHERE x.metric_type IS NOT NULL } AS metric_types,
  coalesce(m.observed, false) AS observed
"""
_DERIVED = ("journeys", "decisions", "outcomes", "system_use", "metric_types", "observed")

# One record per label, as parallel lists: a record per node costs more to decode than its data.
_NODE_INFO = ("UNWIND $uids AS uid MATCH (n:{label} {{uid: uid}}) "
              "RETURN collect(n.id) AS ids, collect(n.name) AS names, "
              "collect([n.src_sheet, n.src_row, n.src_column]) AS cells")


@dataclass(frozen=True)
class Capabilities:
    """A pushed model's current version and what it can be assessed on."""

    model_id: str
    key: str
    available: frozenset[str]


def capabilities(connection: Connection, model_id: str) -> Capabilities:
    """The current version key and the available sheets and data of a pushed model.

    Raises Neo4jError when the id breaks the grammar or no model of that id was pushed.
    """
    check_model_id(model_id)
    records = connection.read(CAPABILITIES, {"id": model_id})
    if not records or records[0]["key"] is None:
        raise Neo4jError(f"There is no model '{model_id}' in Neo4j: push it first "
                         f"(`opmodel neo4j push FILE --model-id {model_id}`).")
    record = records[0]
    found = {str(kind) for kind in record["provided"]}
    found.update(kind for kind in _DERIVED if record[kind])
    return Capabilities(model_id, str(record["key"]), frozenset(found))


def analyze_in_neo4j(connection: Connection, model_id: str, config: Config | None = None,
                     select: Iterable[str] | None = None,
                     model: OperatingModel | None = None) -> AnalysisResult:
    """Run the rules (all, or those selected as for ``opmodel.rules.run``) in Neo4j.

    Remediations name who (``opmodel.rules.advice``) when the caller passes the pushed
    ``model``: the advice reads the model, not the database, and gives the same text as the
    networkx engine for the same finding. Without it, a finding carries the rule's generic
    remediation (the advice cannot name anyone).

    Raises ConfigError for an unknown rule in the config or the selection, CypherFileError
    when a selected rule has no (or a malformed) Cypher file, and Neo4jError when the model
    was never pushed or the server cannot be reached. A query the server refuses is recorded
    as a rule error, as the networkx engine records a rule that raises.
    """
    config = config or Config()
    rules = checked_rules(config, select)
    queries = {r.meta.id: rule_query(r.meta.id) for r in rules}  # all files, before any query
    values = _parameters(config)
    for query in queries.values():
        unknown = [p for p in query.parameters if p not in values]
        if unknown:
            known = sorted(name for name in values if name != "model")
            raise CypherFileError(f"{query.path}: unknown parameter(s) {unknown}; a rule query "
                                  f"takes $model and the thresholds {known}.")
    pushed = capabilities(connection, model_id)
    values["model"] = pushed.key
    nodes = _Nodes(connection, pushed.key)
    facts = Facts(model) if model is not None else None
    result = AnalysisResult()
    disabled = set(config.disable)
    for registered in rules:
        meta = registered.meta
        reason = not_assessed_reason(meta, disabled, pushed.available)
        if reason is not None:
            result.not_assessed.append(NotAssessed(meta.id, reason))
            continue
        query = queries[meta.id]
        args = {name: values[name] for name in query.parameters}
        started = time.perf_counter()
        try:
            if query.delegates:
                found = _delegated(connection, registered, query, args, config)
            else:
                found = _findings(connection, meta, query, args, config, nodes)
        except Neo4jError as exc:
            if isinstance(exc.__cause__, ServiceUnavailable | AuthError):
                raise
            result.rule_errors.append(RuleError(meta.id, str(exc)))
            continue
        except Exception as exc:  # the engine boundary: record, never swallow
            result.rule_errors.append(RuleError(meta.id, f"{type(exc).__name__}: {exc}"))
            continue
        finally:
            result.timings[meta.id] = time.perf_counter() - started
        if facts is not None:
            found = [replace(f, remediation=remediation(meta, f.subject_ids, facts))
                     for f in found]
        record(result, config, found)
    return result


def _parameters(config: Config) -> dict[str, Any]:
    """$model (filled in later) and every threshold, by its Config.thresholds name."""
    return {"model": None, **config.thresholds.model_dump()}


# ---------------------------------------------------------------------- plain Cypher rules
def _findings(connection: Connection, meta: RuleMeta, query: RuleQuery, args: dict[str, Any],
              config: Config, nodes: _Nodes) -> list[Finding]:
    records = connection.read(query.body, args)
    has_key, has_text, has_at = (c in query.columns for c in ("key", "key_text", "at"))
    nodes.load(str(i) for record in records for i in record["subjects"])
    severity = Severity(config.severity.get(meta.id, meta.severity))
    found: list[Finding] = []
    for record in records:
        if record["rule"] != meta.id:
            raise CypherFileError(f"{query.path} returned rule {record['rule']!r}, not "
                                  f"{meta.id}.")
        ids = [str(i) for i in record["subjects"]]
        subjects = tuple(nodes.subject(i) for i in ids)
        cells = record["at"] if has_at else None
        if cells is not None:
            locations = _unique(_ref(cell) for cell in cells)
        else:
            locations = _unique(nodes.location(i) for i in ids)
        key = str(record["key"] or "") if has_key else ""
        if has_text:
            key += normalise_name(str(record["key_text"] or ""))
        found.append(Finding(
            rule=meta.id, slug=meta.slug, severity=severity,
            message=_message(meta, subjects, locations),
            remediation=remediation(meta, ids, None),
            subjects=subjects, locations=locations, evidence=dict(record["evidence"] or {}),
            fingerprint=fingerprint(meta.id, ids, key)))
    return found


def _message(meta: RuleMeta, subjects: Sequence[Subject], locations: Sequence[SourceRef]
             ) -> str:
    """'<rule title>: <subject names> (<first cell>).'"""
    first = locations[0] if locations else None
    return f"{meta.title}: {names([s.name for s in subjects])}{where(first)}."


def _ref(cell: Mapping[str, Any] | None) -> SourceRef | None:
    """A SourceRef from a ``{sheet, row, column}`` map (None when the node has no cell)."""
    if not cell or not cell.get("sheet") or cell.get("row") is None:
        return None
    return SourceRef(str(cell["sheet"]), int(cell["row"]), str(cell.get("column") or ""))


def _unique(refs: Iterable[SourceRef | None]) -> tuple[SourceRef, ...]:
    return tuple(dict.fromkeys(ref for ref in refs if ref is not None))


class _Nodes:
    """Names and cells of subject nodes, fetched once per label and cached for the run."""

    def __init__(self, connection: Connection, key: str) -> None:
        self.connection = connection
        self.key = key
        self.names: dict[str, str] = {}
        self.cells: dict[str, SourceRef | None] = {}

    def load(self, ids: Iterable[str]) -> None:
        wanted: dict[str, list[str]] = {}
        for node_id in dict.fromkeys(ids):
            kind = node_id.split(":", 1)[0]
            if node_id not in self.names and kind in NODE_KINDS:
                wanted.setdefault(NODE_KINDS[kind], []).append(f"{self.key}|{node_id}")
        for label, uids in sorted(wanted.items()):
            # the label comes from the fixed vocabulary (NODE_KINDS), the ids as a parameter
            for record in self.connection.read(_NODE_INFO.format(label=label), {"uids": uids}):
                for node_id, name, (sheet, row, column) in zip(
                        record["ids"], record["names"], record["cells"], strict=True):
                    self.names[node_id] = str(name)
                    self.cells[node_id] = (SourceRef(sheet, int(row), column or "")
                                           if sheet and row is not None else None)

    def subject(self, node_id: str) -> Subject:
        kind, _, rest = node_id.partition(":") if ":" in node_id else ("unknown", "", "")
        # a log group (OBS005) is no node: its name is the id after "group:", as in networkx
        return Subject(node_id, kind, self.names.get(node_id, rest if kind == "group"
                                                      else node_id))

    def location(self, node_id: str) -> SourceRef | None:
        return self.cells.get(node_id)


# ---------------------------------------------------------------------- delegated rules
class _HandoffFacts(Facts):
    """The part of Facts the structure rules read (the handoff network, names, cells), built
    from a data query's rows instead of an OperatingModel."""

    def __init__(self, graph: nx.DiGraph, names: dict[str, str],
                 cells: dict[str, SourceRef | None], model_id: str) -> None:
        super().__init__(OperatingModel(id=model_id, name=model_id))
        self._network = graph
        self._node_names = names
        self._node_cells = cells

    @cached_property
    def handoff_graph(self) -> nx.DiGraph:
        """Teams joined by the seams between them, as read from Neo4j."""
        return self._network

    def name(self, node_id: str) -> str:
        """The display name of a team (the id itself when unknown)."""
        return self._node_names.get(node_id, node_id)

    def source(self, node_id: str) -> SourceRef | None:
        """Where the team was defined."""
        return self._node_cells.get(node_id)


def _delegated(connection: Connection, registered: Rule, query: RuleQuery,
               args: dict[str, Any], config: Config) -> list[Finding]:
    """Run the networkx rule on the handoff network its data query returns."""
    wanted = {"source", "target", "source_name", "target_name", "source_at", "target_at"}
    if not wanted <= set(query.columns):
        raise CypherFileError(f"{query.path}: a delegated structure rule's data query returns "
                              f"{sorted(wanted)}.")
    graph = nx.DiGraph()
    names_by_id: dict[str, str] = {}
    cells: dict[str, SourceRef | None] = {}
    for record in connection.read(query.body, args):
        source, target = str(record["source"]), str(record["target"])
        graph.add_edge(source, target)
        names_by_id[source], names_by_id[target] = record["source_name"], record["target_name"]
        cells[source], cells[target] = _ref(record["source_at"]), _ref(record["target_at"])
    facts = _HandoffFacts(graph, names_by_id, cells, str(args.get("model", "")))
    context = RuleContext(model=facts.model, facts=facts, config=config, meta=registered.meta)
    return list(registered.func(context))


def neo4j_document(connection: Connection, model_id: str, result: AnalysisResult
                   ) -> dict[str, Any]:
    """The JSON contract for findings computed in Neo4j.

    The database holds the graph, not the workbook: there is no import report, and the
    fragmentation index is computed in memory (``opmodel analyze``), so ``index.value`` is
    null with a note saying so.
    """
    from opmodel import __version__
    from opmodel.neo4j.push import current_key, list_models

    key = current_key(connection, model_id)
    if key is None:
        raise Neo4jError(f"No model '{model_id}' in the database: push it first with "
                         f"`opmodel neo4j push FILE --model-id {model_id}`.")
    info = next(m for m in list_models(connection) if m["id"] == model_id)
    counts = connection.read(
        "MATCH (n {model: $key}) WITH labels(n)[0] AS label, count(*) AS c "
        "RETURN collect([label, c]) AS nodes", {"key": key})[0]["nodes"]
    by_label = {label: count for label, count in counts}
    relations = connection.read(
        "MATCH (a:Team {model: $key})-[r]->() WHERE type(r) IN ['ASSIGNED', 'ESCALATES_TO'] "
        "OR (type(r) = 'HANDOFF' AND NOT coalesce(r.inferred, false)) "
        "RETURN type(r) AS t, count(*) AS c", {"key": key})
    by_type = {r["t"]: r["c"] for r in relations}
    return {
        "opmodel_version": __version__,
        "model": {"id": model_id, "name": info["name"], "scheme": info["scheme"],
                  "counts": {"teams": by_label.get("Team", 0),
                             "systems": by_label.get("System", 0),
                             "activities": by_label.get("Activity", 0),
                             "assignments": by_type.get("ASSIGNED", 0),
                             "handoffs": by_type.get("HANDOFF", 0),
                             "escalations": by_type.get("ESCALATES_TO", 0),
                             "metrics": by_label.get("Metric", 0)}},
        "import": {"errors": [], "warnings": [], "sheets": [], "phase_rows": []},
        "findings": [f.as_dict() for f in result.findings],
        "not_assessed": [n.as_dict() for n in result.not_assessed],
        "index": {"value": None, "components": {}, "journeys": {},
                  "note": "The index is computed in memory: run `opmodel analyze FILE`."},
    }
