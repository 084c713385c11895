"""The synthetic model generator: determinism, counts, references, layouts, defects."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from opmodel.generate import SHEETS, GeneratorSpec, Layout, generate_rows, write_workbook

EXPECTED_SHEETS = [
    "Settings",
    "Teams",
    "Systems",
    "Access",
    "Activities",
    "RACI",
    "Handoffs",
    "Escalations",
    "DecisionRights",
    "Metrics",
    "Journeys",
]
LAYOUTS: list[Layout] = ["wide", "long", "by-letter"]
Sheets = dict[str, list[list[Any]]]  # cells as generate_rows or calamine give them


def read_back(path: Path) -> Sheets:
    """Every sheet as calamine sees it (empty cells are "")."""
    workbook = CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


def roles_by_activity(sheets: Sheets) -> dict[str, dict[str, set[str]]]:
    """RACI sheet in any layout -> activity -> team -> letters."""
    header, *rows = sheets["RACI"]
    roles: dict[str, dict[str, set[str]]] = {}
    if header[:3] == ["Activity", "Journey", "Step"]:
        for row in rows:
            cells = zip(header[3:], row[3:], strict=True)
            roles[str(row[0])] = {str(t): set(str(c).split("/")) for t, c in cells if c}
    elif header == ["Activity", "Team", "Code"]:
        for activity, team, code in rows:
            roles.setdefault(str(activity), {})[str(team)] = set(str(code).split("/"))
    else:
        assert header == ["Activity", "R", "A", "C", "I"]
        for row in rows:
            teams = roles.setdefault(str(row[0]), {})
            for letter, cell in zip("RACI", row[1:], strict=True):
                for team in str(cell).split(", ") if cell else []:
                    teams.setdefault(team, set()).add(letter)
    return roles


def count(roles: dict[str, set[str]], letter: str) -> int:
    return sum(letter in letters for letters in roles.values())


def check_references(sheets: Sheets) -> None:
    """Every team, system and activity named anywhere is defined in its own sheet."""
    teams = {row[0] for row in sheets["Teams"][1:]}
    systems = {row[0] for row in sheets["Systems"][1:]}
    activities = {row[0] for row in sheets["Activities"][1:]}
    assert len(teams) == len(sheets["Teams"]) - 1, "team names are unique"
    assert len(activities) == len(sheets["Activities"]) - 1, "activity names are unique"

    for activity, assigned in roles_by_activity(sheets).items():
        assert activity in activities
        assert set(assigned) <= teams
    assert {row[4] for row in sheets["Teams"][1:] if row[4]} <= teams
    assert {row[1] for row in sheets["Systems"][1:]} <= teams
    assert {row[0] for row in sheets["Access"][1:]} <= teams
    assert {row[1] for row in sheets["Access"][1:]} <= systems
    for row in sheets["Activities"][1:]:
        if row[4]:
            assert set(str(row[4]).split(", ")) <= systems
    for source, target, _journey, owner, _sla in sheets["Handoffs"][1:]:
        assert {source, target} <= teams
        assert source != target
        assert not owner or owner in teams
    for source, target, _trigger, _limit in sheets["Escalations"][1:]:
        assert source in teams or source in activities
        assert target in teams
    for team, decision, _level, _limit in sheets["DecisionRights"][1:]:
        assert team in teams
        assert decision in activities
    journeys = {row[1] for row in sheets["Activities"][1:]}
    for _name, owner, measured, journey, kind, _target in sheets["Metrics"][1:]:
        assert not owner or owner in teams
        assert measured in activities and journey in journeys
        assert kind in {"customer", "efficiency", "quality", "financial", "control"}
    assert [row[0] for row in sheets["Journeys"][1:]] == list(dict.fromkeys(
        row[1] for row in sheets["Activities"][1:])), "one Journeys row per journey, in order"
    for _name, owner, promise, volume in sheets["Journeys"][1:]:
        assert not owner or owner in teams
        assert float(promise) > 0 and float(volume) >= 50


def test_written_workbook_has_every_sheet_in_order(tmp_path: Path) -> None:
    path = write_workbook(GeneratorSpec(activities=50, teams=6), tmp_path / "model.xlsx")
    assert CalamineWorkbook.from_path(str(path)).sheet_names == EXPECTED_SHEETS
    assert list(SHEETS) == EXPECTED_SHEETS
    assert read_back(path)["Settings"] == [["key", "value"], ["scheme", "raci"]]


def test_same_seed_same_rows_and_bytes(tmp_path: Path) -> None:
    spec = GeneratorSpec(activities=300, teams=12, seed=7)
    assert generate_rows(spec) == generate_rows(GeneratorSpec(activities=300, teams=12, seed=7))
    first = write_workbook(spec, tmp_path / "a.xlsx")
    second = write_workbook(spec, tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()


def test_different_seeds_differ() -> None:
    one = generate_rows(GeneratorSpec(activities=300, teams=12, seed=1))
    two = generate_rows(GeneratorSpec(activities=300, teams=12, seed=2))
    assert one["RACI"] != two["RACI"]
    assert one["Activities"] != two["Activities"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_counts_are_honoured(tmp_path: Path, layout: Layout) -> None:
    spec = GeneratorSpec(activities=1234, teams=17, systems=9, handoffs=150, layout=layout)
    sheets = read_back(write_workbook(spec, tmp_path / "model.xlsx"))
    assert len(sheets["Activities"]) - 1 == 1234
    assert len(roles_by_activity(sheets)) == 1234
    if layout != "long":
        assert len(sheets["RACI"]) - 1 == 1234
    assert len(sheets["Teams"]) - 1 == 17
    assert len(sheets["Systems"]) - 1 == 9
    assert len(sheets["Handoffs"]) - 1 == 150


def test_defaults_scale_with_the_spec() -> None:
    sheets = generate_rows(GeneratorSpec(activities=500, teams=14))
    assert len(sheets["Systems"]) - 1 == 7
    assert len(sheets["Handoffs"]) - 1 == 100
    assert len(generate_rows(GeneratorSpec(activities=500, teams=4))["Systems"]) - 1 == 5


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_reference_exists_in_a_written_workbook(tmp_path: Path, layout: Layout) -> None:
    spec = GeneratorSpec(activities=800, teams=30, layout=layout, defect_rate=0.2)
    check_references(read_back(write_workbook(spec, tmp_path / "model.xlsx")))


@pytest.mark.parametrize(
    ("layout", "header"),
    [
        ("wide", ["Activity", "Journey", "Step", "Chief Operating Officer", "Customer Service"]),
        ("long", ["Activity", "Team", "Code"]),
        ("by-letter", ["Activity", "R", "A", "C", "I"]),
    ],
)
def test_each_layout_writes_its_header(tmp_path: Path, layout: Layout, header: list[str]) -> None:
    spec = GeneratorSpec(activities=20, teams=2, layout=layout)
    assert read_back(write_workbook(spec, tmp_path / "model.xlsx"))["RACI"][0] == header


def test_wide_codes_combine_accountable_and_responsible() -> None:
    codes = Counter(
        cell for row in generate_rows(GeneratorSpec())["RACI"][1:] for cell in row[3:] if cell
    )
    assert set(codes) == {"A", "R", "C", "I", "A/R"}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_defects_gives_exactly_one_accountable(tmp_path: Path, layout: Layout) -> None:
    spec = GeneratorSpec(activities=1500, teams=20, layout=layout, defect_rate=0.0)
    sheets = read_back(write_workbook(spec, tmp_path / "model.xlsx"))
    for activity, roles in roles_by_activity(sheets).items():
        assert count(roles, "A") == 1, activity
        assert count(roles, "R") in (1, 2), activity
    assert all(row[3] and row[4] for row in sheets["Handoffs"][1:])
    assert all(row[3] for row in sheets["Escalations"][1:])
    assert all(row[1] for row in sheets["Metrics"][1:])


def test_full_defect_rate_breaks_every_activity() -> None:
    sheets = generate_rows(GeneratorSpec(activities=500, teams=10, defect_rate=1.0))
    for roles in roles_by_activity(sheets).values():
        assert count(roles, "A") != 1 or count(roles, "R") == 0
    assert all(not row[3] or not row[4] for row in sheets["Handoffs"][1:])
    assert all(not row[3] for row in sheets["Escalations"][1:])
    assert len(sheets["Access"]) == 1  # every access row is missing


def test_default_defects_cover_each_kind() -> None:
    sheets = generate_rows(GeneratorSpec(activities=5000))
    kinds = Counter(
        (count(roles, "A"), min(count(roles, "R"), 1))
        for roles in roles_by_activity(sheets).values()
    )
    assert kinds[(0, 1)] and kinds[(2, 1)] and kinds[(1, 0)]
    assert 0.02 < 1 - kinds[(1, 1)] / 5000 < 0.08


def test_journeys_have_five_to_fifteen_steps() -> None:
    rows = generate_rows(GeneratorSpec(activities=2003, seed=3))["Activities"][1:]
    lengths = Counter(row[1] for row in rows)
    assert all(5 <= n <= 15 for n in lengths.values())
    for row in rows:
        assert str(row[0]).startswith(f"J{str(row[1]).removeprefix('Journey ')} S{row[2]:02d} ")


def test_teams_have_structure() -> None:
    teams = generate_rows(GeneratorSpec(teams=20))["Teams"][1:]
    kinds = Counter(row[1] for row in teams)
    assert kinds["leader"] == 1 and kinds["committee"] >= 2 and kinds["vendor"] >= 1
    assert all(row[2] == "advisory" for row in teams if row[1] == "committee")
    assert [row[4] for row in teams].count(None) == 1, "one root of the reporting tree"
    assert all(row[5] for row in teams)


def test_progress_is_reported_until_done(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    spec = GeneratorSpec(activities=12_000, teams=5)
    write_workbook(spec, tmp_path / "model.xlsx", lambda done, total: calls.append((done, total)))
    total = sum(len(rows) for rows in generate_rows(spec).values())
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    assert len(calls) == total // 10_000 + 1


def test_only_xlsx_is_written(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="xlsx"):
        write_workbook(GeneratorSpec(activities=5), tmp_path / "model.csv")
    assert not (tmp_path / "model.csv").exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"activities": 0},
        {"teams": 0},
        {"systems": -1},
        {"handoffs": -1},
        {"defect_rate": 1.5},
        {"layout": "diagonal"},
    ],
)
def test_invalid_specs_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        GeneratorSpec(**bad)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(
    activities=st.integers(1, 120),
    teams=st.integers(1, 40),
    systems=st.none() | st.integers(0, 15),
    handoffs=st.none() | st.integers(0, 60),
    seed=st.integers(0, 2**32),
    layout=st.sampled_from(LAYOUTS),
    defect_rate=st.sampled_from([0.0, 0.05, 0.5, 1.0]),
)
def test_any_spec_gives_a_consistent_model(
    activities: int,
    teams: int,
    systems: int | None,
    handoffs: int | None,
    seed: int,
    layout: Layout,
    defect_rate: float,
) -> None:
    spec = GeneratorSpec(activities, teams, systems, handoffs, seed, layout, defect_rate)
    sheets = generate_rows(spec)
    assert list(sheets) == EXPECTED_SHEETS
    check_references(sheets)
    assert len(sheets["Activities"]) - 1 == activities
    assert len(roles_by_activity(sheets)) == activities
    assert len(sheets["Teams"]) - 1 == teams
    assert len(sheets["Systems"]) - 1 == spec.system_count
    assert len(sheets["Handoffs"]) - 1 <= spec.handoff_count
    if defect_rate == 0.0:
        for roles in roles_by_activity(sheets).values():
            assert count(roles, "A") == 1
            assert count(roles, "R") >= 1
