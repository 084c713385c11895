"""Baselines: accept today's findings so a CI gate fails only on new ones.

A baseline stores fingerprints (which survive row reordering and unrelated renames), with
the rule, subjects and message for the humans who review it in a pull request.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from opmodel.errors import ConfigError

VERSION = 1


def baseline_document(document: dict[str, Any]) -> dict[str, Any]:
    """The baseline file's content for an analysis document."""
    return {"opmodel_baseline": VERSION, "model": document["model"]["name"],
            "findings": [{"fingerprint": f["fingerprint"], "rule": f["rule"],
                          "subjects": [s["id"] for s in f["subjects"]],
                          "message": f["message"]} for f in document["findings"]]}


def load_fingerprints(path: Path) -> set[str]:
    """Fingerprints accepted by a baseline file; a clear error when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"Cannot read the baseline {path.name}: {exc.strerror or exc}.") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path.name} is not a baseline file (not JSON): create one with "
                          "`opmodel baseline FILE -o BASELINE`.") from exc
    if not isinstance(data, dict) or "findings" not in data:
        raise ConfigError(f"{path.name} is not a baseline file: create one with "
                          "`opmodel baseline FILE -o BASELINE`.")
    return {str(f["fingerprint"]) for f in data["findings"] if "fingerprint" in f}
