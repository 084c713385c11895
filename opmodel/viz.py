"""Graphs -> one self-contained, script-safe HTML page drawn by vis-network.

Two kinds of view: the seam map (``seam_view``: teams and the handoffs between them, the
default, readable at any model size) and a filtered graph (``render``: a neighbourhood,
a team's work, a journey). Positions are computed here, so a view appears at once,
never re-settles and is the same for the same model; physics is off unless asked for.
No view sends more than NODE_CAP nodes or EDGE_CAP edges; what was left out is said.

Safety: data reaches the page only as JSON that cannot close a script element; tooltips
become DOM text nodes (never HTML) and labels are drawn on a canvas; a Content-Security-
Policy forbids any request and any script but the page's own. pyvis's template is not
used: it switches to an ``innerHTML`` popup when a title contains "href".
"""

from __future__ import annotations

import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx

from opmodel import seammap
from opmodel.model import OperatingModel
from opmodel.schemes import Role, Scheme

NODE_CAP = 300
EDGE_CAP = seammap.EDGE_CAP
STATIC_CAP = NODE_CAP  # kept for callers that still name it
EXPAND_LIMIT = 16  # activities shown when a team is expanded in the page (the rest: Team view)

COLOURS = {"team": "#2f6fb3", "system": "#7b52ab", "activity": "#2e9e62", "metric": "#d9861c",
           "journey": "#7f8c8d"}
SHAPES = {"team": "dot", "system": "square", "activity": "box", "metric": "diamond",
          "journey": "star"}
TEAM_KINDS = {"team": ("dot", "#2f6fb3"), "role": ("triangle", "#3a8fb7"),
              "committee": ("hexagon", "#8a5a00"), "leader": ("diamond", "#1b4f72"),
              "vendor": ("triangleDown", "#6c7a89")}
EDGE_COLOURS = {"HANDOFF": "#e0663a", "ESCALATES_TO": "#c0392b", "ACCESS": "#8e7cc3",
                "ASSIGNED": "#9fb6cd"}
OWNERSHIP_COLOURS = {"all": "#2e9e62", "some": "#e6a817", "none": "#d62728"}
OWNERSHIP_ORDER = ["all", "some", "none"]  # a paired line takes the worse of its two
FINDING_COLOUR = "#d62728"
FADED = "#e4e7eb"
FADED_TEXT = "#b8bec6"
LEGEND = {kind: COLOURS[kind] for kind in COLOURS}


@dataclass(frozen=True)
class View:
    """What was drawn: the page, its size, and what was folded away (and why)."""

    html: str
    nodes: int
    edges: int
    aggregated: bool
    note: str


# ---------------------------------------------------------------- subgraphs


def neighbourhood(graph: nx.MultiDiGraph, focus: str, depth: int) -> set[str]:
    """Nodes within ``depth`` hops of ``focus``, in either direction."""
    undirected = graph.to_undirected(as_view=True)
    return set(nx.single_source_shortest_path_length(undirected, focus, cutoff=depth))


def select(graph: nx.MultiDiGraph, *, node_types: Collection[str] | None = None,
           journey: str | None = None, team: str | None = None, focus: str | None = None,
           depth: int = 1) -> nx.MultiDiGraph:
    """The subgraph a user asked for; filters compose (each narrows the others).

    ``team`` with ``focus`` is the focus node's neighbourhood restricted to what touches
    the team; the focus node itself is always kept.
    """
    keep = set(graph) if focus is None else neighbourhood(graph, focus, depth)
    types = nx.get_node_attributes(graph, "type") if node_types is not None else {}
    if node_types is not None:
        keep = {n for n in keep if types[n] in node_types or n == focus}
    if journey is not None:
        activities = {n for n in keep if graph.nodes[n].get("journey") == journey}
        touching = {u for n in activities for u in graph.predecessors(n)}
        touching |= {v for n in activities for v in graph.successors(n)}
        keep &= activities | touching | {f"journey:{journey}"}
    if team is not None:
        near = {team} | set(graph.successors(team)) | set(graph.predecessors(team))
        keep = (keep & near) | ({focus} if focus is not None else set())
    return graph.subgraph(keep)


def team_work(graph: nx.MultiDiGraph, team: str) -> nx.MultiDiGraph:
    """A team expanded: the activities it has a role on, the systems it uses and the
    teams it hands work to or receives it from."""
    keep = {team}
    for _, target, data in graph.out_edges(team, data=True):
        if data.get("type") in {"ASSIGNED", "ACCESS", "HANDOFF", "ESCALATES_TO", "OWNS"}:
            keep.add(target)
    for source, _, data in graph.in_edges(team, data=True):
        if data.get("type") in {"HANDOFF", "ESCALATES_TO"}:
            keep.add(source)
    return graph.subgraph(keep)


def findings_by_node(findings: Iterable[Any]) -> dict[str, list[str]]:
    """Node id -> messages, from findings that have ``subjects`` and ``message``."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for finding in findings:
        for subject in finding.subjects:
            grouped[subject[0] if isinstance(subject, tuple) else subject.id].append(
                finding.message)
    return dict(grouped)


# ---------------------------------------------------------------- the page

@cache
def _vis() -> tuple[str, str]:
    """vis-network's script and stylesheet, as shipped inside pyvis (no CDN, no fetch)."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    return ((lib / "vis-network.min.js").read_text(encoding="utf-8"),
            (lib / "vis-network.css").read_text(encoding="utf-8"))


def _json(value: object) -> str:
    """JSON that cannot close a script element or start markup."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data: blob:")

_STYLE = """
body { margin: 0; font: 13px system-ui, sans-serif; color: #222; }
#bar { display: flex; gap: 8px; align-items: center; padding: 4px 6px; flex-wrap: wrap;
       border-bottom: 1px solid #e3e6ea; }
#crumbs span.crumb { color: #1f5fa8; cursor: pointer; text-decoration: underline; }
#bar input[type=search] { width: 220px; }
#mynetwork { width: 100%; height: HEIGHT; }
div.vis-tooltip { max-width: 320px; white-space: pre-wrap; overflow-wrap: anywhere;
                  font: 12px system-ui, sans-serif; padding: 6px 8px; }
"""

_SCRIPT = """
var NODES = @NODES@;
var EDGES = @EDGES@;
var EXPAND = @EXPAND@;
var ROOT = @ROOT@;
function tip(text) { var d = document.createElement('div'); d.textContent = text; return d; }
function withTips(items) {
  return items.map(function (item) {
    var copy = Object.assign({}, item);
    if (typeof copy.title === 'string') { copy.title = tip(copy.title); }
    return copy;
  });
}
var nodes = new vis.DataSet(withTips(NODES));
var edges = new vis.DataSet(withTips(EDGES));
var network = new vis.Network(document.getElementById('mynetwork'), {nodes: nodes, edges: edges}, {
  physics: {enabled: @PHYSICS@, stabilization: {iterations: 200}},
  interaction: {hover: true, tooltipDelay: 120, navigationButtons: false},
  layout: {improvedLayout: false},
  // labels level, not along the line: vis-network drew a rotated label of a level edge at
  // the origin as well, and level text reads faster
  edges: {smooth: {type: 'curvedCW', roundness: 0.12}, font: {size: 12, align: 'horizontal'}},
  nodes: {font: {size: 14, color: '#222'}, widthConstraint: {maximum: 170}}
});
network.on('beforeDrawing', function (ctx) {
  ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height); ctx.restore();
});
var fit = function () { network.fit({animation: false}); };
network.once('afterDrawing', fit);
new ResizeObserver(fit).observe(document.getElementById('mynetwork'));
var expanded = [];
function crumbs() {
  var box = document.getElementById('crumbs');
  box.textContent = '';
  var root = document.createElement('span');
  root.className = 'crumb'; root.textContent = ROOT;
  root.onclick = function () { while (expanded.length) { collapse(expanded[0].id); } fit(); };
  box.appendChild(root);
  expanded.forEach(function (entry) {
    box.appendChild(document.createTextNode(' \u203a '));
    var c = document.createElement('span');
    c.className = 'crumb'; c.textContent = entry.name + ' \u2715';
    c.title = 'collapse';
    c.onclick = function () { collapse(entry.id); };
    box.appendChild(c);
  });
}
function expand(id) {
  var spec = EXPAND[id];
  var added = spec.nodes.filter(function (n) { return nodes.get(n.id) === null; });
  nodes.add(withTips(added));
  edges.add(withTips(spec.edges));
  expanded.push({id: id, name: spec.name, nodes: added.map(function (n) { return n.id; }),
                 edges: spec.edges.map(function (e) { return e.id; })});
  focusOn();
  crumbs();
  var ids = [id].concat(spec.nodes.map(function (n) { return n.id; }));
  network.fit({nodes: ids, animation: false});
}
function collapse(id) {
  var at = expanded.findIndex(function (e) { return e.id === id; });
  if (at < 0) { return; }
  edges.remove(expanded[at].edges);
  nodes.remove(expanded[at].nodes);
  expanded.splice(at, 1);
  crumbs();
  focusOn();
}
// While teams are expanded, only they, what they contain and the teams they hand work
// to or from are shown: the rest of the map would be drawn over by the expansion.
function focusOn() {
  var keep = {};
  expanded.forEach(function (entry) {
    keep[entry.id] = true;
    EXPAND[entry.id].nodes.forEach(function (n) { keep[n.id] = true; });
    edges.forEach(function (e) {
      if (e.from === entry.id) { keep[e.to] = true; }
      if (e.to === entry.id) { keep[e.from] = true; }
    });
  });
  nodes.update(nodes.getIds().map(function (id) {
    return {id: id, hidden: expanded.length > 0 && !keep[id]};
  }));
}
network.on('click', function (params) {
  if (params.nodes.length !== 1) { return; }
  var id = params.nodes[0];
  if (!EXPAND[id]) { return; }
  if (expanded.some(function (e) { return e.id === id; })) { collapse(id); } else { expand(id); }
});
crumbs();
var names = document.getElementById('names');
function fillNames() {
  names.textContent = '';
  nodes.forEach(function (n) {
    var o = document.createElement('option'); o.value = n.label; names.appendChild(o);
  });
}
fillNames(); nodes.on('*', fillNames);
document.getElementById('find').addEventListener('change', function (event) {
  var wanted = event.target.value.toLowerCase();
  function label(n) { return (n.label || '').toLowerCase(); }
  var hit = nodes.get({filter: function (n) { return label(n) === wanted; }})[0]
    || nodes.get({filter: function (n) { return label(n).indexOf(wanted) >= 0; }})[0];
  if (!hit) {
    event.target.setCustomValidity('not in this view'); event.target.reportValidity(); return;
  }
  event.target.setCustomValidity('');
  network.selectNodes([hit.id]);
  network.focus(hit.id, {scale: 1.3, animation: false});
});
document.getElementById('physics').addEventListener('change', function (event) {
  network.setOptions({physics: {enabled: event.target.checked}});
});
function save(url, name) {
  var a = document.createElement('a'); a.href = url; a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
}
function png() {
  var canvas = document.querySelector('#mynetwork canvas');
  save(canvas.toDataURL('image/png'), 'opmodel-graph.png');
}
function svg() {
  var NS = 'http://www.w3.org/2000/svg', pos = network.getPositions();
  var xs = [], ys = [];
  Object.keys(pos).forEach(function (k) { xs.push(pos[k].x); ys.push(pos[k].y); });
  var x0 = Math.min.apply(null, xs) - 120, y0 = Math.min.apply(null, ys) - 80;
  var w = Math.max.apply(null, xs) - x0 + 120, h = Math.max.apply(null, ys) - y0 + 80;
  var root = document.createElementNS(NS, 'svg');
  root.setAttribute('xmlns', NS); root.setAttribute('viewBox', [x0, y0, w, h].join(' '));
  root.setAttribute('width', w); root.setAttribute('height', h);
  function el(tag, attrs, text) {
    var e = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) { e.textContent = text; }
    root.appendChild(e); return e;
  }
  el('rect', {x: x0, y: y0, width: w, height: h, fill: '#ffffff'});
  edges.forEach(function (e) {
    var a = pos[e.from], b = pos[e.to];
    if (!a || !b || e.hidden) { return; }
    el('line', {x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: (e.color && e.color.color) || '#999',
                'stroke-width': e.width || 1, 'stroke-dasharray': e.dashes ? '6 4' : 'none'});
    if (e.label) { el('text', {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 4, 'font-size': 11,
                               'text-anchor': 'middle', fill: '#444'}, e.label); }
  });
  nodes.forEach(function (n) {
    var p = pos[n.id];
    if (!p || n.hidden) { return; }
    var c = n.color || {};
    el('circle', {cx: p.x, cy: p.y, r: n.size || 10, fill: c.background || '#999',
                  stroke: c.border || '#555', 'stroke-width': n.borderWidth || 1});
    el('text', {x: p.x, y: p.y + (n.size || 10) + 15, 'font-size': 13, 'text-anchor': 'middle',
                fill: '#222', 'font-family': 'sans-serif'}, n.label || '');
  });
  var blob = new Blob([new XMLSerializer().serializeToString(root)], {type: 'image/svg+xml'});
  save(URL.createObjectURL(blob), 'opmodel-graph.svg');
}
document.getElementById('png').onclick = png;
document.getElementById('svg').onclick = svg;
"""


def page(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], *, physics: bool = False,
         height: str = "640px", expand: Mapping[str, Any] | None = None,
         root: str = "Graph") -> str:
    """The HTML page for vis-format node and edge lists (titles are plain text)."""
    script, css = _vis()
    body = (_SCRIPT.replace("@NODES@", _json(nodes)).replace("@EDGES@", _json(edges))
            .replace("@EXPAND@", _json(dict(expand or {}))).replace("@ROOT@", _json(root))
            .replace("@PHYSICS@", "true" if physics else "false"))
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_CSP}\">"
            f"<style>{css}{_STYLE.replace('HEIGHT', height)}</style>"
            f"<script>{script}</script></head><body>"
            "<div id=\"bar\"><span id=\"crumbs\"></span>"
            "<input type=\"search\" id=\"find\" list=\"names\" placeholder=\"Find in view…\" "
            "aria-label=\"Find in view\"><datalist id=\"names\"></datalist>"
            "<label><input type=\"checkbox\" id=\"physics\""
            f"{' checked' if physics else ''}> Physics</label>"
            "<button id=\"png\" type=\"button\">PNG</button>"
            "<button id=\"svg\" type=\"button\">SVG</button></div>"
            f"<div id=\"mynetwork\"></div><script>{body}</script></body></html>")


def _label(name: str, limit: int = 48) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"


def _node(node_id: str, name: str, kind: str, title: str, *, flagged: bool = False,
          faded: bool = False, marked: bool = False, size: float = 12.0,
          position: tuple[float, float] | None = None, shape: str | None = None,
          colour: str | None = None) -> dict[str, Any]:
    fill = FADED if faded else colour or COLOURS.get(kind, "#999")
    border = FINDING_COLOUR if flagged and not faded else "#111" if marked else fill
    entry: dict[str, Any] = {
        "id": node_id, "label": _label(name), "kind": kind, "title": title,
        "shape": shape or SHAPES.get(kind, "dot"), "size": size,
        "color": {"background": fill, "border": border,
                  "highlight": {"background": fill, "border": "#111"}},
        "borderWidth": 5 if marked else 4 if flagged and not faded else 1,
        # a white halo keeps a label readable where edges cross it
        "font": {"color": "#b5bac1" if faded else "#222", "size": 18 if marked else 14,
                 "strokeWidth": 4, "strokeColor": "#ffffff"},
    }
    if position is not None:
        entry["x"], entry["y"] = position
    return entry


def _finding_lines(messages: list[str]) -> list[str]:
    shown = [f"⚠ {m}" for m in messages[:5]]
    if len(messages) > 5:
        shown.append(f"… and {len(messages) - 5} more findings")
    return shown


# ---------------------------------------------------------------- the seam map


def _team_title(name: str, kind: str, work: int, messages: list[str]) -> str:
    return "\n".join([f"{kind}: {name}", f"accountable or responsible for {work:,} "
                      "activities", "click to expand · click again to collapse",
                      *_finding_lines(messages)])


@dataclass(frozen=True)
class TeamWork:
    """What a click on a team shows: its first activities (id, name, roles on it) and how
    many more it has a role on."""

    shown: list[tuple[str, str, tuple[Role, ...]]]
    extra: int


def roles_of(roles: Iterable[Role]) -> tuple[Role, ...]:
    """A team's roles on one activity, each once, in a fixed order."""
    return tuple(sorted(set(roles), key=lambda r: r.value))


def team_work_of(model: OperatingModel, teams: Collection[str],
                 findings: Collection[str]) -> dict[str, TeamWork]:
    """Per team, the activities a click shows: those with findings first, then by name
    (``opmodel.neo4j.explore.expansions_work`` reads the same from Neo4j)."""
    roles: dict[str, dict[str, list[Role]]] = defaultdict(dict)
    for a in model.assignments:
        if a.team in teams:
            roles[a.team].setdefault(a.activity, []).append(a.role)
    names = {a.id: a.name for a in model.activities}
    result: dict[str, TeamWork] = {}
    for team, activities in roles.items():
        ordered = sorted(activities, key=lambda act: (act not in findings,
                                                      (names.get(act) or act).lower(), act))
        result[team] = TeamWork([(act, names.get(act, act), roles_of(activities[act]))
                                 for act in ordered[:EXPAND_LIMIT]],
                                max(0, len(ordered) - EXPAND_LIMIT))
    return result


def expansions(model: OperatingModel, seams: seammap.SeamMap,
               findings: Mapping[str, list[str]]) -> dict[str, Any]:
    """Per team, what a click adds (from the model in memory)."""
    return expansions_from(model.scheme, seams, findings,
                           team_work_of(model, seams.teams, findings))


def expansions_from(scheme: Scheme, seams: seammap.SeamMap,
                    findings: Mapping[str, list[str]],
                    work_of: Mapping[str, TeamWork]) -> dict[str, Any]:
    """Per team, what a click adds: its first activities (those with findings first), the
    systems it uses, with role letters on the edges in the scheme's words. ``work_of``
    comes from the model (``team_work_of``) or from Neo4j."""
    systems_of: dict[str, list[str]] = defaultdict(list)
    for team, system in seams.access:
        systems_of[team].append(system)
    result: dict[str, Any] = {}
    for team, centre in ((t, seams.positions[t]) for t in seams.teams):
        work = work_of.get(team, TeamWork([], 0))
        shown, extra = work.shown, work.extra
        owned = sorted(systems_of.get(team, []))[:6]
        count = len(shown) + len(owned) + (1 if extra else 0)
        spots = seammap.ring(centre, count, max(240.0, count * 130 / 6.283))
        nodes, edges = [], []
        for ((activity, name, _), spot) in zip(shown, spots, strict=False):
            nodes.append(_node(activity, name, "activity",
                               "\n".join([f"activity: {name}",
                                          *_finding_lines(findings.get(activity, []))]),
                               flagged=activity in findings, size=10, position=spot,
                               shape="dot"))
        roles = {(a, r) for a, _, rs in shown for r in rs}
        for number, (activity, role) in enumerate(sorted(roles)):
            label = seammap.role_label(scheme, role)
            edges.append({"id": f"x:{team}:{number}", "from": team, "to": activity,
                          "label": label.split(" · ")[0], "title": label, "arrows": "to",
                          "color": {"color": EDGE_COLOURS["ASSIGNED"]}, "width": 1})
        for i, system in enumerate(owned):
            spot = spots[len(shown) + i]
            nodes.append(_node(system, seams.systems.get(system, system), "system",
                               f"system: {seams.systems.get(system, system)}", size=10,
                               position=spot))
            edges.append({"id": f"x:{team}:s{i}", "from": team, "to": system,
                          "label": seams.access[(team, system)], "arrows": "to",
                          "title": f"{seams.access[(team, system)]} access",
                          "color": {"color": EDGE_COLOURS["ACCESS"]}, "dashes": True})
        if extra:
            more = f"more:{team}"
            nodes.append({"id": more, "label": f"+{extra:,} more", "shape": "text",
                          "x": spots[-1][0], "y": spots[-1][1], "kind": "more",
                          "title": f"{extra:,} more activities: open this team in the "
                                   "Team view to see them all",
                          "font": {"color": "#555", "size": 13}})
        if nodes:
            result[team] = {"name": seams.teams[team], "nodes": nodes, "edges": edges}
    return result


def seam_view(model: OperatingModel, findings: Mapping[str, list[str]] | None = None, *,
              escalations: bool = False, systems: bool = False,
              highlight: Collection[str] = (), seams: seammap.SeamMap | None = None,
              expand: Mapping[str, Any] | None = None, height: str = "640px",
              seam_limit: int | None = None, ownership: str = "any") -> View:
    """The seam map page. ``highlight`` (node ids: teams, or activities and systems,
    which light their teams) fades everything else and emphasises the seams and
    escalations between the highlighted teams. ``seams`` and ``expand`` (from
    ``seammap.build`` and ``expansions``) may be passed in when cached; ``expand=None``
    works the click expansions out from the model in memory (a second at 100k), ``{}``
    draws teams that do not expand.
    ``seam_limit`` draws only the busiest seams (highlighted ones always), and
    ``ownership`` ("any", "unowned": some handoff without an owner, "none": no owner at
    all) filters them; the rest are folded and counted in the note."""
    findings = findings or {}
    seams = seams or seammap.build(model)
    lit = _lit_teams(model, seams, highlight)
    team_findings: dict[str, list[str]] = {t: list(findings.get(t, [])) for t in seams.teams}
    biggest = max(seams.work.values(), default=1) or 1
    nodes = []
    for team, name in seams.teams.items():
        shape, colour = TEAM_KINDS.get(seams.kinds[team], TEAM_KINDS["team"])
        work = seams.work.get(team, 0)
        nodes.append(_node(team, name, "team",
                           _team_title(name, seams.kinds[team], work, team_findings[team]),
                           flagged=bool(team_findings[team]), faded=bool(lit) and team not in lit,
                           marked=team in lit, size=12 + 22 * (work / biggest) ** 0.5,
                           position=seams.positions[team], shape=shape, colour=colour))
    drawn, folded_here = _seams_shown(seams.seams, lit, seam_limit, ownership)
    biggest_seam = max((sum(s.count for s in pair) for pair in drawn), default=1)
    edges = []
    handoffs_of: dict[str, int] = {}  # edge id -> handoffs it carries (for folding below)
    for number, pair in enumerate(drawn):
        first = pair[0]
        both = first.source in lit and first.target in lit
        worst = max((s.ownership for s in pair), key=OWNERSHIP_ORDER.index)
        colour = FADED if lit and not both else OWNERSHIP_COLOURS[worst]
        count = sum(s.count for s in pair)
        lines: list[str] = []
        for seam in pair:
            journeys = ", ".join(j for j, _ in seam.journeys.most_common(3))
            lines += [f"{seams.teams[seam.source]} → {seams.teams[seam.target]}: "
                      f"{seam.count:,} handoffs ({seam.inferred:,} inferred from step order), "
                      f"{seam.owned:,} with a named owner",
                      f"  journeys: {journeys}" if journeys else ""]
        handoffs_of[f"s:{number}"] = count
        edges.append({
            "id": f"s:{number}", "from": first.source, "to": first.target,
            # work both ways between two teams is one line with two arrow heads
            "arrows": "to, from" if len(pair) == 2 else "to",
            # counts on the edges only while they can be read; always in the tooltip
            "label": f"{count:,}" if count > 1 and len(drawn) <= 60 else "",
            "title": "\n".join(filter(None, lines)),
            # a faded line's label fades with it, so that only the highlight reads
            "font": {"color": FADED_TEXT if lit and not both else "#343434"},
            "color": {"color": colour}, "width": (6 if both else 1)
            + 5 * (count / biggest_seam) ** 0.5,
            "dashes": all(s.inferred == s.count for s in pair),
        })
    escalation_pairs = list(seams.escalations)
    folded_paths = 0
    # a second layer: half the seams' budget, the most used links first (lit ones always)
    link_limit = None if seam_limit is None else max(15, seam_limit // 2)
    if escalations and link_limit is not None and len(escalation_pairs) > link_limit:
        busiest = sorted(escalation_pairs, key=lambda p: -seams.escalated.get(p, 1))
        kept_paths = set(busiest[:link_limit])
        kept_paths |= {p for p in busiest[link_limit:] if p[0] in lit and p[1] in lit}
        folded_paths = len(escalation_pairs) - len(kept_paths)
        escalation_pairs = [p for p in escalation_pairs if p in kept_paths]
    most_paths = max((seams.escalated.get(p, 1) for p in escalation_pairs), default=1)
    if escalations or (lit and any(s in lit and t in lit for s, t in escalation_pairs)):
        for number, (source, target) in enumerate(escalation_pairs):
            both = source in lit and target in lit
            if not escalations and not both:
                continue
            paths = seams.escalated.get((source, target), 0)
            edges.append({"id": f"e:{number}", "from": source, "to": target, "arrows": "to",
                          # the word only while it can be read (the legend says the rest)
                          "label": "escalates" if len(escalation_pairs) <= 12 else "",
                          "title": f"{seams.teams[source]} escalates to "
                          f"{seams.teams[target]}" + (f" ({paths:,} escalation paths)"
                                                      if paths > 1 else ""),
                          "dashes": [2, 6],
                          "font": {"color": FADED_TEXT if lit and not both else "#343434"},
                          "color": {"color": FADED if lit and not both
                                    else EDGE_COLOURS["ESCALATES_TO"]},
                          "width": (5 if both else 1.5) + 3 * (paths / most_paths) ** 0.5,
                          "smooth": {"type": "curvedCCW", "roundness": 0.25}})
    if systems:
        used = {s for _, s in seams.access}
        for system in sorted(used):
            nodes.append(_node(system, seams.systems.get(system, system), "system",
                               f"system: {seams.systems.get(system, system)}", size=10,
                               position=seams.positions.get(system), faded=bool(lit)))
        for number, ((team, system), level) in enumerate(sorted(seams.access.items())):
            edges.append({"id": f"a:{number}", "from": team, "to": system, "arrows": "to",
                          "title": f"{level} access", "dashes": True, "width": 1,
                          "color": {"color": EDGE_COLOURS["ACCESS"]}})
    folded = seams.folded + folded_here[0]
    folded_handoffs = seams.folded_handoffs + folded_here[1]
    if len(edges) > EDGE_CAP:  # layers on: the smallest seams make room for them
        drawn_seams = [e for e in edges if e["id"].startswith("s:")]
        others = [e for e in edges if not e["id"].startswith("s:")][:EDGE_CAP // 2]
        kept = drawn_seams[:EDGE_CAP - len(others)]
        dropped = {e["id"] for e in drawn_seams[len(kept):]}
        folded += len(dropped)
        folded_handoffs += sum(handoffs_of[e] for e in dropped)
        edges = kept + others
    note = ""
    if folded:
        total = sum(s.count for s in seams.seams) + seams.folded_handoffs
        note = (f"{folded:,} lighter seams ({folded_handoffs:,} of {total:,} handoffs) are "
                "folded so that the map can be read; show more seams, or click a team to "
                "see all of its own.")
    if folded_paths:
        note += (f" {folded_paths:,} of {len(seams.escalations):,} escalation links (team to "
                 "team) are folded the same way, the least used first.")
        note = note.strip()
    html = page(nodes, edges, height=height,
                expand=expand if expand is not None else expansions(model, seams, findings),
                root="Seam map")
    return View(html, len(nodes), len(edges), bool(folded or folded_paths), note)


def readable_seams(teams: int) -> int:
    """How many seams a map of ``teams`` teams can show and still be read: two per team,
    never fewer than 30 (every seam of a small model)."""
    return max(30, 2 * teams)


def _seams_shown(seams: list[seammap.Seam], lit: Collection[str], limit: int | None,
                 ownership: str) -> tuple[list[list[seammap.Seam]], tuple[int, int]]:
    """The seams to draw, busiest first, with the two directions between the same teams
    paired into one line; and what was folded (seams, handoffs)."""
    wanted = [s for s in seams if ownership == "any"
              or (ownership == "unowned" and s.ownership != "all")
              or (ownership == "none" and s.ownership == "none")]
    if limit is not None and len(wanted) > limit:
        wanted = wanted[:limit] + [s for s in wanted[limit:]
                                   if s.source in lit and s.target in lit]
    shown = {id(s) for s in wanted}
    folded = [s for s in seams if id(s) not in shown]
    pairs: dict[frozenset[str], list[seammap.Seam]] = {}
    for seam in wanted:
        pairs.setdefault(frozenset((seam.source, seam.target)), []).append(seam)
    return list(pairs.values()), (len(folded), sum(s.count for s in folded))


def _lit_teams(model: OperatingModel, seams: seammap.SeamMap,
               highlight: Collection[str]) -> set[str]:
    """The teams a highlight lights: teams as given, activities by who does them,
    systems by their owner."""
    if not highlight:
        return set()
    wanted = set(highlight)
    lit = {h for h in wanted if h in seams.teams}
    doers: dict[str, list[str]] = defaultdict(list)
    for a in model.assignments:
        if a.activity in wanted and a.role in (Role.RESPONSIBLE, Role.ACCOUNTABLE):
            doers[a.activity].append(a.team)
    lit.update(t for teams in doers.values() for t in teams)
    lit.update(s.owner for s in model.systems if s.id in wanted and s.owner)
    return lit


# ---------------------------------------------------------------- filtered graphs


def _rings(graph: nx.MultiDiGraph, centre: str) -> dict[str, tuple[float, float]]:
    """The centre in the middle, each hop a ring further out (stable order by type, name)."""
    undirected = graph.to_undirected(as_view=True)
    hops = nx.single_source_shortest_path_length(undirected, centre)
    unreached = max(hops.values(), default=0) + 1
    by_ring: dict[int, list[str]] = defaultdict(list)
    for node in graph:
        by_ring[hops.get(node, unreached)].append(node)
    positions: dict[str, tuple[float, float]] = {}
    for ring, members in by_ring.items():
        members.sort(key=lambda n: (graph.nodes[n].get("type", ""),
                                    str(graph.nodes[n].get("name", n))))
        radius = 0.0 if ring == 0 else max(260.0 * ring, len(members) * 130 / 6.283)
        for node, spot in zip(members, seammap.ring((0.0, 0.0), len(members), radius),
                              strict=True):
            positions[node] = spot
    return positions


def _columns(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Columns by node type (teams, systems, journeys, activities, metrics), each wrapped
    every 25 rows, in name order: stable and readable without a centre."""
    order = {"team": 0, "system": 1, "journey": 2, "activity": 3, "metric": 4}
    groups: dict[int, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        groups[order.get(data.get("type", ""), 5)].append(node)
    positions: dict[str, tuple[float, float]] = {}
    x = 0.0
    for column in sorted(groups):
        members = sorted(groups[column], key=lambda n: str(graph.nodes[n].get("name", n)))
        for i, node in enumerate(members):
            positions[node] = (x + (i // 25) * 230.0, (i % 25) * 60.0)
        x += 230.0 * (1 + (len(members) - 1) // 25) + 120.0
    return positions


def _trim(graph: nx.MultiDiGraph, keep_first: Collection[str],
          cap: int) -> tuple[nx.MultiDiGraph, int]:
    """At most ``cap`` nodes: the given ones, then the best connected (by id for ties)."""
    total = graph.number_of_nodes()
    if total <= cap:
        return graph, 0
    first = list(dict.fromkeys(n for n in keep_first if n in graph))[:cap]
    chosen = set(first)
    # one pass over the degrees and a bounded heap: linear in the graph, not quadratic
    # in the findings (a set per node) nor n log n in its size
    rest = heapq.nsmallest(cap - len(first),
                           ((-degree, n) for n, degree in graph.degree() if n not in chosen))
    kept = first + [n for _, n in rest]
    return graph.subgraph(kept), total - len(kept)


def render(graph: nx.MultiDiGraph, findings: dict[str, list[str]] | None = None, *,
           edge_types: Collection[str] | None = None, physics: bool = False,
           cap: int | None = None, height: str = "640px", focus: str | None = None,
           highlight: Collection[str] = (), scheme: Scheme | None = None) -> View:
    """Draw a graph already narrowed with ``select`` (or ``team_work``).

    ``findings`` maps node id -> messages (tooltips, red borders); ``focus`` is marked
    and placed in the middle; ``highlight`` fades everything else. At most NODE_CAP
    nodes (focus, highlighted and flagged nodes kept first) and EDGE_CAP edges.
    """
    findings = findings or {}
    limit = cap if cap is not None else NODE_CAP
    first = ([focus] if focus else []) + list(highlight) + sorted(findings)
    full_nodes = graph.number_of_nodes()
    graph, dropped = _trim(graph, first, limit)
    lit = set(highlight)
    centre = focus if focus in graph else next((h for h in highlight if h in graph), None)
    positions = _rings(graph, centre) if centre else _columns(graph)
    nodes = []
    for node, data in graph.nodes(data=True):
        kind = data.get("type", "")
        lines = [f"{kind}: {data.get('name', node)}"]
        if data.get("source") is not None:
            lines.append(f"from {data['source']}")
        lines += _finding_lines(findings.get(node, []))
        nodes.append(_node(node, str(data.get("name", node)), kind, "\n".join(lines),
                           flagged=node in findings, faded=bool(lit) and node not in lit
                           and node != focus, marked=node == focus or node in lit,
                           position=positions[node]))
    edges: list[dict[str, Any]] = []
    skipped = 0
    wanted = [(number, source, target, data)
              for number, (source, target, data) in enumerate(graph.edges(data=True))
              if edge_types is None or data.get("type", "") in edge_types]
    if len(wanted) > EDGE_CAP:  # the focus's and the highlighted edges first
        wanted.sort(key=lambda e: (focus not in (e[1], e[2]),
                                   not (e[1] in lit and e[2] in lit), e[0]))
        skipped = len(wanted) - EDGE_CAP
        wanted = wanted[:EDGE_CAP]
    for number, source, target, data in wanted:
        kind = data.get("type", "")
        label, title = "", kind.replace("_", " ").lower()
        if kind == "ASSIGNED" and scheme is not None and data.get("role"):
            title = seammap.role_label(scheme, Role(data["role"]))
            label = title.split(" · ")[0]
        elif kind == "ASSIGNED":
            label = str(data.get("code", ""))
        if kind == "HANDOFF":
            title = ("handoff with an owner" if data.get("owner") else "handoff nobody owns") + (
                " (inferred from step order)" if data.get("inferred") else "")
        both = source in lit and target in lit
        edges.append({"id": f"g:{number}", "from": source, "to": target, "arrows": "to",
                      "label": label, "title": title,
                      "color": {"color": FADED if lit and not both
                                else EDGE_COLOURS.get(kind, "#bbb")},
                      "dashes": bool(data.get("inferred")),
                      "width": 4 if both else 3 if kind == "HANDOFF" and not data.get("owner")
                      else 1})
    notes = []
    if dropped:
        notes.append(f"{full_nodes:,} nodes match; the {limit:,} best connected are drawn "
                     f"({dropped:,} left out). Narrow the view with a team, a journey or a "
                     "node.")
    if skipped:
        notes.append(f"{skipped:,} more edges are left out (at most {EDGE_CAP} are drawn).")
    html = page(nodes, edges, physics=physics, height=height,
                root=str(graph.nodes[focus].get("name", focus)) if focus in graph else "Graph")
    return View(html, len(nodes), len(edges), bool(dropped or skipped), " ".join(notes))


def type_counts(graph: nx.MultiDiGraph) -> Counter[str]:
    """How many nodes of each type a graph holds (for captions)."""
    return Counter(d.get("type", "") for _, d in graph.nodes(data=True))


# On screen the steps' SVG starts with a copy of the lane names that its negative margin
# hides behind the fixed column; on paper (where SVGs shrink to the page) the fixed column
# goes and the copy shows, so names and lanes shrink together and stay aligned.
PRINT_LANES = ("<style>@media print{.swimlane-view .lane-names{display:none}"
               ".swimlane-view .swimlane{margin-left:0!important}"
               ".swimlane-view .lane-steps{overflow:visible!important}}</style>")
LANE_NAME_CHARS, STEP_CHARS = 22, 22  # characters per wrapped line (12 px bold, 11 px)


def _wrapped(text: str, chars: int) -> list[str]:
    """``text`` in lines of at most ``chars`` characters, every character kept."""
    from textwrap import wrap

    return wrap(text, chars, break_on_hyphens=False) or [""]


def _text(x: float, y: float, lines: list[str], size: int, extra: str = "") -> str:
    """An SVG text of several lines (one tspan each, ``size * 1.25`` apart)."""
    from html import escape

    spans = "".join(f'<tspan x="{x}" dy="{0 if i == 0 else size * 1.25}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text x="{x}" y="{y}" font-size="{size}"{extra}>{spans}</text>'


def swimlane_svg(model: Any, graph: nx.MultiDiGraph, journey: str, max_steps: int = 40,
                 findings: Mapping[str, list[str]] | None = None) -> str:
    """A journey as lanes of the teams doing its steps; seams marked owned or unowned,
    steps with findings outlined in red with their count.

    Plain SVG (escaped text, no script), so it prints and needs no browser features. Two
    SVGs side by side: the lane names in a fixed column, the steps in a box that scrolls
    sideways, so a long journey never scrolls its lane names out of sight. Labels wrap
    (the full name is always drawn, never cut).
    """
    return swimlanes(model, graph, [journey], max_steps, findings)[0]


def swimlanes(model: Any, graph: nx.MultiDiGraph, names: list[str], max_steps: int = 40,
              findings: Mapping[str, list[str]] | None = None) -> list[str]:
    """``swimlane_svg`` for several journeys, reading the model and the graph once for all
    (the report draws eight: a scan of every assignment and edge per journey cost
    seconds at 100,000 activities)."""
    from opmodel.graph import journeys

    steps_of = journeys(model)
    every = {name: steps_of.get(name, []) for name in names}
    step_ids = {s.id for steps in every.values() for s in steps[:max_steps]}
    roles: dict[str, list[tuple[str, Role]]] = defaultdict(list)
    for a in model.assignments:
        if a.activity in step_ids:
            roles[a.activity].append((a.team, a.role))
    owned: dict[str | None, set[tuple[str, str]]] = defaultdict(set)
    for u, v, d in graph.edges(data=True):
        if d.get("type") == "HANDOFF" and d.get("owner"):
            owned[d.get("journey")].add((u, v))
    team_names = {t.id: t.name for t in model.teams}
    return [_swimlane(name, every[name], max_steps, roles, owned[name] | owned[None],
                      team_names, findings or {})
            for name in names]


def _swimlane(journey: str, every: list[Any], max_steps: int,
              roles: dict[str, list[tuple[str, Role]]], owned: set[tuple[str, str]],
              names: dict[str, str], findings: Mapping[str, list[str]]) -> str:
    """One journey's lanes (see ``swimlane_svg``)."""
    from html import escape

    from opmodel.graph import responsible_team
    steps = every[:max_steps]
    doers = [responsible_team(s.id, roles) or "(nobody)" for s in steps]
    lanes = list(dict.fromkeys(doers))
    col_w, box_w, left, top, pad = 170, 146, 190, 10, 10
    lane_lines = {lane: _wrapped(names.get(lane, lane), LANE_NAME_CHARS) for lane in lanes}
    step_lines = [_wrapped(step.name, STEP_CHARS) for step in steps]
    box_h = [len(lines) * 14 + 14 for lines in step_lines]
    lane_h = {lane: max([len(lane_lines[lane]) * 15 + 2 * pad]
                        + [h + 2 * pad for h, d in zip(box_h, doers, strict=True) if d == lane])
              for lane in lanes}
    lane_y: dict[str, int] = {}
    y = top
    for lane in lanes:
        lane_y[lane], y = y, y + lane_h[lane]
    width, height = left + col_w * len(steps) + 30, y + top
    title = escape(journey)
    names_svg = [f'<svg xmlns="http://www.w3.org/2000/svg" class="lane-names" width="{left}" '
                 f'height="{height}" role="img" aria-label="{title} lanes" style="flex:none">']
    steps_svg = [f'<svg xmlns="http://www.w3.org/2000/svg" class="swimlane" width="{width}" '
                 f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
                 f'aria-label="{title} swimlane" style="margin-left:-{left}px">']
    for i, lane in enumerate(lanes):
        fill = "#f6f8fa" if i % 2 else "#ffffff"
        for part, w in ((names_svg, left), (steps_svg, width)):
            part.append(f'<rect x="0" y="{lane_y[lane]}" width="{w}" height="{lane_h[lane]}" '
                        f'fill="{fill}" stroke="#ddd"/>')
        names_svg.append(_text(8, lane_y[lane] + pad + 12, lane_lines[lane], 12,
                               ' font-weight="bold"'))
        steps_svg.append('<g class="print-names" aria-hidden="true">'  # see PRINT_LANES
                         + _text(8, lane_y[lane] + pad + 12, lane_lines[lane], 12,
                                 ' font-weight="bold"') + "</g>")
    boxes = []
    for col, (step, doer, lines, h) in enumerate(zip(steps, doers, step_lines, box_h,
                                                    strict=True)):
        x, y = left + 12 + col * col_w, lane_y[doer] + pad
        boxes.append((x, y, h))
        messages = findings.get(step.id, [])
        tip = "\n".join([step.name, *messages])
        stroke = ('stroke="#d62728" stroke-width="3"' if messages
                  else 'stroke="#2e9e62" stroke-width="1"')
        steps_svg.append(f'<g class="{"step flagged" if messages else "step"}">'
                         f'<rect x="{x}" y="{y}" width="{box_w}" height="{h}" rx="6" '
                         f'fill="#e3f1e8" {stroke}/><title>{escape(tip)}</title>'
                         + _text(x + 6, y + 17, lines, 11))
        if messages:
            steps_svg.append(f'<circle cx="{x + box_w}" cy="{y}" r="10" fill="#d62728"/>'
                             f'<text x="{x + box_w}" y="{y + 4}" font-size="11" '
                             f'font-weight="bold" fill="#fff" text-anchor="middle">'
                             f"{len(messages)}</text>")
        steps_svg.append("</g>")
    for i in range(1, len(steps)):
        (x0, y0, h0), (x1, y1, h1) = boxes[i - 1], boxes[i]
        source, target = doers[i - 1], doers[i]
        if source == target:
            colour, dash, tip = "#999", "", "same team"
        elif (source, target) in owned:
            colour, dash, tip = "#2e9e62", "", "seam with an owner"
        else:
            colour, dash, tip = "#d62728", ' stroke-dasharray="6 4"', "seam with no owner"
        steps_svg.append(f'<line x1="{x0 + box_w}" y1="{y0 + h0 / 2}" x2="{x1}" '
                         f'y2="{y1 + h1 / 2}" stroke="{colour}" stroke-width="2.5"{dash}>'
                         f"<title>{tip}</title></line>")
    cut = (f" · first {len(steps)} of {len(every)} steps drawn" if len(every) > len(steps)
           else "")
    legend = ('<svg xmlns="http://www.w3.org/2000/svg" class="lane-legend" width="900" '
              'height="26" viewBox="0 0 900 26" font-size="11" fill="#333">'
              '<line x1="4" y1="13" x2="30" y2="13" stroke="#2e9e62" stroke-width="2.5"/>'
              '<text x="36" y="17">seam with an owner</text>'
              '<line x1="160" y1="13" x2="186" y2="13" stroke="#d62728" stroke-width="2.5" '
              'stroke-dasharray="6 4"/><text x="192" y="17">seam nobody owns</text>'
              '<line x1="308" y1="13" x2="334" y2="13" stroke="#999" stroke-width="2.5"/>'
              '<text x="340" y="17">same team</text>'
              '<rect x="420" y="7" width="26" height="16" rx="4" fill="#e3f1e8" '
              'stroke="#d62728" stroke-width="3"/><circle cx="446" cy="7" r="6" '
              'fill="#d62728"/><text x="456" y="17">step with findings (count; hover for '
              f"them){escape(cut)}</text></svg>")
    return (PRINT_LANES + '<div class="swimlane-view" style="display:flex;'
            'align-items:flex-start;'
            'max-width:100%">' + "".join(names_svg) + "</svg>"
            '<div class="lane-steps" style="overflow-x:auto;flex:1 1 auto;min-width:0">'
            + "".join(steps_svg) + "</svg></div></div>" + legend)
