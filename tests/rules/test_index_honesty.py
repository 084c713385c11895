"""The index states its coverage, cannot be improved by leaving data out, and its bands
match what sample_models/README.md says about each sample (docs/index.md)."""

from __future__ import annotations

import openpyxl
import pytest

from opmodel.analysis import analyze as analyze_file
from opmodel.score import Weighting, score
from tests.conftest import SAMPLES

BANDS = {
    # "support cannot see fulfilment, two unowned seams, an advisory-only owner": fragmented
    "retail_order_to_resolution.xlsx": "fragmented",
    "pairs/retail_current.xlsx": "fragmented",
    # four advisory layers, a loop with no clock, a team with no route at all
    "bank_complaint_handling.xlsx": "fragmented",
    # "mostly healthy. Three exceptions"
    "saas_onboarding_rapid.xlsx": "mostly integrated",
}


@pytest.mark.parametrize("sample", sorted(BANDS))
def test_each_sample_reads_as_its_readme_says(sample):
    index = analyze_file(SAMPLES / sample).index.as_dict()
    assert index["band"] == BANDS[sample]
    low, high = index["range"]
    assert low <= index["value"] <= high


def test_retail_current_is_not_mostly_integrated():
    index = analyze_file(SAMPLES / "pairs" / "retail_current.xlsx").index
    assert index.as_dict()["band"] not in ("integrated", "mostly integrated")
    assert index.verdict() == f"Index {index.value} (fragmented): all 6 components assessed."


def test_deleting_escalations_cannot_improve_the_bank_silently(tmp_path):
    whole = analyze_file(SAMPLES / "bank_complaint_handling.xlsx").index
    book = openpyxl.load_workbook(SAMPLES / "bank_complaint_handling.xlsx")
    del book["Escalations"]
    book.save(tmp_path / "bank.xlsx")
    cut = analyze_file(tmp_path / "bank.xlsx").index.as_dict()
    assert cut["provisional"] is True
    assert "escalation_coverage" in [m["component"] for m in cut["coverage"]["missing"]]
    assert cut["coverage"]["assessed"] == whole.as_dict()["coverage"]["assessed"] - 1
    low, high = cut["range"]
    assert low <= whole.value <= high  # the honest figure is inside what it admits to
    assert high > whole.value
    assert "provisional" in analyze_file(tmp_path / "bank.xlsx").index.verdict()


def test_a_matrix_of_only_r_and_c_is_no_confident_verdict(analyze):
    model, _ = analyze({"RACI": [["Activity", "Sales", "Ops", "Legal"],
                                 ["Quote", "R", "C", ""], ["Ship", "", "R", "C"],
                                 ["Invoice", "R", "", "C"]]})
    index = score(model)
    document = index.as_dict()
    assert document["provisional"] is True
    assert document["coverage"]["assessed"] == 1
    assert document["range"][0] < 50 < document["range"][1]
    assert index.verdict().startswith(f"Index {index.value} (severely fragmented), provisional:"
                                      " 1 of 6 components assessed; between ")


def _whole(index) -> float:
    """The whole model's index from its components (the unweighted figure)."""
    values = [c.value for c in index.components.values() if c.value is not None]
    return 100 * (1 - sum(values) / len(values))


def test_the_journeys_sheet_weighs_journeys_by_volume():
    index = analyze_file(SAMPLES / "retail_order_to_resolution.xlsx").index
    weighting = index.as_dict()["weighting"]
    assert weighting["by"] == "volume" and "Journeys sheet" in weighting["source"]
    assert weighting["weights"] == {"Order to resolution": 12000.0, "Returns": 1800.0}
    journeys = index.journeys
    by_volume = (12000 * journeys["Order to resolution"].reading.exact
                 + 1800 * journeys["Returns"].reading.exact) / 13800
    # half the whole model (steps off any journey still count), half the journeys by volume
    assert index.value == int(0.5 * _whole(index) + 0.5 * by_volume + 0.5)


def test_journeys_weighted_by_the_weights_a_caller_passes():
    analysis = analyze_file(SAMPLES / "retail_order_to_resolution.xlsx")
    journeys = analysis.index.journeys
    busy = Weighting("observed cases", "event log", {"Order to resolution": 900,
                                                     "Returns": 100})
    weighted = score(analysis.model, analysis.result.facts, busy)
    by_cases = (900 * journeys["Order to resolution"].reading.exact
                + 100 * journeys["Returns"].reading.exact) / 1000
    assert weighted.value == int(0.5 * _whole(weighted) + 0.5 * by_cases + 0.5)
    assert weighted.as_dict()["weighting"] == {
        "by": "observed cases", "source": "event log", "model_share": 0.5,
        "weights": {"Order to resolution": 900, "Returns": 100}}
    partial = score(analysis.model, analysis.result.facts,
                    Weighting("volume", "Journeys sheet", {"Returns": 5}))
    assert partial.value == int(_whole(partial) + 0.5)  # a journey without weight: unweighted
    assert "Order to resolution" in partial.as_dict()["weighting"]["source"]


def test_docs_index_figures_are_generated_and_fresh():
    from opmodel import calibration

    page = calibration.PAGE.read_text(encoding="utf-8")
    assert calibration.START in page and calibration.END in page
    assert calibration.render(page) == page, "run python -m opmodel.calibration"
