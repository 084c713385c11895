"""Cross-sheet references: names typed in one sheet resolved to elements of another.

Names match case- and space-insensitively. A name that matches nothing is reported with
both locations and the closest candidate ("did you mean ..."), never silently guessed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from opmodel.ingest.report import ImportReport, IssueCode, Level
from opmodel.location import SourceRef
from opmodel.model import normalise_name


@dataclass
class NameIndex:
    """Elements of one kind, by normalised name (and by the id a user gave)."""

    kind: str
    ids: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # id -> display name
    sources: dict[str, SourceRef | None] = field(default_factory=dict)

    def add(self, key: str, element_id: str, name: str, source: SourceRef | None) -> None:
        """Register a name (or a user-given id) for an element."""
        self.add_normalised(normalise_name(key), element_id, name, source)

    def add_normalised(self, key: str, element_id: str, name: str,
                       source: SourceRef | None) -> None:
        """``add`` for a key already passed through ``normalise_name``."""
        self.ids.setdefault(key, element_id)
        self.names.setdefault(element_id, name)
        self.sources.setdefault(element_id, source)

    def get(self, name: str) -> str | None:
        """The id for a name, or None."""
        return self.ids.get(normalise_name(name))

    def __contains__(self, name: str) -> bool:
        """Whether a name resolves."""
        return normalise_name(name) in self.ids

    def suggest(self, name: str) -> str | None:
        """The closest known display name, when one is close enough to be a typo."""
        keys = list(self.ids)
        match = difflib.get_close_matches(normalise_name(name), keys, n=1, cutoff=0.6)
        return self.names[self.ids[match[0]]] if match else None

    def resolve(
        self, name: str, where: SourceRef, report: ImportReport, code: IssueCode,
        level: Level = Level.ERROR, consequence: str = "",
    ) -> str | None:
        """The id for a name; when unknown, report it with a suggestion and return None."""
        found = self.get(name)
        if found is not None:
            return found
        suggestion = self.suggest(name)
        hint = ""
        if suggestion is not None:
            known_at = self.sources.get(self.get(suggestion) or "")
            at = f" ({known_at})" if known_at else ""
            hint = f"Did you mean '{suggestion}'{at}?"
        report.add(
            code, level,
            f"{self.kind.capitalize()} '{name}' ({where}) is not in the model.{consequence}",
            where, hint,
        )
        return None
