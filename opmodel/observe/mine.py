"""Mine handoffs from events: per case the sequence of teams, per ordered pair the volume,
the wait and the ping-pong.

Polars does the work on integers: cases are their 64-bit hash (``key``) and teams a code
of their name (the reader's group codes), so the one ordering step (each case's events
together, in time order) sorts one integer column and moves only integer columns; a
handoff is then a change of team between consecutive events of one case, found with shifts
and filters, and the seams are one group-by on the (from, to) codes. Names come back only
for the output (seams, examples, team counts). See benchmarks/README.md for why polars
rather than DuckDB, and for what each step costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from opmodel.observe.read import EventLog, name_codes

__all__ = ["EXAMPLES", "Mined", "mine"]

EXAMPLES = 5
MANY_TEAMS = 4
_HOUR_US = 3_600_000_000
_CHECK_SEED = 7  # a second, independent hash that tells two case ids sharing ``key`` apart


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
    crossings: pl.DataFrame  # one row per handoff: case, from, to (integer codes)
    codes: dict[str, int]  # team name -> its code in ``crossings``

    def cases_crossing(self, pairs: set[tuple[str, str]]) -> int:
        """How many cases cross at least one of the given (from, to) pairs."""
        wanted = [(self.codes[a], self.codes[b]) for a, b in pairs
                  if a in self.codes and b in self.codes]
        if not wanted:
            return 0
        frame = pl.DataFrame({"from": [a for a, _ in wanted], "to": [b for _, b in wanted]},
                             schema={"from": pl.UInt64, "to": pl.UInt64})
        hit = self.crossings.join(frame, on=["from", "to"], how="semi")
        return int(hit.get_column("case").n_unique())

    def seam(self, source: str, target: str) -> dict[str, object] | None:
        """One seam's row as a dict, or None when the log never crosses it."""
        rows = self.seams.filter((pl.col("from") == source) & (pl.col("to") == target))
        return rows.row(0, named=True) if rows.height else None


def _case_order(frame: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """The order that puts each case's events together, cases in ``key`` order, each case
    in time order (then ``order``, then file order); and in that order, each event's case
    as an integer (ascending: one per case).

    Exports in time order (most are) need one sort of integers: the key's top bits and the
    row's position packed into one 64-bit value (a value sort, about 2.5x cheaper than a
    stable argsort of the key). Other files are first put in time order by a stable sort.
    Two ids sharing the key's top bits would be one case there (likely among a million
    cases at ten million events); a second hash of the id tells, and a stable sort on the
    whole key follows. Two ids sharing the whole key: the id itself breaks the tie.
    """
    n = frame.height
    timed = frame.get_column("time").is_sorted() and \
        frame.get_column("order").null_count() == n
    in_time = None if timed else frame.select(
        pl.arg_sort_by("time", "order", maintain_order=True)).to_series()
    key = frame.get_column("key")
    keys = key if in_time is None else key.gather(in_time)
    check = frame.get_column("case").hash(seed=_CHECK_SEED)
    step = 1 << max(n.bit_length(), 1)
    # the key's bits above the position's (at 1M rows: 44 of 64), then the position
    packed = (keys // step * step + pl.int_range(0, n, dtype=pl.UInt64, eager=True)).sort()
    position = (packed % step).cast(pl.UInt32)
    order = position if in_time is None else in_time.gather(position)
    cases = packed // step
    if (_changes(cases) == _changes(check.gather(order))).all():
        return order, cases
    position = keys.to_frame("k").select(pl.arg_sort_by("k", maintain_order=True)).to_series()
    order = position if in_time is None else in_time.gather(position)
    cases = key.gather(order)
    if (_changes(cases) == _changes(check.gather(order))).all():
        return order, cases
    order = frame.select(pl.arg_sort_by("key", "case", "time", "order",
                                        maintain_order=True)).to_series()
    ids = frame.select("key", "case").to_struct().gather(order)
    return order, _changes(ids).cast(pl.UInt64).cum_sum()


def _changes(values: pl.Series) -> pl.Series:
    """True where a value differs from the one before (and on the first row)."""
    return (values != values.shift(1)).fill_null(True)


def _team_codes(frame: pl.DataFrame, actor: str, rename: Mapping[str, str] | None,
                known: pl.DataFrame | None
                ) -> tuple[pl.Series, dict[int, str], dict[str, int], dict[str, int]]:
    """Each event's team as an integer code (null where it has none), each code's team,
    events per team, and each team's code: the reader's group codes (``known``) or codes
    made here. ``rename`` maps names to the team they count as, and names renamed to one
    team share one code: moving between them is no handoff."""
    if known is not None:
        codes, table = frame.get_column("group_code"), known.rename({"group": "name"})
    else:
        codes, table = name_codes(frame.get_column(actor).cast(pl.String),
                                  frame.get_column("row"))
    name_of: dict[int, str] = {}
    events: dict[str, int] = {}
    first: dict[str, int] = {}
    merged: dict[int, int] = {}
    for code, name, count in table.sort("code").select("code", "name", "events").iter_rows():
        team = (rename or {}).get(name, name)
        events[team] = events.get(team, 0) + count
        merged[code] = first.setdefault(team, code)
        name_of[code] = team
    moved = {old: new for old, new in merged.items() if old != new}
    if moved:
        codes = codes.replace(pl.Series(list(moved), dtype=pl.UInt64),
                              pl.Series(list(moved.values()), dtype=pl.UInt64))
    return codes, name_of, events, first


def _runs(events: pl.DataFrame) -> pl.DataFrame:
    """Consecutive events of one case at one team collapsed into a run (first and last
    time). ``events`` (each at a team) hold each case's events together, in time order,
    with ``case`` (an integer per case): a run starts where the case or the team changes
    and ends where the next one starts, so runs come from two filters, not a group-by."""
    changed = ((pl.col("case") != pl.col("case").shift(1))
               | (pl.col("team") != pl.col("team").shift(1))).fill_null(True)
    marked = events.with_columns(changed.alias("first"),
                                  changed.shift(-1, fill_value=True).alias("last"))
    starts = marked.filter(pl.col("first")).select(
        "case", "team", "at", pl.col("time").alias("start"))
    ends = marked.filter(pl.col("last")).select(pl.col("time").alias("end"))
    return pl.concat([starts, ends], how="horizontal")


def _handoffs(runs: pl.DataFrame) -> pl.DataFrame:
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
        .select(pl.col("team").alias("from"), "to", "case", "at", "hours", "pingpong"))


def _new_case(cases: pl.Expr) -> pl.Expr:
    """True on a group's first handoff of each case: handoffs arrive grouped by case, in
    case order, so a case is new where it differs from the one before (cheaper than
    hashing every case id per group)."""
    return (cases != cases.shift(1)).fill_null(True)


def _ids(seams: pl.DataFrame, column: str, ids: pl.Series) -> pl.Series:
    """A column of event positions (a few per seam) as the case ids there."""
    where = seams.get_column(column)
    at = where.explode().drop_nulls().unique()
    return where.list.eval(pl.element().replace_strict(at, ids.gather(at),
                                                       return_dtype=pl.String))


def mine(events: EventLog | pl.DataFrame, actor: str = "group",
         rename: Mapping[str, str] | None = None) -> Mined:
    """Seams and case rates from a log (or its events: ``case``, ``key``, ``time``,
    ``order``, ``reopened``, ``sla_missed``, ``row``, in any row order). ``actor`` names the
    column that holds the team (events with none are not at any team); ``rename`` maps its
    names to the teams they count as (the rest keep their name). Given the log, the mine
    uses the reader's group codes instead of coding the names again."""
    frame = events.frame if isinstance(events, EventLog) else events
    known = events.groups if isinstance(events, EventLog) and actor == "group" else None
    codes, name_of, team_events, codes_of = _team_codes(frame, actor, rename, known)
    order, case = _case_order(frame)
    case = case.set_sorted()
    placed = pl.DataFrame({"case": case, "team": codes.gather(order), "at": order})
    if placed.get_column("team").null_count():  # events at no team are in no run
        placed = placed.filter(pl.col("team").is_not_null())
    placed = placed.with_columns(frame.get_column("time").gather(placed.get_column("at")))
    runs = _runs(placed).with_columns(pl.col("case").set_sorted())
    handoffs = _handoffs(runs)
    bounced = pl.col("pingpong")
    new, new_bounced = _new_case(pl.col("case")), _new_case(pl.col("case").filter(bounced))
    seams = handoffs.group_by("from", "to").agg(
        new.sum().alias("cases"),
        pl.len().alias("handoffs"),
        pl.col("hours").median().alias("median_hours"),
        pl.col("hours").quantile(0.9, "linear").alias("p90_hours"),
        new_bounced.sum().alias("pingpong_cases"),
        pl.col("at").filter(new).head(EXAMPLES).alias("examples"),
        pl.col("at").filter(bounced).filter(new_bounced).head(EXAMPLES)
        .alias("pingpong_examples"),
    )
    named = pl.DataFrame({"code": list(name_of), "name": list(name_of.values())},
                         schema={"code": pl.UInt64, "name": pl.String})
    seams = (seams.join(named.rename({"name": "from_name"}), left_on="from", right_on="code")
             .join(named.rename({"name": "to_name"}), left_on="to", right_on="code")
             .drop("from", "to").rename({"from_name": "from", "to_name": "to"})
             .sort(["cases", "from", "to"], descending=[True, False, False]))
    ids = frame.get_column("case")
    seams = seams.select("from", "to", "cases", "handoffs", "median_hours", "p90_hours",
                         "pingpong_cases", _ids(seams, "examples", ids),
                         _ids(seams, "pingpong_examples", ids))
    many = runs.group_by("case").agg(pl.col("team").n_unique().alias("teams")).select(
        (pl.col("teams") >= MANY_TEAMS).sum()).item()
    reopen = sla = None
    has_reopen = frame.get_column("reopened").null_count() < frame.height
    has_sla = frame.get_column("sla_missed").null_count() < frame.height
    if has_reopen or has_sla:
        reopen, sla = pl.DataFrame({
            "case": case, "reopened": frame.get_column("reopened").gather(order),
            "sla_missed": frame.get_column("sla_missed").gather(order)}).group_by("case").agg(
            pl.col("reopened").any(), pl.col("sla_missed").last()).select(
            pl.col("reopened").mean(), pl.col("sla_missed").mean()).row(0)
    times = frame.get_column("time")
    return Mined(
        seams=seams, events=frame.height, cases=int(_changes(case).sum()),
        start=times.min(), end=times.max(),  # type: ignore[arg-type]
        many_team_cases=int(many or 0),
        reopen_rate=reopen if has_reopen else None, sla_miss_rate=sla if has_sla else None,
        team_events=team_events, crossings=handoffs.select("case", "from", "to"),
        codes=codes_of)
