"""The report as one self-contained HTML page: inline CSS, the graph (vis.js inlined by
pyvis) in an ``iframe srcdoc``, SVG swimlanes, a print stylesheet. Jinja autoescaping
escapes every piece of user text; the only unescaped insertions are SVG built with
``html.escape`` in viz.py."""

from __future__ import annotations

from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape

from opmodel.model import OperatingModel
from opmodel.reports.document import (
    COMPONENTS,
    INDEX_SENTENCE,
    by_family,
    cell_of,
    severity_counts,
)
from opmodel.viz import findings_by_node, select, swimlane_svg
from opmodel.viz import render as render_graph

MAX_JOURNEYS_LISTED = 25
MAX_SWIMLANES = 8
PER_FAMILY = 60
MAX_SEAMS_LISTED = 60

_ENV = Environment(loader=PackageLoader("opmodel.reports", "templates"),
                   autoescape=select_autoescape(["html", "j2"]))


def _verdict(value: int | None, urgent: int) -> str:
    """One sentence: the index in words, and how many findings need action now."""
    if value is None:
        state = "The model does not hold enough data to compute the index"
    elif value < 20:
        state = f"Index {value}: mostly integrated"
    elif value < 45:
        state = f"Index {value}: fragmented in places"
    elif value < 70:
        state = f"Index {value}: fragmented — customers will feel the seams"
    else:
        state = f"Index {value}: severely fragmented"
    if urgent:
        return f"{state}, with {urgent} critical or high finding(s) to act on first."
    return f"{state}; no critical or high findings."


class _Subjects:
    """Adapter giving finding dicts the ``subjects``/``message`` shape viz expects."""

    def __init__(self, finding: dict[str, Any]) -> None:
        self.subjects = [(s["id"], s["type"], s["name"]) for s in finding["subjects"]]
        self.message = finding["message"]


def render(document: dict[str, Any], model: OperatingModel, graph: nx.MultiDiGraph) -> str:
    """The page for one analysis document."""
    index = document["index"]
    findings = document["findings"]
    components = []
    for name, component in index["components"].items():
        title, what = COMPONENTS.get(name, (name, name))
        components.append({**component, "title": title, "what": f"Share of {what}."})
    journeys_all = sorted(((n, j.get("value")) for n, j in (index.get("journeys") or {}).items()),
                          key=lambda nv: -(nv[1] or 0))
    families = [(family, [{**f, "cell": cell_of(f)} for f in items])
                for family, items in by_family(findings)]
    flagged = findings_by_node(_Subjects(f) for f in findings)
    view = render_graph(select(graph), flagged, physics=graph.number_of_nodes() <= 400)
    lanes_for = [name for name, _ in journeys_all][:MAX_SWIMLANES]
    imported = document["import"]
    return _ENV.get_template("report.html.j2").render(
        model=document["model"], version=document["opmodel_version"],
        index_value=index.get("value"),
        verdict=_verdict(index.get("value"), sum(
            1 for f in findings if f["severity"] in ("critical", "high"))),
        index_sentence=INDEX_SENTENCE, components=components,
        journeys=journeys_all[:MAX_JOURNEYS_LISTED],
        journeys_hidden=max(0, len(journeys_all) - MAX_JOURNEYS_LISTED),
        findings_total=len(findings), severity_counts=severity_counts(findings),
        families=families, per_family=PER_FAMILY, not_assessed=document["not_assessed"],
        graph_html=view.html, graph_note=view.note,
        lanes=[(name, swimlane_svg(model, graph, name)) for name in lanes_for],
        lanes_hidden=max(0, len(journeys_all) - MAX_SWIMLANES),
        errors=imported["errors"], warnings=imported["warnings"],
        observed=document.get("observed"), max_seams=MAX_SEAMS_LISTED,
    )
