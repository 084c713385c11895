"""One call from a workbook to everything the views and reports need.

``analyze(path)`` imports, runs the rules, scores the index; the graph and the report
document are computed on first use (the CLI's text output needs neither).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from opmodel.config import Config, find_config, load_config
from opmodel.graph import build_graph
from opmodel.ingest.parse import parse
from opmodel.ingest.reader import read
from opmodel.ingest.report import ImportReport
from opmodel.model import OperatingModel
from opmodel.moves import Move, find_moves
from opmodel.perf import pause_gc
from opmodel.rules.engine import AnalysisResult, run
from opmodel.schemes import Scheme
from opmodel.score import FragmentationIndex, Weighting, score

if TYPE_CHECKING:
    from opmodel.observe.overlay import Observation


class Analysis:
    """A model, its import report, its findings and its fragmentation index."""

    def __init__(self, model: OperatingModel, report: ImportReport,
                 config: Config | None = None, source_name: str | None = None,
                 weighting: Weighting | None = None,
                 observed: Observation | None = None) -> None:
        """Run the rules (the OBS rules too when an observed log is given) and score.

        ``weighting`` weighs the journeys in the overall index (an event log's observed
        cases); by default the Journeys sheet's volumes, when it gives them.
        """
        self.model = model
        self.report = report
        self.config = config or Config()
        self.source_name = source_name
        if weighting is None and observed is not None:
            weighting = observed.weighting(model)  # the log's volumes weigh the journeys
        self.weighting = weighting
        self.observed = observed
        self.result: AnalysisResult = run(model, config=self.config, observed=observed)
        self.index: FragmentationIndex = score(model, self.result.facts, weighting)

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The model's graph (for drawings and Neo4j)."""
        return build_graph(self.model)

    @cached_property
    def document(self) -> dict[str, Any]:
        """The JSON contract of DESIGN section 9."""
        from opmodel.contract import analysis_document

        document = analysis_document(self.model, self.report, self.result, self.index)
        document["moves"] = [move.as_dict() for move in self.moves]
        if self.observed is not None:
            names = {t.id: t.name for t in self.model.teams}
            document["observed"] = self.observed.as_dict(names)
            # The journeys' observed volumes, ready to weigh the index (DESIGN section 6).
            document["observed"]["weights"] = {
                "by": "observed cases", "source": self.observed.weights_source(),
                "journeys": self.observed.journey_cases(self.model)}
        return document

    @cached_property
    def moves(self) -> list[Move]:
        """Up to five what-if edits that lower the index most, best first."""
        return find_moves(self.model, self.index, self.result.facts, self.weighting,
                          self.config, self.result.findings)

    def with_model(self, model: OperatingModel) -> Analysis:
        """The same analysis on a changed model (what-if), keeping the import report."""
        return Analysis(model, self.report, self.config, self.source_name, self.weighting,
                        self.observed)


def resolve_config(config: Config | Path | str | None, near: Path | None = None) -> Config:
    """A Config from an object, a file, or (when None) opmodel.toml / pyproject.toml found
    beside the workbook or in the working directory."""
    if isinstance(config, Config):
        return config
    if config is not None:
        return load_config(config)
    for folder in filter(None, (near, Path.cwd())):
        found = find_config(folder)
        if found is not None:
            return load_config(found)
    return Config()


def analyze(path: Path | str, scheme: Scheme | str | None = None,
            config: Config | Path | str | None = None,
            progress: Callable[[str], object] | None = None, log: Path | str | None = None,
            map_file: Path | str | None = None,
            columns: dict[str, str] | None = None) -> Analysis:
    """Import a workbook and analyse it, against an event log when one is given (raises
    OpmodelError only if nothing is readable).

    ``progress`` is told each stage as it starts (the app shows them for big files).
    """
    path = Path(path)
    chosen = Scheme(scheme) if isinstance(scheme, str) else scheme
    say = progress or (lambda _stage: None)
    with pause_gc():
        say(f"Reading {path.name}…")
        workbook = read(path)
        say("Validating the model…")
        model, report = parse(workbook, chosen)
        del workbook
    observed = None
    if log is not None:
        from opmodel.observe.overlay import observe_file

        say(f"Reading the event log {Path(log).name}…")
        observed = observe_file(model, log, map_file, columns)
    say(f"Running the rules on {len(model.activities):,} activities…")
    return Analysis(model, report, resolve_config(config, path.parent), path.name,
                    observed=observed)
