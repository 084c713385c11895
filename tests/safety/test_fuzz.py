"""Issue 14: a fixed corpus of seeded mutants of the real workbooks and of CSV.

Every mutant must be analysed cleanly or refused with one OpmodelError sentence naming the
file. The cases run one after another in a child interpreter limited to 2 GB (restarted
if a case kills it), so an abort, a hang or memory exhaustion fails this test with the
mutant's recipe instead of ending the test run. benchmarks/fuzz_campaign.py runs the long
campaign (several thousand mutants) with the same machinery.
"""

from __future__ import annotations

import pytest

from tests.safety import fuzz

CORPUS = 300  # about 20 s on one core


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> fuzz.Report:
    return fuzz.campaign(CORPUS, tmp_path_factory.mktemp("mutants"), seed=0)


def test_every_mutant_is_clean_or_one_sentence(report):
    summary = report.summary()
    bad = {k: v for k, v in summary["counts"].items() if k not in ("clean", "refused") and v}
    assert not bad, (bad, summary["failures"])
    assert summary["cases"] == CORPUS


def test_the_corpus_exercises_every_mutation_and_both_outcomes(report):
    """The corpus is not all refusals (mutations too blunt) nor all clean (too mild), and
    each mutation of the fuzzer appears in it."""
    assert report.counts["clean"] >= CORPUS // 10 and report.counts["refused"] >= CORPUS // 10
    recipes = " ".join(report.seconds)
    names = [m.__name__ for m in (*fuzz.ZIP_MUTATIONS, *fuzz.XML_MUTATIONS, *fuzz.CSV_MUTATIONS)]
    missing = [n for n in names if n not in recipes]
    assert not missing, missing
