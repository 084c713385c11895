"""The same log as CSV (UTF-8, UTF-16, Windows-1252; comma, semicolon, tab), XLSX, Parquet
and XES is read and mined to the same seams."""

from __future__ import annotations

import csv
from pathlib import Path
from xml.sax.saxutils import quoteattr

import openpyxl
import polars as pl
import pytest

from opmodel.observe.mine import mine
from opmodel.observe.read import parse_columns, read_log

LOG = Path(__file__).resolve().parents[2].parent / "shared" / "eventlogs" / \
    "servicenow_incidents.csv"
KEEP = ["number", "sys_updated_at", "assignment_group", "incident_state", "sys_mod_count",
        "reopen_count", "made_sla"]


def seams(path: Path, columns: str | None = None) -> set[tuple]:
    log = read_log(path, parse_columns(columns))
    found = mine(log.frame, actor="group").seams
    return {(r["from"], r["to"], r["cases"], r["handoffs"], round(r["p90_hours"], 6))
            for r in found.iter_rows(named=True)}


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    with LOG.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        index = [header.index(c) for c in KEEP]
        return [KEEP, *([row[i] for i in index] for row in reader)]


@pytest.fixture(scope="module")
def expected() -> set[tuple]:
    return seams(LOG)


@pytest.mark.parametrize(("encoding", "delimiter"), [
    ("utf-16", "\t"), ("cp1252", ";"), ("utf-8-sig", ",")])
def test_csv_encodings_and_delimiters(rows, expected, tmp_path, encoding, delimiter):
    path = tmp_path / "log.csv"
    renamed = [[cell.replace("Group 70", "Gruppe 70 é") for cell in row] for row in rows]
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(renamed)
    got = seams(path)
    assert {s[2:] for s in got} == {s[2:] for s in expected}
    assert any(s[0] == "Gruppe 70 é" for s in got)


def test_xlsx(rows, expected, tmp_path):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "log.xlsx")
    assert seams(tmp_path / "log.xlsx") == expected
    assert read_log(tmp_path / "log.xlsx").source == "servicenow"


def test_parquet_with_native_timestamps(rows, expected, tmp_path):
    frame = pl.DataFrame(rows[1:], schema=KEEP, orient="row").with_columns(
        pl.col("sys_updated_at").str.to_datetime("%d-%m-%Y %H:%M"))
    frame.write_parquet(tmp_path / "log.parquet")
    log = read_log(tmp_path / "log.parquet")
    assert log.source == "servicenow" and log.time_format.startswith("native")
    assert seams(tmp_path / "log.parquet") == expected


def test_xes(rows, expected, tmp_path):
    by_case: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        by_case.setdefault(row[0], []).append(row)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">']
    for case, events in by_case.items():
        parts.append(f'<trace><string key="concept:name" value={quoteattr(case)}/>')
        for event in events:
            day, month, rest = event[1][:2], event[1][3:5], event[1][6:]
            stamp = f"{rest[:4]}-{month}-{day}T{rest[5:]}:00.000+00:00"
            group = (f'<string key="org:group" value={quoteattr(event[2])}/>'
                     if event[2] != "?" else "")
            parts.append(f'<event><string key="concept:name" value={quoteattr(event[3])}/>'
                         f'{group}<date key="time:timestamp" value="{stamp}"/></event>')
        parts.append("</trace>")
    parts.append("</log>")
    (tmp_path / "log.xes").write_text("".join(parts), encoding="utf-8")
    log = read_log(tmp_path / "log.xes")
    assert log.source == "xes" and log.time_format.startswith("ISO")
    # XES carries no update counter: ties within a minute fall back to file order, which
    # here is the export's own order, so the seams are the same.
    assert seams(tmp_path / "log.xes") == expected


def test_columns_override_reads_an_unrecognised_table(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Ref;When;Desk\nA1;29/02/2016 09:00;North\nA1;29/02/2016 11:30;South\n",
                    encoding="utf-8")
    log = read_log(path, parse_columns("case=Ref,time=When,team=Desk"))
    assert log.source == "generic" and log.time_format.startswith("day-first")
    assert seams(path, "case=Ref,time=When,team=Desk") == {("North", "South", 1, 1, 2.5)}
