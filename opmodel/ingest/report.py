"""The import report: every non-empty cell is either in the model or listed here.

Codes carry a title and a description (frictionless style) so the docs can list them
and a non-programmer can read every message.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from opmodel.location import SourceRef


class Level(StrEnum):
    """Errors mean something in the workbook was not understood; warnings need a look."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class IssueCode(StrEnum):
    """Every kind of import problem, with a title and what to do about it."""

    INVALID_CODE = "invalid-code"
    CODE_NOT_IN_SCHEME = "code-not-in-scheme"
    NOTE_IN_CELL = "note-in-cell"
    UNKNOWN_TEAM = "unknown-team"
    UNKNOWN_SYSTEM = "unknown-system"
    UNKNOWN_ACTIVITY = "unknown-activity"
    UNKNOWN_VALUE = "unknown-value"
    INVALID_NUMBER = "invalid-number"
    MISSING_VALUE = "missing-value"
    DUPLICATE_NAME = "duplicate-name"
    DUPLICATE_ROW = "duplicate-row"
    UNASSIGNED_ACTIVITY = "unassigned-activity"
    SECTION_ROW = "section-row"
    NOTE_ROW = "note-row"
    JUNK_ROW = "junk-row"
    CODES_WITHOUT_ACTIVITY = "codes-without-activity"
    TEXT_ON_SECTION_ROW = "text-on-section-row"
    EXTRA_COLUMN = "extra-column"
    IGNORED_SHEET = "ignored-sheet"
    EMPTY_SHEET = "empty-sheet"
    NO_HEADER = "no-header"
    NO_ROLE_CELLS = "no-role-cells"
    SCHEME_GUESSED = "scheme-guessed"
    UNKNOWN_SETTING = "unknown-setting"
    MACROS_IGNORED = "macros-ignored"
    EXTERNAL_LINKS = "external-links"
    FORMATTING_SKIPPED = "formatting-skipped"
    SELF_REFERENCE = "self-reference"
    DECISION_INFERRED = "decision-inferred"
    TRANSPOSED_MATRIX = "transposed-matrix"
    QUALIFIED_ACTOR = "qualified-actor"
    UNNAMED_COLUMN = "unnamed-column"
    PLACEHOLDER_ACTOR = "placeholder-actor"
    IDLE_ACTOR = "idle-actor"

    @property
    def heading(self) -> str:
        """A short human title."""
        return _DOCS[self][0]

    @property
    def description(self) -> str:
        """What it means and what to do."""
        return _DOCS[self][1]


_DOCS: dict[IssueCode, tuple[str, str]] = {
    IssueCode.INVALID_CODE: ("Not a role code", "The cell holds text that is not a code of the matrix's scheme. Write codes such as R, A, C, I (several may be combined as A/R)."),
    IssueCode.CODE_NOT_IN_SCHEME: ("Letter outside the scheme", "The letter is a code in another scheme (for example D in DACI or RAPID). Set the scheme in a Settings sheet, name the sheet after the scheme, or pass --scheme."),
    IssueCode.NOTE_IN_CELL: ("Note kept aside", "Bracketed text that is not a code was read as a note; the codes beside it were imported."),
    IssueCode.UNKNOWN_TEAM: ("Unknown team", "The name is not in the Teams sheet. Fix the spelling or add the team to Teams; it was imported as an undeclared actor so its roles are not lost."),
    IssueCode.UNKNOWN_SYSTEM: ("Unknown system", "The name is not in the Systems sheet. Fix the spelling or add the system."),
    IssueCode.UNKNOWN_ACTIVITY: ("Unknown activity", "The name is not an activity of the model. Fix the spelling or add it to Activities or the RACI sheet."),
    IssueCode.UNKNOWN_VALUE: ("Value not recognised", "The value is not one of the allowed choices for this column; the default was used."),
    IssueCode.INVALID_NUMBER: ("Not a number", "The column expects a number (for example hours); the value was left empty."),
    IssueCode.MISSING_VALUE: ("Required value missing", "A required column is empty on this row, so the row was not imported."),
    IssueCode.DUPLICATE_NAME: ("Name used twice", "Two rows define the same name; the first is kept and the second is reported."),
    IssueCode.DUPLICATE_ROW: ("Activity listed twice", "The same activity label appears on two rows of the matrix; each row was kept as its own activity."),
    IssueCode.UNASSIGNED_ACTIVITY: ("Activity with no roles", "The row names an activity but assigns no one; it was imported without assignments."),
    IssueCode.SECTION_ROW: ("Section heading", "The row was read as a phase or section heading, not an activity; following activities carry it as their phase."),
    IssueCode.NOTE_ROW: ("Note below the table", "Text after the end of the matrix (a legend or a note) was not imported."),
    IssueCode.JUNK_ROW: ("Filler row", "The row holds only 'not involved' markers and no activity name; it was skipped."),
    IssueCode.CODES_WITHOUT_ACTIVITY: ("Codes without an activity", "The row has codes but no activity name, so its codes could not be imported. Add the activity's name."),
    IssueCode.TEXT_ON_SECTION_ROW: ("Text on a heading row", "A section heading row holds more text; it was kept as part of the heading."),
    IssueCode.EXTRA_COLUMN: ("Extra column kept", "The column is not one opmodel uses; its values were kept as extra attributes."),
    IssueCode.IGNORED_SHEET: ("Sheet ignored", "The sheet's name and contents match none of the sheets opmodel reads."),
    IssueCode.EMPTY_SHEET: ("Empty sheet", "The sheet has no rows below its header."),
    IssueCode.NO_HEADER: ("Header not found", "None of the top 10 rows holds the sheet's required columns; the sheet was skipped."),
    IssueCode.NO_ROLE_CELLS: ("Not-involved cells", "Cells marked as 'not involved' (N, -, n/a) were read as no role."),
    IssueCode.SCHEME_GUESSED: ("Scheme chosen", "How the matrix's scheme (RACI, RASCI, ...) was decided."),
    IssueCode.UNKNOWN_SETTING: ("Unknown setting", "The Settings sheet holds a key opmodel does not use; it was kept as an extra setting."),
    IssueCode.MACROS_IGNORED: ("Macros ignored", "The workbook contains macros; they were not run or read."),
    IssueCode.EXTERNAL_LINKS: ("External links", "The workbook links to other files; their last saved values were used."),
    IssueCode.FORMATTING_SKIPPED: ("Formatting not read", "The file is large, so bold and merged cells were not read; section rows were recognised by their text only."),
    IssueCode.SELF_REFERENCE: ("Refers to itself", "A handoff or escalation goes from a team to the same team."),
    IssueCode.DECISION_INFERRED: ("Decision read from its name", "The activity has no kind, and its name (approve, approval, sign-off, go/no-go, authorise, decide, accept, waive) says it is a decision, so the decision rules check it. Give it a kind (activity, decision, outcome) to say otherwise."),
    IssueCode.TRANSPOSED_MATRIX: ("Transposed matrix", "The matrix lists actors down its rows and activities across its columns; it was read that way round."),
    IssueCode.QUALIFIED_ACTOR: ("Actor named with its group", "The same name heads several columns under different group labels (a person's hats, or a template repeating names under Sponsor, Project Team ...); each column was read as its own actor, named 'Group / Name'."),
    IssueCode.UNNAMED_COLUMN: ("Column without a name", "A column inside the actor columns has no name in the header; it was ignored. Name it if it is an actor."),
    IssueCode.PLACEHOLDER_ACTOR: ("Unfilled placeholder", "The column's header is template text (Name or Role, [Name of person or department], Role 1) rather than an actor; it was not counted as an actor. Replace it with the team's or person's name."),
    IssueCode.IDLE_ACTOR: ("Actor without codes", "The column names an actor but holds no codes; the actor was kept (and the rules report it as idle)."),
}


@dataclass(frozen=True)
class ImportIssue:
    """One thing in the workbook that needs the user's attention."""

    code: IssueCode
    level: Level
    message: str
    where: SourceRef | None = None
    hint: str = ""

    def as_dict(self) -> dict[str, str | int | None]:
        """The JSON contract's ISSUE object."""
        where = self.where
        return {
            "sheet": where.sheet if where else None,
            "row": where.row if where else None,
            "column": where.column if where else None,
            "cell": where.cell if where and where.column else None,
            "code": self.code.value,
            "message": self.message + (f" {self.hint}" if self.hint else ""),
        }


@dataclass(frozen=True)
class SheetSummary:
    """What one sheet of the workbook was read as."""

    name: str
    role: str
    rows: int
    layout: str = ""
    header_row: int | None = None
    actors: int = 0


@dataclass(frozen=True)
class PhaseRow:
    """A section heading found in a matrix."""

    sheet: str
    row: int
    label: str


@dataclass
class ImportReport:
    """Everything the importer wants the user to know, in sheet order."""

    issues: list[ImportIssue] = field(default_factory=list)
    sheets: list[SheetSummary] = field(default_factory=list)
    phase_rows: list[PhaseRow] = field(default_factory=list)
    scheme_source: str = ""
    no_role_cells: dict[str, int] = field(default_factory=dict)

    def add(
        self, code: IssueCode, level: Level, message: str,
        where: SourceRef | None = None, hint: str = "",
    ) -> None:
        """Record one issue."""
        self.issues.append(ImportIssue(code, level, message, where, hint))

    @property
    def errors(self) -> list[ImportIssue]:
        """Issues where something in the workbook was not understood."""
        return [i for i in self.issues if i.level is Level.ERROR]

    @property
    def warnings(self) -> list[ImportIssue]:
        """Issues that were handled but deserve a look."""
        return [i for i in self.issues if i.level is Level.WARNING]

    def counts(self) -> Counter[str]:
        """Issue counts by code, for summaries."""
        return Counter(i.code.value for i in self.issues)

    def as_dict(self) -> dict[str, object]:
        """The JSON contract's ``import`` object (info lines go with warnings)."""
        return {
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.issues if i.level is not Level.ERROR],
            "sheets": [
                {"name": s.name, "role": s.role, "rows": s.rows, "layout": s.layout,
                 "header_row": s.header_row, "actors": s.actors}
                for s in self.sheets
            ],
            "phase_rows": [{"sheet": p.sheet, "row": p.row, "label": p.label}
                           for p in self.phase_rows],
        }
