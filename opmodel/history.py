"""Snapshots of the index over time: ``opmodel analyze FILE --history DIR``.

Each run appends one JSON line to ``DIR/<model id>.history.jsonl`` (date, index, range,
components, counts by severity, group ids with their titles), so a folder kept beside the
workbook, or in a repository, shows whether the model is getting better and which groups
closed or opened between versions.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from opmodel.errors import OpmodelError

SUFFIX = ".history.jsonl"


class HistoryError(OpmodelError):
    """The history folder cannot be used."""


def snapshot(document: dict[str, Any], when: dt.datetime | None = None) -> dict[str, Any]:
    """One line of history for an analysis document."""
    index = document["index"]
    counts: dict[str, int] = {}
    for group in document.get("groups") or []:
        counts[group["severity"]] = counts.get(group["severity"], 0) + 1
    stamp = (when or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    return {
        "date": stamp.isoformat(), "model": document["model"]["name"],
        "index": index.get("value"), "range": index.get("range"),
        "provisional": index.get("provisional"),
        "components": {name: c.get("value") for name, c in index["components"].items()},
        "counts": counts, "findings": len(document["findings"]),
        "groups": {g["id"]: g["title"] for g in document.get("groups") or []},
        "moves": [m.get("title", "") for m in document.get("moves") or []],
    }


def path_for(folder: Path, model_id: str) -> Path:
    """The history file of one model in a folder."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in model_id) or "model"
    return folder / f"{safe}{SUFFIX}"


def load(folder: Path, model_id: str) -> list[dict[str, Any]]:
    """The snapshots recorded so far, oldest first (lines that do not parse are skipped)."""
    path = path_for(folder, model_id)
    if not path.exists():
        return []
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(item, dict) and "date" in item:
            found.append(item)
    return found


def record(folder: Path, document: dict[str, Any]) -> list[dict[str, Any]]:
    """Append this analysis to the folder's history; returns the whole history."""
    if folder.exists() and not folder.is_dir():
        raise HistoryError(f"--history needs a folder, and {folder.name} is a file: pass the "
                           "folder that holds (or will hold) the history.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with path_for(folder, document["model"]["id"]).open("a", encoding="utf-8") as out:
            out.write(json.dumps(snapshot(document), ensure_ascii=False) + "\n")
    except OSError as exc:
        raise HistoryError(f"Cannot write the history in {folder.name}: {exc.strerror}.") from exc
    return load(folder, document["model"]["id"])
