"""The typed operating model: what the workbook says, validated, with no I/O.

Every element keeps the SourceRef it came from (excluded from equality and dumps, so a
model re-imported from its canonical export compares equal to the original).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field

from opmodel.location import SourceRef
from opmodel.schemes import Role, Scheme


def normalise_name(name: str) -> str:
    """The key names are matched by: casefolded, trimmed, inner whitespace collapsed.

    >>> normalise_name("  Customer   SERVICE ")
    'customer service'
    """
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


_LATIN_MARKS = re.compile(r"(?<=[a-z0-9])[\u0300-\u036f]+")
_NOT_WORD = re.compile(r"[\W_]+")


def slug(name: str) -> str:
    """A readable id fragment for a name, in the name's own script.

    Accents are dropped from Latin letters only; other scripts stay as written (an id made
    of Cyrillic names is readable, and not the same placeholder for every name, which made
    de-duplicating ids quadratic).

    >>> slug("Customer Service (EU)"), slug("Café Crème"), slug("Служба доставки"), slug("!!")
    ('customer-service-eu', 'cafe-creme', 'служба-доставки', 'x')
    """
    text = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", normalise_name(name)))
    return _NOT_WORD.sub("-", unicodedata.normalize("NFC", text)).strip("-") or "x"


def journey_id(name: str) -> str:
    """The node id of a journey, the same whether the Journeys sheet or Activities names it.

    >>> journey_id("Online order")
    'journey:online-order'
    """
    return f"journey:{slug(name)}"


Source = Annotated[SourceRef | None, Field(default=None, exclude=True)]
Extra = Annotated[dict[str, str], Field(default_factory=dict)]


_DEFAULTS: dict[type, dict[str, Any]] = {}
_FIELDS_SET: dict[tuple[str, ...], set[str]] = {}


class OpBase(BaseModel):
    """Immutable, strict base for every domain object."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """Build from values the importer has already checked and coerced cell by cell
        (reporting each problem with its location), skipping pydantic's second pass.

        That pass cost 11 µs an object: 4 s of a 100,000-activity import. Missing fields
        take their defaults, exactly as with validation.

        >>> Team.trusted(id="team:a", name="A") == Team(id="team:a", name="A")
        True
        """
        defaults = _DEFAULTS.get(cls)
        if defaults is None:
            defaults = _DEFAULTS[cls] = {
                name: info for name, info in cls.__pydantic_fields__.items()
                if not info.is_required()}
        data = dict(values)
        for name, info in defaults.items():
            if name not in data:
                data[name] = info.get_default(call_default_factory=True)
        obj = cls.__new__(cls)
        object.__setattr__(obj, "__dict__", data)
        # One set per combination of given fields, shared (~110 MB less at 100k): frozen
        # models never add to it, and pydantic copies it before a model_copy updates it.
        names = tuple(values)
        fields_set = _FIELDS_SET.get(names)
        if fields_set is None:
            fields_set = _FIELDS_SET[names] = set(names)
        object.__setattr__(obj, "__pydantic_fields_set__", fields_set)
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", None)
        return obj


class TeamKind(StrEnum):
    """What sort of actor a row of Teams describes."""

    TEAM = "team"
    ROLE = "role"
    COMMITTEE = "committee"
    LEADER = "leader"
    VENDOR = "vendor"


class Authority(StrEnum):
    """Whether the actor can decide, or only advise."""

    DECISION = "decision"
    ADVISORY = "advisory"


class ActivityKind(StrEnum):
    """Activities are work; decisions need a decider; outcomes are fed by activities."""

    ACTIVITY = "activity"
    DECISION = "decision"
    OUTCOME = "outcome"


class AccessLevel(StrEnum):
    """Access of a team to a system."""

    READ = "read"
    WRITE = "write"
    NONE = "none"


class RightLevel(StrEnum):
    """Decision-right levels, strongest first."""

    DECIDE = "decide"
    APPROVE = "approve"
    VETO = "veto"
    RECOMMEND = "recommend"
    INPUT = "input"


class MetricType(StrEnum):
    """What a metric measures: a balanced pack mixes customer, efficiency and control."""

    CUSTOMER = "customer"
    EFFICIENCY = "efficiency"
    QUALITY = "quality"
    FINANCIAL = "financial"
    CONTROL = "control"


_CURRENCIES = {"€": "EUR", "£": "GBP", "$": "USD", "eur": "EUR", "euro": "EUR", "euros": "EUR",
               "gbp": "GBP", "usd": "USD", "chf": "CHF", "dollars": "USD", "pounds": "GBP"}
_DURATIONS = {"h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
              "d": "days", "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
              "min": "minutes", "mins": "minutes", "minutes": "minutes"}
_LIMIT = re.compile(
    r"(?P<pre>[€£$])?\s*(?P<num>\d[\d\s,.']*\d|\d)\s*(?:(?P<scale>k|m)(?![a-z]))?\s*"
    r"(?P<unit>[€£$]|[a-z]+)?", re.IGNORECASE)


def parse_limit(text: str | None) -> tuple[float | None, str | None]:
    """The amount and unit a free-text limit states, when it states one.

    >>> parse_limit("up to 50 EUR"), parse_limit("£200"), parse_limit("2 days")
    ((50.0, 'EUR'), (200.0, 'GBP'), (2.0, 'days'))
    >>> parse_limit("refunds up to 1,500"), parse_limit("within policy")
    ((1500.0, None), (None, None))
    >>> parse_limit("50EUR"), parse_limit("1.5k €"), parse_limit("30 min")
    ((50.0, 'EUR'), (1500.0, 'EUR'), (30.0, 'minutes'))
    """
    if not text:
        return None, None
    match = _LIMIT.search(text)
    if match is None:
        return None, None
    raw = re.sub(r"[\s']", "", match["num"])
    if re.fullmatch(r"\d{1,3}([,.]\d{3})+", raw):
        raw = re.sub(r"[,.]", "", raw)  # thousands separators
    try:
        amount = float(raw.replace(",", "."))
    except ValueError:
        return None, None
    amount *= {"k": 1e3, "m": 1e6}.get((match["scale"] or "").casefold(), 1)
    word = (match["unit"] or "").casefold()
    unit = (_CURRENCIES.get(match["pre"] or "") or _CURRENCIES.get(word)
            or _DURATIONS.get(word))
    return amount, unit


class Team(OpBase):
    """A team, role, committee, leader or vendor: anyone who can hold a role."""

    id: str
    name: str
    kind: TeamKind = TeamKind.TEAM
    authority: Authority = Authority.DECISION
    # True when the Teams sheet's authority cell says so (not the default for the kind):
    # a stated "decision" is authority enough, without a Decision Rights row (OWN004).
    authority_stated: Annotated[bool, Field(default=False, exclude=True)]
    customer_facing: bool = False
    parent: str | None = None
    function: str | None = None
    # Other names the team goes by (in ticket systems, event logs).
    aliases: tuple[str, ...] = ()
    extra: Extra
    source: Source


class System(OpBase):
    """An application or data store."""

    id: str
    name: str
    owner: str | None = None
    data: tuple[str, ...] = ()
    system_of_record: tuple[str, ...] = ()
    customer_data: bool = False
    extra: Extra
    source: Source


class Access(OpBase):
    """A team's access to a system."""

    team: str
    system: str
    level: AccessLevel
    source: Source


class Activity(OpBase):
    """A step of work, a decision, or an outcome."""

    id: str
    name: str
    journey: str | None = None
    step: float | None = None
    kind: ActivityKind = ActivityKind.ACTIVITY
    uses: tuple[str, ...] = ()
    customer_facing: bool | None = None
    inputs: tuple[str, ...] = ()
    phase: str | None = None
    extra: Extra
    source: Source


class Assignment(OpBase):
    """One role of one team on one activity, as a matrix cell says."""

    activity: str
    team: str
    role: Role
    code: str
    source: Source


class Handoff(OpBase):
    """A transition of work between teams (declared in Handoffs)."""

    source_team: str
    target_team: str
    activity: str | None = None
    journey: str | None = None
    owner: str | None = None
    sla_hours: float | None = None
    extra: Extra
    source: Source


class Escalation(OpBase):
    """Where an unresolved issue goes, from a team or an activity, and how fast."""

    source_id: str
    target_team: str
    trigger: str | None = None
    time_limit_hours: float | None = None
    extra: Extra
    source: Source


class DecisionRight(OpBase):
    """A team's right over a decision, and the limit of it as written (with the amount and
    unit read from that text, when it states them)."""

    team: str
    decision: str
    level: RightLevel = RightLevel.DECIDE
    limit: str | None = None
    limit_amount: float | None = None
    limit_unit: str | None = None
    source: Source
    limit_source: Source


class Journey(OpBase):
    """A customer journey (value stream), its end-to-end owner and its promise.

    Journeys named only in Activities exist too; this row adds what the Journeys sheet says.
    """

    id: str
    name: str
    owner: str | None = None
    promise_hours: float | None = None
    volume: float | None = None
    description: str | None = None
    extra: Extra
    source: Source


class Metric(OpBase):
    """A KPI, its owner, and the decision or activity it should drive."""

    id: str
    name: str
    owner: str | None = None
    activity: str | None = None
    journey: str | None = None
    type: MetricType | None = None
    target: str | None = None
    extra: Extra
    source: Source


class Rename(OpBase):
    """An element renamed between two versions of a model (a target's Renames sheet), so
    that a comparison does not read it as one element removed and another added."""

    old: str
    new: str
    kind: str | None = None
    source: Source


class OperatingModel(OpBase):
    """The whole model. Ids are namespaced (``team:sales``) and unique per kind."""

    id: str
    name: str
    scheme: Scheme = Scheme.RACI
    teams: tuple[Team, ...] = ()
    systems: tuple[System, ...] = ()
    access: tuple[Access, ...] = ()
    activities: tuple[Activity, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    handoffs: tuple[Handoff, ...] = ()
    escalations: tuple[Escalation, ...] = ()
    decision_rights: tuple[DecisionRight, ...] = ()
    metrics: tuple[Metric, ...] = ()
    journeys: tuple[Journey, ...] = ()
    settings: dict[str, str] = Field(default_factory=dict)
    renames: tuple[Rename, ...] = ()
    # Which kinds of sheet the workbook provided, so rules can say "not assessed".
    provided: frozenset[str] = frozenset()

    def counts(self) -> dict[str, int]:
        """Element counts for the JSON contract."""
        return {
            "teams": len(self.teams), "systems": len(self.systems),
            "activities": len(self.activities), "assignments": len(self.assignments),
            "handoffs": len(self.handoffs), "escalations": len(self.escalations),
            "metrics": len(self.metrics),
        }

    def content(self) -> dict[str, object]:
        """Everything but source locations and bookkeeping: what equality of models means.

        Relations (assignments, access, rights) are compared as sets: their row order in
        the workbook carries no meaning. Elements keep their order (journeys do).
        """
        content = self.model_dump(exclude={"id", "provided"})
        for relation in ("assignments", "access", "decision_rights"):
            content[relation] = sorted(content[relation], key=repr)
        return content
