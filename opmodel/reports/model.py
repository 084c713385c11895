"""The report, built once as a typed object that every format module renders.

``build(analysis)`` (or ``from_document`` for the Neo4j runner, which has no workbook)
reads the JSON contract once into findings with ``SourceRef`` locations, groups, moves
and the index with its coverage, so that text, Markdown, HTML, Excel, SARIF, JUnit and
the brief can never disagree, and none of them rebuilds a cell reference itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opmodel.contract import SEVERITIES
from opmodel.groups import SEVERITY_WEIGHT, Group
from opmodel.location import SourceRef
from opmodel.rules.registry import urgent_words

if TYPE_CHECKING:
    import networkx as nx

    from opmodel.analysis import Analysis
    from opmodel.model import OperatingModel

COMPONENTS: dict[str, tuple[str, str]] = {
    "accountability_clarity": (
        "Accountability clarity",
        "activities with exactly one accountable party who holds decision authority"),
    "seam_ownership": (
        "Seam ownership", "handoffs between teams (declared or inferred) that have an owner"),
    "data_continuity": (
        "Data continuity",
        "pairs of customer-facing team and journey system where the team can read the system"),
    "escalation_coverage": (
        "Escalation coverage",
        "customer-facing teams with a time-limited escalation path to someone who can decide"),
    "decision_authority": (
        "Decision authority",
        "decisions someone can take, and frontline teams with a decision right and its limit"),
    "measurement": (
        "Measurement", "metrics with an owner who holds a lever over what they measure"),
}
INDEX_SENTENCE = (
    "The fragmentation index runs from 0 (every activity has one empowered owner, every seam "
    "an owner, every frontline team the data it needs and a clock to escalate) to 100 (none "
    "of them do); components the workbook cannot assess widen its range instead of "
    "disappearing.")
STATUSES = ("Open", "In progress", "Done", "Won't fix")


@dataclass(frozen=True, slots=True)
class ReportFinding:
    """One finding as the reports show it: the contract's fields, typed."""

    rule: str
    slug: str
    severity: str
    message: str
    remediation: str
    fingerprint: str
    subjects: tuple[dict[str, str], ...]
    locations: tuple[SourceRef, ...]
    group: str = ""

    @property
    def cell(self) -> str:
        """``Sheet!B7`` of the most specific location ('' when there is none)."""
        return str(self.locations[0]) if self.locations else ""

    @property
    def subject_names(self) -> str:
        """The subjects' names, comma-separated."""
        return ", ".join(s["name"] for s in self.subjects)


@dataclass(frozen=True, slots=True)
class Move:
    """One edit that lowers the index, with what it resolves and the index after it."""

    title: str
    edit: dict[str, Any]
    resolves: tuple[str, ...]
    index_after: int | None


@dataclass(frozen=True)
class Coverage:
    """How many index components the workbook lets us assess, and what the rest need."""

    assessed: int
    total: int
    missing: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class IndexView:
    """The index in the words and numbers every format shows."""

    value: int | None
    coverage: Coverage
    range: tuple[int, int] | None
    provisional: bool
    components: dict[str, dict[str, Any]]
    journeys: dict[str, dict[str, Any]]
    note: str = ""
    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, index: dict[str, Any]) -> IndexView:
        """Read the contract's index; coverage and range come from the index when it has
        them, otherwise from its components (the same definition, DESIGN section 6)."""
        components = dict(index.get("components") or {})
        coverage = index.get("coverage")
        if coverage:
            cover = Coverage(int(coverage["assessed"]), int(coverage["total"]),
                             tuple(coverage.get("missing") or ()))
        else:
            missing = tuple({"component": name, "needs": str(c.get("reason") or "more data")}
                            for name, c in components.items() if not c.get("assessed"))
            cover = Coverage(len(components) - len(missing), len(components), missing)
        span = index.get("range")
        bounds = (int(span[0]), int(span[1])) if span else _range(components)
        return cls(index.get("value"), cover, bounds,
                   bool(index.get("provisional", bool(cover.missing))), components,
                   dict(index.get("journeys") or {}), str(index.get("note") or ""), index)

    @property
    def band(self) -> str:
        """The verdict band of the value (the index's own when it states one)."""
        return str(self.raw.get("band") or band(self.value))

    def sentence(self) -> str:
        """'Index 6, provisional: 2 of 6 components assessed; between 6 and 55.'

        The index's own phrasing (``opmodel.score.verdict``) when the index carries its
        coverage; the same sentence built from the components otherwise (Neo4j runs, and
        documents written before the index stated its coverage).
        """
        import opmodel.score

        words = getattr(opmodel.score, "verdict", None)
        if self.value is not None and words is not None and "coverage" in self.raw:
            return str(words(self.raw))
        if self.value is None and self.note:
            return f"No index here: {self.note}"
        if self.value is None:
            return ("No index: the workbook holds none of the data its components need "
                    f"({self.coverage.total} components, none assessed).")
        head = f"Index {self.value}/100 ({self.band})"
        if not self.provisional:
            return f"{head}: all {self.coverage.total} components assessed."
        span = (f"; between {self.range[0]} and {self.range[1]} depending on what the "
                "missing data would show" if self.range else "")
        return (f"{head}, provisional: {self.coverage.assessed} of {self.coverage.total} "
                f"components assessed{span}.")


def band(value: int | None) -> str:
    """Integrated / mostly integrated / fragmented / severely fragmented.

    >>> band(5), band(30), band(80)
    ('integrated', 'fragmented', 'severely fragmented')
    """
    if value is None:
        return "not assessed"
    if value < 10:
        return "integrated"
    if value < 25:
        return "mostly integrated"
    if value < 60:
        return "fragmented"
    return "severely fragmented"


def _range(components: dict[str, dict[str, Any]]) -> tuple[int, int] | None:
    known = [float(c["value"]) for c in components.values()
             if c.get("assessed") and c.get("value") is not None]
    unknown = len(components) - len(known)
    if not known and not unknown:
        return None

    def index(fill: float) -> int:
        values = known + [fill] * unknown
        return math.floor(100 * (1 - sum(values) / len(values)) + 0.5)

    return (index(1.0), index(0.0))


@dataclass(frozen=True)
class ActionRow:
    """What people wrote against a group in the last action log."""

    owner: str = ""
    due: str = ""
    status: str = "Open"
    notes: str = ""


@dataclass
class Report:
    """Everything a report shows, computed once per analysis."""

    document: dict[str, Any]
    name: str
    file_stem: str
    findings: tuple[ReportFinding, ...]
    groups: tuple[Group, ...]
    moves: tuple[Move, ...]
    index: IndexView
    not_assessed: tuple[dict[str, str], ...]
    import_errors: tuple[dict[str, Any], ...]
    import_warnings: tuple[dict[str, Any], ...]
    source_name: str
    details: dict[str, str] = field(default_factory=dict)
    model: OperatingModel | None = None
    graph_factory: Callable[[], nx.MultiDiGraph] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    actions: dict[str, ActionRow] = field(default_factory=dict)
    resolved: list[dict[str, str]] = field(default_factory=list)

    @property
    def version(self) -> str:
        """The opmodel version that wrote the report."""
        return str(self.document.get("opmodel_version", ""))

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The model's graph (for drawings)."""
        if self.graph_factory is None:
            raise ValueError("this report has no model to draw")
        return self.graph_factory()

    @cached_property
    def _by_fingerprint(self) -> dict[str, ReportFinding]:
        return {f.fingerprint: f for f in self.findings}

    def group_findings(self, group: Group) -> list[ReportFinding]:
        """The findings of one group, most severe first."""
        found = (self._by_fingerprint.get(fp) for fp in group.findings)
        return sorted((f for f in found if f is not None),
                      key=lambda f: SEVERITIES.index(f.severity))

    def severity_counts(self, of: str = "groups") -> dict[str, int]:
        """Groups (or findings) per severity, every severity present."""
        counts = dict.fromkeys(SEVERITIES, 0)
        for item in (self.groups if of == "groups" else self.findings):
            counts[item.severity] += 1
        return counts

    def headline(self) -> str:
        """'12 things to fix (3 high), from 31 findings' ('critical or high' once a rule can
        be critical: ``urgent_words``)."""
        counts = self.severity_counts()
        urgent = counts["critical"] + counts["high"]
        if not self.groups:
            return "Nothing to fix: no findings."
        words = urgent_words(s for s, n in counts.items() if n)
        worst = (f" ({urgent} {words})" if urgent else "")
        return (f"{_plural(len(self.groups), 'thing')} to fix{worst}, from "
                f"{_plural(len(self.findings), 'finding')}.")

    def by_team(self) -> list[tuple[str, list[Group]]]:
        """Groups by the team that must act, the teams with most weight first."""
        teams: dict[str, list[Group]] = {}
        for group in self.groups:
            teams.setdefault(group.owner or "Model owner", []).append(group)
        return sorted(teams.items(), key=lambda kv: (-sum(
            SEVERITY_WEIGHT.get(g.severity, 0) for g in kv[1]), kv[0]))

    def title(self, what: str = "Fragmentation report") -> str:
        """'Fragmentation report: Retail order to resolution'."""
        return f"{what}: {self.name}"

    def file_name(self, suffix: str, what: str = "fragmentation") -> str:
        """A download's name after the workbook: 'retail_order_to_resolution_brief.html'."""
        return f"{self.file_stem}_{what}.{suffix.lstrip('.')}"


def _plural(count: int, noun: str) -> str:
    """'1 thing', '3 things'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _finding(data: dict[str, Any]) -> ReportFinding:
    return ReportFinding(
        data["rule"], data["slug"], data["severity"], data["message"], data["remediation"],
        data["fingerprint"], tuple(data["subjects"]),
        tuple(SourceRef.from_dict(loc) for loc in data["locations"]), data.get("group", ""))


def _group(data: dict[str, Any]) -> Group:
    return Group(data["id"], data.get("kind", ""), data["title"], data["severity"],
                 tuple(data["subjects"]), tuple(data["findings"]), data["remediation"],
                 data.get("owner", ""), tuple(data.get("rules") or ()))


def _move(data: dict[str, Any]) -> Move:
    after = data.get("index_after")
    return Move(str(data.get("title", "")), dict(data.get("edit") or {}),
                tuple(data.get("resolves") or ()), after if isinstance(after, int) else None)


def from_document(document: dict[str, Any], *, model: OperatingModel | None = None,
                  graph_factory: Callable[[], nx.MultiDiGraph] | None = None,
                  source_name: str | None = None) -> Report:
    """The report of a contract document (groups are added when the document lacks them)."""
    if "groups" not in document:
        from opmodel.contract import add_groups

        add_groups(document, model)
    settings = dict(model.settings) if model is not None else {}
    name = str(document["model"]["name"])
    stem = _stem(source_name) if source_name else ""
    file_stem = safe_stem(stem or name or str(document["model"].get("id") or "model"))
    details = {"name": name, "version": settings.get("version", ""),
               "author": settings.get("author", ""), "date": settings.get("date", ""),
               "file": source_name or ""}
    imported = document.get("import") or {}
    return Report(
        document=document, name=name, file_stem=file_stem,
        findings=tuple(_finding(f) for f in document["findings"]),
        groups=tuple(_group(g) for g in document["groups"]),
        moves=tuple(_move(m) for m in document.get("moves") or ()),
        index=IndexView.from_dict(document.get("index") or {}),
        not_assessed=tuple(document.get("not_assessed") or ()),
        import_errors=tuple(imported.get("errors") or ()),
        import_warnings=tuple(imported.get("warnings") or ()),
        source_name=source_name or f"{document['model'].get('id') or 'model'}.xlsx",
        details=details, model=model, graph_factory=graph_factory)


def build(analysis: Analysis) -> Report:
    """The report of an analysis (the graph is built only if a format draws it)."""
    return from_document(analysis.document, model=analysis.model,
                         graph_factory=lambda: analysis.graph,
                         source_name=analysis.source_name)


def _stem(name: str) -> str:
    return Path(name.replace("\\", "/")).stem


def safe_stem(text: str) -> str:
    """A file-name stem from a workbook or model name: letters, digits, '-', '_'.

    >>> safe_stem("Retail order: v2/final"), safe_stem("../../etc")
    ('Retail_order_v2_final', 'etc')
    """
    kept = "".join(c if c.isalnum() or c in "-_" else "_" for c in text)
    collapsed = "_".join(part for part in kept.split("_") if part)
    return collapsed.strip("-_")[:80] or "model"
