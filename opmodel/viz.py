"""Graph -> an interactive pyvis/vis.js page (one self-contained HTML string).

Browsers choke on big graphs (vis.js with physics was barely usable at 500 nodes and never
settled at 2,000), so a view never holds more than NODE_CAP nodes with physics on, or
STATIC_CAP with physics off and positions computed here. Above the cap the view becomes a
team-level roll-up (activities folded into the teams responsible for them) and says so.
Node and edge lists are filled directly: pyvis's add_node is quadratic.
User text reaches the page only through Jinja's ``tojson`` (which escapes ``<``, ``>`` and
``&``) and vis.js renders titles as plain text, so names cannot inject markup.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

# Zoom to the whole graph once it has settled (and at once when physics is off).
_FIT_SCRIPT = ("<script>if (typeof network !== 'undefined') {"
               "const fit = () => network.fit();"
               "network.once('stabilizationIterationsDone', fit); setTimeout(fit, 400);"
               # a page drawn while hidden (a tab not yet open) fits once it gets a size
               "new ResizeObserver(fit).observe(document.getElementById('mynetwork'));}"
               "</script>")

# pyvis links Bootstrap from a CDN for menus this view does not use; a report must not
# fetch anything, so those two tags are removed.
_CDN_TAGS = re.compile(r"<link\s[^>]*cdn\.jsdelivr\.net[^>]*/>"
                       r"|<script\s[^>]*cdn\.jsdelivr\.net[^>]*>\s*</script>", re.S)

NODE_CAP = 400
STATIC_CAP = 3000

COLOURS = {"team": "#2f6fb3", "system": "#7b52ab", "activity": "#2e9e62", "metric": "#d9861c",
           "journey": "#7f8c8d"}
SHAPES = {"team": "dot", "system": "square", "activity": "box", "metric": "diamond",
          "journey": "star"}
EDGE_COLOURS = {"HANDOFF": "#e0663a", "ESCALATES_TO": "#c0392b", "ACCESS": "#8e7cc3",
                "ASSIGNED": "#9fb6cd"}
FINDING_COLOUR = "#d62728"


@dataclass(frozen=True)
class View:
    """What was drawn: the page, its size, and whether it is a roll-up (and why)."""

    html: str
    nodes: int
    edges: int
    aggregated: bool
    note: str


def neighbourhood(graph: nx.MultiDiGraph, focus: str, depth: int) -> set[str]:
    """Nodes within ``depth`` hops of ``focus``, in either direction."""
    undirected = graph.to_undirected(as_view=True)
    return set(nx.single_source_shortest_path_length(undirected, focus, cutoff=depth))


def select(graph: nx.MultiDiGraph, *, node_types: Collection[str] | None = None,
           journey: str | None = None, team: str | None = None, focus: str | None = None,
           depth: int = 1) -> nx.MultiDiGraph:
    """The subgraph a user asked for: node types, one journey, one team, a neighbourhood."""
    keep = set(graph) if focus is None else neighbourhood(graph, focus, depth)
    types = nx.get_node_attributes(graph, "type")
    if node_types is not None:
        keep = {n for n in keep if types[n] in node_types}
    if journey is not None:
        activities = {n for n in keep if graph.nodes[n].get("journey") == journey}
        touching = {u for n in activities for u in graph.predecessors(n)}
        touching |= {v for n in activities for v in graph.successors(n)}
        keep &= activities | touching | {f"journey:{journey}"}
    if team is not None:
        keep &= {team} | set(graph.successors(team)) | set(graph.predecessors(team))
    return graph.subgraph(keep)


def rollup(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Teams and systems only; activity work folded into team-to-team and team-to-system
    edges with counts, so a 100,000-activity model draws as a few dozen nodes."""
    types = nx.get_node_attributes(graph, "type")
    rolled = nx.MultiDiGraph(**graph.graph)
    for node, data in graph.nodes(data=True):
        if data["type"] in {"team", "system"}:
            rolled.add_node(node, **data)
    work: Counter[str] = Counter()
    counts: Counter[tuple[str, str, str]] = Counter()
    for source, target, data in graph.edges(data=True):
        kind = data["type"]
        if kind == "ASSIGNED":
            work[source] += 1
        elif types.get(source) in {"team", "system"} and types.get(target) in {"team",
                                                                              "system"}:
            counts[(source, target, kind)] += 1
    for (source, target, kind), count in counts.items():
        rolled.add_edge(source, target, kind, type=kind, count=count)
    for team, count in work.items():
        rolled.nodes[team]["activities"] = count
    return rolled


def _title(node: str, data: dict[str, Any], findings: dict[str, list[str]]) -> str:
    lines = [f"{data.get('type', '')}: {data.get('name', node)}"]
    source = data.get("source")
    if source is not None:
        lines.append(f"from {source}")
    if "activities" in data:
        lines.append(f"roles on {data['activities']} activities")
    lines += [f"⚠ {text}" for text in findings.get(node, [])[:5]]
    return "\n".join(lines)


def _positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Columns by node type, rows in order: cheap, stable positions for large static views."""
    columns = {"team": 0, "system": 1, "journey": 2, "activity": 3, "metric": 4}
    placed: dict[str, tuple[float, float]] = {}
    rows: Counter[int] = Counter()
    for node, data in graph.nodes(data=True):
        column = columns.get(data.get("type", ""), 5)
        placed[node] = (column * 400.0, rows[column] * 40.0)
        rows[column] += 1
    return placed


def render(graph: nx.MultiDiGraph, findings: dict[str, list[str]] | None = None, *,
           edge_types: Collection[str] | None = None, physics: bool = True,
           cap: int | None = None, height: str = "640px") -> View:
    """Draw a graph (already filtered with ``select``), highlighting nodes with findings.

    ``findings`` maps node id -> finding messages (shown in the node's tooltip).
    """
    from pyvis.network import Network

    findings = findings or {}
    limit = cap if cap is not None else (NODE_CAP if physics else STATIC_CAP)
    aggregated = graph.number_of_nodes() > limit
    note = ""
    if aggregated:
        full = graph.number_of_nodes()
        graph = rollup(graph)
        note = (f"{full:,} nodes are more than a browser can draw usefully (limit {limit:,}); "
                f"showing {graph.number_of_nodes():,} teams and systems, with activities "
                "folded into the teams doing them. Filter by journey or team, or pick a node "
                "to see its neighbourhood.")
        if graph.number_of_nodes() > limit:
            keep = sorted(graph, key=lambda n: -graph.degree(n))[:limit]
            graph = graph.subgraph(keep)
            note += f" Only the {limit:,} most connected are drawn."
    positions = None if physics else _positions(graph)
    net = Network(height=height, width="100%", directed=True, cdn_resources="in_line")
    nodes = []
    for node, data in graph.nodes(data=True):
        kind = data.get("type", "")
        flagged = node in findings
        entry: dict[str, Any] = {
            # No vis "group": its default palette would override these colours.
            "id": node, "label": str(data.get("name", node))[:40], "kind": kind,
            "title": _title(node, data, findings), "shape": SHAPES.get(kind, "dot"),
            "color": {"background": COLOURS.get(kind, "#999"),
                      "border": FINDING_COLOUR if flagged else COLOURS.get(kind, "#999")},
            "borderWidth": 4 if flagged else 1, "size": 16 if flagged else 10,
            "font": {"color": "#222", "size": 12},
        }
        if positions:
            entry["x"], entry["y"] = positions[node]
            entry["physics"] = False
        nodes.append(entry)
    edges = []
    for source, target, data in graph.edges(data=True):
        kind = data.get("type", "")
        if edge_types is not None and kind not in edge_types:
            continue
        label = kind if "count" not in data else f"{kind} ×{data['count']}"
        unowned = kind == "HANDOFF" and not data.get("owner")
        edges.append({"from": source, "to": target, "title": label, "arrows": "to",
                      "color": EDGE_COLOURS.get(kind, "#bbb"),
                      "dashes": bool(data.get("inferred")), "width": 3 if unowned else 1})
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.toggle_physics(physics)
    html = _CDN_TAGS.sub("", net.generate_html(notebook=False)).replace(
        "</body>", _FIT_SCRIPT + "</body>")
    return View(html, len(nodes), len(edges), aggregated, note)


def findings_by_node(findings: Iterable[Any]) -> dict[str, list[str]]:
    """Node id -> messages, from findings that have ``subjects`` and ``message``."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for finding in findings:
        for subject in finding.subjects:
            grouped[subject[0] if isinstance(subject, tuple) else subject.id].append(
                finding.message)
    return dict(grouped)


LEGEND = {kind: COLOURS[kind] for kind in COLOURS}


def swimlane_svg(model: Any, graph: nx.MultiDiGraph, journey: str, max_steps: int = 40) -> str:
    """A journey as lanes of the teams doing its steps; seams marked owned or unowned.

    Plain SVG (escaped text, no script), so it prints and needs no browser features.
    """
    from html import escape

    from opmodel.graph import journeys, responsible_team
    from opmodel.schemes import Role

    steps = journeys(model).get(journey, [])[:max_steps]
    roles: dict[str, list[tuple[str, Role]]] = defaultdict(list)
    step_ids = {s.id for s in steps}
    for a in model.assignments:
        if a.activity in step_ids:
            roles[a.activity].append((a.team, a.role))
    doers = [responsible_team(s.id, roles) for s in steps]
    lanes = list(dict.fromkeys(d or "(nobody)" for d in doers))
    names = {t.id: t.name for t in model.teams}
    owned = {(u, v) for u, v, d in graph.edges(data=True)
             if d.get("type") == "HANDOFF" and d.get("owner")
             and d.get("journey") in (journey, None)}
    lane_h, col_w, left, top = 56, 150, 170, 30
    width, height = left + col_w * len(steps) + 20, top + lane_h * len(lanes) + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="swimlane" width="{width}" '
             f'height="{height}" role="img" aria-label="{escape(journey)} swimlane">']
    for i, lane in enumerate(lanes):
        y = top + i * lane_h
        parts.append(f'<rect x="0" y="{y}" width="{width}" height="{lane_h}" '
                     f'fill="{"#f6f8fa" if i % 2 else "#ffffff"}" stroke="#ddd"/>')
        label = names.get(lane, lane)
        parts.append(f'<text x="8" y="{y + lane_h / 2 + 4}" font-size="12" font-weight="bold">'
                     f"{escape(label[:22])}</text>")
    centres = []
    for col, (step, doer) in enumerate(zip(steps, doers, strict=True)):
        x = left + col * col_w
        y = top + lanes.index(doer or "(nobody)") * lane_h + 8
        centres.append((x, y))
        parts.append(f'<rect x="{x}" y="{y}" width="{col_w - 24}" height="{lane_h - 16}" rx="6" '
                     f'fill="#e3f1e8" stroke="#2e9e62"><title>{escape(step.name)}</title></rect>')
        parts.append(f'<text x="{x + 6}" y="{y + 24}" font-size="11">'
                     f"{escape(step.name[:20])}</text>")
    for i in range(1, len(steps)):
        (x0, y0), (x1, y1) = centres[i - 1], centres[i]
        source, target = doers[i - 1], doers[i]
        if source == target:
            colour, dash, tip = "#999", "", "same team"
        elif source and target and (source, target) in owned:
            colour, dash, tip = "#2e9e62", "", "seam with an owner"
        else:
            colour, dash, tip = "#d62728", ' stroke-dasharray="6 4"', "seam with no owner"
        parts.append(f'<line x1="{x0 + col_w - 24}" y1="{y0 + 20}" x2="{x1}" y2="{y1 + 20}" '
                     f'stroke="{colour}" stroke-width="2.5"{dash}><title>{tip}</title></line>')
    parts.append(f'<text x="8" y="{height - 10}" font-size="11" fill="#555">'
                 "green: seam with an owner · red dashed: seam nobody owns · grey: same team"
                 "</text></svg>")
    return "".join(parts)
