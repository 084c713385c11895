"""Synthetic event logs from a model, with deviations planted on purpose.

Cases walk the model's seams (declared and inferred) as designed; on top, the generator
plants what the OBS rules must find (undocumented seams, unused declared seams, ping-pong,
slow seams, unmapped groups) and returns exactly what it planted, so tests and benchmarks
can check that the rules find those and nothing else. Deterministic by seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from opmodel.errors import ConfigError
from opmodel.graph import handoff_edges
from opmodel.model import OperatingModel

__all__ = ["Deviations", "Planted", "generate_log", "write_log"]

START = datetime(2026, 1, 5, 8, 0)
SLOW_HOURS = 200.0


@dataclass(frozen=True)
class Deviations:
    """How many of each deviation to plant."""

    undocumented: int = 1
    unused: int = 1
    pingpong: int = 1
    slow: int = 1
    unmapped: int = 1


@dataclass
class Planted:
    """What the generator planted, by team and group names."""

    undocumented: list[tuple[str, str]] = field(default_factory=list)
    unused: list[tuple[str, str]] = field(default_factory=list)
    pingpong: list[tuple[str, str]] = field(default_factory=list)
    slow: list[tuple[str, str]] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line per kind, for the terminal."""
        def pairs(items: list[tuple[str, str]]) -> str:
            return ", ".join(f"{a} -> {b}" for a, b in items) or "none"
        return "\n".join([f"undocumented seams: {pairs(self.undocumented)}",
                          f"unused seams: {pairs(self.unused)}",
                          f"ping-pong: {pairs(self.pingpong)}",
                          f"slow seams: {pairs(self.slow)}",
                          f"unmapped groups: {', '.join(self.unmapped) or 'none'}"])


def _designed(model: OperatingModel) -> tuple[list[tuple[str, str]], list[tuple[str, str]],
                                               dict[tuple[str, str], list[float]]]:
    """Designed pairs (all), declared pairs, and each pair's time limits (each seam's time
    standard, else its journey's promise)."""
    pairs: list[tuple[str, str]] = []
    declared: list[tuple[str, str]] = []
    sla: dict[tuple[str, str], list[float]] = {}
    promises = {j.id: j.promise_hours for j in model.journeys if j.promise_hours is not None}
    for source, target, _key, data in handoff_edges(model):
        if data.get("type") != "HANDOFF" or source == target:
            continue
        pair = (source, target)
        if pair not in pairs:
            pairs.append(pair)
        if not data.get("inferred") and pair not in declared:
            declared.append(pair)
        limit = data.get("sla_hours")
        if limit is None:
            limit = promises.get(data.get("journey_key") or "")
        if limit is not None:
            sla.setdefault(pair, []).append(float(limit))
    return pairs, declared, sla


def generate_log(model: OperatingModel, cases: int, seed: int = 0,
                 deviations: Deviations | None = None) -> tuple[pl.DataFrame, Planted]:
    """Events (case_id, timestamp, team, activity) and what was planted."""
    plan = deviations or Deviations()
    rng = random.Random(seed)
    names = {t.id: t.name for t in model.teams}
    pairs, declared, sla = _designed(model)
    if len(names) < 3 or not pairs:
        raise ConfigError(f"{model.name} needs at least three teams and one handoff (declared "
                          "or between journey steps) to generate a log from.")
    planted = Planted()
    unused = [p for p in declared if (p[1], p[0]) not in declared][:plan.unused]
    walked = [p for p in pairs if p not in unused]
    designed = set(pairs)
    teams = list(names)
    missing = [(a, b) for a in teams for b in teams
               if a != b and (a, b) not in designed and (b, a) not in designed]
    rng.shuffle(missing)
    undocumented = missing[:plan.undocumented]
    # Bounce on pairs whose way back is designed too, so the bounce plants nothing else.
    pingpong = ([p for p in walked if (p[1], p[0]) in designed and (p[1], p[0]) in walked]
                + [p for p in walked if (p[1], p[0]) not in designed])[:plan.pingpong]
    slow = [p for p in walked if p not in pingpong and (p[1], p[0]) not in pingpong][:plan.slow]
    planted.unused = [(names[a], names[b]) for a, b in unused]
    undocumented += [(b, a) for a, b in pingpong if (b, a) not in designed]
    planted.undocumented = [(names[a], names[b]) for a, b in undocumented]
    planted.pingpong = [(names[a], names[b]) for a, b in pingpong]
    planted.slow = [(names[a], names[b]) for a, b in slow]
    planted.unmapped = [f"Shadow Desk {n + 1}" for n in range(plan.unmapped)]

    walks: list[list[str]] = []
    per_pair = max(cases // max(len(walked), 1), 6)
    for pair in walked:
        walks += [list(pair)] * per_pair
    for pair in pingpong:  # half the cases on the pair bounce back
        walks += [[pair[0], pair[1], pair[0]]] * per_pair
    for pair in undocumented[:plan.undocumented]:
        walks += [list(pair)] * max(per_pair, 6)
    seen = {t for walk in walks for t in walk}
    for a, b in unused:  # both teams of an unused seam must work in the log
        walks += [[t] for t in (a, b) if t not in seen] * 3
    for group in planted.unmapped:
        walks += [[walked[0][0], group]] * 3
    rng.shuffle(walks)

    rows: dict[str, list[str]] = {"case_id": [], "timestamp": [], "team": [], "activity": []}
    clock = START
    for number, walk in enumerate(walks, start=1):
        case = f"CASE{number:07d}"
        clock += timedelta(minutes=rng.randint(1, 30))
        when = clock
        for step, actor in enumerate(walk):
            if step:
                pair = (walk[step - 1], actor)
                if pair in slow:
                    floor = max(SLOW_HOURS, 2 * max(sla.get(pair, [0.0])))
                    wait = rng.uniform(floor, floor * 1.5)
                else:
                    wait = rng.uniform(0.1, min(2.0, 0.8 * min(sla.get(pair, [2.5]))))
                when += timedelta(hours=wait)
            for touch in range(rng.randint(1, 3)):
                if touch:
                    when += timedelta(minutes=rng.randint(1, 20))
                rows["case_id"].append(case)
                rows["timestamp"].append(when.isoformat(sep=" ", timespec="seconds"))
                rows["team"].append(names.get(actor, actor))
                rows["activity"].append("received" if touch == 0 else "worked")
    return pl.DataFrame(rows), planted


def write_log(frame: pl.DataFrame, path: Path | str) -> Path:
    """Write a generated log as CSV (or Parquet for a .parquet name)."""
    path = Path(path)
    if path.suffix.casefold() == ".parquet":
        frame.write_parquet(path)
    else:
        frame.write_csv(path)
    return path
