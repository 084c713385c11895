"""HTML and Excel reports gain an Observed section when a log is given (and only then)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from opmodel.analysis import analyze
from opmodel.observe.generate import generate_log, write_log
from opmodel.reports import render, write

MODEL = Path(__file__).resolve().parents[2] / "sample_models" / "bank_complaint_handling.xlsx"


def test_html_and_excel_reports_show_the_observed_seams(tmp_path):
    plain = analyze(MODEL)
    frame, planted = generate_log(plain.model, 200, seed=3)
    log = write_log(frame, tmp_path / "tickets <b>.csv")
    observed = analyze(MODEL, log=log)
    page = render(observed, "html").decode("utf-8")
    assert "<h2>Designed vs observed</h2>" in page
    assert "tickets &lt;b&gt;.csv" in page and "tickets <b>" not in page
    assert f"{planted.unmapped[0]} (" in page
    assert "weights from the event log tickets &lt;b&gt;.csv" in page
    assert "Designed vs observed" not in render(plain, "html").decode("utf-8")
    book = openpyxl.load_workbook(write(observed, "xlsx", tmp_path / "report.xlsx"))
    sheet = book["Observed"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(("From", "To", "Cases", "Handoffs", "Median hours", "P90 hours",
                         "Ping-pong cases", "Designed"))
    seams = rows[header + 1:header + 1 + len(observed.observed.seams)]
    assert {(a, b) for a, b, *_ in seams} >= set(planted.pingpong)
    assert any(r[0] == planted.unmapped[0] for r in rows)
    assert "Observed" not in openpyxl.load_workbook(
        write(plain, "xlsx", tmp_path / "plain.xlsx")).sheetnames
