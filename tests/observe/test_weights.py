"""Observed volume per journey: the cases that cross a journey's seams, counted from the log
and checked against a plain count; the report says where and over which dates."""

from __future__ import annotations

import csv
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

from opmodel.analysis import analyze
from opmodel.graph import handoff_edges
from opmodel.observe.generate import generate_log, write_log

MODEL = Path(__file__).resolve().parents[2] / "sample_models" / "retail_order_to_resolution.xlsx"


def test_journey_weights_count_the_cases_crossing_each_journeys_seams(tmp_path):
    plain = analyze(MODEL)
    frame, _ = generate_log(plain.model, 300, seed=9)
    log = write_log(frame, tmp_path / "log.csv")
    document = analyze(MODEL, log=log).document
    weights = document["observed"]["weights"]
    assert weights["by"] == "observed cases"
    start, end = document["observed"]["from"], document["observed"]["to"]
    assert weights["source"].startswith("event log log.csv") and f"{start} to {end}" in \
        weights["source"]

    names = {t.name: t.id for t in plain.model.teams}
    walks: dict[str, list[str]] = defaultdict(list)
    with log.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):  # generated in case then time order
            team = names.get(row["team"], row["team"])
            if not walks[row["case_id"]] or walks[row["case_id"]][-1] != team:
                walks[row["case_id"]].append(team)
    journey_pairs: dict[str, set] = defaultdict(set)
    for source, target, _key, data in handoff_edges(plain.model):
        if data.get("type") == "HANDOFF" and data.get("journey"):
            journey_pairs[data["journey"]].add((source, target))
    expected = {journey: sum(1 for walk in walks.values() if pairs & set(pairwise(walk)))
                for journey, pairs in journey_pairs.items()}
    assert weights["journeys"] == expected
    assert any(v > 0 for v in expected.values())


def test_the_log_weighs_the_journeys_in_the_index_and_the_report_says_so(tmp_path):
    """With a log, the overall index weighs each journey by its observed cases (not the
    Journeys sheet's volume), and the index names the log and its dates as the source."""
    plain = analyze(MODEL)
    frame, _ = generate_log(plain.model, 300, seed=9)
    document = analyze(MODEL, log=write_log(frame, tmp_path / "log.csv")).document
    weighting = document["index"]["weighting"]
    observed = document["observed"]
    assert weighting["by"] == "observed cases"
    assert weighting["source"] == observed["weights"]["source"]
    assert f"{observed['from']} to {observed['to']}" in weighting["source"]
    assert weighting["weights"] == {j: float(n) for j, n in observed["weights"]["journeys"].items()
                                    if n > 0}
    assert plain.document["index"]["weighting"]["by"] != "observed cases"
