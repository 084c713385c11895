"""The explorer's views read from a pushed model in Neo4j, without loading the model.

The seam map comes from four aggregating queries (teams with their work counts, handoffs
per team pair, escalations team to team, systems with their access): a few hundred rows
whatever the model's size, laid out by ``seammap.assemble`` exactly as the in-memory map.
A team's expansion and a node's neighbourhood are cut in the database (the team's
activities ranked and capped there; a neighbourhood ring by ring) and come back as the
same ``explore.Piece`` the in-memory ``Explorer`` cuts, so ``viz.render`` draws either.
The queries live in ``cypher/explore/*.cypher``; values only travel as parameters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from functools import cache
from typing import Any

import networkx as nx

from opmodel.explore import Piece
from opmodel.location import SourceRef
from opmodel.neo4j.connection import Connection, Neo4jError
from opmodel.neo4j.push import current_key
from opmodel.neo4j.schema import CYPHER_DIR
from opmodel.schemes import Role
from opmodel.seammap import EDGE_CAP, Seam, SeamMap, assemble
from opmodel.viz import EXPAND_LIMIT, TeamWork, roles_of

EXPLORE_DIR = CYPHER_DIR / "explore"
_TYPE_ORDER = {"team": 0, "system": 1, "journey": 2, "metric": 3, "activity": 4}


@cache
def query(name: str) -> str:
    """A query of cypher/explore without its comment lines."""
    path = EXPLORE_DIR / f"{name}.cypher"
    if not path.is_file():
        raise Neo4jError(f"The explorer's Cypher file {path} is missing: reinstall opmodel.")
    return "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("//")).strip()


def model_key(connection: Connection, model_id: str) -> str:
    """The current version key of a pushed model; a clear error when it was never pushed."""
    key = current_key(connection, model_id)
    if key is None:
        raise Neo4jError(f"No model '{model_id}' in the database: push it first with "
                         f"`opmodel neo4j push FILE --model-id {model_id}`.")
    return key


def seam_map(connection: Connection, model_id: str, edge_cap: int = EDGE_CAP, *,
             key: str | None = None) -> SeamMap:
    """The seam map of a pushed model (the same as ``seammap.build`` on the model).
    ``key``: the version to read, when the caller has already looked it up (as every
    function here takes it: the app keys its cache by it and reads exactly that version)."""
    key = key or model_key(connection, model_id)
    params = {"model": key}
    teams: dict[str, str] = {}
    kinds: dict[str, str] = {}
    work: Counter[str] = Counter()
    for r in connection.read(query("seam_teams"), params):
        teams[r["id"]], kinds[r["id"]] = r["name"], r["kind"]
        if r["work"]:
            work[r["id"]] = r["work"]
    seams: dict[tuple[str, str], Seam] = {}
    for r in connection.read(query("seam_handoffs"), params):
        seam = Seam(r["source"], r["target"], r["count"], r["owned"], r["inferred"])
        for journey, count in r["journeys"]:
            seam.journeys[journey] = count
        seams[(seam.source, seam.target)] = seam
    escalated: Counter[tuple[str, str]] = Counter(
        {(r["source"], r["target"]): r["escalations"]
         for r in connection.read(query("seam_escalations"), params)})
    systems: dict[str, str] = {}
    access: dict[tuple[str, str], str] = {}
    for r in connection.read(query("seam_access"), params):
        systems[r["system"]] = r["name"]
        access.update(((team, r["system"]), level) for team, level in r["access"])
    return assemble(teams, kinds, work, seams, list(escalated), access, systems, edge_cap,
                    escalated)


def expansions_work(connection: Connection, model_id: str, flagged: Collection[str] = (), *,
                    key: str | None = None) -> dict[str, TeamWork]:
    """What a click on each team of the seam map shows (``viz.team_work_of`` from Neo4j)."""
    key = key or model_key(connection, model_id)
    # those with findings come first: looked up by id and ranked per team; the others are
    # ranked only for a team with fewer than the limit of those (none at 100,000 activities)
    uids = [f"{key}|{node}" for node in flagged if _kind(node) == "activity"]
    first = {r["team"]: list(r["shown"]) for r in connection.read(
        query("team_expansions_flagged"), {"uids": uids, "limit": EXPAND_LIMIT})}
    short = [shown for shown in first.values() if len(shown) < EXPAND_LIMIT]
    rows = connection.read(query("team_expansions"), {
        "model": key, "have": {team: len(shown) for team, shown in first.items()},
        "exclude": [a for shown in short for a, _, _ in shown], "limit": EXPAND_LIMIT})
    return {r["team"]: TeamWork([(a, name, roles_of(Role(role) for role in roles))
                                 for a, name, roles in
                                 (first.get(r["team"], []) + list(r["shown"]))[:EXPAND_LIMIT]],
                                max(0, r["activities"] - EXPAND_LIMIT)) for r in rows}


def _kind(node_id: str) -> str:
    return node_id.split(":", 1)[0]


def _rank(node: str, name: str, flagged: Collection[str]) -> tuple[int, bool, str, str]:
    """The in-memory explorer's order (and the Cypher's): by type, nodes with findings
    first, then by name (lower case, as Cypher's toLower) and id."""
    return (_TYPE_ORDER.get(_kind(node), 5), node not in flagged, name.lower(), node)


def team_work(connection: Connection, model_id: str, team: str,
              flagged: Collection[str] = (), cap: int = 300, *, key: str | None = None) -> Piece:
    """A team expanded (``Explorer.team_work`` read from Neo4j)."""
    key = key or model_key(connection, model_id)
    flagged = frozenset(flagged)  # ranked below: membership must be cheap at 100k
    rows = connection.read(query("team_work"), {"uid": f"{key}|{team}",
                                                 "flagged": sorted(flagged), "cap": cap})
    if not rows:
        return Piece(nx.MultiDiGraph(), 0)
    row = rows[0]
    names = {node: name for node, name in row["partners"]}
    partners = set(names) - {team}
    kept = [team, *sorted(partners, key=lambda n: _rank(n, names[n], flagged))][:cap]
    kept += list(row["work"])[:max(0, cap - len(kept))]
    return Piece(subgraph(connection, key, kept), 1 + len(partners) + row["activities"])


def around(connection: Connection, model_id: str, focus: str, depth: int = 1,
           cap: int = 300, team: str | None = None,
           flagged: Collection[str] = (), *, key: str | None = None) -> Piece:
    """The neighbourhood of ``focus`` (``Explorer.around`` read from Neo4j, one query
    per ring): nearer rings first; with ``team``, only what touches that team."""
    key = key or model_key(connection, model_id)
    flagged = frozenset(flagged)
    allowed = None if team is None else {team, *_ring(connection, key, [team])}
    seen = {focus}
    kept = [focus]
    frontier = [focus]
    matched = 1
    for level in range(depth):
        room = max(0, cap - len(kept))
        if level == depth - 1:  # the last ring: counted and cut in the database
            row = connection.read(query("last_ring"), {
                "uids": [f"{key}|{node}" for node in frontier], "seen": sorted(seen),
                "allowed": None if allowed is None else sorted(allowed),
                "flagged": sorted(flagged), "room": room})[0]
            kept += row["top"]
            matched = (len(seen) + row["found"] if allowed is None else
                       len((seen & allowed) | {focus}) + row["allowed_found"])
            break
        found = _ring(connection, key, frontier) if frontier else {}
        ring = {node: name for node, name in found.items() if node not in seen}
        seen |= set(ring)
        frontier = list(ring)
        if allowed is not None:
            ring = {node: name for node, name in ring.items() if node in allowed}
        if room > 0:
            kept += sorted(ring, key=lambda n: _rank(n, ring[n], flagged))[:room]
    return Piece(subgraph(connection, key, kept), matched)


def _ring(connection: Connection, key: str, nodes: Iterable[str]) -> dict[str, str]:
    uids = [f"{key}|{node}" for node in nodes]
    return {r["id"]: r["name"] for r in connection.read(query("neighbours"), {"uids": uids})}


def subgraph(connection: Connection, key: str, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The drawn graph: these nodes and every relationship between them, with the
    attributes ``Explorer.subgraph`` gives (type, name, source; role, owner, inferred)."""
    order = list(dict.fromkeys(nodes))
    uids = [f"{key}|{node}" for node in order]
    found: dict[str, dict[str, Any]] = {}
    for r in connection.read(query("nodes"), {"uids": uids}):
        source = (SourceRef(r["sheet"], int(r["row"]), r["column"] or "")
                  if r["sheet"] else None)
        found[r["id"]] = {"type": _kind(r["id"]), "name": r["name"], "source": source}
    graph = nx.MultiDiGraph()
    for node in order:
        if node in found:
            graph.add_node(node, **found[node])
    for r in connection.read(query("edges"), {"uids": uids}):
        kind = r["type"]
        detail = str(r["role"] or r["level"] or ("owned" if r["owned"] else ""))
        for _ in range(r["times"]):
            graph.add_edge(r["source"], r["target"], type=kind,
                           role=detail if kind == "ASSIGNED" else None,
                           owner=detail == "owned" or None, inferred=bool(r["inferred"]))
    return graph
