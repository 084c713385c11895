"""Every cell-code form people write, and every scheme's letters."""

from __future__ import annotations

import pytest

from opmodel.schemes import SCHEME_LETTERS, Role, Scheme, parse_codes, parse_scheme


@pytest.mark.parametrize(("cell", "letters"), [
    ("A/R", ("A", "R")), ("R/A", ("R", "A")), ("A / R", ("A", "R")), ("AR", ("A", "R")),
    ("a, r", ("A", "R")), ("R;C", ("R", "C")), ("R+C", ("R", "C")), ("R & C", ("R", "C")),
    ("**A**", ("A",)), ("(A)", ("A",)), ("(A, R)", ("A", "R")), ("R (A) ", ("R", "A")),
    ("R (Build)", ("R",)), ("I/C", ("I", "C")), ("r", ("R",)), ("A\nR", ("A", "R")),
])
def test_code_forms(cell, letters):
    assert parse_codes(cell).letters == letters
    assert parse_codes(cell).invalid == ()


@pytest.mark.parametrize("cell", ["", "-", "–", "—", "/", "n/a", "N/A", "na", "N"])
def test_not_involved_markers_mean_no_role(cell):
    parsed = parse_codes(cell)
    assert parsed.letters == () and parsed.no_role is not None


@pytest.mark.parametrize("cell", ["Maybe", "QA", "RACI", "owner"])
def test_words_are_not_codes(cell):
    assert parse_codes(cell).letters == () or parse_codes(cell).invalid


def test_a_bracketed_note_is_kept_as_a_note():
    assert parse_codes("R (Build)").notes == ("Build",)


@pytest.mark.parametrize(("scheme", "letter", "role"), [
    (Scheme.RACI, "A", Role.ACCOUNTABLE), (Scheme.RASCI, "S", Role.SUPPORT),
    (Scheme.RACI_VS, "V", Role.VERIFIER), (Scheme.RACI_VS, "S", Role.VERIFIER),
    (Scheme.CAIRO, "O", Role.OUT_OF_LOOP), (Scheme.DACI, "D", Role.RESPONSIBLE),
    (Scheme.DACI, "A", Role.ACCOUNTABLE), (Scheme.RAPID, "D", Role.ACCOUNTABLE),
    (Scheme.RAPID, "P", Role.RESPONSIBLE), (Scheme.RAPID, "R", Role.RECOMMENDS),
    (Scheme.RAPID, "A", Role.AGREES), (Scheme.RAPID, "I", Role.CONSULTED),
])
def test_letters_mean_what_their_scheme_says(scheme, letter, role):
    assert SCHEME_LETTERS[scheme][letter] is role


@pytest.mark.parametrize(("text", "scheme"), [
    ("RACI", Scheme.RACI), ("rasci", Scheme.RASCI), ("RACI-VS", Scheme.RACI_VS),
    ("raci vs", Scheme.RACI_VS), ("CAIRO", Scheme.CAIRO), ("DACI", Scheme.DACI),
    ("RAPID matrix", Scheme.RAPID), ("Sheet1", None),
])
def test_scheme_names(text, scheme):
    assert parse_scheme(text) is scheme
