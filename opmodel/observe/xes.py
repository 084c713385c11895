"""XES (IEEE 1849) event logs, streamed with a hardened parser.

defusedxml refuses DTDs and entities outright (no entity expansion, no external fetch);
elements are cleared as soon as a trace is read, so memory stays bounded by one trace plus
the columns collected, and counts and value lengths are checked as they stream.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from opmodel.errors import UnreadableFileError, UnsafeFileError

KEYS = ("concept:name", "time:timestamp", "org:group", "org:resource")
COLUMNS = ("case:concept:name", *KEYS)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_xes(path: Path, max_events: int, max_value_chars: int) -> pl.DataFrame:
    """Events of an XES file as text columns ``case:concept:name``, ``time:timestamp``,
    ``org:group``, ``org:resource``, ``concept:name``."""
    data: dict[str, list[str | None]] = {c: [] for c in COLUMNS}
    case: str | None = None
    event: dict[str, str] | None = None
    depth = 0
    try:
        for kind, element in iterparse(str(path), events=("start", "end"), forbid_dtd=True,
                                       forbid_entities=True, forbid_external=True):
            tag = _local(element.tag)
            if kind == "start":
                depth += 1
                if depth > 64:
                    raise UnsafeFileError(f"{path.name} nests XML deeper than 64 levels: it "
                                          "is not an XES log.")
                if tag == "event":
                    event = {}
                elif tag == "trace":
                    case = None
                continue
            depth -= 1
            if tag in {"string", "date", "int", "float", "id"}:
                key, value = element.get("key"), element.get("value")
                if value is not None and len(value) > max_value_chars:
                    raise UnsafeFileError(f"{path.name}: an attribute value is longer than "
                                          f"{max_value_chars:,} characters; not an event log.")
                if event is not None and key in KEYS:
                    event[key] = value or ""
                elif event is None and key == "concept:name":
                    case = value
            elif tag == "event" and event is not None:
                data["case:concept:name"].append(case)
                for key in KEYS:
                    data[key].append(event.get(key))
                event = None
                if len(data["time:timestamp"]) > max_events:
                    raise UnsafeFileError(f"{path.name} holds more than {max_events:,} events, "
                                          "the limit for one log: export a shorter period.")
            elif tag == "trace":
                element.clear()
    except (DefusedXmlException, SyntaxError) as exc:  # ParseError is a SyntaxError
        raise UnsafeFileError(f"{path.name} is not a well-formed, entity-free XES file "
                              f"({str(exc).splitlines()[0][:80]}): export it again.") from exc
    if not data["time:timestamp"]:
        raise UnreadableFileError(f"{path.name} holds no XES events: export the log as XES, "
                                  "CSV, XLSX or Parquet.")
    if not any(data["org:group"]):
        data.pop("org:group")
    return pl.DataFrame(data, schema=dict.fromkeys(data, pl.String))
