"""import -> export -> import gives an equal model, on generated models of any shape."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opmodel import load
from opmodel.export import export_model
from opmodel.generate import GeneratorSpec, write_workbook
from opmodel.graph import build_graph
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


def test_journeys_metric_types_limits_and_aliases_round_trip(tmp_path):
    """The Journeys sheet, metric type and target, parsed right limits and team aliases are
    read, written and read back unchanged."""
    import openpyxl

    book = openpyxl.Workbook()
    sheets = {
        "Teams": [["name", "customer_facing", "aliases"], ["Care", "yes", "CS, Support L1"],
                  ["Ops", "no", None]],
        "Activities": [["name", "journey", "step", "kind"], ["Answer", "Order help", 1, None],
                       ["Refund", "Order help", 2, "decision"], ["Ship", "Delivery", 1, None]],
        "RACI": [["Activity", "Care", "Ops"], ["Answer", "A/R", ""], ["Refund", "R", "A"],
                 ["Ship", "", "A/R"]],
        "DecisionRights": [["team", "decision", "level", "limit"],
                           ["Care", "Refund", "decide", "up to 50 EUR"],
                           ["Ops", "Refund", "approve", "within policy"]],
        "Metrics": [["name", "owner", "drives", "journey", "type", "target"],
                    ["CSAT", "Care", "Answer", "Order help", "Customer", ">= 85%"],
                    ["Cost per case", "Ops", "Refund", "Order help", "", ""]],
        "Value Streams": [["journey", "owner", "promise (hours)", "cases per month",
                           "description"],
                          ["order help", "Ops", 48, "1,200", "Questions about an order"],
                          ["Returns", "Care", None, None, None]],
    }
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    del book["Sheet"]
    book.save(tmp_path / "in.xlsx")
    _round_trip(tmp_path / "in.xlsx", tmp_path / "out.xlsx")

    model = load(tmp_path / "out.xlsx").model
    care = next(t for t in model.teams if t.name == "Care")
    assert care.aliases == ("CS", "Support L1")
    help_, returns = model.journeys
    assert (help_.id, help_.owner, help_.promise_hours, help_.volume) == (
        "journey:order-help", "team:ops", 48.0, 1200.0)
    assert (returns.owner, returns.promise_hours) == ("team:care", None)
    rights = {r.team: r for r in model.decision_rights}
    assert (rights["team:care"].limit_amount, rights["team:care"].limit_unit) == (50.0, "EUR")
    assert str(rights["team:care"].limit_source) == "DecisionRights!D2"
    assert rights["team:ops"].limit == "within policy" and rights["team:ops"].limit_amount is None
    csat, cost = model.metrics
    assert (csat.type, csat.target, cost.type) == ("customer", ">= 85%", None)
    graph = build_graph(model)
    assert graph.nodes["journey:order-help"]["promise_hours"] == 48.0
    assert graph.nodes["journey:returns"]["owner"] == "team:care"  # named only in Journeys
    assert graph.has_edge("team:ops", "journey:order-help", "OWNS")
