"""DESIGN §7, safety: hostile files give one clear sentence, never a traceback or a hang.

Every input is built here, in tmp_path. Refusals are checked for the right OpmodelError
subclass and for a message that names the file and says what to do. Inputs that could
hang the interpreter or abort it from native code (entity expansion, absurd sheet
dimensions) are loaded in a child process with a timeout and a memory limit
(``hostile.run_load``).
"""

from __future__ import annotations

import os
import re
import time
import zipfile
from pathlib import Path

import pytest

import opmodel
import opmodel.ingest.reader as reader
from opmodel.errors import (
    EncryptedFileError,
    NoMatrixError,
    OpmodelError,
    UnreadableFileError,
    UnsafeFileError,
)
from opmodel.generate import GeneratorSpec, write_workbook
from opmodel.ingest.report import IssueCode, Level
from tests.safety import hostile
from tests.safety.hostile import XSS, run_load

FAST = 5.0  # seconds: "refused quickly"


def assert_actionable(exc: BaseException, path: Path, *what_to_do: str) -> None:
    """One sentence that names the file and says what to do."""
    message = str(exc)
    assert path.name in message, message
    assert "\n" not in message and message.endswith("."), message
    assert len(re.findall(r"[.!?](?:\s|$)", message)) == 1, f"not one sentence: {message}"
    assert "Traceback" not in message
    if what_to_do:
        assert any(w.lower() in message.lower() for w in what_to_do), (
            f"says none of {what_to_do}: {message}")


def refused(path: Path, error: type[OpmodelError], *what_to_do: str) -> OpmodelError:
    """Load, expect ``error`` with an actionable message, quickly; return it."""
    start = time.perf_counter()
    with pytest.raises(OpmodelError) as caught:
        opmodel.load(path)
    assert time.perf_counter() - start < FAST
    assert type(caught.value) is error, f"{type(caught.value).__name__}: {caught.value}"
    assert_actionable(caught.value, path, *what_to_do)
    return caught.value


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    """A complete generated model (every sheet), big enough that sheets exceed 2 KB."""
    path = tmp_path_factory.mktemp("wb") / "model.xlsx"
    return write_workbook(GeneratorSpec(activities=200, teams=6), path)


@pytest.fixture()
def small(tmp_path) -> Path:
    return hostile.openpyxl_raci(tmp_path / "small.xlsx")


def never_inflate(monkeypatch) -> None:
    """Fail the test if anything is decompressed or handed to calamine."""
    def boom(*_args, **_kwargs):
        raise AssertionError("the archive was inflated before the refusal")

    monkeypatch.setattr(zipfile.ZipFile, "open", boom)
    monkeypatch.setattr(zipfile.ZipFile, "read", boom)
    monkeypatch.setattr(reader, "_read_with_calamine", boom)


# ---------------------------------------------------------------------- not a workbook
def test_text_file_named_xlsx(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("Activity,Sales\nReceive order,A\n" * 3, encoding="utf-8")
    refused(path, UnreadableFileError, "save it as .xlsx")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    refused(path, UnreadableFileError, "save the workbook again")


def test_random_bytes(tmp_path):
    path = tmp_path / "noise.xlsx"
    path.write_bytes(os.urandom(64 * 1024).replace(b"PK", b"pk"))
    refused(path, UnreadableFileError, "save it as .xlsx")


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday/readme.txt", "not a spreadsheet")
    refused(path, UnreadableFileError, "save it as .xlsx")


def test_missing_file(tmp_path):
    with pytest.raises(UnreadableFileError, match=r"nowhere\.xlsx"):
        opmodel.load(tmp_path / "nowhere.xlsx")


@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.95])
def test_truncated_xlsx(workbook, tmp_path, fraction):
    raw = workbook.read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(raw[: int(len(raw) * fraction)])
    refused(path, UnreadableFileError, "save it again")


def test_corrupt_deflate_data(workbook, tmp_path):
    path = hostile.corrupt_member(workbook, tmp_path / "corrupt.xlsx",
                                  hostile.sheet_part(workbook, "RACI"))
    refused(path, UnreadableFileError, "save it again")


def test_checksum_mismatch_in_a_small_part(small, tmp_path):
    raw = bytearray(hostile.rezip(small, tmp_path / "stored.xlsx",
                                  compression=zipfile.ZIP_STORED).read_bytes())
    with zipfile.ZipFile(tmp_path / "stored.xlsx") as archive:
        info = archive.getinfo("xl/workbook.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw[start + info.file_size // 2] ^= 0x01
    path = tmp_path / "crc.xlsx"
    path.write_bytes(bytes(raw))
    refused(path, UnreadableFileError, "save it again")


def test_unsupported_compression_method(small, tmp_path):
    path = hostile.set_method(small, tmp_path / "deflate64.xlsx", "xl/workbook.xml", 9)
    refused(path, UnreadableFileError, "save it again")


def test_ole_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(hostile.compound_file([("Workbook", os.urandom(4096))]))
    refused(path, UnreadableFileError, "save it again as .xlsx")


def test_no_matrix(tmp_path):
    path = hostile.openpyxl_raci(tmp_path / "shopping.xlsx",
                                 [["Item", "Price"], ["Milk", 1.2]], title="List")
    refused(path, NoMatrixError, "add a sheet")


# ---------------------------------------------------------------------- passwords
def test_password_protected_xlsx(tmp_path):
    """Excel saves an encrypted .xlsx as an OLE2 file with an EncryptionInfo stream."""
    path = hostile.encrypted_xlsx(tmp_path / "locked.xlsx")
    refused(path, EncryptedFileError, "remove the password")


def test_zip_with_encrypted_parts(small, tmp_path):
    path = hostile.set_encrypted_flag(small, tmp_path / "zipcrypto.xlsx")
    refused(path, EncryptedFileError, "remove the password")


def test_password_protected_legacy_xls(tmp_path):
    path = hostile.password_xls(tmp_path / "locked.xls")
    refused(path, EncryptedFileError, "remove the password")


# ---------------------------------------------------------------------- zip bombs
def test_declared_total_above_limit(workbook, monkeypatch):
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED_BYTES", 10_000)
    never_inflate(monkeypatch)
    refused(workbook, UnsafeFileError, "zip bomb")


@pytest.mark.parametrize("local", [False, True], ids=["central", "central+local"])
def test_central_directory_declares_4_gb(workbook, tmp_path, monkeypatch, local):
    """Sizes are read from the directory and refused before a byte is inflated."""
    path = hostile.declare_size(workbook, tmp_path / "bomb.xlsx",
                                hostile.sheet_part(workbook, "RACI"), 0xFFFF_FFF0, local=local)
    never_inflate(monkeypatch)
    error = refused(path, UnsafeFileError, "zip bomb")
    assert "GB" in str(error)


def test_one_part_declares_an_absurd_ratio(workbook, tmp_path, monkeypatch):
    path = hostile.declare_size(workbook, tmp_path / "ratio.xlsx",
                                hostile.sheet_part(workbook, "RACI"), 1_500_000_000)
    never_inflate(monkeypatch)
    refused(path, UnsafeFileError, "zip bomb")


def test_real_high_ratio_part(small, tmp_path):
    """60 MB of zeros deflate to ~60 KB: refused on its declared ratio."""
    path = hostile.zeros_member(small, tmp_path / "zeros.xlsx", megabytes=60)
    assert path.stat().st_size < 1_000_000
    error = refused(path, UnsafeFileError, "zip bomb")
    assert "image1.png" in str(error)


def test_part_inflating_past_its_declared_size_is_not_read(tmp_path):
    """A part that lies small in both headers: calamine stops at the declared size, so
    the small declared sizes the reader checks cannot be bypassed."""
    rows = hostile.RACI_ROWS + [[f"Activity {i}", "A", "R", "I"] for i in range(20_000)]
    src = hostile.openpyxl_raci(tmp_path / "src.xlsx", rows)
    path = hostile.declare_size(src, tmp_path / "liar.xlsx", hostile.SHEET1, 5000, local=True)
    start = time.perf_counter()
    with pytest.raises(OpmodelError) as caught:
        opmodel.load(path)
    assert time.perf_counter() - start < FAST
    assert path.name in str(caught.value)


def test_too_many_parts(small, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ZIP_ENTRIES", 5)
    refused(small, UnsafeFileError, "not a normal workbook")


# ---------------------------------------------------------------------- XML entities
def _laughs(src: Path, tmp_path: Path, part: str, padding: bytes = b"",
            use: tuple[bytes, bytes] | None = None, doctype: bytes | None = None) -> Path:
    xml = hostile.parts_of(src)[part]
    payload = hostile.with_doctype(xml, doctype or hostile.billion_laughs(), padding, use)
    return hostile.rezip(src, tmp_path / "laughs.xlsx", replace={part: payload})


ENTITY_PARTS = [
    ("xl/sharedStrings.xml", (b"<t>Sales</t>", b"<t>&lol9;</t>")),
    (hostile.SHEET1, None),
    ("xl/workbook.xml", None),
    ("xl/styles.xml", None),
    ("[Content_Types].xml", None),
    ("docProps/app.xml", None),
]


@pytest.mark.parametrize(("part", "use"), ENTITY_PARTS, ids=[p for p, _ in ENTITY_PARTS])
def test_billion_laughs_refused_quickly(tmp_path, part, use):
    src = hostile.shared_strings_raci(tmp_path / "src.xlsx")
    path = _laughs(src, tmp_path, part, use=use)
    outcome = run_load(path)
    assert outcome.get("error") == "UnsafeFileError", outcome
    assert outcome["seconds"] < FAST
    assert path.name in outcome["message"] and "entit" in outcome["message"]


def test_external_entity_refused(tmp_path):
    src = hostile.shared_strings_raci(tmp_path / "src.xlsx")
    xxe = b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    path = _laughs(src, tmp_path, "xl/sharedStrings.xml", doctype=xxe,
                   use=(b"<t>Sales</t>", b"<t>&xxe;</t>"))
    refused(path, UnsafeFileError, "refusing")


# Padding before the DOCTYPE (a long comment, whitespace) must not hide it from the scan.
PADDED = [
    ("sst-comment", "xl/sharedStrings.xml", b"<!--" + b"x" * 5000 + b"-->",
     (b"<t>Sales</t>", b"<t>&lol9;</t>")),
    ("sst-spaces", "xl/sharedStrings.xml", b" " * 5000, (b"<t>Sales</t>", b"<t>&lol9;</t>")),
    ("sheet-spaces", hostile.SHEET1, b"\n" * 5000, (b"<v>0</v>", b"<v>&lol9;</v>")),
    ("styles-spaces", "xl/styles.xml", b" " * 5000, None),
    ("workbook-spaces", "xl/workbook.xml", b" " * 5000, None),
]


def _padded(tmp_path: Path, case: str) -> Path:
    _, part, padding, use = next(p for p in PADDED if p[0] == case)
    return _laughs(hostile.shared_strings_raci(tmp_path / "src.xlsx"), tmp_path, part, padding,
                   use)


def _evasion(tmp_path: Path, case: str) -> Path:
    """Entity declarations where the scan may not look: parts renamed away from .xml
    (readers follow the relationship, not the extension), or encoded as UTF-16."""
    src = hostile.shared_strings_raci(tmp_path / "src.xlsx")
    parts = hostile.parts_of(src)
    sst = hostile.with_doctype(parts["xl/sharedStrings.xml"], hostile.billion_laughs(),
                               replace=(b"<t>Sales</t>", b"<t>&lol9;</t>"))
    path = tmp_path / f"{case}.xlsx"
    if case == "renamed-sheet":
        sheet = hostile.with_doctype(parts[hostile.SHEET1], hostile.billion_laughs())
        return hostile.rename_part(src, path, hostile.SHEET1, "xl/worksheets/sheet1.dat",
                                   sheet)
    if case == "renamed-shared-strings":
        return hostile.rename_part(src, path, "xl/sharedStrings.xml", "xl/sharedStrings.bin",
                                   sst)
    utf16 = sst.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode().encode("utf-16")
    return hostile.rezip(src, path, replace={"xl/sharedStrings.xml": utf16})


EVASIONS = ["renamed-sheet", "renamed-shared-strings", "utf16-shared-strings"]


@pytest.mark.parametrize("case", [p[0] for p in PADDED] + EVASIONS)
def test_entity_declarations_never_expand(tmp_path, case):
    path = (_padded if case in {p[0] for p in PADDED} else _evasion)(tmp_path, case)
    outcome = run_load(path)
    assert "died" not in outcome and "crash" not in outcome, outcome
    assert outcome["seconds"] < FAST
    names = outcome.get("teams", []) + outcome.get("activities", [])
    assert not any("lollol" in n for n in names), names


@pytest.mark.parametrize("case", [p[0] for p in PADDED])
def test_padded_entity_declarations_refused(tmp_path, case):
    outcome = run_load(_padded(tmp_path, case))
    assert outcome.get("error") == "UnsafeFileError", outcome
    assert "entit" in outcome["message"]


@pytest.mark.parametrize("case", ["renamed-sheet", "renamed-shared-strings"])
def test_renamed_parts_with_entities_refused(tmp_path, case):
    outcome = run_load(_evasion(tmp_path, case))
    assert outcome.get("error") == "UnsafeFileError", outcome


def test_formatting_reader_refuses_entities(tmp_path):
    """A small file whose label-only rows make the parser ask openpyxl about bold cells:
    openpyxl must parse styles.xml through defusedxml, not expand it."""
    rows = [*hostile.RACI_ROWS[:2], ["Fulfilment tasks", None, None, None],
            *hostile.RACI_ROWS[2:]]
    src = hostile.shared_strings_raci(tmp_path / "src.xlsx", rows)
    styles = hostile.parts_of(src)["xl/styles.xml"]
    font = re.search(rb'<name val="[^"]+"/>', styles).group(0)
    path = _laughs(src, tmp_path, "xl/styles.xml", b" " * 5000,
                   (font, b'<name val="&lol9;"/>'))
    outcome = run_load(path)
    assert "died" not in outcome and "crash" not in outcome, outcome
    assert outcome["seconds"] < FAST


# ---------------------------------------------------------------------- size limits
def test_sheet_above_cell_limit(workbook, monkeypatch):
    monkeypatch.setattr(reader, "MAX_SHEET_CELLS", 500)
    error = refused(workbook, UnsafeFileError, "delete unused rows")
    assert "500" in str(error) and "sheet '" in str(error)


FAR = [
    "plain",
    "cells-without-r",
    "prefixed-elements",
    "lowercase-reference",
    "single-quotes",
]


@pytest.mark.parametrize("variant", FAR)
def test_one_far_cell_makes_a_huge_sheet(tmp_path, variant):
    """One cell at XFD1048576 in a 5 KB file: calamine would allocate 2**34 cells (512 GB)
    before the reader's MAX_SHEET_CELLS check, so the extent must be refused first."""
    path = hostile.far_cell(tmp_path / "far.xlsx", variant)
    assert path.stat().st_size < 20_000
    outcome = run_load(path)
    assert outcome.get("error") == "UnsafeFileError", outcome
    assert outcome["seconds"] < FAST
    assert "delete unused rows" in outcome["message"]


def test_far_cell_in_a_workbook_saved_by_openpyxl(tmp_path):
    path = hostile.huge_dimension(tmp_path / "far.xlsx")
    outcome = run_load(path)
    assert outcome.get("error") == "UnsafeFileError", outcome


def test_file_above_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 2**20)
    path = hostile.sparse_file(tmp_path / "big.xlsx", 3 * 2**20)
    refused(path, UnsafeFileError, "split the workbook")


def test_file_above_default_size_limit(tmp_path):
    path = hostile.sparse_file(tmp_path / "huge.xlsx", reader.MAX_FILE_BYTES + 1)
    error = refused(path, UnsafeFileError, "split the workbook")
    assert f"{reader.MAX_FILE_BYTES // 2**20} MB" in str(error)


# ---------------------------------------------------------------------- formulas
def _assignments(result) -> set[tuple[str, str, str]]:
    teams = {t.id: t.name for t in result.model.teams}
    activities = {a.id: a.name for a in result.model.activities}
    return {(activities[a.activity], teams[a.team], a.code) for a in result.model.assignments}


def test_formulas_without_cached_values_are_not_evaluated(tmp_path):
    """openpyxl saves formulas with no cached value: they read as empty, never as the
    result of evaluating them (2, 'A', a hyperlink's text, a DDE call)."""
    path = hostile.openpyxl_raci(tmp_path / "formulas.xlsx", [
        ["Activity", "Sales", "Service", "=1+1"],
        ["Receive order", "A/R", "=1+1", "C"],
        ['=HYPERLINK("http://evil.example/x","Click me")', "A", "R", None],
        ["=cmd|' /C calc'!A0", "R", "A", None],
        ["Ship order", '=IF(1,"A","R")', "R", "I"],
        ["Invoice customer", "A", "I", "R"],
    ])
    result = opmodel.load(path)
    names = [t.name for t in result.model.teams] + [a.name for a in result.model.activities]
    assert not any(n in {"2", "A", "Click me"} or n.startswith("=") or "calc" in n
                   for n in names), names
    got = _assignments(result)
    assert ("Ship order", "Sales", "A") not in got  # =IF(1,"A","R") was not evaluated
    assert ("Ship order", "Service", "R") in got
    assert {("Receive order", "Sales", "A"), ("Receive order", "Sales", "R"),
            ("Invoice customer", "Sales", "A")} <= got


def test_cached_formula_values_are_used(tmp_path):
    """A workbook saved by Excel carries each formula's cached value: that is what counts."""
    import xlsxwriter

    path = tmp_path / "cached.xlsx"
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("RACI")
        sheet.write_row(0, 0, ["Activity", "Sales", "Service"])
        sheet.write(1, 0, "Receive order")
        sheet.write_formula(1, 1, '=IF(1,"A","R")', None, "R")  # Excel would say A
        sheet.write(1, 2, "C")
        sheet.write_formula(2, 0, '=HYPERLINK("http://evil.example","Refund")', None, "Refund")
        sheet.write_row(2, 1, ["A", "R"])
    got = _assignments(opmodel.load(path))
    assert ("Receive order", "Sales", "R") in got
    assert ("Receive order", "Sales", "A") not in got
    assert {("Refund", "Sales", "A"), ("Refund", "Service", "R")} <= got


def test_codes_without_an_activity_name_are_reported(tmp_path):
    path = hostile.openpyxl_raci(tmp_path / "nameless.xlsx", [
        ["Activity", "Sales", "Service"],
        ["Receive order", "A/R", "C"],
        ['=CONCAT("Ship", " order")', "A", "R"],
        ["Invoice customer", "A", "R"],
    ])
    result = opmodel.load(path)
    assert "" not in [a.name for a in result.model.activities]
    assert IssueCode.CODES_WITHOUT_ACTIVITY in result.report.counts()


# ---------------------------------------------------------------------- macros, links
def _warning_codes(result) -> set[IssueCode]:
    return {i.code for i in result.report.issues if i.level is Level.WARNING}


def test_macro_enabled_workbook_imports_without_macros(workbook, tmp_path):
    path = hostile.rezip(workbook, tmp_path / "model.xlsm",
                         add={"xl/vbaProject.bin": hostile.compound_file(
                             [("VBA", b"Attribute VB_Name = \"Module1\"\nSub AutoOpen()\n")])})
    result = opmodel.load(path)
    plain = opmodel.load(workbook)
    assert IssueCode.MACROS_IGNORED in _warning_codes(result)
    assert IssueCode.MACROS_IGNORED not in _warning_codes(plain)
    assert result.model.counts() == plain.model.counts()


def test_external_links_warned(workbook, tmp_path):
    link = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink '
            b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
    path = hostile.rezip(workbook, tmp_path / "linked.xlsx",
                         add={"xl/externalLinks/externalLink1.xml": link})
    result = opmodel.load(path)
    assert IssueCode.EXTERNAL_LINKS in _warning_codes(result)
    assert result.model.counts() == opmodel.load(workbook).model.counts()


# ---------------------------------------------------------------------- CSV encodings
CSV_ROWS = [
    ["Activity", "Équipe Qualité", "Sales – EMEA", "Service"],
    ["Réception commande", "A/R", "C", "I"],
    ["Expédition – colis", "A", "R", ""],
    ["Facture", "I", "A", "R"],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    path = tmp_path / "raci.csv"
    text = "\r\n".join(delimiter.join(row) for row in CSV_ROWS) + "\r\n"
    path.write_bytes(text.encode(encoding))
    result = opmodel.load(path)
    assert [t.name for t in result.model.teams] == CSV_ROWS[0][1:]
    assert [a.name for a in result.model.activities] == [r[0] for r in CSV_ROWS[1:]]
    assert ("Expédition – colis", "Sales – EMEA", "R") in _assignments(result)
    assert len(result.model.assignments) == 9


def test_semicolon_csv_with_comma_separated_codes(tmp_path):
    path = tmp_path / "raci.csv"
    rows = [["Activity", "Sales", "Service"], ["Receive order", "A, R", "C"],
            ["Ship order", "A", "R, C"]]
    path.write_text("\n".join(";".join(r) for r in rows), encoding="utf-8")
    got = _assignments(opmodel.load(path))
    assert {("Receive order", "Sales", "A"), ("Receive order", "Sales", "R"),
            ("Ship order", "Service", "R"), ("Ship order", "Service", "C")} <= got


def test_utf16_csv(tmp_path):
    path = tmp_path / "raci.csv"
    path.write_text("\n".join("\t".join(r) for r in CSV_ROWS), encoding="utf-16")
    assert [t.name for t in opmodel.load(path).model.teams] == CSV_ROWS[0][1:]


def test_csv_with_an_enormous_field(tmp_path):
    path = tmp_path / "raci.csv"
    path.write_text('Activity,Sales\nReceive order,A\n"' + "x" * 200_000 + '",R\n',
                    encoding="utf-8")
    try:
        opmodel.load(path)
    except OpmodelError as exc:  # refusing is fine, so is importing; a csv.Error is not
        assert_actionable(exc, path, "save")


def test_undecodable_csv_says_what_to_do(tmp_path):
    path = tmp_path / "raci.csv"
    path.write_bytes(b"Activity,Sales\nReceive order\x81,A\n")
    refused(path, UnreadableFileError, "save")


def test_csv_with_nul_bytes(tmp_path):
    path = tmp_path / "raci.csv"
    path.write_bytes(b"Activity,Sales\nReceive\x00order,A\n")
    refused(path, UnreadableFileError, "save it as .csv")


# ---------------------------------------------------------------------- user text
def test_markup_in_names_is_kept_as_plain_text(tmp_path):
    rows = [["Activity", "Sales", XSS], ["Receive <b>order</b> & pay", "A", "R"]]
    result = opmodel.load(hostile.openpyxl_raci(tmp_path / "xss.xlsx", rows))
    assert XSS in [t.name for t in result.model.teams]
    assert ("Receive <b>order</b> & pay", XSS, "R") in _assignments(result)


def test_markup_in_csv_names_is_kept_as_plain_text(tmp_path):
    path = tmp_path / "raci.csv"
    path.write_text(f'Activity,Sales,"{XSS}"\nReceive order,A,R\n', encoding="utf-8")
    assert XSS in [t.name for t in opmodel.load(path).model.teams]


# ---------------------------------------------------------------------- one bad cell
def test_one_bad_cell_does_not_stop_the_import(tmp_path):
    import xlsxwriter

    path = tmp_path / "mixed.xlsx"
    sheets = {
        "Teams": [["name"], ["Sales"], ["Service"], ["Billing"]],
        "RACI": [["Activity", "Sales", "Service", "Billing"],
                 ["Receive order", "A/R", "C", "I"],
                 ["Check stock", "A", "R", "Q"],
                 ["Ship order", "A", "banana", "R"],
                 ["Invoice customer", "A", "I", "R"],
                 ["Close order", "A/R", "C", "I"]],
        "Handoffs": [["from", "to", "sla_hours"], ["Sales", "Service", "soon"],
                     ["Service", "Billing", 24], ["Service", "Biling", 8]],
    }
    with xlsxwriter.Workbook(str(path)) as book:
        for name, rows in sheets.items():
            sheet = book.add_worksheet(name)
            for r, row in enumerate(rows):
                sheet.write_row(r, 0, row)
    result = opmodel.load(path)
    got = _assignments(result)
    assert len(result.model.activities) == 5
    assert {("Check stock", "Service", "R"), ("Ship order", "Sales", "A"),
            ("Ship order", "Billing", "R"), ("Close order", "Billing", "I")} <= got
    errors = {(i.code, str(i.where)) for i in result.report.errors}
    assert (IssueCode.INVALID_CODE, "RACI!C4") in errors
    assert (IssueCode.CODE_NOT_IN_SCHEME, "RACI!D3") in errors
    assert any(code is IssueCode.INVALID_NUMBER and where.startswith("Handoffs!")
               for code, where in errors)
    assert any(i.code is IssueCode.UNKNOWN_TEAM and "Biling" in i.message
               for i in result.report.issues)
    # the handoff with a bad SLA is kept, its SLA left empty
    assert sorted(h.sla_hours is None for h in result.model.handoffs) == [False, True]


# A sheet calamine cannot parse (bad checksum, a part longer than declared, an entity it
# does not know) is skipped by `except Exception: continue` in _read_with_calamine, meant
# for chart sheets: the import goes on without it and says nothing.
DAMAGED = ["checksum", "longer-than-declared", "undeclared-entity"]


def _damage(workbook: Path, tmp_path: Path, how: str) -> Path:
    part = hostile.sheet_part(workbook, "Activities")
    path = tmp_path / f"{how}.xlsx"
    if how == "checksum":
        return hostile.flip_stored_byte(workbook, path, part)
    if how == "longer-than-declared":
        half = len(hostile.parts_of(workbook)[part]) // 2  # well past the 2 KB DOCTYPE scan
        return hostile.declare_size(workbook, path, part, half, local=True)
    xml = hostile.parts_of(workbook)[part]
    return hostile.rezip(workbook, path, replace={part: xml.replace(b"<t>", b"<t>&bogus;", 1)})


@pytest.mark.parametrize("how", DAMAGED)
def test_damaged_sheet_never_crashes(workbook, tmp_path, how):
    path = _damage(workbook, tmp_path, how)
    try:
        opmodel.load(path)
    except OpmodelError as exc:
        assert path.name in str(exc)


@pytest.mark.parametrize("how", DAMAGED)
def test_damaged_sheet_is_reported(workbook, tmp_path, how):
    path = _damage(workbook, tmp_path, how)
    try:
        result = opmodel.load(path)
    except OpmodelError as exc:
        assert "Activities" in str(exc)
    else:
        assert any("Activities" in i.message for i in result.report.errors), (
            "the Activities sheet vanished without an error")
