"""Fixtures for rule tests: tiny models written as real .xlsx files and run through the
real reader, so every location a test asserts is one a user would see."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from opmodel import load
from opmodel.config import Config
from opmodel.model import OperatingModel
from opmodel.observe.overlay import observe_file
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
           log: Rows | None = None, **_: Any) -> tuple[OperatingModel, AnalysisResult]:
        number = next(counter)
        path = make_workbook(tmp_path, sheets, name=f"model{number}.xlsx")
        model = load(path, scheme).model
        observed = None
        if log is not None:  # the OBS rules' cases: a real CSV through the real reader
            folder = tmp_path / f"log{number}"
            folder.mkdir()
            with (folder / "log.csv").open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(log)
            observed = observe_file(model, folder / "log.csv")
        return model, run(model, config=config, select=select, observed=observed)

    return go


def names_of(result: AnalysisResult, rule: str | None = None) -> list[tuple[str, ...]]:
    """Subject names of each finding (of one rule), in order."""
    return [names for r, names in result.flatten(["rule", "names"]) if rule in (None, r)]
