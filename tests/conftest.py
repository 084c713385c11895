"""Shared fixtures: real .xlsx files written with openpyxl, and the sample models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_models"

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
