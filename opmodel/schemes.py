"""RACI-family schemes and the parsing of the codes people type into matrix cells.

Letters mean different things in different schemes (D is "driver" in DACI and "decide"
in RAPID), so cells are parsed into letters first and mapped to canonical roles only
once the scheme is known. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """Canonical meanings; the rules speak only these."""

    ACCOUNTABLE = "accountable"
    RESPONSIBLE = "responsible"
    SUPPORT = "support"
    CONSULTED = "consulted"
    INFORMED = "informed"
    VERIFIER = "verifier"
    RECOMMENDS = "recommends"
    AGREES = "agrees"
    OUT_OF_LOOP = "out_of_loop"


class Scheme(StrEnum):
    """The responsibility-matrix conventions opmodel reads."""

    RACI = "raci"
    RASCI = "rasci"
    RACI_VS = "raci-vs"
    CAIRO = "cairo"
    DACI = "daci"
    RAPID = "rapid"
    D_RASCI = "d-rasci"


_BASE = {"A": Role.ACCOUNTABLE, "R": Role.RESPONSIBLE, "C": Role.CONSULTED, "I": Role.INFORMED}

SCHEME_LETTERS: dict[Scheme, dict[str, Role]] = {
    Scheme.RACI: dict(_BASE),
    Scheme.RASCI: {**_BASE, "S": Role.SUPPORT},
    Scheme.RACI_VS: {**_BASE, "V": Role.VERIFIER, "S": Role.VERIFIER},
    Scheme.CAIRO: {**_BASE, "O": Role.OUT_OF_LOOP},
    Scheme.DACI: {
        "D": Role.RESPONSIBLE, "A": Role.ACCOUNTABLE, "C": Role.CONSULTED, "I": Role.INFORMED,
    },
    Scheme.RAPID: {
        "D": Role.ACCOUNTABLE, "P": Role.RESPONSIBLE, "I": Role.CONSULTED,
        "R": Role.RECOMMENDS, "A": Role.AGREES,
    },
    # D-RASCI adds a driver (D, who pushes the work along) to RASCI; the driver does the
    # work as DACI's driver does, so it reads as responsible. R is listed first so that the
    # canonical export writes responsible as R.
    Scheme.D_RASCI: {**_BASE, "S": Role.SUPPORT, "D": Role.RESPONSIBLE},
}

# Schemes a matrix is read in automatically when all its letters are the scheme's, not all
# RACI's, and it uses the scheme's telling letter: a D, A, C, I matrix is DACI; a RAPID one
# has P (an R, A, D matrix is more likely RACI with a stray D than RAPID without perform).
AUTO_SCHEMES: dict[Scheme, str] = {Scheme.DACI: "D", Scheme.RAPID: "P"}

# The letter each canonical role is written as when a model is exported canonically.
CANONICAL_LETTER: dict[Scheme, dict[Role, str]] = {
    scheme: {role: letter for letter, role in reversed(letters.items())}
    for scheme, letters in SCHEME_LETTERS.items()
}

# Words people write instead of letters (by-letter headers, legends).
ROLE_WORDS: dict[str, str] = {
    "responsible": "R", "accountable": "A", "consulted": "C", "consult": "C",
    "informed": "I", "inform": "I", "support": "S", "supportive": "S", "verifier": "V",
    "verify": "V", "signoff": "S", "driver": "D", "approver": "A", "contributor": "C",
    "decide": "D", "perform": "P", "input": "I", "recommend": "R", "agree": "A",
    "outoftheloop": "O",
}

ALL_LETTERS = frozenset("".join("".join(m) for m in SCHEME_LETTERS.values()))

# Cells that mean "no role here" (N is "not involved" in many templates).
_RUN_TOGETHER = frozenset("ARCISV")

NO_ROLE_TOKENS = frozenset({"", "-", "–", "—", "/", "n/a", "na", "n", "none"})

_BRACKET = re.compile(r"\(([^()]*)\)")
_SPLIT = re.compile(r"[\s/,;+&|]+")
_MARKDOWN = re.compile(r"\*\*|__")


def parse_scheme(text: str) -> Scheme | None:
    """A scheme from user text ("RACI-VS", "rasci", "RAPID matrix"); None when unknown.

    >>> parse_scheme("RACI VS"), parse_scheme("Rapid"), parse_scheme("Sheet1")
    (<Scheme.RACI_VS: 'raci-vs'>, <Scheme.RAPID: 'rapid'>, None)
    >>> parse_scheme("D-RASCI"), parse_scheme("RASCI")
    (<Scheme.D_RASCI: 'd-rasci'>, <Scheme.RASCI: 'rasci'>)
    """
    key = re.sub(r"[^a-z]", "", text.casefold())
    for scheme in sorted(Scheme, key=lambda s: -len(s.value)):
        if key.startswith(scheme.value.replace("-", "")):
            return scheme
    return None


@dataclass(frozen=True)
class ParsedCell:
    """What one matrix cell says: its code letters (in order), and what was not a code."""

    letters: tuple[str, ...] = ()
    no_role: str | None = None  # the "not involved" token, when the cell is one
    invalid: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def is_code_like(self) -> bool:
        """True when the cell reads as a matrix cell (codes or an explicit no-role)."""
        return not self.invalid and (bool(self.letters) or self.no_role is not None)


def strip_markdown(text: str) -> str:
    """Remove markdown bold/code markers people paste from wiki tables.

    >>> strip_markdown("**Planning**"), strip_markdown("`A`"), strip_markdown("Ops`x")
    ('Planning', 'A', 'Ops`x')
    """
    text = _MARKDOWN.sub("", text).strip()
    if len(text) > 1 and text.startswith("`") and text.endswith("`"):
        text = text[1:-1].strip()
    return text


def _letters_of(token: str) -> tuple[str, ...] | None:
    """Letters of a token like ``A``, ``ar`` or ``RA``; None when it is not a code."""
    upper = token.upper()
    if not upper.isascii() or not upper.isalpha():
        return None
    if len(upper) == 1:
        return (upper,)
    # Run-together codes ("AR", "RA", "CI") only from the common letters, without repeats
    # and at most three, so that headers and words ("RACI", "CPA", "QA") are not codes.
    if len(upper) <= 3 and set(upper) <= _RUN_TOGETHER and len(set(upper)) == len(upper):
        return tuple(upper)
    return None


def parse_codes(value: str) -> ParsedCell:
    """Parse a matrix cell into code letters.

    Letters are returned as written (upper-cased); whether they belong to the scheme is
    decided by the caller, so a D in a RACI sheet can be reported rather than lost.

    >>> parse_codes("A / R").letters, parse_codes("r, c").letters, parse_codes("AR").letters
    (('A', 'R'), ('R', 'C'), ('A', 'R'))
    >>> parse_codes("R (Build)").letters, parse_codes("R (Build)").notes
    (('R',), ('Build',))
    >>> parse_codes("(A, R)").letters, parse_codes("**A**").letters, parse_codes("N").no_role
    (('A', 'R'), ('A',), 'N')
    >>> parse_codes("Maybe").invalid
    ('Maybe',)
    """
    text = strip_markdown(value)
    if text.casefold() in NO_ROLE_TOKENS:
        return ParsedCell(no_role=text)
    letters: list[str] = []
    invalid: list[str] = []
    notes: list[str] = []

    def take(fragment: str, into_notes: bool) -> None:
        tokens = [t for t in _SPLIT.split(fragment) if t]
        parsed = [_letters_of(t) for t in tokens]
        if into_notes and not all(parsed):
            notes.append(fragment.strip())
            return
        for token, token_letters in zip(tokens, parsed, strict=True):
            if token_letters is None:
                if token.casefold() not in NO_ROLE_TOKENS:
                    invalid.append(token)
            else:
                letters.extend(token_letters)

    remainder = _BRACKET.sub(" ", text)
    take(remainder, into_notes=False)
    for inner in _BRACKET.findall(text):
        take(inner, into_notes=True)
    unique = tuple(dict.fromkeys(letters))
    return ParsedCell(letters=unique, invalid=tuple(invalid), notes=tuple(notes))


def split_names(value: str) -> list[str]:
    """Split a cell that lists people or teams, keeping bracketed codes with their name.

    >>> split_names("Alex (I), Samuel (I); Syon")
    ['Alex (I)', 'Samuel (I)', 'Syon']
    """
    parts: list[str] = []
    depth = 0
    current = ""
    for char in value:
        depth += (char == "(") - (char == ")")
        if char in ",;\n" and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


_NAMED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<codes>[^()]*)\)\s*$")


def parse_named(token: str) -> tuple[str, tuple[str, ...]]:
    """Split ``"Alex (A, R)"`` into its name and code letters (empty when no codes).

    >>> parse_named("Alex (A, R)"), parse_named("Ben(I)"), parse_named("Support team")
    (('Alex', ('A', 'R')), ('Ben', ('I',)), ('Support team', ()))
    """
    match = _NAMED.match(token)
    if match:
        cell = parse_codes(f"({match['codes']})")
        if cell.letters and not cell.notes:
            return match["name"].strip(), cell.letters
    return token.strip(), ()
