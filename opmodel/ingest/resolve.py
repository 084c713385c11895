"""Cross-sheet references: names typed in one sheet resolved to elements of another.

Names match case- and space-insensitively. A name that matches nothing is reported with
both locations and the closest candidate ("did you mean ..."), never silently guessed.

Suggestions come from a trigram index built once per import (extended when names are
added later), not from a close-match scan of every name per unresolved name: at 20,000
activities that scan cost 0.55 s a name, so 100 typos took a minute. Only the few names
sharing the most trigrams are compared in full, trigrams common to very many names are
skipped, and the number of suggestions per import is capped.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from opmodel.ingest.report import ImportReport, IssueCode, Level
from opmodel.location import SourceRef
from opmodel.model import normalise_name

CUTOFF = 0.6  # difflib's ratio a suggestion needs (as get_close_matches' default)
CANDIDATES = 20  # names compared in full per suggestion
MAX_POSTINGS = 2_000  # a trigram shared by more names says nothing about a typo
MAX_SUGGESTIONS = 1_000  # distinct unresolved names that get a suggestion per import
MAX_NAME = 200  # characters of a name used for suggestions


def _grams(key: str) -> list[str]:
    """Overlapping three-character pieces of a padded key (short names get some too)."""
    padded = f"  {key} "
    return [padded[i:i + 3] for i in range(len(padded) - 2)]


@dataclass
class NameIndex:
    """Elements of one kind, by normalised name (and by the id a user gave)."""

    kind: str
    ids: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # id -> display name
    sources: dict[str, SourceRef | None] = field(default_factory=dict)
    _trigrams: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    _indexed: int = 0  # how many keys of ``ids`` the trigram index holds
    _suggested: dict[str, str | None] = field(default_factory=dict)

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
        """The closest known display name, when one is close enough to be a typo.

        Bounded: at most MAX_SUGGESTIONS distinct names get one per import, each compared
        in full with at most CANDIDATES names.
        """
        key = normalise_name(name)[:MAX_NAME]
        if key in self._suggested:
            return self._suggested[key]
        if len(self._suggested) >= MAX_SUGGESTIONS:
            return None
        self._index_new_keys()
        shared: Counter[str] = Counter()
        for gram in set(_grams(key)):
            postings = self._trigrams.get(gram, ())
            if len(postings) <= MAX_POSTINGS:
                shared.update(postings)
        matcher = difflib.SequenceMatcher(b=key)
        best, best_ratio = None, CUTOFF
        for candidate, _ in shared.most_common(CANDIDATES):
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio:
                ratio = matcher.ratio()
                if ratio > best_ratio or (ratio == best_ratio and best is None):
                    best, best_ratio = candidate, ratio
        found = self.names[self.ids[best]] if best is not None else None
        self._suggested[key] = found
        return found

    def _index_new_keys(self) -> None:
        if self._indexed == len(self.ids):
            return
        for key in list(self.ids)[self._indexed:]:
            for gram in set(_grams(key[:MAX_NAME])):
                self._trigrams[gram].append(key)
        self._indexed = len(self.ids)

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
