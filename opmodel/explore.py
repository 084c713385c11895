"""Small pieces of a big model's graph, cut without building the whole graph.

The full networkx graph of a 100,000-activity model holds ~780,000 edges and ~650 MB; a
view draws at most a few hundred. ``Explorer`` keeps a slim adjacency (one tuple per
edge, an index per node) built from the same edges as ``opmodel.graph`` and cuts a
team's work, a node's neighbourhood or a journey directly, capped, saying how much
matched. The pieces come back as small MultiDiGraphs that ``opmodel.viz.render`` draws.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from opmodel.graph import graph_edges, journey_id
from opmodel.model import OperatingModel

_TYPE_ORDER = {"team": 0, "system": 1, "journey": 2, "metric": 3, "activity": 4}
_DOING = {"accountable", "responsible"}


@dataclass(frozen=True)
class Piece:
    """A cut of the graph: the small graph to draw and how many nodes matched in all."""

    graph: nx.MultiDiGraph
    matched: int

    @property
    def note(self) -> str:
        """What was left out, in words (empty when nothing was)."""
        drawn = self.graph.number_of_nodes()
        if self.matched <= drawn:
            return ""
        return (f"{self.matched:,} nodes match; {drawn:,} are drawn (the node you chose, teams "
                "and systems, nodes with findings, then by name). Narrow it with a team "
                "filter or a smaller depth.")


class Explorer:
    """A model's nodes and edges in slim form, for cutting views out of it."""

    def __init__(self, model: OperatingModel, flagged: Collection[str] = ()) -> None:
        self.scheme = model.scheme
        self.flagged = set(flagged)
        self.nodes: dict[str, tuple[str, str, Any]] = {}
        for t in model.teams:
            self.nodes[t.id] = ("team", t.name, t.source)
        for s in model.systems:
            self.nodes[s.id] = ("system", s.name, s.source)
        for a in model.activities:
            self.nodes[a.id] = ("activity", a.name, a.source)
        for m in model.metrics:
            self.nodes[m.id] = ("metric", m.name, m.source)
        for name in sorted({a.journey for a in model.activities if a.journey}):
            self.nodes[journey_id(name)] = ("journey", name, None)
        for j in model.journeys:  # the Journeys sheet says where a journey is described
            self.nodes[j.id] = ("journey", self.nodes.get(j.id, ("", j.name))[1], j.source)
        # Slim on purpose (~100 MB less at 100k): edge numbers in typed arrays rather than
        # lists of int objects, and each role or level word stored once, not once per edge.
        self.edges: list[tuple[str, str, str, str, bool]] = []
        self.out: dict[str, array[int]] = defaultdict(lambda: array("I"))
        self.inc: dict[str, array[int]] = defaultdict(lambda: array("I"))
        words: dict[str, str] = {}
        for source, target, _key, data in graph_edges(model):
            detail = str(data.get("role") or data.get("level") or
                         ("owned" if data.get("owner") else ""))
            detail = words.setdefault(detail, detail)
            self.out[source].append(len(self.edges))
            self.inc[target].append(len(self.edges))
            self.edges.append((source, target, data["type"], detail,
                               bool(data.get("inferred"))))

    # ------------------------------------------------------------ ordering

    def _rank(self, node: str) -> tuple[int, bool, str, str]:
        """By type, nodes with findings first, then by name and id (a total order, the
        same as the Neo4j explorer's Cypher: toLower is str.lower)."""
        kind, name, _ = self.nodes.get(node, ("", node, None))
        return (_TYPE_ORDER.get(kind, 5), node not in self.flagged, name.lower(), node)

    def neighbours(self, node: str) -> Iterable[str]:
        """Nodes one edge away, either direction."""
        for number in self.out.get(node, ()):
            yield self.edges[number][1]
        for number in self.inc.get(node, ()):
            yield self.edges[number][0]

    # ------------------------------------------------------------ cuts

    def around(self, focus: str, depth: int = 1, cap: int = 300,
               team: str | None = None) -> Piece:
        """The neighbourhood of ``focus`` within ``depth`` hops; with ``team``, only what
        touches that team (the focus is always kept). Nearer hops are drawn first."""
        allowed = None if team is None else {team, *self.neighbours(team)}
        seen = {focus}
        kept = [focus]
        frontier = [focus]
        for _ in range(depth):
            ring: set[str] = set()
            for node in frontier:
                ring.update(n for n in self.neighbours(node) if n not in seen)
            seen |= ring
            frontier = list(ring)
            if allowed is not None:
                ring &= allowed
            room = cap - len(kept)
            if room > 0:
                kept += sorted(ring, key=self._rank)[:room]
        matched = len(seen if allowed is None else (seen & allowed) | {focus})
        return Piece(self.subgraph(kept), matched)

    def team_work(self, team: str, cap: int = 300) -> Piece:
        """A team expanded: the activities it has a role on (those it does and those with
        findings first), its systems, and the teams it hands work to or escalates with."""
        partners: set[str] = set()
        work: list[tuple[bool, bool, str, str]] = []
        for number in self.out.get(team, ()):
            _, target, kind, detail, _ = self.edges[number]
            if kind == "ASSIGNED":
                work.append((detail not in _DOING, target not in self.flagged,
                             self.nodes.get(target, ("", target, None))[1].lower(), target))
            elif kind in {"ACCESS", "HANDOFF", "ESCALATES_TO", "OWNS", "REPORTS_TO"}:
                partners.add(target)
        for number in self.inc.get(team, ()):
            source, _, kind, _, _ = self.edges[number]
            if kind in {"HANDOFF", "ESCALATES_TO", "REPORTS_TO"}:
                partners.add(source)
        activities = list(dict.fromkeys(t for *_, t in sorted(work)))
        kept = [team, *sorted(partners - {team}, key=self._rank)][:cap]
        kept += activities[:max(0, cap - len(kept))]
        return Piece(self.subgraph(kept), 1 + len(partners - {team}) + len(activities))

    def journey(self, name: str, cap: int = 300) -> Piece:
        """A journey: its steps in order and the teams doing them."""
        node = journey_id(name)
        steps = [self.edges[n][0] for n in self.inc.get(node, ())
                 if self.edges[n][2] == "IN_JOURNEY"]
        doers: dict[str, None] = {}
        for step in steps:
            for number in self.inc.get(step, ()):
                source, _, kind, detail, _ = self.edges[number]
                if kind == "ASSIGNED" and detail in _DOING:
                    doers[source] = None
        kept = [node, *sorted(doers, key=self._rank)][:cap]
        flagged_first = sorted(steps, key=lambda s: s not in self.flagged)
        kept += flagged_first[:max(0, cap - len(kept))]
        return Piece(self.subgraph(kept), 1 + len(doers) + len(steps))

    def subgraph(self, nodes: Iterable[str]) -> nx.MultiDiGraph:
        """The drawn graph: these nodes and every edge between them."""
        wanted = dict.fromkeys(n for n in nodes if n in self.nodes or n in self.out)
        graph = nx.MultiDiGraph()
        for node in wanted:
            kind, name, source = self.nodes.get(node, ("", node, None))
            graph.add_node(node, type=kind, name=name, source=source)
        for node in wanted:
            for number in self.out.get(node, ()):
                source, target, kind, detail, inferred = self.edges[number]
                if target in wanted:
                    graph.add_edge(source, target, type=kind, role=detail if kind == "ASSIGNED"
                                   else None, owner=detail == "owned" or None,
                                   inferred=inferred)
        return graph
