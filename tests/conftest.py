"""Shared fixtures: real .xlsx files written with openpyxl, and the sample models."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_models"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file or folder of ../shared (real-world matrices, event logs), read in place.

    Outside CI a checkout may have no ../shared beside it: the calling module is skipped
    with the reason. Under CI=true, where ../shared is always beside the clone, its absence
    fails the run instead, so CI cannot go green without these tests.
    """
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = (f"{path} is absent: these tests read ../shared beside the checkout "
                  "(CI has it there)")
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason, allow_module_level=True)
    return path

Rows = list[list[object]]


def write_workbook(path: Path, sheets: dict[str, Rows], bold: dict[str, list[str]] | None = None,
                   merged: dict[str, list[str]] | None = None) -> Path:
    """Write sheets of rows to a real .xlsx; ``bold``/``merged`` list cell refs per sheet."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for ref in (bold or {}).get(name, []):
            sheet[ref].font = openpyxl.styles.Font(bold=True)
        for ref in (merged or {}).get(name, []):
            sheet.merge_cells(ref)
    book.save(path)
    return path


@pytest.fixture
def make_workbook(tmp_path: Path) -> Callable[..., Path]:
    """``make_workbook({"RACI": [[...], ...]}, name="m.xlsx", bold=..., merged=...)``."""

    def make(sheets: dict[str, Rows], name: str = "model.xlsx", **formatting: object) -> Path:
        return write_workbook(tmp_path / name, sheets, **formatting)  # type: ignore[arg-type]

    return make
