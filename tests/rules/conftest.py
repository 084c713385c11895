"""Fixtures for rule tests: tiny models written as real .xlsx files and run through the
real reader, so every location a test asserts is one a user would see."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from opmodel import load
from opmodel.config import Config
from opmodel.model import OperatingModel
from opmodel.rules import AnalysisResult, run

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_models"

Rows = list[list[object]]


def make_workbook(tmp_path: Path, sheets: dict[str, Rows], name: str = "model.xlsx") -> Path:
    """Write ``{"Teams": [[header...], [row...]], ...}`` to a real .xlsx and return its path."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    path = tmp_path / name
    book.save(path)
    return path


Analyze = Callable[..., tuple[OperatingModel, AnalysisResult]]


@pytest.fixture
def analyze(tmp_path: Path) -> Analyze:
    """``analyze(sheets, select=None, config=None, scheme=None)`` -> (model, result)."""
    counter = iter(range(1_000_000))

    def go(sheets: dict[str, Rows], select: Iterable[str] | None = None,
           config: Config | None = None, scheme: str | None = None,
           **_: Any) -> tuple[OperatingModel, AnalysisResult]:
        path = make_workbook(tmp_path, sheets, name=f"model{next(counter)}.xlsx")
        model = load(path, scheme).model
        return model, run(model, config=config, select=select)

    return go


def names_of(result: AnalysisResult, rule: str | None = None) -> list[tuple[str, ...]]:
    """Subject names of each finding (of one rule), in order."""
    return [names for r, names in result.flatten(["rule", "names"]) if rule in (None, r)]
