"""Issue 14: small files that killed the process or took minutes and gigabytes.

Each case is built here (tests/safety/hostile.py) and must end in one sentence naming the
part and the limit, within 60 s and 2 GB: through ``opmodel.load`` in a child process
with a 2 GB address-space limit, and through ``opmodel validate`` and ``opmodel analyze``
(exit 2, one line on stderr, no traceback).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import opmodel
import opmodel.ingest.reader as reader
from opmodel.errors import OpmodelError, UnsafeFileError
from tests.safety import hostile
from tests.safety.test_hostile_files import assert_actionable

MEMORY = 2 * 2**30
FAST = 30.0  # seconds: well inside the 60 s bound, even on a loaded 2-core machine


def _far_cell_in_row_6(tmp: Path) -> Path:
    return hostile.cell_reference_disagrees(tmp / "row6.xlsx", "XFD1048576")


def _four_letter_column(tmp: Path) -> Path:
    """Found by the fuzzer: readers accept column references longer than Excel's XFD."""
    return hostile.cell_reference_disagrees(tmp / "eqxc.xlsx", "EQXC65536")


def _eight_letter_column(tmp: Path) -> Path:
    return hostile.cell_reference_disagrees(tmp / "aaaaaaaa.xlsx", "AAAAAAAA1")


def _unique_count(tmp: Path) -> Path:
    return hostile.shared_string_count(tmp / "strings.xlsx")


def _outside(tmp: Path) -> Path:
    return hostile.sheet_outside_worksheets(tmp / "outside.xlsx")


def _twelve_entries(tmp: Path) -> Path:
    return hostile.sheets_sharing_a_part(tmp / "twelve.xlsx")


def _thousand_entries(tmp: Path) -> Path:
    return hostile.sheets_sharing_a_part(tmp / "thousand.xlsx", count=1000, rows=10, column="C")


def _merged(tmp: Path) -> Path:
    return hostile.merged_everything(tmp / "merged.xlsx")


_FAR_LABEL = [(0, 0, "Activity"), (1, 0, "Ship order"), (65535, 65535, "x")]


def _xls_label(tmp: Path) -> Path:
    return hostile.legacy_xls(tmp / "legacy.xls", _FAR_LABEL)


def _xls_as_csv(tmp: Path) -> Path:
    return hostile.legacy_xls(tmp / "legacy.csv", _FAR_LABEL)


def _ods(tmp: Path) -> Path:
    return hostile.repeated_ods(tmp / "repeats.ods")


def _ods_as_xlsx(tmp: Path) -> Path:
    return hostile.repeated_ods(tmp / "repeats.xlsx")


def _csv_rows(tmp: Path) -> Path:
    path = tmp / "rows.csv"
    path.write_bytes(b"Activity,Sales,Service\n" + b"Ship order,A/R,C\n" * 3_000_000)
    assert path.stat().st_size < 50 * 2**20  # under the app's upload limit
    return path


def _csv_newlines(tmp: Path) -> Path:
    path = tmp / "newlines.csv"
    path.write_bytes(b"Activity,Sales\n" + b"\n" * 100_000_000)
    return path


def _csv_columns(tmp: Path) -> Path:
    path = tmp / "columns.csv"
    path.write_bytes(b"Activity" + b",Team" * 1_000_000 + b"\nShip," + b"R," * 1_000_000 + b"\n")
    assert path.stat().st_size < 10 * 2**20
    return path


# (name, builder, error class, words the sentence must hold)
CASES: list[tuple[str, Callable[[Path], Path], str, tuple[str, ...]]] = [
    ("cell-reference-far-from-its-row", _far_cell_in_row_6, "UnsafeFileError",
     ("row 1,048,576", "XFD", "10,000,000")),
    ("four-letter-column-reference", _four_letter_column, "UnsafeFileError",
     ("column EQXC", "10,000,000")),
    ("eight-letter-column-reference", _eight_letter_column, "UnsafeFileError",
     ("column AAAAAAAA", "10,000,000")),
    ("shared-strings-unique-count", _unique_count, "UnsafeFileError",
     ("xl/sharedStrings.xml", "uniqueCount", "20,000,000")),
    ("sheet-with-gt-outside-worksheets", _outside, "UnsafeFileError",
     ("xl/data/x.xml", "10,000,000")),
    ("twelve-sheet-entries-one-part", _twelve_entries, "UnsafeFileError",
     ("12 sheet entries", "20,000,000")),
    ("thousand-sheet-entries", _thousand_entries, "UnsafeFileError",
     ("xl/workbook.xml", "1,000 sheets", "256")),
    ("merged-whole-sheet", _merged, "UnsafeFileError", ("merges", "1,000,000")),
    ("xls-label-at-65535", _xls_label, "UnsafeFileError", ("2 GB memory limit",)),
    ("xls-renamed-csv", _xls_as_csv, "UnsafeFileError", ("2 GB memory limit",)),
    ("ods-repeated-rows-and-columns", _ods, "UnreadableFileError", ("OpenDocument", ".xlsx")),
    ("ods-renamed-xlsx", _ods_as_xlsx, "UnreadableFileError", ("OpenDocument",)),
    ("csv-3-million-rows", _csv_rows, "UnsafeFileError", ("1,048,576 rows",)),
    ("csv-100-MB-of-newlines", _csv_newlines, "UnsafeFileError", ("1,048,576 rows",)),
    ("csv-million-columns", _csv_columns, "UnsafeFileError", ("1,000,001 columns", "16,384")),
]
IDS = [c[0] for c in CASES]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Callable[[str], Path]:
    """Each case's file, built once for the module (the CSVs are 10-100 MB)."""
    cache: dict[str, Path] = {}
    builders = {name: build for name, build, _, _ in CASES}

    def get(name: str) -> Path:
        if name not in cache:
            cache[name] = builders[name](tmp_path_factory.mktemp(name))
        return cache[name]

    return get


@pytest.mark.parametrize(("name", "build", "error", "words"), CASES, ids=IDS)
def test_refused_with_one_sentence(built, name, build, error, words):
    path = built(name)
    outcome = hostile.run_load(path, memory=MEMORY)
    assert outcome.get("error") == error, outcome
    message = outcome["message"]
    assert path.name in message and "\n" not in message and message.endswith("."), message
    for word in words:
        assert word in message, (word, message)
    assert outcome["seconds"] < FAST, outcome


@pytest.mark.parametrize("command", ["validate", "analyze"])
@pytest.mark.parametrize(("name", "build", "error", "words"), CASES, ids=IDS)
def test_commands_exit_2_with_one_line(built, command, name, build, error, words):
    path = built(name)
    proc = subprocess.run(
        [sys.executable, "-m", "opmodel", command, str(path)], capture_output=True, text=True,
        timeout=60, cwd=hostile.REPO, env=hostile.child_env(),
        preexec_fn=hostile._limit_memory(MEMORY), check=False)
    assert "Traceback" not in proc.stderr, proc.stderr[-1500:]
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-1500:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and path.name in lines[0], lines


def test_legacy_xls_is_still_read(tmp_path):
    """Read through the isolated worker, a normal .xls imports as before."""
    outcome = hostile.run_load(hostile.legacy_xls(tmp_path / "plan.xls"), memory=MEMORY)
    assert outcome.get("ok"), outcome
    assert outcome["activities"] == ["Receive order", "Check stock", "Ship order",
                                     "Invoice customer"]
    assert outcome["teams"] == ["Sales", "Service", "Billing"]


def test_cell_reference_within_limits_is_placed_by_its_reference(tmp_path):
    """A cell whose reference disagrees with its row, within the limits, is read where its
    reference puts it (as Excel does) and the rest of the sheet imports."""
    path = hostile.cell_reference_disagrees(tmp_path / "moved.xlsx", "A40")
    outcome = hostile.run_load(path, memory=MEMORY)
    assert outcome.get("ok"), outcome
    assert outcome["activities"][:4] == ["Receive order", "Check stock", "Ship order",
                                         "Invoice customer"]


def test_a_merge_across_the_header_is_not_refused(tmp_path):
    """Budgets leave ordinary formatting alone: a merged title row over the table."""
    path = hostile.merged_everything(tmp_path / "title.xlsx", "A1:D1")
    outcome = hostile.run_load(path, memory=MEMORY)
    assert outcome.get("ok"), outcome


# ----------------------------------------------- every library error becomes a sentence
ZIP_ERRORS = [
    ("shifted-offsets", hostile.shifted_offsets, "OSError"),
    ("undecodable-member-name", hostile.undecodable_member_name, "UnicodeDecodeError"),
    ("zip-version-9.9", hostile.zip_version, "zip file version"),
]


@pytest.mark.parametrize(("name", "damage", "cause"), ZIP_ERRORS, ids=[z[0] for z in ZIP_ERRORS])
def test_zip_library_errors_are_one_sentence(tmp_path, name, damage, cause):
    """What zipfile raises beyond BadZipFile (issue 14: exit 3 before) is one sentence
    naming the file, the cause and what to do."""
    path = damage(hostile.openpyxl_raci(tmp_path / "src.xlsx"), tmp_path / f"{name}.xlsx")
    with pytest.raises(OpmodelError) as caught:
        opmodel.load(path)
    assert_actionable(caught.value, path, "save it again")
    assert cause in str(caught.value)


def test_memory_error_while_reading_is_one_sentence(tmp_path, monkeypatch):
    """Running out of memory inside a reader is a refusal that says what to do."""
    def exhausted(_path: Path) -> None:
        raise MemoryError

    monkeypatch.setattr(reader, "_read_with_calamine", exhausted)
    path = hostile.openpyxl_raci(tmp_path / "plan.xlsx")
    with pytest.raises(UnsafeFileError) as caught:
        opmodel.load(path)
    assert_actionable(caught.value, path, "split the workbook")


def test_many_short_rows_are_refused_before_parsing(tmp_path):
    """160,000 one-letter activities fit in 800 KB of CSV but would take minutes and
    gigabytes to import and analyse: refused by the filled-rows budget."""
    path = tmp_path / "short.csv"
    path.write_bytes(b"Activity,Sales\n" + b"x,A\n" * 160_000)
    with pytest.raises(UnsafeFileError) as caught:
        opmodel.load(path)
    assert_actionable(caught.value, path, "split the model")
    assert "160,001 rows with values" in str(caught.value) and "150,000" in str(caught.value)


def test_stray_value_a_million_rows_down_imports_in_bounded_time(tmp_path):
    """Within the cell limit (1,048,576 x 4), a stray value far below the table costs the
    parser a million blank rows, each skipped at once: the import finishes and the table
    is read as before."""
    path = hostile.cell_reference_disagrees(tmp_path / "stray.xlsx", "D1048576")
    outcome = hostile.run_load(path, memory=MEMORY)
    assert outcome.get("ok"), outcome
    assert outcome["activities"][:4] == ["Receive order", "Check stock", "Ship order",
                                         "Invoice customer"]
    assert outcome["seconds"] < FAST


def test_blank_rows_keep_their_positions_and_zeros_are_values(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("Activity,Sales\n,\n0,\nShip order,A\n", encoding="utf-8")
    rows = reader.read(path).sheets[0].rows
    assert rows == [["Activity", "Sales"], [], ["0", ""], ["Ship order", "A"]]


def test_csv_dialect_is_guessed_from_a_bounded_sample(tmp_path, monkeypatch):
    """Found by the fuzzer: a stray '\"\"\"' and thousands of ',' lines made csv.Sniffer's
    quote regex take 20 s on a 20,000-character sample (quadratic). The dialect is now
    guessed from at most SNIFF_CHARS characters, and the file still imports."""
    import csv

    seen: list[int] = []
    sniff = csv.Sniffer.sniff

    def spy(self: csv.Sniffer, sample: str, delimiters: str | None = None) -> object:
        seen.append(len(sample))
        return sniff(self, sample, delimiters)

    monkeypatch.setattr(csv.Sniffer, "sniff", spy)
    path = tmp_path / "quotes.csv"
    rows = "Activity,Sales,Service\nReceive order,A/R,C\nShip\"\"\"order,A,R\n"
    path.write_text(rows + ",\n" * 50_000, encoding="utf-8")
    result = opmodel.load(path)
    assert [a.name for a in result.model.activities][:1] == ["Receive order"]
    assert seen and max(seen) <= reader.SNIFF_CHARS
