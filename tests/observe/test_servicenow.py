"""The real ServiceNow incident export (../shared/eventlogs), read and mined end to end and
checked against a plain re-computation written here with the csv module."""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest

from opmodel.model import OperatingModel, Team
from opmodel.observe.mine import mine
from opmodel.observe.overlay import observe
from opmodel.observe.read import read_log

LOG = Path(__file__).resolve().parents[2].parent / "shared" / "eventlogs" / \
    "servicenow_incidents.csv"


def p90(values: list[float]) -> float:
    """The 90th percentile by linear interpolation between closest ranks."""
    ordered = sorted(values)
    position = 0.9 * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def plain_seams() -> tuple[dict, dict, int]:
    """Per (from, to) group pair: [(case, hours)] and ping-pong cases; and the case count."""
    with LOG.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    cases: dict[str, list] = defaultdict(list)
    for index, row in enumerate(rows):
        when = datetime.strptime(row["sys_updated_at"], "%d-%m-%Y %H:%M")
        cases[row["number"]].append((when, int(row["sys_mod_count"]), index,
                                     row["assignment_group"]))
    crossings: dict[tuple[str, str], list] = defaultdict(list)
    bounced: dict[tuple[str, str], set] = defaultdict(set)
    for number, events in cases.items():
        runs: list[list] = []  # [group, first time, last time]
        for when, _, _, group in sorted(events):
            if group == "?":
                continue
            if runs and runs[-1][0] == group:
                runs[-1][2] = when
            else:
                runs.append([group, when, when])
        for before, after in pairwise(runs):
            hours = (after[1] - before[2]).total_seconds() / 3600
            crossings[(before[0], after[0])].append((number, hours))
        for first, middle, last in zip(runs, runs[1:], runs[2:], strict=False):
            if first[0] == last[0]:
                bounced[(first[0], middle[0])].add(number)
    return crossings, bounced, len(cases)


def test_servicenow_export_is_recognised_with_day_first_timestamps():
    log = read_log(LOG)
    assert log.source == "servicenow"
    assert log.columns == {"case": "number", "time": "sys_updated_at",
                           "team": "assignment_group", "activity": "incident_state"}
    assert log.time_format.startswith("day-first")
    assert log.events == 5998
    assert log.frame.get_column("case").n_unique() == 890
    # `?` is missing, not a group called "?"
    assert "?" not in log.frame.get_column("group").to_list()
    assert "servicenow" in log.describe() and "day-first" in log.describe()


def test_reassignments_are_mined_as_handoffs_matching_a_plain_computation():
    crossings, bounced, case_count = plain_seams()
    mined = mine(read_log(LOG).frame, actor="group")
    assert mined.cases == case_count == 890 and mined.events == 5998
    assert str(mined.start) == "2016-02-29 01:23:00" and str(mined.end) == "2017-02-04 19:00:00"
    got = {(r["from"], r["to"]): r for r in mined.seams.iter_rows(named=True)}
    assert set(got) == set(crossings)
    assert sum(r["handoffs"] for r in got.values()) == sum(len(v) for v in crossings.values())
    for pair, seen in crossings.items():
        row = got[pair]
        hours = [h for _, h in seen]
        assert row["handoffs"] == len(seen), pair
        assert row["cases"] == len({c for c, _ in seen}), pair
        assert row["median_hours"] == pytest.approx(statistics.median(hours)), pair
        assert row["p90_hours"] == pytest.approx(p90(hours)), pair
        assert row["pingpong_cases"] == len(bounced.get(pair, ())), pair
        assert set(row["examples"]) <= {c for c, _ in seen} and 1 <= len(row["examples"]) <= 5


def test_sla_and_reopen_rates_come_from_the_export():
    with LOG.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    last: dict[str, dict] = {}
    reopened: set[str] = set()
    for row in rows:  # the file is in case, update order
        last[row["number"]] = row
        if int(row["reopen_count"]) > 0:
            reopened.add(row["number"])
    mined = mine(read_log(LOG).frame, actor="group")
    missed = sum(1 for row in last.values() if row["made_sla"] != "TRUE")
    assert mined.sla_miss_rate == pytest.approx(missed / len(last))
    assert mined.reopen_rate == pytest.approx(len(reopened) / len(last))


def team(name: str, aliases: str = "") -> Team:
    slug = name.casefold().replace(" ", "-")
    return Team(id=f"team:{slug}", name=name,
                aliases=tuple(a.strip() for a in aliases.split(",") if a.strip()))


def test_groups_map_by_exact_normalised_and_alias_names_and_the_rest_are_listed():
    model = OperatingModel(id="m", name="m", teams=(
        team("Group 70"), team("group-20"), team("Service Desk", aliases="Group 25, Group 24")))
    seen = observe(model, read_log(LOG))
    how = seen.mapping.how
    assert how["Group 70"] == "exact" and how["Group 20"] == "normalised"
    assert how["Group 25"] == "alias" and how["Group 24"] == "alias"
    group_events = read_log(LOG).frame.get_column("group").value_counts()
    counts = dict(group_events.iter_rows())
    unmapped = {u.group: u.events for u in seen.mapping.unmapped}
    assert len(unmapped) == 61 - 4
    assert all(unmapped[g] == counts[g] for g in unmapped)
    assert seen.mapping.unmapped[0].events == max(unmapped.values())
    # Seams are only between model teams; Group 70 -> Group 20 is the busiest in the export.
    crossings, _, _ = plain_seams()
    busiest = seen.seam("team:group-70", "team:group-20")
    assert busiest is not None and busiest.designed is False
    assert busiest.cases == len({c for c, _ in crossings[("Group 70", "Group 20")]})
    assert {(s.source, s.target) for s in seen.seams} <= {
        (a.id, b.id) for a in model.teams for b in model.teams}
