"""import -> export -> import gives an equal model, on generated models of any shape."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opmodel import load
from opmodel.export import export_model
from opmodel.generate import GeneratorSpec, write_workbook
from tests.conftest import SAMPLES


def _round_trip(source: Path, target: Path) -> None:
    original = load(source)
    export_model(original.model, target)
    again = load(target)
    assert again.report.errors == []
    assert again.model.content() == original.model.content()


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(activities=st.integers(1, 120), teams=st.integers(1, 12), seed=st.integers(0, 10_000),
       layout=st.sampled_from(["wide", "long", "by-letter"]),
       defect_rate=st.sampled_from([0.0, 0.1, 0.5]))
def test_generated_models_round_trip(tmp_path_factory, activities, teams, seed, layout,
                                     defect_rate):
    folder = tmp_path_factory.mktemp("rt")
    spec = GeneratorSpec(activities=activities, teams=teams, seed=seed, layout=layout,
                         defect_rate=defect_rate)
    _round_trip(write_workbook(spec, folder / "in.xlsx"), folder / "out.xlsx")


def test_sample_models_round_trip(tmp_path):
    for sample in sorted(SAMPLES.glob("*.xlsx")):
        original = load(sample)
        export_model(original.model, tmp_path / sample.name)
        again = load(tmp_path / sample.name)
        assert again.model.content() == original.model.content(), sample.name


def test_formula_like_names_are_neutralised_in_the_export_and_survive(tmp_path):
    import csv

    import openpyxl

    names = ["=HYPERLINK(\"http://x\",\"y\")", "+Ops", "-Risk", "@Legal"]
    path = tmp_path / "raci.csv"  # CSV keeps them as text, as a user's export would
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Activity", *names],
                                      ["=cmd|' /C calc'!A0", "A", "R", "C", "I"]])
    original = load(path)
    assert len(original.model.teams) == 4
    out = export_model(original.model, tmp_path / "out.xlsx")
    cells = [c.value for row in openpyxl.load_workbook(out)["RACI"].iter_rows() for c in row]
    assert all(not (isinstance(v, str) and v[:1] in "=+-@") for v in cells)
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells
    assert load(out).model.content() == original.model.content()
