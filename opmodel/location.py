"""The one location type threaded from the reader to every finding.

A user acts on a finding by opening the spreadsheet, so every location is physical:
the sheet's name, the spreadsheet's own 1-based row number and the column letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=4096)
def column_letter(index: int) -> str:
    """Spreadsheet column letter for a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(701)
    ('A', 'Z', 'AA', 'ZZ')
    """
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a value came from: sheet, row (1-based), column letter, cell and header.

    A plain slotted dataclass, not a pydantic model: a large matrix creates millions.
    """

    sheet: str
    row: int
    column: str = ""
    header: str = ""

    @property
    def cell(self) -> str:
        """The A1-style reference, or the row alone when the whole row is meant."""
        return f"{self.column}{self.row}" if self.column else str(self.row)

    def __str__(self) -> str:
        """``Handoffs!B7`` (or ``Handoffs!7`` for a whole row)."""
        return f"{self.sheet}!{self.cell}"

    def as_dict(self) -> dict[str, str | int]:
        """The JSON contract's location object."""
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "cell": self.cell}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> SourceRef:
        """Back from the JSON contract's location object (reports read the contract).

        >>> str(SourceRef.from_dict({"sheet": "RACI", "row": 7, "column": "B"}))
        'RACI!B7'
        """
        return cls(sheet=str(data.get("sheet") or ""), row=int(str(data.get("row") or 0)),
                   column=str(data.get("column") or ""))

    @classmethod
    def at(cls, sheet: str, row_index: int, col_index: int | None, header: str = "") -> SourceRef:
        """Build from 0-based indices as readers return them."""
        column = column_letter(col_index) if col_index is not None else ""
        return cls(sheet=sheet, row=row_index + 1, column=column, header=header)


def column_number(letters: str) -> int:
    """1-based column number of a column letter.

    >>> column_number("A"), column_number("AA")
    (1, 27)
    """
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number
