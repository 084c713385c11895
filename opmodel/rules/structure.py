"""Structure: no single team through which all cross-team work must pass."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterator

import networkx as nx

from opmodel.config import Severity
from opmodel.rules.base import Family, Finding, RuleContext, names, where
from opmodel.rules.registry import rule


def articulation_parts(graph: nx.Graph) -> dict[Hashable, list[list[Hashable]]]:
    """For each articulation point, the groups of nodes that removing it cuts off.

    One iterative depth-first search (Tarjan), linear in the graph's size. For a point
    other than a DFS root, the groups are the child subtrees it separates; what remains of
    its component (the part above it) is not listed. For a root, all child subtrees but
    the first are listed, the first standing for "the rest".

    >>> parts = articulation_parts(nx.path_graph(4))
    >>> sorted((k, sorted(map(sorted, v))) for k, v in parts.items())
    [(1, [[2, 3]]), (2, [[3]])]
    """
    disc: dict[Hashable, int] = {}
    low: dict[Hashable, int] = {}
    order: list[Hashable] = []
    parts: dict[Hashable, list[list[Hashable]]] = defaultdict(list)
    for root in sorted(graph, key=str):
        if root in disc:
            continue
        disc[root] = low[root] = len(order)
        order.append(root)
        stack = [(root, None, iter(sorted(graph[root], key=str)))]
        children: list[Hashable] = []
        while stack:
            node, parent, neighbours = stack[-1]
            advanced = False
            for nxt in neighbours:
                if nxt in (parent, node):
                    continue
                if nxt in disc:
                    low[node] = min(low[node], disc[nxt])
                else:
                    disc[nxt] = low[nxt] = len(order)
                    order.append(nxt)
                    stack.append((nxt, node, iter(sorted(graph[nxt], key=str))))
                    advanced = True
                    break
            if advanced:
                continue
            stack.pop()
            if parent is None:
                continue
            low[parent] = min(low[parent], low[node])
            subtree = order[disc[node]:]  # everything found since node: its DFS subtree
            if parent == root:
                children.append(node)
                if len(children) > 1:
                    parts[root].append(list(subtree))
            elif low[node] >= disc[parent]:
                parts[parent].append(list(subtree))
            # order is only appended to, so slicing at pop time gives exactly the subtree
    return dict(parts)


@rule(
    id="STR001", slug="single-point-of-failure", family=Family.STRUCTURE,
    severity=Severity.MEDIUM, requires_any={"handoffs", "journeys"},
    remediation="Create a direct handoff between the teams on either side, or give a second "
                "team the capability, so work does not depend on one team being available.",
)
def single_point_of_failure(ctx: RuleContext) -> Iterator[Finding]:
    """Team whose absence disconnects the handoff network.

    When all the work between two groups of teams passes through one team, that team is a
    single point of failure: if it is absent, overloaded or reorganised, the journey
    stops, and customers notice first. The handoff network joins two teams when work
    passes between them, whether the Handoffs sheet says so or it is inferred from
    consecutive journey steps.
    """
    graph = ctx.facts.handoff_graph.to_undirected(as_view=True)
    parts = articulation_parts(graph)
    for team in sorted(parts, key=str):
        team_id = str(team)
        component = nx.node_connected_component(graph, team)
        cut = {str(n) for group in parts[team] for n in group}
        rest = {str(n) for n in component} - cut - {team_id}
        small, large = (cut, rest) if len(cut) <= len(rest) else (rest, cut)
        small_names = sorted(ctx.name(n) for n in small)
        others = len(large)
        yield ctx.finding(
            f"{ctx.name(team_id)}{where(ctx.facts.source(team_id))} is the only link between "
            f"{names(small_names)} and the other {others} team{'s' if others != 1 else ''} "
            "of the handoff network: if it is absent or overloaded, work cannot cross between "
            "them.", [team_id],
            evidence={"separated": small_names, "others": others,
                      "network_size": len(component)},
        )


@rule(
    id="STR002", slug="coordination-bottleneck", family=Family.STRUCTURE,
    severity=Severity.MEDIUM, requires_any={"handoffs", "journeys"},
    thresholds=("bottleneck_betweenness", "bottleneck_min_teams", "betweenness_exact_max_teams",
                "betweenness_sample", "betweenness_seed"),
    remediation="Let the teams on either side hand work to each other directly, or split the "
                "broker's coordinating role so it is no longer on every route.",
)
def coordination_bottleneck(ctx: RuleContext) -> Iterator[Finding]:
    """Team with outsized betweenness in the handoff network.

    When one team sits on most of the routes work takes between other teams, every
    cross-team request queues in front of it, and customers wait for the broker rather
    than the work. Betweenness is exact up to a documented number of teams and estimated
    from a fixed, seeded sample above it, so the result is repeatable.
    """
    limits = ctx.thresholds
    # Undirected: a broker is on the route whichever way the work flows.
    graph = ctx.facts.handoff_graph.to_undirected(as_view=True)
    count = graph.number_of_nodes()
    if count < limits.bottleneck_min_teams:
        return
    sampled = count > limits.betweenness_exact_max_teams
    scores = nx.betweenness_centrality(
        graph, k=min(limits.betweenness_sample, count) if sampled else None,
        seed=limits.betweenness_seed if sampled else None, normalized=True)
    for team in sorted(scores, key=lambda t: (-scores[t], t)):
        value = scores[team]
        if value <= limits.bottleneck_betweenness:
            break
        yield ctx.finding(
            f"{ctx.name(team)}{where(ctx.facts.source(team))} sits on {value:.0%} of the "
            "shortest handoff routes between other teams: cross-team work queues in front of "
            "it.", [team],
            evidence={"betweenness": round(value, 4), "threshold": limits.bottleneck_betweenness,
                      "teams": count, "sampled": sampled},
        )
