"""Advice that names who (issue 10): each finding's remediation is computed from the model,
names a candidate, and speaks the model's scheme and the actor's kind."""

from __future__ import annotations

import re

import pytest

from opmodel import load
from opmodel.export import export_model
from opmodel.model import OperatingModel
from opmodel.rules import REGISTRY, run
from opmodel.rules.advice import ROLE_WORDS
from opmodel.schemes import CANONICAL_LETTER, SCHEME_LETTERS, Scheme
from tests.rules.cases import CASES, Case
from tests.rules.conftest import SAMPLES, make_workbook

RACI_WORDS = re.compile(r"\b(accountable|responsible|consulted)\b", re.IGNORECASE)
LETTER = re.compile(r"\(([A-Z])\)")
CODES = re.compile(r"\b([A-Z])/([A-Z])\b")


def spoken_in(text: str, scheme: Scheme) -> list[str]:
    """What in a remediation is not the scheme's own words (empty when all is well)."""
    wrong = []
    letters = SCHEME_LETTERS[scheme]
    for letter in LETTER.findall(text):
        role = letters.get(letter)
        if role is None or CANONICAL_LETTER[scheme].get(role) != letter:
            wrong.append(f"({letter}) is not a letter of {scheme.value}")
        elif f"{ROLE_WORDS[scheme][role]} ({letter})" not in text:
            wrong.append(f"({letter}) is not called {ROLE_WORDS[scheme][role]}")
    for pair in CODES.findall(text):
        wrong += [f"{c} in a code is not a letter of {scheme.value}" for c in pair
                  if c not in letters]
    if scheme in (Scheme.DACI, Scheme.RAPID):
        wrong += [f"RACI's word '{w}'" for w in RACI_WORDS.findall(text)]
    return wrong


FIRING = {}
for _case in CASES:
    if _case.fires:
        FIRING.setdefault(_case.rule, _case)


def test_every_rule_has_a_firing_case_for_its_advice():
    assert set(FIRING) == set(REGISTRY)


@pytest.mark.parametrize("scheme", list(Scheme), ids=lambda s: s.value)
@pytest.mark.parametrize("rule", sorted(FIRING))
def test_every_rule_advises_in_each_scheme(tmp_path, analyze, rule: str, scheme: Scheme):
    from opmodel.config import config_from_dict

    case: Case = FIRING[rule]
    config = config_from_dict(case.config) if case.config else None
    if case.log is not None:  # the observed rules read their case's event log
        model, result = analyze(case.sheets, select=[rule], config=config, log=case.log,
                                scheme=scheme.value)
    else:
        model = load(make_workbook(tmp_path, case.sheets)).model
        model = model.model_copy(update={"scheme": scheme})
        result = run(model, config=config, select=[rule])
    assert result.findings and not result.rule_errors
    for finding in result.findings:
        text = finding.remediation
        assert text and text[0].isupper() and text.endswith("."), text
        assert spoken_in(text, scheme) == [], text
        # the advice names at least one subject or a party of the model
        named = {s.name for s in finding.subjects} | {t.name for t in model.teams}
        assert any(name in text for name in named), text


def test_fingerprints_do_not_depend_on_the_wording(tmp_path):
    case = FIRING["OWN001"]
    model = load(make_workbook(tmp_path, case.sheets)).model
    prints = {scheme: [f.fingerprint for f in run(
        model.model_copy(update={"scheme": scheme})).findings] for scheme in Scheme}
    assert len({tuple(p) for p in prints.values()}) == 1
    texts = {scheme: run(model.model_copy(update={"scheme": scheme}), select=["OWN001"]
                         ).findings[0].remediation for scheme in (Scheme.RACI, Scheme.RAPID)}
    assert texts[Scheme.RACI] != texts[Scheme.RAPID]


def daci_retail(tmp_path) -> OperatingModel:
    """The retail sample written as a real DACI workbook and read back."""
    model = load(SAMPLES / "retail_order_to_resolution.xlsx").model
    path = export_model(model.model_copy(update={"scheme": Scheme.DACI}),
                        tmp_path / "retail_daci.xlsx")
    daci = load(path).model
    assert daci.scheme is Scheme.DACI
    return daci


def test_rapid_and_daci_samples_never_use_raci_words(tmp_path):
    rapid = load(SAMPLES / "saas_onboarding_rapid.xlsx").model
    assert rapid.scheme is Scheme.RAPID
    for model in (rapid, daci_retail(tmp_path)):
        findings = run(model).findings
        assert len(findings) >= 5
        wrong = {f.rule: spoken_in(f.remediation, model.scheme) for f in findings}
        assert {rule: w for rule, w in wrong.items() if w} == {}
    rapid_own001 = next(f for f in run(rapid).findings if f.rule == "OWN001")
    assert "Decide (D)" in rapid_own001.remediation


def test_own001_names_the_only_responsible_person(tmp_path):
    path = make_workbook(tmp_path, {"RACI": [
        ["Activity", "Alif", "Bea", "Chen", "Dana"],
        ["Contracts payment providers", "R", "I", "", ""],
        ["Roadmap", "A/R", "C", "I", "I"]]})
    finding = run(load(path).model, select=["OWN001"]).findings[0]
    assert finding.remediation == (
        "Alif does the work on 'Contracts payment providers' and no one decides: make Alif "
        "accountable (A), or name who decides.")


def test_a_matrix_of_people_says_person_and_a_repeated_name_shows_its_section(tmp_path):
    path = make_workbook(tmp_path, {"RACI": [
        ["Activity", "Alif", "Bea"],
        ["Jalon 1 / Conception", None, None],
        ["Recette", "A", "C"],
        ["Jalon 2 / Production", None, None],
        ["Recette", "A", "C"]]})
    result = run(load(path).model, select=["OWN003"])
    texts = [f.remediation for f in result.findings]
    assert len(texts) == 2
    assert "'Recette, Jalon 2 / Production'" in texts[1], texts
    assert all("the person that does it" in t and "team" not in t for t in texts), texts


def test_own002_says_which_owner_also_does_the_work(tmp_path):
    path = make_workbook(tmp_path, {"RACI": [
        ["Activity", "Sales", "Ops"], ["Ship order", "A", "A/R"]]})
    finding = run(load(path).model, select=["OWN002"]).findings[0]
    assert "only Ops also does the work" in finding.remediation
    assert "keep Ops accountable (A) and make Sales responsible (R) or consulted (C)" in (
        finding.remediation)


def test_seam_advice_names_both_leads(tmp_path):
    sheets = {
        "Teams": [["name", "kind", "parent"], ["Sales", "team", "Head of Sales"],
                  ["Ops", "team", "Head of Ops"], ["Head of Sales", "leader", ""],
                  ["Head of Ops", "leader", ""]],
        "RACI": [["Activity", "Sales", "Ops"], ["Sell", "A/R", ""], ["Ship", "", "A/R"]],
        "Handoffs": [["from", "to", "sla_hours"], ["Sales", "Ops", 8]]}
    finding = run(load(make_workbook(tmp_path, sheets)).model, select=["SEAM001"]).findings[0]
    assert "Head of Sales (Sales' lead) or Head of Ops (Ops' lead)" in finding.remediation


def test_escalation_advice_names_the_nearest_party_with_authority(tmp_path):
    case = next(c for c in CASES if c.id == "ESC004:fires_when_the_path_ends_at_an_advisory_body")
    finding = run(load(make_workbook(tmp_path, case.sheets)).model,
                  select=["ESC004"]).findings[0]
    assert "to Head, the nearest party with authority" in finding.remediation


def test_a_stated_authority_survives_the_canonical_export(tmp_path):
    """OWN004 honours an authority the Teams sheet states; the export writes it back (and
    leaves a default blank), so the re-imported model gets the same findings."""
    sheets = {
        "Teams": [["name", "kind", "authority"], ["COO", "leader", "decision"],
                  ["Sponsor", "team", ""], ["Service", "team", ""]],
        "RACI": [["Activity", "COO", "Sponsor", "Service"], ["Approve refund", "A", "", "R"],
                 ["Approve discount", "", "A", "R"]],
        "DecisionRights": [["team", "decision", "level"],
                           ["Service", "Approve refund", "recommend"]]}
    model = load(make_workbook(tmp_path, sheets)).model
    again = load(export_model(model, tmp_path / "again.xlsx")).model
    for one in (model, again):
        assert [f.subjects[1].name for f in run(one, select=["OWN004"]).findings] == [
            "Sponsor"]
