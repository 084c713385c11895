"""The comparison of a current and a target model, in every format: text, json, md, html,
xlsx. ``render(comparison, fmt)`` is what ``opmodel diff`` and the app's download buttons
call.

All user text is escaped for its format: Jinja autoescaping in HTML (the graphs reach the
page only as an escaped ``iframe srcdoc``), ``safe.markdown`` in Markdown, and
``safe.neutralise`` on every string cell of the workbook.
"""

from __future__ import annotations

import json
import tempfile
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape

from opmodel.compare import ELEMENT_TYPES
from opmodel.reports.document import COMPONENTS, SEVERITIES, by_family, cell_of, rule_info
from opmodel.reports.safe import markdown as md
from opmodel.reports.safe import neutralise

if TYPE_CHECKING:
    from opmodel.compare import Change, Comparison, IndexRow
    from opmodel.score import Component

FORMATS = ("text", "json", "md", "html", "xlsx")
BUCKETS = (("resolved", "Resolved", "in the current model; the target no longer has them"),
           ("new", "New", "in the target; the current model does not have them"),
           ("unchanged", "Unchanged", "in both models"))
WIDTH = 88
GRAPH_CAP = 400
# What a terminal or a page lists before pointing to the complete json, md and xlsx outputs.
TEXT_PER_FAMILY = 40
TEXT_CHANGES = 200
HTML_PER_FAMILY = 60
HTML_CHANGES = 500
HTML_JOURNEYS = 50
STATUS_COLOURS = {"removed": "#c0392b", "added": "#2e9e62", "changed": "#d68a1b",
                  "renamed": "#d68a1b"}

_ENV = Environment(loader=PackageLoader("opmodel.reports", "templates"),
                   autoescape=select_autoescape(["html", "j2"]))


def render(comparison: Comparison, fmt: str) -> bytes:
    """The comparison in one format, as bytes."""
    if fmt == "xlsx":
        with tempfile.TemporaryDirectory() as folder:
            path = write_xlsx(comparison, Path(folder) / "comparison.xlsx")
            return path.read_bytes()
    renderers = {"text": render_text, "json": render_json, "md": render_markdown,
                 "html": render_html}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return renderers[fmt](comparison).encode("utf-8")


def write(comparison: Comparison, fmt: str, path: Path) -> Path:
    """Write the comparison in one format to a file."""
    if fmt == "xlsx":
        return write_xlsx(comparison, path)
    path.write_bytes(render(comparison, fmt))
    return path


# --------------------------------------------------------------------------- shared


def _title(comparison: Comparison) -> str:
    return f"{comparison.current.model.name} → {comparison.target.model.name}"


def _sources(comparison: Comparison) -> str:
    names = [comparison.current.source_name, comparison.target.source_name]
    return " → ".join(n for n in names if n) if all(names) else ""


def _share(component: Component | None) -> str:
    """'17/19 (89%)', or why there is no share."""
    if component is None:
        return "—"
    if not component.assessed or component.value is None:
        return "not assessed"
    return f"{component.numerator}/{component.denominator} ({component.value:.0%})"


def _index(value: int | None) -> str:
    return "—" if value is None else str(value)


def _delta(before: int | None, after: int | None) -> str:
    """'−6 (better)', '+3 (worse)', 'no change' for the index (lower is better)."""
    if before is None or after is None:
        return ""
    if after == before:
        return "no change"
    return f"{after - before:+d} ({'better' if after < before else 'worse'})".replace("-", "−")


def _points(before: Component | None, after: Component | None) -> str:
    """'+15 pts' between two component shares (higher is better)."""
    if before is None or after is None or before.value is None or after.value is None:
        return ""
    change = round(100 * (after.value - before.value))
    return "no change" if change == 0 else f"{change:+d} pts".replace("-", "−")


def _component_title(name: str) -> str:
    return COMPONENTS.get(name, (name, ""))[0]


def _findings(findings: Any) -> list[dict[str, Any]]:
    from opmodel.compare import label

    items = []
    for finding in findings:
        item = finding.as_dict()
        item.update(cell=cell_of(item), label=label(finding))
        items.append(item)
    return items


def _buckets(comparison: Comparison) -> list[dict[str, Any]]:
    buckets = []
    for key, title, what in BUCKETS:
        items = _findings(getattr(comparison, key))
        buckets.append({"key": key, "title": title, "what": what, "count": len(items),
                        "families": by_family(items)})
    return buckets


# --------------------------------------------------------------------------- text


def render_text(comparison: Comparison) -> str:
    """A terminal report: verdict, index table, findings by bucket and family, changes."""
    sources = _sources(comparison)
    lines = [f"Current vs target: {_title(comparison)}"]
    if sources:
        lines.append(sources)
    lines += ["", *textwrap.wrap(comparison.verdict(), WIDTH), ""]
    lines.append("FRAGMENTATION INDEX (0 = integrated, 100 = fragmented)")
    lines.append(f"  {'':<28}{'current':<16}{'target':<16}change")
    rows = comparison.index_rows()
    overall = rows[0]
    lines.append(f"  {'Index':<28}{_index(overall.before):<16}{_index(overall.after):<16}"
                 f"{_delta(overall.before, overall.after)}")
    for name, (old, new) in overall.components.items():
        lines.append(f"  {_component_title(name):<28}{_share(old):<16}{_share(new):<16}"
                     f"{_points(old, new)}")
    journeys = [r for r in rows[1:] if r.moved]
    if len(rows) > 1:
        lines += ["", f"  Journeys whose index moved ({len(journeys)} of {len(rows) - 1})"]
    for row in journeys[:TEXT_CHANGES]:
        lines.append(f"  {row.scope[:27]:<28}{_index(row.before):<16}"
                     f"{_index(row.after):<16}{_delta(row.before, row.after)}")
    if len(journeys) > TEXT_CHANGES:
        lines.append(f"  ... and {len(journeys) - TEXT_CHANGES} more")
    for bucket in _buckets(comparison):
        lines += ["", f"{bucket['title'].upper()} ({bucket['count']}): {bucket['what']}"]
        if not bucket["count"]:
            lines.append("  none")
        for family, items in bucket["families"]:
            lines.append(f"  {family.capitalize()} ({len(items)})")
            for f in items[:TEXT_PER_FAMILY]:
                where = f"  [{f['cell']}]" if f["cell"] else ""
                lines.append(f"    {f['severity']:<8} {f['rule']} {f['slug']}: {f['label']}{where}")
                if bucket["key"] != "unchanged":
                    lines += textwrap.wrap(f["message"], WIDTH, initial_indent=" " * 13,
                                           subsequent_indent=" " * 13)
            if len(items) > TEXT_PER_FAMILY:
                lines.append(f"    ... and {len(items) - TEXT_PER_FAMILY} more "
                             "(--format json, md or xlsx lists them all)")
    lines += ["", f"STRUCTURAL CHANGES ({len(comparison.changes)})"]
    if not comparison.changes:
        lines.append("  none")
    for change in comparison.changes[:TEXT_CHANGES]:
        lines.append(f"  {change.kind:<8} {change.type.replace('_', ' '):<15} {change.name}")
        if change.detail:
            lines += textwrap.wrap(change.detail, WIDTH, initial_indent=" " * 27,
                                   subsequent_indent=" " * 27)
        if change.cells:
            lines.append(" " * 27 + f"[{change.cells}]")
    if len(comparison.changes) > TEXT_CHANGES:
        lines.append(f"  ... and {len(comparison.changes) - TEXT_CHANGES} more "
                     "(--format json, md or xlsx lists them all)")
    if comparison.notes:
        lines += ["", "NOTES"]
        for note in comparison.notes:
            lines += textwrap.wrap(note, WIDTH, initial_indent="  ", subsequent_indent="    ")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- json


def render_json(comparison: Comparison) -> str:
    """The diff contract of DESIGN section 9."""
    from opmodel.reports.json import dumps

    return dumps(comparison.as_dict())


# --------------------------------------------------------------------------- markdown


def render_markdown(comparison: Comparison) -> str:
    """Markdown for a pull request or a wiki page; user text escaped."""
    lines = [f"# Current vs target: {md(_title(comparison))}", ""]
    sources = _sources(comparison)
    if sources:
        lines += [f"_{md(sources)}_", ""]
    lines += [md(comparison.verdict()), "", "## Fragmentation index", "",
              "| | Current | Target | Change |", "|---|---|---|---|"]
    rows = comparison.index_rows()
    overall = rows[0]
    lines.append(f"| **Index** | **{_index(overall.before)}** | **{_index(overall.after)}** | "
                 f"{_delta(overall.before, overall.after)} |")
    for name, (old, new) in overall.components.items():
        lines.append(f"| {md(_component_title(name))} | {_share(old)} | {_share(new)} | "
                     f"{_points(old, new)} |")
    if len(rows) > 1:
        lines += ["", "| Journey | Current | Target | Change |", "|---|---|---|---|"]
        lines += [f"| {md(r.scope)} | {_index(r.before)} | {_index(r.after)} | "
                  f"{_delta(r.before, r.after)} |" for r in rows[1:]]
    for bucket in _buckets(comparison):
        lines += ["", f"## {bucket['title']} ({bucket['count']})", "",
                  f"_Findings {bucket['what']}._"]
        for family, items in bucket["families"]:
            lines += ["", f"### {family.capitalize()} ({len(items)})", ""]
            for f in items:
                where = f" _({md(f['cell'])})_" if f["cell"] else ""
                lines.append(f"- **{f['rule']}** `{f['slug']}` ({f['severity']}) — "
                             f"{md(f['message'])}{where}")
    lines += ["", f"## Structural changes ({len(comparison.changes)})", ""]
    if comparison.changes:
        lines += ["| Change | Type | Name | Detail | Cells (current → target) |",
                  "|---|---|---|---|---|"]
        lines += [f"| {c.kind} | {c.type.replace('_', ' ')} | {md(c.name)} | {md(c.detail)} | "
                  f"{md(c.cells)} |" for c in comparison.changes]
    else:
        lines.append("None.")
    if comparison.notes:
        lines += ["", "## Notes", ""] + [f"- {md(n)}" for n in comparison.notes]
    from opmodel import __version__

    lines += ["", f"_opmodel {__version__}_", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- html


def _marks(comparison: Comparison) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Per side: node id -> {"status": removed|added|changed|renamed|None, "notes": [...]}."""
    before: dict[str, dict[str, Any]] = {}
    after: dict[str, dict[str, Any]] = {}
    rank = {"removed": 3, "added": 3, "renamed": 2, "changed": 1}

    def mark(side: dict[str, dict[str, Any]], node: str, status: str | None, note: str) -> None:
        entry = side.setdefault(node, {"status": None, "notes": []})
        if status and rank.get(status, 0) > rank.get(entry["status"] or "", 0):
            entry["status"] = status
        entry["notes"].append(note)

    for change in comparison.changes:
        what = f"{change.type.replace('_', ' ')} {change.name}"
        detail = f": {change.detail}" if change.detail else ""
        # an element takes its change's status; the ends of a relation are "changed"
        status = change.kind if change.type in ELEMENT_TYPES else "changed"
        for node in change.nodes_before:
            mark(before, node, status, f"{change.kind} in the target: {what}{detail}")
        for node in change.nodes_after:
            mark(after, node, status, f"{change.kind} in the target: {what}{detail}")
    for finding in comparison.resolved:
        for subject in finding.subjects:
            mark(before, subject.id, None, f"resolved by the target: {finding.message}")
    for finding in comparison.new:
        for subject in finding.subjects:
            mark(after, subject.id, None, f"new in the target: {finding.message}")
    return before, after


def _safe_json(value: object) -> str:
    """JSON that cannot close a script element."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


_GRAPH_SCRIPT = """<script>(function () {
  var marks = %s, colours = %s, focus = %s;
  if (typeof nodes === 'undefined') { return; }
  // vis.js paints each group from its default palette, over the colours (and the change
  // marks) given to each node: the groups go, so that the nodes' own colours show
  var styled = [];
  nodes.forEach(function (node) {
    var mark = marks[node.id];
    if (!mark || !mark.status) { styled.push({id: node.id, group: ''}); return; }
    var colour = colours[mark.status];
    styled.push({id: node.id, group: '', borderWidth: 5, color: {background: node.color.background,
      border: colour, highlight: {background: node.color.background, border: colour}},
      shapeProperties: {borderDashes: mark.status === 'removed' ? [6, 4] : false}});
  });
  nodes.update(styled);
  function show(all) {
    var keep = {};
    focus.forEach(function (id) { keep[id] = true; });
    nodes.update(nodes.getIds().map(function (id) {
      return {id: id, hidden: !all && focus.length > 0 && !keep[id]};
    }));
    if (typeof network !== 'undefined') { setTimeout(function () { network.fit(); }, 300); }
  }
  show(false);
  window.addEventListener('message', function (event) {
    if (event.data && event.data.opmodelCompare) { show(!!event.data.showAll); }
  });
})();</script>"""


def _graph(graph: nx.MultiDiGraph, marks: dict[str, dict[str, Any]]) -> tuple[str, str]:
    """A pyvis page of one model with its marked nodes, and a note on what it shows.

    The page shows the marked nodes and their neighbours; the page's 'show everything'
    toggle reveals the rest (drawn only up to GRAPH_CAP nodes, beyond which the page holds
    just the neighbourhood of the changes)."""
    from opmodel.viz import render

    focus = {n for n in marks if n in graph}
    for node in list(focus):
        focus.update(graph.predecessors(node))
        focus.update(graph.successors(node))
    note = ""
    drawn = graph
    if graph.number_of_nodes() > GRAPH_CAP and focus:
        drawn = graph.subgraph(focus)
        note = (f"The model has {graph.number_of_nodes():,} nodes; only the changed ones and "
                "their neighbours are drawn.")
    nodes = set(drawn)
    tooltips = {n: list(m["notes"][:6]) for n, m in marks.items() if n in nodes}
    view = render(drawn, tooltips, physics=drawn.number_of_nodes() <= GRAPH_CAP)
    if view.note:
        note = f"{note} {view.note}".strip()
    if view.aggregated:  # a roll-up of teams and systems: nothing to hide, fewer to mark
        nodes = {n for n in nodes if n.startswith(("team:", "system:"))}
        focus = set()
    statuses = {n: {"status": m["status"]} for n, m in marks.items()
                if n in nodes and m["status"]}
    script = _GRAPH_SCRIPT % (_safe_json(statuses), _safe_json(STATUS_COLOURS),
                              _safe_json(sorted(focus & nodes)))
    return view.html.replace("</body>", script + "</body>"), note


def render_html(comparison: Comparison) -> str:
    """One self-contained page: verdict, index before/after, findings, changes, graphs."""
    from opmodel import __version__

    rows = comparison.index_rows()
    overall = rows[0]
    components = [{"title": _component_title(name), "what": COMPONENTS.get(name, ("", ""))[1],
                   "before": _share(old), "after": _share(new), "change": _points(old, new),
                   "before_value": old.value if old else None,
                   "after_value": new.value if new else None}
                  for name, (old, new) in overall.components.items()]
    ordered = sorted(rows[1:], key=lambda r: not r.moved)  # stable: journeys that moved first
    journeys = [{"name": r.scope, "before": _index(r.before), "after": _index(r.after),
                 "change": _delta(r.before, r.after), "moved": r.moved,
                 "components": [(_component_title(n), _share(o), _share(t), _points(o, t))
                                for n, (o, t) in r.components.items()]}
                for r in ordered[:HTML_JOURNEYS]]
    before_marks, after_marks = _marks(comparison)
    current_html, current_note = _graph(comparison.current.graph, before_marks)
    target_html, target_note = _graph(comparison.target.graph, after_marks)
    counts = {kind: len(comparison.changes_of(kind))
              for kind in ("renamed", "changed", "added", "removed")}
    from opmodel.reports.html import CSP

    return _ENV.get_template("compare.html.j2").render(
        csp=CSP, title=_title(comparison), current=comparison.current.model.name,
        target=comparison.target.model.name, sources=_sources(comparison),
        version=__version__, verdict=comparison.verdict(),
        index_before=_index(overall.before), index_after=_index(overall.after),
        index_change=_delta(overall.before, overall.after), components=components,
        journeys=journeys, journeys_moved=sum(1 for j in journeys if j["moved"]),
        journeys_hidden=max(0, len(ordered) - HTML_JOURNEYS),
        buckets=_buckets(comparison), severities=SEVERITIES, per_family=HTML_PER_FAMILY,
        changes=[_change_row(c) for c in comparison.changes[:HTML_CHANGES]],
        changes_total=len(comparison.changes), change_counts=counts,
        current_graph=current_html, target_graph=target_html,
        current_note=current_note, target_note=target_note,
        colours=STATUS_COLOURS, notes=list(comparison.notes),
    )


def _change_row(change: Change) -> dict[str, str]:
    return {"kind": change.kind, "type": change.type.replace("_", " "), "name": change.name,
            "detail": change.detail, "before": ", ".join(str(r) for r in change.before),
            "after": ", ".join(str(r) for r in change.after)}


# --------------------------------------------------------------------------- xlsx

FINDING_COLUMNS = ("Severity", "Rule", "Slug", "Family", "Title", "About", "Message",
                   "Source cell", "Remediation", "Fingerprint")
CHANGE_COLUMNS = ("Change", "Type", "Name", "Detail", "Current cells", "Target cells")


def _text(value: object) -> str:
    return str(neutralise("" if value is None else str(value)))


def write_xlsx(comparison: Comparison, path: Path) -> Path:
    """Sheets Summary, Resolved, New, Unchanged, Changes; no cell can be read as a formula."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 16})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    _summary(book.add_worksheet("Summary"), comparison, title, bold, wrap)
    for key, name, _what in BUCKETS:
        _finding_sheet(book.add_worksheet(name), getattr(comparison, key), bold, wrap)
    sheet = book.add_worksheet("Changes")
    sheet.write_row(0, 0, CHANGE_COLUMNS, bold)
    sheet.freeze_panes(1, 0)
    for col, width in enumerate((10, 15, 50, 60, 30, 30)):
        sheet.set_column(col, col, width)
    for row, change in enumerate(comparison.changes, start=1):
        cells = _change_row(change)
        sheet.write_row(row, 0, [_text(cells[k]) for k in
                                 ("kind", "type", "name", "detail", "before", "after")])
    sheet.autofilter(0, 0, max(len(comparison.changes), 1), len(CHANGE_COLUMNS) - 1)
    book.close()
    return path


def _summary(sheet: Any, comparison: Comparison, title: Any, bold: Any, wrap: Any) -> None:
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 3, 18)
    sheet.write_string(0, 0, _text(f"Current vs target: {_title(comparison)}"), title)
    sheet.write_string(1, 0, _text(_sources(comparison)))
    sheet.merge_range(3, 0, 3, 3, _text(comparison.verdict()), wrap)
    sheet.set_row(3, 150)
    row = 5
    sheet.write_row(row, 0, ("", "Current", "Target", "Change (index; components in points)"),
                    bold)
    rows: list[IndexRow] = comparison.index_rows()
    overall = rows[0]
    row += 1
    sheet.write_string(row, 0, "Fragmentation index (0-100)", bold)
    for col, value in ((1, overall.before), (2, overall.after)):
        if value is None:
            sheet.write_string(row, col, "not assessed")
        else:
            sheet.write_number(row, col, value)
    if overall.before is not None and overall.after is not None:
        sheet.write_number(row, 3, overall.after - overall.before)
    for name, (old, new) in overall.components.items():
        row += 1
        sheet.write_row(row, 0, (_text(_component_title(name)), _text(_share(old)),
                                 _text(_share(new))))
        if old is not None and new is not None and old.value is not None \
                and new.value is not None:
            sheet.write_number(row, 3, round(100 * (new.value - old.value)))
    if len(rows) > 1:
        row += 2
        sheet.write_row(row, 0, ("Journey", "Current", "Target", "Change"), bold)
        for journey in rows[1:]:
            row += 1
            sheet.write_string(row, 0, _text(journey.scope))
            for col, value in ((1, journey.before), (2, journey.after)):
                if value is None:
                    sheet.write_string(row, col, "—")
                else:
                    sheet.write_number(row, col, value)
            if journey.before is not None and journey.after is not None:
                sheet.write_number(row, 3, journey.after - journey.before)
    row += 2
    sheet.write_row(row, 0, ("Findings", "Count"), bold)
    for key, name, _what in BUCKETS:
        row += 1
        sheet.write_string(row, 0, name)
        sheet.write_number(row, 1, len(getattr(comparison, key)))
    row += 2
    sheet.write_row(row, 0, ("Structural changes", "Count"), bold)
    for kind in ("renamed", "changed", "added", "removed"):
        row += 1
        sheet.write_string(row, 0, kind)
        sheet.write_number(row, 1, len(comparison.changes_of(kind)))
    for note in comparison.notes:
        row += 2
        sheet.write_string(row, 0, _text(note))


def _finding_sheet(sheet: Any, findings: Any, bold: Any, wrap: Any) -> None:
    sheet.write_row(0, 0, FINDING_COLUMNS, bold)
    sheet.freeze_panes(1, 0)
    for col, width in enumerate((9, 9, 26, 12, 30, 36, 80, 18, 60, 12)):
        sheet.set_column(col, col, width)
    items = _findings(findings)
    for row, f in enumerate(items, start=1):
        family, rule_title = rule_info(f["rule"])
        sheet.write_row(row, 0, [_text(v) for v in (
            f["severity"], f["rule"], f["slug"], family, rule_title, f["label"])])
        sheet.write_string(row, 6, _text(f["message"]), wrap)
        sheet.write_string(row, 7, _text(f["cell"]))
        sheet.write_string(row, 8, _text(f["remediation"]), wrap)
        sheet.write_string(row, 9, _text(f["fingerprint"]))
    sheet.autofilter(0, 0, max(len(items), 1), len(FINDING_COLUMNS) - 1)
