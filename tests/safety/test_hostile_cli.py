"""`opmodel validate FILE` on hostile files: exit 2 and one line on stderr, never a traceback.

The command runs in a child process with a timeout (a hang fails the test, not the run)
and an address-space limit. Every file is built in tmp_path by tests/safety/hostile.py."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from opmodel.generate import GeneratorSpec, write_workbook
from tests.safety import hostile

TIMEOUT = 60


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "opmodel", "validate", str(path)],
        capture_output=True, text=True, timeout=TIMEOUT, cwd=hostile.REPO,
        env=hostile.child_env(), preexec_fn=hostile._limit_memory(hostile.CHILD_MEMORY),
        check=False,
    )


def _text(tmp: Path) -> Path:
    path = tmp / "plan.xlsx"
    path.write_text("Activity,Sales\nReceive order,A\n", encoding="utf-8")
    return path


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _random(tmp: Path) -> Path:
    path = tmp / "noise.xlsx"
    path.write_bytes(os.urandom(64 * 1024).replace(b"PK", b"pk"))
    return path


def _zip(tmp: Path) -> Path:
    path = tmp / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday/readme.txt", "not a spreadsheet")
    return path


def _truncated(tmp: Path) -> Path:
    raw = _model(tmp).read_bytes()
    path = tmp / "truncated.xlsx"
    path.write_bytes(raw[: len(raw) // 2])
    return path


def _model(tmp: Path) -> Path:
    return write_workbook(GeneratorSpec(activities=200, teams=6), tmp / "model.xlsx")


def _corrupt(tmp: Path) -> Path:
    src = _model(tmp)
    return hostile.corrupt_member(src, tmp / "corrupt.xlsx", hostile.sheet_part(src, "RACI"))


def _deflate64(tmp: Path) -> Path:
    src = hostile.openpyxl_raci(tmp / "src.xlsx")
    return hostile.set_method(src, tmp / "deflate64.xlsx", "xl/workbook.xml", 9)


def _encrypted(tmp: Path) -> Path:
    return hostile.encrypted_xlsx(tmp / "locked.xlsx")


def _zipcrypto(tmp: Path) -> Path:
    return hostile.set_encrypted_flag(hostile.openpyxl_raci(tmp / "src.xlsx"),
                                      tmp / "zipcrypto.xlsx")


def _legacy_password(tmp: Path) -> Path:
    return hostile.password_xls(tmp / "locked.xls")


def _declared_bomb(tmp: Path) -> Path:
    src = _model(tmp)
    return hostile.declare_size(src, tmp / "bomb.xlsx", hostile.sheet_part(src, "RACI"),
                                0xFFFF_FFF0, local=True)


def _zeros_bomb(tmp: Path) -> Path:
    return hostile.zeros_member(hostile.openpyxl_raci(tmp / "src.xlsx"), tmp / "zeros.xlsx")


def _laughs(tmp: Path) -> Path:
    src = hostile.shared_strings_raci(tmp / "src.xlsx")
    xml = hostile.parts_of(src)["xl/sharedStrings.xml"]
    payload = hostile.with_doctype(xml, hostile.billion_laughs(),
                                   replace=(b"<t>Sales</t>", b"<t>&lol9;</t>"))
    return hostile.rezip(src, tmp / "laughs.xlsx", replace={"xl/sharedStrings.xml": payload})


def _laughs_padded(tmp: Path) -> Path:
    src = hostile.shared_strings_raci(tmp / "src.xlsx")
    xml = hostile.parts_of(src)["xl/sharedStrings.xml"]
    payload = hostile.with_doctype(xml, hostile.billion_laughs(), b" " * 5000,
                                   (b"<t>Sales</t>", b"<t>&lol9;</t>"))
    return hostile.rezip(src, tmp / "laughs.xlsx", replace={"xl/sharedStrings.xml": payload})


def _far_cell(tmp: Path) -> Path:
    return hostile.far_cell(tmp / "far.xlsx", "plain")


def _far_cell_openpyxl(tmp: Path) -> Path:
    return hostile.huge_dimension(tmp / "far.xlsx")


def _far_cell_without_r(tmp: Path) -> Path:
    return hostile.far_cell(tmp / "far.xlsx", "cells-without-r")


def _too_big(tmp: Path) -> Path:
    return hostile.sparse_file(tmp / "huge.xlsx", 201 * 2**20)


def _no_matrix(tmp: Path) -> Path:
    return hostile.openpyxl_raci(tmp / "shopping.xlsx", [["Item", "Price"], ["Milk", 1.2]],
                                 title="List")


def _big_csv_field(tmp: Path) -> Path:
    path = tmp / "raci.csv"
    path.write_text('Activity,Sales\nReceive order,A\n"' + "x" * 200_000 + '",R\n',
                    encoding="utf-8")
    return path


CASES: list[tuple[str, Callable[[Path], Path]]] = [
    ("text-named-xlsx", _text),
    ("empty", _empty),
    ("random-bytes", _random),
    ("zip-not-workbook", _zip),
    ("truncated", _truncated),
    ("corrupt-member", _corrupt),
    ("deflate64", _deflate64),
    ("password-xlsx", _encrypted),
    ("zipcrypto", _zipcrypto),
    ("password-xls", _legacy_password),
    ("declared-4GB", _declared_bomb),
    ("zeros-bomb", _zeros_bomb),
    ("billion-laughs", _laughs),
    ("billion-laughs-padded", _laughs_padded),
    ("far-cell", _far_cell),
    ("far-cell-openpyxl", _far_cell_openpyxl),
    ("far-cell-without-r", _far_cell_without_r),
    ("above-200MB", _too_big),
    ("no-matrix", _no_matrix),
    ("csv-huge-field", _big_csv_field),
]


def _ids(case: object) -> str:
    values = case.values if hasattr(case, "values") else case
    return str(values[0])


@pytest.mark.parametrize(("name", "build"), CASES, ids=[_ids(c) for c in CASES])
def test_validate_refuses_with_one_line(tmp_path, name, build):
    path = build(tmp_path)
    proc = validate(path)
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr, proc.stderr[-1500:]
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-1500:])
    assert len(lines) == 1, lines
    assert path.name in lines[0]


def test_validate_missing_file(tmp_path):
    proc = validate(tmp_path / "nowhere.xlsx")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_validate_macro_workbook_is_read(tmp_path):
    """A macro-enabled workbook is not refused: imported, macros neither run nor read."""
    src = _model(tmp_path)
    path = hostile.rezip(src, tmp_path / "model.xlsm",
                         add={"xl/vbaProject.bin": hostile.compound_file([("VBA", b"Sub x()")])})
    proc = validate(path)
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr)
    assert "macro" in (proc.stdout + proc.stderr).lower()
