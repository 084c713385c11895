"""The mine's integer shortcuts keep its answers: cases whose ids share a hash are still
told apart, and log groups renamed to one team are one team."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from opmodel import load
from opmodel.observe.generate import generate_log, write_log
from opmodel.observe.mine import mine
from opmodel.observe.read import read_log

ROOT = Path(__file__).resolve().parents[2]
SERVICENOW = ROOT.parent / "shared" / "eventlogs" / "servicenow_incidents.csv"
FIGURES = ["from", "to", "cases", "handoffs", "median_hours", "p90_hours", "pingpong_cases"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> pl.DataFrame:
    """A generated log written in time order, as ticket exports are (no update counter:
    the mine's one-sort path)."""
    model = load(ROOT / "sample_models" / "retail_order_to_resolution.xlsx").model
    frame, _ = generate_log(model, 300, seed=4)
    path = write_log(frame.sort("timestamp", maintain_order=True),
                     tmp_path_factory.mktemp("log") / "log.csv")
    return read_log(path).frame


@pytest.mark.parametrize("source", ["generated", "servicenow"])
@pytest.mark.parametrize("shared", [
    pl.lit(0, dtype=pl.UInt64),  # every id has one hash
    pl.col("key") // (1 << 50) * (1 << 50),  # ids share the hash's top bits
    pl.col("case").rank("dense").cast(pl.UInt64),  # hashes differ in the low bits only
])
def test_cases_whose_ids_share_a_hash_are_still_told_apart(generated, source, shared):
    frame = generated if source == "generated" else read_log(SERVICENOW).frame
    assert frame.get_column("time").is_sorted() == (source == "generated")
    plain = mine(frame)
    colliding = mine(frame.with_columns(shared.alias("key")))
    assert colliding.cases == plain.cases == frame.get_column("case").n_unique()
    assert colliding.many_team_cases == plain.many_team_cases
    assert colliding.seams.select(FIGURES).equals(plain.seams.select(FIGURES))
    assert plain.seams.height > 10
    for row in colliding.seams.iter_rows(named=True):
        assert len(row["examples"]) in range(1, 6)
        assert len(set(row["examples"])) == len(row["examples"])


def test_groups_renamed_to_one_team_hand_off_nothing_between_them():
    start = datetime(2026, 1, 5, 9)
    groups = ["Desk EU", "Desk US", "Billing", "Desk EU", None, "Billing"]
    frame = pl.DataFrame({
        "case": ["C1"] * 4 + ["C2"] * 2, "time": [start + timedelta(hours=i) for i in range(6)],
        "group": groups, "reopened": [None] * 6, "sla_missed": [None] * 6,
        "order": [None] * 6, "row": list(range(2, 8))},
        schema_overrides={"reopened": pl.Boolean, "sla_missed": pl.Boolean, "order": pl.Int64,
                          "row": pl.UInt32}).with_columns(pl.col("case").hash().alias("key"))
    mined = mine(frame, rename={"Desk EU": "desk", "Desk US": "desk"})
    assert mined.team_events == {"desk": 3, "Billing": 2}
    rows = {(r["from"], r["to"]): r for r in mined.seams.iter_rows(named=True)}
    assert set(rows) == {("desk", "Billing"), ("Billing", "desk")}
    assert rows[("desk", "Billing")]["handoffs"] == 1
    assert rows[("desk", "Billing")]["median_hours"] == 1.0  # from Desk US, not Desk EU
    assert rows[("desk", "Billing")]["examples"] == ["C1"]
    assert mined.cases == 2 and mined.cases_crossing({("desk", "Billing")}) == 1
    assert mined.cases_crossing({("Desk EU", "Billing")}) == 0


def test_group_names_sharing_a_hash_are_still_told_apart(monkeypatch):
    plain = read_log(SERVICENOW)
    mined = mine(plain)
    real_hash = pl.Series.hash

    def shared(self: pl.Series, *args, **kwargs) -> pl.Series:
        hashed = real_hash(self, *args, **kwargs)
        # every group name hashes alike (case ids keep their hash)
        return hashed * 0 if self.dtype == pl.String and self.name in ("name", "group") \
            else hashed

    monkeypatch.setattr(pl.Series, "hash", shared)
    colliding = read_log(SERVICENOW)
    assert colliding.groups.get_column("code").n_unique() == plain.groups.height == 61
    assert colliding.groups.select("group", "events", "first_row").equals(
        plain.groups.select("group", "events", "first_row"))
    again = mine(colliding)
    assert again.team_events == mined.team_events
    assert again.seams.equals(mined.seams)


def test_padded_ids_groups_and_missing_markers_are_read_as_their_plain_values(tmp_path):
    path = tmp_path / "padded.csv"
    path.write_text("case_id,timestamp,team\n"
                    "C1,2026-01-05 09:00:00,Desk\n"
                    " C1 ,2026-01-05 10:00:00, Billing \n"
                    "C1, 2026-01-05 11:00:00 , ? \n"
                    "C2,2026-01-05 09:30:00,Desk  \n"
                    "C2,2026-01-05 12:00:00,Billing\n", encoding="utf-8")
    log = read_log(path)
    assert log.groups.select("group", "events", "first_row").rows() == [
        ("Billing", 2, 3), ("Desk", 2, 2)]
    mined = mine(log)
    assert mined.events == 5 and mined.cases == 2
    assert mined.seams.select(FIGURES).rows() == [("Desk", "Billing", 2, 2, 1.75, 2.35, 0)]
    assert sorted(mined.seams.get_column("examples")[0]) == ["C1", "C2"]
