"""Every rule fires on its firing cases and stays silent on its silent ones (cases.py)."""

from __future__ import annotations

import pytest

from opmodel.config import config_from_dict
from tests.rules.cases import CASES, Case
from tests.rules.conftest import names_of


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case: Case, analyze):
    config = config_from_dict(case.config) if case.config else None
    _, result = analyze(case.sheets, select=[case.rule], config=config, log=case.log)
    assert result.rule_errors == []
    assert [n.rule for n in result.not_assessed] == [], result.not_assessed
    assert names_of(result, case.rule) == case.expect
    if case.cells is not None:
        assert [cell for _, cell in result.flatten(["rule", "cell"])] == case.cells


@pytest.mark.parametrize("case", [c for c in CASES if c.fires], ids=lambda c: c.id)
def test_firing_findings_are_complete(case: Case, analyze):
    """Messages name the subjects and the cell; remediation and fingerprint are filled."""
    _, result = analyze(case.sheets, select=[case.rule],
                        config=config_from_dict(case.config) if case.config else None,
                        log=case.log)
    for finding in result.findings:
        assert finding.remediation and len(finding.fingerprint) == 40
        assert finding.locations, finding
        assert finding.subjects[0].name in finding.message
        assert any(str(loc) in finding.message for loc in finding.locations), finding.message
        document = finding.as_dict()
        assert set(document) == {"rule", "slug", "severity", "message", "remediation",
                                 "fingerprint", "subjects", "locations", "evidence"}
        assert set(document["locations"][0]) == {"sheet", "row", "column", "cell"}
