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


def test_journeys_weighted_by_the_weights_a_caller_passes():
    analysis = analyze_file(SAMPLES / "retail_order_to_resolution.xlsx")
    journeys = analysis.index.journeys
    busy = Weighting("observed cases", "event log", {"Order to resolution": 900,
                                                     "Returns": 100})
    weighted = score(analysis.model, analysis.result.facts, busy)
    exact = (900 * journeys["Order to resolution"].reading.exact
             + 100 * journeys["Returns"].reading.exact) / 1000
    assert weighted.value == int(exact + 0.5)
    assert weighted.as_dict()["weighting"] == {
        "by": "observed cases", "source": "event log",
        "weights": {"Order to resolution": 900, "Returns": 100}}
    partial = score(analysis.model, analysis.result.facts,
                    Weighting("volume", "Journeys sheet", {"Returns": 5}))
    assert partial.value == analysis.index.value  # a journey without weight: not weighted
    assert "Order to resolution" in partial.as_dict()["weighting"]["source"]
