"""Log groups -> model teams: exact names, normalised names, the Teams sheet's aliases, a
mapping file, and suggestions for the rest. Nothing is dropped silently: every group that
maps to no team is listed with its event count."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from opmodel.errors import UnreadableFileError
from opmodel.model import OperatingModel

__all__ = ["GroupMapping", "Unmapped", "map_groups", "normalise", "read_map_file"]

MAX_MAP_BYTES = 5 * 1024 * 1024


def normalise(name: str) -> str:
    """Casefolded, punctuation as spaces, whitespace collapsed.

    >>> normalise("  Customer-Service  (EU) ")
    'customer service eu'
    """
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


@dataclass(frozen=True)
class Unmapped:
    """A log group no team claims, with its volume and the closest team name, if any."""

    group: str
    events: int
    suggestion: str | None = None
    first_row: int | None = None

    def as_dict(self) -> dict[str, object]:
        """The JSON contract's unmapped object (plus the suggestion)."""
        return {"group": self.group, "events": self.events, "suggestion": self.suggestion}


@dataclass
class GroupMapping:
    """Which team each log group is, how that was decided, and what is left over."""

    teams: dict[str, str] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    unmapped: list[Unmapped] = field(default_factory=list)

    def rows(self, names: Mapping[str, str]) -> list[dict[str, object]]:
        """The mapping as table rows (group, team name, how), mapped groups first."""
        out: list[dict[str, object]] = [{"group": g, "team": names.get(t, t), "how": self.how[g]}
                                        for g, t in self.teams.items()]
        out += [{"group": u.group, "team": None, "how": f"unmapped ({u.events} events)"}
                for u in self.unmapped]
        return out


def closest_team(group: str, model: OperatingModel) -> str | None:
    """The name of the team whose name is closest to a log group's (difflib, 0.6), if any:
    the suggestion for a group that maps to no team."""
    names = {normalise(member.name): member.name for member in reversed(model.teams)}
    close = difflib.get_close_matches(normalise(group), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def map_groups(group_events: Mapping[str, int], model: OperatingModel,
               explicit: Mapping[str, str] | None = None,
               first_rows: Mapping[str, int] | None = None) -> GroupMapping:
    """Map each log group to a team id. ``explicit`` (group -> team name or id, from a map
    file or the app's table) wins; then the exact name, the normalised name, an alias."""
    by_name = {t.name: t.id for t in model.teams}
    by_norm: dict[str, str] = {}
    for member in model.teams:
        by_norm.setdefault(normalise(member.name), member.id)
    by_alias = {normalise(a): t.id for t in model.teams for a in t.aliases}
    ids = {t.id for t in model.teams}
    chosen = {normalise(g): t for g, t in (explicit or {}).items()}
    result = GroupMapping()
    for group, events in sorted(group_events.items(), key=lambda kv: (-kv[1], kv[0])):
        key = normalise(group)
        target = chosen.get(key)
        team: str | None
        if target is not None:
            team = target if target in ids else by_norm.get(normalise(target))
            how = "mapping"
        elif group in by_name:
            team, how = by_name[group], "exact"
        elif key in by_norm:
            team, how = by_norm[key], "normalised"
        elif key in by_alias:
            team, how = by_alias[key], "alias"
        else:
            team, how = None, ""
        if team is None:
            result.unmapped.append(Unmapped(group, int(events), closest_team(group, model),
                                            (first_rows or {}).get(group)))
        else:
            result.teams[group] = team
            result.how[group] = how
    return result


def read_map_file(path: Path | str) -> dict[str, str]:
    """A two-column CSV (log group, team); a first row reading group/team is a header."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFileError(f"{path.name}: no such mapping file.")
    if path.stat().st_size > MAX_MAP_BYTES:
        raise UnreadableFileError(f"{path.name} is larger than {MAX_MAP_BYTES // 2**20} MB: a "
                                  "mapping file has one row per log group.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:5000], ",;\t")
    except csv.Error:
        dialect = csv.excel
    out: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise UnreadableFileError(f"{path.name}, row {number}: a mapping row needs a log "
                                      "group in column A and a team in column B.")
        if number == 1 and normalise(cells[1]) in {"team", "model team"}:
            continue
        out[cells[0]] = cells[1]
    return out
