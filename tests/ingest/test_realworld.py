"""The importer reproduces the hand-checked answer key of fifteen published matrices.

The files stay in ../shared/realworld (never copied here); CI has them beside the clone,
elsewhere the module is skipped with the reason when they are absent (tests/conftest.py).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

from opmodel import load
from opmodel.ingest.report import IssueCode
from opmodel.schemes import Role, Scheme
from tests.conftest import shared_path

REALWORLD = shared_path("realworld")
KEY = json.loads((REALWORLD / "answer_key.json").read_text(encoding="utf-8"))


def _row_of(entry: str) -> int:
    return int(re.search(r"\(row (\d+)\)", entry).group(1))


@pytest.fixture(scope="module", params=sorted(KEY), ids=lambda k: KEY[k]["file"])
def imported(request):
    expected = KEY[request.param]
    return expected, load(REALWORLD / expected["file"])


def test_activity_rows_are_the_keys_rows(imported):
    expected, result = imported
    rows = sorted(a.source.row for a in result.model.activities)
    assert rows == [r[0] for r in expected["per_row"]]
    assert len(rows) == expected["n_activities"]


def test_every_rows_codes_match_per_column(imported):
    """Codes per row and per actor column (or actor name), including letters the scheme
    does not know, which the import report lists as errors at their cell."""
    expected, result = imported
    by_name = expected["layout"] != "wide"
    got: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    names = {t.id: t.name for t in result.model.teams}
    for a in result.model.assignments:
        actor = names[a.team] if by_name else a.source.column
        got[a.source.row][actor].add(a.code)
    for issue in result.report.issues:
        if issue.code is IssueCode.CODE_NOT_IN_SCHEME:
            got[issue.where.row][issue.where.column].add(issue.message.split("'")[1])
    for row, _label, cells in expected["per_row"]:
        want = {(k if by_name else k.split(":")[0]): set(v) for k, v in cells.items()}
        assert dict(got[row]) == want, f"row {row}"


def _reading(expected: dict, scheme: Scheme) -> dict:
    """The key's reading for the scheme the importer chose: its main reading treats D as
    an unknown letter; a matrix whose letters are DACI's is read as DACI (D, the driver,
    does the work), which is the key's recorded alternative "remap {'D': 'R'}"."""
    if scheme is Scheme.DACI:
        return expected["alternatives"]["remap {'D': 'R'}"]
    return expected


def test_ownership_defects_carry_the_activitys_row(imported):
    """Rows with no accountable, several accountable, or no responsible (the key's main
    reading: D and S are not R, unless the letters make it DACI) are the key's, each
    located at the activity's own row."""
    expected, result = imported
    model = result.model
    expected = _reading(expected, model.scheme)
    accountable: dict[str, set[str]] = defaultdict(set)
    responsible: dict[str, set[str]] = defaultdict(set)
    for a in model.assignments:
        if a.role is Role.ACCOUNTABLE:
            accountable[a.activity].add(a.source.column)
        if a.role is Role.RESPONSIBLE:
            responsible[a.activity].add(a.team)
    rows = {a.id: a.source.row for a in model.activities}
    assert sorted(rows[i] for i in rows if not accountable[i]) == sorted(
        _row_of(e) for e in expected["zero_A"])
    assert sorted(rows[i] for i in rows if len(accountable[i]) > 1) == sorted(
        _row_of(e) for e in expected["multi_A"])
    assert sorted(rows[i] for i in rows if not responsible[i]) == sorted(
        _row_of(e) for e in expected["no_R"])


def test_actors_sections_and_filler_rows(imported):
    expected, result = imported
    (matrix,) = [s for s in result.report.sheets if s.role == "raci"]
    assert matrix.actors == expected["n_roles"]
    if expected.get("section_rows"):
        assert [p.row for p in result.report.phase_rows] == expected["section_rows"]
    junk = [i.where.row for i in result.report.issues if i.code is IssueCode.JUNK_ROW]
    assert junk == expected.get("junk_rows", [])
    ignored = {k: v for k, v in result.report.no_role_cells.items() if k.casefold() != "n/a"}
    assert ignored == expected["ignored_tokens"]


def test_the_daci_matrix_is_read_as_daci_without_errors():
    """Its letters are D, A, C, I: read as DACI, where before every D was an error."""
    result = load(REALWORLD / "24_gdsec-daci.xlsx")
    assert result.model.scheme is Scheme.DACI and not result.report.errors
