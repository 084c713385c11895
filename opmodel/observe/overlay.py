"""Designed vs observed: a log mined against a model's teams, ready for the OBS rules, the
JSON contract, the reports and Neo4j."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from opmodel.graph import handoff_edges
from opmodel.model import OperatingModel
from opmodel.observe.mapping import GroupMapping, map_groups, read_map_file
from opmodel.observe.mine import Mined, mine
from opmodel.observe.read import EventLog, read_log
from opmodel.score import Weighting

__all__ = ["Observation", "ObservedSeam", "observe", "observe_file"]

_GROUP = "group:"


@dataclass(frozen=True)
class ObservedSeam:
    """One ordered pair of model teams the log shows work crossing."""

    source: str
    target: str
    cases: int
    handoffs: int
    median_hours: float
    p90_hours: float
    pingpong_cases: int
    examples: tuple[str, ...]
    pingpong_examples: tuple[str, ...]
    designed: bool

    @property
    def pingpong_share(self) -> float:
        """Share of the cases crossing the seam that bounced back."""
        return self.pingpong_cases / self.cases if self.cases else 0.0


@dataclass
class Observation:
    """A log read, mapped to the model's teams, and mined."""

    log: EventLog
    mapping: GroupMapping
    mined: Mined
    seams: list[ObservedSeam]
    teams_seen: frozenset[str]

    @property
    def dates(self) -> tuple[str | None, str | None]:
        """First and last event date (ISO), for 'weights from the log over ...'."""
        return (self.mined.start.date().isoformat() if self.mined.start else None,
                self.mined.end.date().isoformat() if self.mined.end else None)

    def seam(self, source: str, target: str) -> ObservedSeam | None:
        """The observed seam between two team ids, if the log crosses it."""
        return next((s for s in self.seams if s.source == source and s.target == target), None)

    def journey_cases(self, model: OperatingModel) -> dict[str, int]:
        """Per journey, the cases in the log that cross at least one of its designed seams:
        the observed volume that weighs the journey in the index."""
        pairs: dict[str, set[tuple[str, str]]] = {}
        for source, target, _key, data in handoff_edges(model):
            if data.get("type") == "HANDOFF" and data.get("journey"):
                pairs.setdefault(str(data["journey"]), set()).add((source, target))
        return {journey: self.mined.cases_crossing(crossed)
                for journey, crossed in sorted(pairs.items())}

    def weights_source(self) -> str:
        """Where observed weights come from, for the report: the log and its dates."""
        start, end = self.dates
        return f"event log {self.log.name} ({self.mined.cases:,} cases, {start} to {end})"

    def weighting(self, model: OperatingModel) -> Weighting | None:
        """The journeys' observed cases as the overall index's weights (DESIGN section 6);
        None when no case crosses a journey's designed seams."""
        cases = {journey: float(n) for journey, n in self.journey_cases(model).items() if n > 0}
        return Weighting("observed cases", self.weights_source(), cases) if cases else None

    def as_dict(self, names: Mapping[str, str]) -> dict[str, Any]:
        """The JSON contract's ``observed`` object (DESIGN section 9)."""
        start, end = self.dates
        return {
            "source": self.log.source, "file": self.log.name, "events": self.mined.events,
            "cases": self.mined.cases, "from": start, "to": end,
            "time_format": self.log.time_format, "columns": self.log.columns,
            "many_team_cases": self.mined.many_team_cases,
            "reopen_rate": self.mined.reopen_rate, "sla_miss_rate": self.mined.sla_miss_rate,
            "seams": [{"from": names.get(s.source, s.source), "to": names.get(s.target, s.target),
                       "cases": s.cases, "handoffs": s.handoffs,
                       "median_hours": round(s.median_hours, 2),
                       "p90_hours": round(s.p90_hours, 2), "pingpong_cases": s.pingpong_cases,
                       "designed": s.designed} for s in self.seams],
            "unmapped": [u.as_dict() for u in self.mapping.unmapped],
        }


def designed_pairs(model: OperatingModel) -> set[tuple[str, str]]:
    """Ordered team pairs the model declares (Handoffs) or infers (journey steps)."""
    return {(s, t) for s, t, _k, data in handoff_edges(model) if data.get("type") == "HANDOFF"}


def observe(model: OperatingModel, log: EventLog,
            explicit: Mapping[str, str] | None = None) -> Observation:
    """Map the log's groups to the model's teams and mine the handoffs between teams.

    Groups no team claims keep their own name while mining, so that work passing through
    an unmapped group is never read as a direct handoff between the teams around it.
    """
    names = log.groups.get_column("group").to_list()
    group_events = dict(zip(names, log.groups.get_column("events").to_list(), strict=True))
    first_rows = dict(zip(names, log.groups.get_column("first_row").to_list(), strict=True))
    mapping = map_groups(group_events, model, explicit, first_rows)
    rename = {**{u.group: _GROUP + u.group for u in mapping.unmapped}, **mapping.teams}
    mined = mine(log, rename=rename)
    designed = designed_pairs(model)
    teams = {t.id for t in model.teams}
    seams = [ObservedSeam(
        source=row["from"], target=row["to"], cases=row["cases"], handoffs=row["handoffs"],
        median_hours=float(row["median_hours"]), p90_hours=float(row["p90_hours"]),
        pingpong_cases=row["pingpong_cases"], examples=tuple(row["examples"]),
        pingpong_examples=tuple(row["pingpong_examples"]),
        designed=(row["from"], row["to"]) in designed)
        for row in mined.seams.iter_rows(named=True)
        if row["from"] in teams and row["to"] in teams]
    seen = frozenset(t for t in mined.team_events if t in teams)
    return Observation(log=log, mapping=mapping, mined=mined, seams=seams, teams_seen=seen)


def observe_file(model: OperatingModel, path: Path | str, map_file: Path | str | None = None,
                 columns: Mapping[str, str] | None = None) -> Observation:
    """Read a log file (and a mapping file) and observe it against the model."""
    explicit = read_map_file(map_file) if map_file else None
    return observe(model, read_log(path, columns), explicit)
