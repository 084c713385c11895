"""Decisions read from activity names when the workbook gives no kind.

A plain matrix has no kind column, yet rows such as "Approval process" or "Go/no-go" are
decisions, and without that the decision rules never look at them. The words are matched
on word boundaries ("acceptance" is a decision word, "acceptable" and "reaccept" are not
read as one), in English only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from opmodel.model import Activity, ActivityKind

DECISION_WORDS = re.compile(
    r"\b(?:"
    r"approv(?:e|es|ed|ing|al|als)"
    r"|sign[\s-]?offs?|signs?[\s-]off|signed[\s-]off"
    r"|go\s*/\s*no[\s-]?go|go[\s-]no[\s-]go"
    r"|authori[sz](?:e|es|ed|ing|ation|ations)"
    r"|decid(?:e|es|ed|ing)|decisions?"
    r"|accept(?:s|ed|ing|ance)?"
    r"|waiv(?:e|es|ed|ing|er|ers)"
    r")\b",
    re.IGNORECASE,
)


def decision_word(name: str) -> str | None:
    """The word of a name that marks it as a decision, or None.

    >>> decision_word("Approval process"), decision_word("Go/no-go"), decision_word("Sign-off")
    ('Approval', 'Go/no-go', 'Sign-off')
    >>> decision_word("Unacceptable delays"), decision_word("Build release")
    (None, None)
    """
    match = DECISION_WORDS.search(name)
    return match.group(0) if match else None


def infer_decisions(activities: Iterable[Activity], kind_given: set[str]
                    ) -> Iterator[tuple[Activity, str]]:
    """Each activity without a stated kind whose name says it is a decision, as a copy of
    kind decision, with the word that said so."""
    for activity in activities:
        if activity.id in kind_given or activity.kind is not ActivityKind.ACTIVITY:
            continue
        word = decision_word(activity.name)
        if word is not None:
            yield activity.model_copy(update={"kind": ActivityKind.DECISION}), word
