"""Mine handoffs from events: per case the sequence of teams, per ordered pair the volume,
the wait and the ping-pong.

Polars (lazy) does the work: a handoff is a change of team between consecutive events of
one case, which after one sort is a comparison with the previous row, so the whole mine is
shifts, filters and two group-bys on integers, without a Python loop over events (see
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
    crossings: pl.DataFrame  # one row per handoff: case key, from, to

    def cases_crossing(self, pairs: set[tuple[str, str]]) -> int:
        """How many cases cross at least one of the given (from, to) pairs."""
        if not pairs:
            return 0
        wanted = pl.DataFrame({"from": [a for a, _ in pairs], "to": [b for _, b in pairs]},
                              schema={"from": self.crossings.schema["from"],
                                      "to": self.crossings.schema["to"]})
        hit = self.crossings.join(wanted, on=["from", "to"], how="semi")
        return int(hit.get_column("key").n_unique())

    def seam(self, source: str, target: str) -> dict[str, object] | None:
        """One seam's row as a dict, or None when the log never crosses it."""
        rows = self.seams.filter((pl.col("from") == source) & (pl.col("to") == target))
        return rows.row(0, named=True) if rows.height else None


def _runs(events: pl.LazyFrame, actor: str) -> pl.LazyFrame:
    """Consecutive events of one case at one team collapsed into a run (first and last
    time). ``events`` hold each case's events together, in time order, with ``key`` (an
    integer per case): a run starts where the key or the team changes and ends where the
    next one starts, so runs come from two filters, not a group-by."""
    at_team = events.filter(pl.col(actor).is_not_null()).select("key", "case", actor, "time")
    changed = ((pl.col("key") != pl.col("key").shift(1))
               | (pl.col(actor) != pl.col(actor).shift(1))).fill_null(True)
    marked = at_team.with_columns(changed.alias("first"),
                                  changed.shift(-1, fill_value=True).alias("last"))
    starts = marked.filter(pl.col("first")).select(
        "key", "case", pl.col(actor).alias("team"), pl.col("time").alias("start"))
    ends = marked.filter(pl.col("last")).select(pl.col("time").alias("end"))
    return pl.concat([starts, ends], how="horizontal")


def _handoffs(runs: pl.LazyFrame) -> pl.LazyFrame:
    """One row per handoff: from, to, case, hours waited, and whether it bounced back."""
    same = pl.col("key") == pl.col("key").shift(-1)
    back = (pl.col("key") == pl.col("key").shift(-2)) & (pl.col("team") == pl.col(
        "team").shift(-2))
    return (runs.with_columns(
        pl.col("team").shift(-1).alias("to"),
        ((pl.col("start").shift(-1) - pl.col("end")).dt.total_microseconds() / _HOUR_US)
        .alias("hours"),
        back.fill_null(False).alias("pingpong"), same.fill_null(False).alias("same"))
        .filter(pl.col("same"))
        .select(pl.col("team").alias("from"), "to", "key", "case", "hours", "pingpong"))


def _examples(cases: pl.Expr, keys: pl.Expr) -> pl.Expr:
    """The first few distinct case ids of a group (handoffs arrive grouped by case)."""
    return cases.filter(keys.is_first_distinct()).head(EXAMPLES)


def mine(events: pl.DataFrame | pl.LazyFrame, actor: str = "team") -> Mined:
    """Seams and case rates from events as ``opmodel.observe.read`` orders them; ``actor``
    names the column that holds the team (events with none are not at any team)."""
    frame = events.collect() if isinstance(events, pl.LazyFrame) else events
    # read_log sorts by key: flagged (the flag does not survive the runs' concat), the
    # group-bys on it take slices instead of hashing (5x faster for teams per case)
    by_key = frame.get_column("key").is_sorted()
    if by_key:
        frame = frame.with_columns(pl.col("key").set_sorted())
    lazy = frame.lazy()
    # runs and handoffs feed several queries: computed once (collect_all would repeat them;
    # this halves the mine at 1M events)
    run_rows = _runs(lazy, actor).collect()
    runs = (run_rows.with_columns(pl.col("key").set_sorted()) if by_key else run_rows).lazy()
    handoffs = _handoffs(runs).collect().lazy()
    bounced = pl.col("pingpong")
    seams = (handoffs.group_by("from", "to").agg(
        pl.col("key").n_unique().alias("cases"),
        pl.len().alias("handoffs"),
        pl.col("hours").median().alias("median_hours"),
        pl.col("hours").quantile(0.9, "linear").alias("p90_hours"),
        pl.col("key").filter(bounced).n_unique().alias("pingpong_cases"),
        _examples(pl.col("case"), pl.col("key")).alias("examples"),
        _examples(pl.col("case").filter(bounced), pl.col("key").filter(bounced))
        .alias("pingpong_examples"),
    ).sort(["cases", "from", "to"], descending=[True, False, False]))
    # Case-level figures: teams per case from the runs (fewer rows than events); reopen and
    # SLA rates only when the log has them (ServiceNow), as the share of cases.
    has_reopen = frame.get_column("reopened").null_count() < frame.height
    has_sla = frame.get_column("sla_missed").null_count() < frame.height
    many = (runs.group_by("key").agg(pl.col("team").n_unique().alias("teams"))
            .select((pl.col("teams") >= MANY_TEAMS).sum().alias("many")))
    rates = lazy.group_by("key").agg(
        pl.col("reopened").any().alias("reopened"), pl.col("sla_missed").last().alias("sla")
    ).select(pl.col("reopened").mean(), pl.col("sla").mean())
    span = lazy.select(pl.len().alias("events"), pl.col("key").n_unique().alias("cases"),
                       pl.col("time").min().alias("start"), pl.col("time").max().alias("end"))
    team_events = lazy.group_by(actor).agg(pl.len().alias("events")).drop_nulls(actor)
    crossings = handoffs.select("key", "from", "to")
    queries = [seams, many, span, team_events, crossings] + (
        [rates] if has_reopen or has_sla else [])
    seams_df, many_df, span_df, teams_df, crossings_df, *rest = pl.collect_all(queries)
    reopen, sla = rest[0].row(0) if rest else (None, None)
    when = span_df.row(0, named=True)
    return Mined(
        seams=seams_df, events=when["events"], cases=when["cases"], start=when["start"],
        end=when["end"], many_team_cases=int(many_df.item() or 0),
        reopen_rate=reopen if has_reopen else None, sla_miss_rate=sla if has_sla else None,
        team_events=dict(zip(teams_df.get_column(actor).to_list(),
                             teams_df.get_column("events").to_list(), strict=True)),
        crossings=crossings_df)
