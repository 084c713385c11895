"""The report as one self-contained HTML page: inline CSS, the graph (vis.js inlined by
pyvis) in an ``iframe srcdoc``, SVG swimlanes and trend, a print stylesheet, and a
Content-Security-Policy that forbids fetching anything. Jinja autoescaping escapes every
piece of user text; the only unescaped insertions are SVG built with ``html.escape`` in
viz.py and trend.py."""

from __future__ import annotations

from typing import Any, NamedTuple

from jinja2 import Environment, PackageLoader, select_autoescape

from opmodel.reports.model import COMPONENTS, INDEX_SENTENCE, Report
from opmodel.reports.trend import changes
from opmodel.reports.trend import svg as trend_svg

MAX_JOURNEYS_LISTED = 25
MAX_SWIMLANES = 8
MAX_GROUPS = 150
# Inline script and style only (the page's own vis.js), pictures only from data: URIs,
# no connection anywhere: a report opened from a mail must not call home.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; frame-src 'self' about: data:; connect-src 'none'; "
       "base-uri 'none'; form-action 'none'")
MAX_SEAMS_LISTED = 60

ENV = Environment(loader=PackageLoader("opmodel.reports", "templates"),
                  autoescape=select_autoescape(["html", "j2"]))


class _Flagged(NamedTuple):
    subjects: list[tuple[str, str, str]]
    message: str


def components(report: Report) -> list[dict[str, Any]]:
    """The index components with their titles and what they count."""
    rows = []
    for name, component in report.index.components.items():
        title, what = COMPONENTS.get(name, (name.replace("_", " ").capitalize(), ""))
        rows.append({**component, "title": title, "what": f"Share of {what}." if what else ""})
    return rows


def journeys(report: Report) -> list[tuple[str, int | None]]:
    """(journey, index), most fragmented first."""
    return sorted(((n, j.get("value")) for n, j in report.index.journeys.items()),
                  key=lambda nv: -(nv[1] or 0))


def render(report: Report) -> str:
    """The page for one report."""
    from opmodel.viz import findings_by_node, swimlanes
    from opmodel.viz import render as render_graph

    journeys_all = journeys(report)
    graph_html, graph_note, lanes = "", "", []
    if report.model is not None and report.graph_factory is not None:
        graph = report.graph
        flagged = findings_by_node(_Flagged([(s["id"], s["type"], s["name"]) for s in f.subjects],
                                            f.message) for f in report.findings)
        # the whole graph, not a ``select`` view of it: a view filters every neighbour
        # through its node set, and the report reads every node's degree to trim
        view = render_graph(graph, flagged, physics=graph.number_of_nodes() <= 400)
        graph_html, graph_note = view.html, view.note
        shown = [name for name, _ in journeys_all[:MAX_SWIMLANES]]
        lanes = list(zip(shown, swimlanes(report.model, graph, shown, findings=flagged),
                         strict=True))
    return ENV.get_template("report.html.j2").render(
        csp=CSP, report=report, title=report.title(), index=report.index,
        index_value=report.index.value, verdict=report.index.sentence(),
        headline=report.headline(),
        index_sentence=INDEX_SENTENCE, components=components(report),
        journeys=journeys_all[:MAX_JOURNEYS_LISTED],
        journeys_hidden=max(0, len(journeys_all) - MAX_JOURNEYS_LISTED),
        groups=[(g, report.group_findings(g)) for g in report.groups[:MAX_GROUPS]],
        groups_hidden=max(0, len(report.groups) - MAX_GROUPS),
        group_counts=report.severity_counts(),
        trend=trend_svg(report.history), changes=changes(report.history)[-5:],
        model=report.document["model"], graph_html=graph_html, graph_note=graph_note,
        lanes=lanes, lanes_hidden=max(0, len(journeys_all) - MAX_SWIMLANES),
        errors=list(report.import_errors), warnings=list(report.import_warnings),
        observed=report.document.get("observed"), max_seams=MAX_SEAMS_LISTED,
    )
