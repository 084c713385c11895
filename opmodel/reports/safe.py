"""Making user text safe in every output format.

Names come from other people's spreadsheets, so they may hold markup (``<img onerror>``),
markdown, or spreadsheet formulas (``=HYPERLINK(...)``).
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def neutralise(value: object) -> object:
    """A spreadsheet cell that can never be read as a formula (OWASP CSV injection).

    >>> neutralise("=1+1"), neutralise("-"), neutralise("Sales"), neutralise(3)
    ("'=1+1", "'-", 'Sales', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """Undo ``neutralise`` when a neutralised export is imported again.

    >>> unneutralise("'=1+1"), unneutralise("'quoted'")
    ('=1+1', "'quoted'")
    """
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def markdown(text: object) -> str:
    """Text that renders literally in markdown (tables included).

    >>> markdown("<b>Ops|IT</b>")
    '\\\\<b\\\\>Ops\\\\|IT\\\\</b\\\\>'
    """
    return plain(_MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " "))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: object) -> str:
    """Text with control characters (terminal escapes, bells, NULs) made visible as '�':
    a name must not clear a terminal or break an XML parser.

    >>> plain("Ops\\x1b[2J\\x07Team\\x00")
    'Ops�[2J�Team�'
    """
    return _CONTROL.sub("\ufffd", str(text))
