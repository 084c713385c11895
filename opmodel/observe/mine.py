"""Mine handoffs from events: per case the sequence of teams, per ordered pair the volume,
the wait and the ping-pong.

Polars (lazy) does the work: a handoff is a change of team between consecutive events of
one case, which after one sort is a comparison with the previous row, so the whole mine is
a sort, two shifts and two group-bys, without a Python loop over events (see
benchmarks/README.md for why polars rather than DuckDB).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

__all__ = ["EXAMPLES", "Mined", "mine"]

EXAMPLES = 5
MANY_TEAMS = 4
_HOUR_US = 3_600_000_000


@dataclass(frozen=True)
class Mined:
    """What the log shows: seams (one row per ordered pair of teams) and case-level rates."""

    seams: pl.DataFrame
    events: int
    cases: int
    start: datetime | None
    end: datetime | None
    many_team_cases: int
    reopen_rate: float | None
    sla_miss_rate: float | None
    team_events: dict[str, int]

    def seam(self, source: str, target: str) -> dict[str, object] | None:
        """One seam's row as a dict, or None when the log never crosses it."""
        rows = self.seams.filter((pl.col("from") == source) & (pl.col("to") == target))
        return rows.row(0, named=True) if rows.height else None


def _runs(events: pl.LazyFrame, actor: str) -> pl.LazyFrame:
    """Consecutive events of one case at one team collapsed into a run (first and last
    time). ``events`` must be sorted by case then time."""
    new_run = ((pl.col("case") != pl.col("case").shift(1))
               | (pl.col(actor) != pl.col(actor).shift(1))).fill_null(True)
    return (events.filter(pl.col(actor).is_not_null())
            .with_columns(new_run.cum_sum().alias("run"))
            .group_by("run", maintain_order=True)
            .agg(pl.col("case").first(), pl.col(actor).first().alias("team"),
                 pl.col("time").min().alias("start"), pl.col("time").max().alias("end")))


def _handoffs(runs: pl.LazyFrame) -> pl.LazyFrame:
    """One row per handoff: from, to, case, hours waited, and whether it bounced back."""
    same = pl.col("case") == pl.col("case").shift(-1)
    back = (pl.col("case") == pl.col("case").shift(-2)) & (pl.col("team") == pl.col(
        "team").shift(-2))
    return (runs.with_columns(
        pl.col("team").shift(-1).alias("to"),
        ((pl.col("start").shift(-1) - pl.col("end")).dt.total_microseconds() / _HOUR_US)
        .alias("hours"),
        back.fill_null(False).alias("pingpong"), same.fill_null(False).alias("same"))
        .filter(pl.col("same"))
        .select(pl.col("team").alias("from"), "to", "case", "hours", "pingpong"))


def mine(events: pl.DataFrame | pl.LazyFrame, actor: str = "team") -> Mined:
    """Seams and case rates from events sorted by case then time; ``actor`` names the
    column that holds the team (events with none are not at any team)."""
    lazy = events.lazy()
    runs = _runs(lazy, actor)
    handoffs = _handoffs(runs)
    seams = (handoffs.group_by("from", "to").agg(
        pl.col("case").n_unique().alias("cases"),
        pl.len().alias("handoffs"),
        pl.col("hours").median().alias("median_hours"),
        pl.col("hours").quantile(0.9, "linear").alias("p90_hours"),
        pl.col("case").filter(pl.col("pingpong")).n_unique().alias("pingpong_cases"),
        pl.col("case").unique(maintain_order=True).head(EXAMPLES).alias("examples"),
        pl.col("case").filter(pl.col("pingpong")).unique(maintain_order=True).head(EXAMPLES)
        .alias("pingpong_examples"),
    ).sort(["cases", "from", "to"], descending=[True, False, False]))
    per_case = lazy.group_by("case").agg(
        pl.col(actor).drop_nulls().n_unique().alias("teams"),
        pl.col("reopened").any().alias("reopened"),
        pl.col("sla_missed").last().alias("sla_missed"),
        pl.col("reopened").is_not_null().any().alias("has_reopen"),
        pl.col("sla_missed").is_not_null().any().alias("has_sla"))
    totals = per_case.select(
        pl.len().alias("cases"), (pl.col("teams") >= MANY_TEAMS).sum().alias("many"),
        pl.col("reopened").mean().alias("reopen"), pl.col("sla_missed").mean().alias("sla"),
        pl.col("has_reopen").any().alias("has_reopen"), pl.col("has_sla").any().alias("has_sla"))
    span = lazy.select(pl.len().alias("events"), pl.col("time").min().alias("start"),
                       pl.col("time").max().alias("end"))
    team_events = lazy.group_by(actor).agg(pl.len().alias("events")).drop_nulls(actor)
    seams_df, totals_df, span_df, teams_df = pl.collect_all([seams, totals, span, team_events])
    total = totals_df.row(0, named=True)
    when = span_df.row(0, named=True)
    return Mined(
        seams=seams_df, events=when["events"], cases=total["cases"], start=when["start"],
        end=when["end"], many_team_cases=int(total["many"] or 0),
        reopen_rate=total["reopen"] if total["has_reopen"] else None,
        sla_miss_rate=total["sla"] if total["has_sla"] else None,
        team_events=dict(zip(teams_df.get_column(actor).to_list(),
                             teams_df.get_column("events").to_list(), strict=True)))
