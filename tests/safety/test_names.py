"""Issue 14: import time must not grow with the square of adversarial names.

Typo'd references each need a "did you mean" suggestion, and names in other scripts (or
with only punctuation between them) share an id base. The work is asserted by counting
(full comparisons per suggestion, probes per id) on small models; the timings at 20,000
activities are in benchmarks/bench_names.py and benchmarks/README.md.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import opmodel
from opmodel.ingest import resolve
from opmodel.ingest.parse import _Builder
from opmodel.ingest.reader import Workbook
from opmodel.model import slug

TEAMS = ["Sales", "Service", "Billing"]


def workbook(path: Path, activities: list[str], handoff_activities: list[str]) -> Path:
    book = openpyxl.Workbook(write_only=True)
    raci = book.create_sheet("RACI")
    raci.append(["Activity", *TEAMS])
    for name in activities:
        raci.append([name, "A/R", "C", "I"])
    handoffs = book.create_sheet("Handoffs")
    handoffs.append(["From", "To", "Activity"])
    for name in handoff_activities:
        handoffs.append(["Sales", "Service", name])
    book.save(path)
    return path


def test_suggestions_compare_a_bounded_number_of_names(tmp_path, monkeypatch):
    """Each typo is compared in full with at most CANDIDATES names, however many
    activities there are, and still gets the right suggestion."""
    names = [f"Process order batch {i}" for i in range(3000)]
    typos = [n.replace("order", "ordre") for n in names[::100]]
    compared = 0
    original = difflib.SequenceMatcher.set_seq1
    keys = {t.casefold() for t in typos}

    def counting(self: difflib.SequenceMatcher, a: Any) -> None:
        nonlocal compared
        compared += self.b in keys  # comparisons made for a typo, not for headers
        original(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    result = opmodel.load(workbook(tmp_path / "typos.xlsx", names, typos))
    hints = {i.message.split("'")[1]: i.hint for i in result.report.issues
             if i.code.value == "unknown-activity"}
    assert len(hints) == len(typos) == 30
    for typo in typos:
        assert hints[typo].startswith(f"Did you mean '{typo.replace('ordre', 'order')}'"), (
            typo, hints[typo])
    assert compared <= len(typos) * resolve.CANDIDATES  # a scan would compare 90,000


def test_suggestions_per_import_are_capped(monkeypatch):
    """Past MAX_SUGGESTIONS distinct unknown names, no more suggestions are searched."""
    monkeypatch.setattr(resolve, "MAX_SUGGESTIONS", 3)
    index = resolve.NameIndex("team")
    for name in ("Sales", "Service", "Billing", "Logistics"):
        index.add(name, f"team:{name.lower()}", name, None)
    assert [index.suggest(n) for n in ("Sale", "Servce", "Billng", "Logistic")] == [
        "Sales", "Service", "Billing", None]
    assert index.suggest("Sale") == "Sales"  # remembered, not searched again


class CountingDict(dict[str, Any]):
    """A dict that counts membership tests."""

    probes = 0

    def __contains__(self, key: object) -> bool:
        CountingDict.probes += 1
        return super().__contains__(key)


def test_ids_for_names_sharing_a_slug_take_linear_probes():
    builder = _Builder(Workbook(Path("x.xlsx"), []))
    taken = CountingDict()
    for _ in range(3000):
        taken[builder.new_id("activity", "Обработка!", taken)] = True
    assert len(taken) == 3000 and "activity:обработка-3000" in taken
    assert CountingDict.probes <= 3 * 3000 + 1  # the old loop made 4.5 million


def test_cyrillic_names_keep_readable_unique_ids(tmp_path):
    words = ["Приём заказа", "Проверка склада", "Отгрузка", "Выставление счёта"]
    names = [f"{w} {'!' * (i // 4)}" for i, w in enumerate(words * 500)]
    result = opmodel.load(workbook(tmp_path / "cyrillic.xlsx", names, []))
    ids = [a.id for a in result.model.activities]
    assert len(ids) == len(set(ids)) == 2000
    assert ids[:4] == ["activity:приём-заказа", "activity:проверка-склада",
                       "activity:отгрузка", "activity:выставление-счёта"]
    assert all(re.fullmatch(r"activity:[а-яё-]+(-\d+)?", i) for i in ids), ids[:10]


@pytest.mark.parametrize(("name", "expected"), [
    ("Customer Service (EU)", "customer-service-eu"),
    ("Crème brûlée", "creme-brulee"),
    ("Служба доставки", "служба-доставки"),
    ("顧客サービス", "顧客サービス"),
    ("  !!  ", "x"),
    ("a_b", "a-b"),
])
def test_slug_keeps_scripts_and_drops_latin_accents(name, expected):
    assert slug(name) == expected
