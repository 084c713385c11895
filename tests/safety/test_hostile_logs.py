"""Hostile and broken event logs end in one sentence and exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from opmodel.cli import main
from opmodel.observe.read import read_log

MODEL = Path(__file__).resolve().parents[2] / "sample_models" / "bare_raci.xlsx"

LAUGHS = ('<?xml version="1.0"?><!DOCTYPE log [<!ENTITY a "aaaaaaaaaa">'
          '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
          '<log><trace><string key="concept:name" value="&c;"/></trace></log>')
EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE log [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<log><trace><string key="concept:name" value="&x;"/></trace></log>')


def xes_events(n: int, value: str = "Group 1") -> str:
    events = "".join(f'<event><string key="org:group" value="{value}"/><date '
                     f'key="time:timestamp" value="2026-01-01T0{i % 10}:00:00.000+00:00"/>'
                     '</event>' for i in range(n))
    return f'<log><trace><string key="concept:name" value="c1"/>{events}</trace></log>'


CASES = {
    "entity_expansion.xes": (LAUGHS, "entity-free XES"),
    "external_entity.xes": (EXTERNAL, "entity-free XES"),
    "truncated.xes": ("<log><trace><event>", "well-formed"),
    "deep.xes": ("<log>" + "<x>" * 200 + "</x>" * 200 + "</log>", "deeper than 64"),
    "huge_value.xes": (xes_events(1, "G" * 20_000), "longer than"),
    "binary.csv": (b"\x00\x01\x02PK" * 100, "binary"),
    "wide.csv": (",".join(f"c{i}" for i in range(5_000)) + "\n", "5,000 columns"),
    "no_header_line.csv": ("x" * 300_000, "first line is longer"),
    "not_a_log.csv": ("a,b\n1,2\n", "not a recognised event log"),
    "bad_time.csv": ("case_id,timestamp,team\nC1,2026-01-01 10:00,A\nC1,yesterday,B\n",
                     "row 3, column timestamp"),
    "damaged.parquet": (b"PAR1" + b"\x00garbage" * 50, "not a readable event log"),
    "empty.csv": (b"", "is empty"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_log_is_refused_in_one_sentence(name, tmp_path, capsys):
    content, expected = CASES[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert main(["observe", str(MODEL), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("opmodel: ") and err.count("\n") == 1, err
    assert expected in err and "Traceback" not in err


def test_a_plain_xes_log_is_read_streamed(tmp_path):
    path = tmp_path / "log.xes"
    path.write_text(xes_events(5), encoding="utf-8")
    log = read_log(path)
    assert log.source == "xes" and log.events == 5 and log.time_format.startswith("ISO")
