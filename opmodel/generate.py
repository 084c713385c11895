"""Deterministic synthetic operating models, for benchmarks and property tests.

Benchmarks (DESIGN §7) need workbooks of 100,000 activities and property tests need many
small ones. Both need the same spec to give the same rows, so every choice below comes from
one ``random.Random(seed)`` consumed in a fixed order, and only lists and insertion-ordered
dicts are iterated (never sets of strings, whose order changes between processes).

The models look like what org designers keep: journeys of 5-15 steps, mostly one
accountable and one or two responsible teams per activity, a reporting hierarchy, advisory
committees, systems holding data domains. A share of rows (``defect_rate``) carries a
deliberate defect so that the rules have something to find.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, get_args

import xlsxwriter

from opmodel.sheets import READ_SHEETS
from opmodel.sheets import SHEETS as _SPEC

Layout = Literal["wide", "long", "by-letter"]
Rows = list[list[object]]

SHEETS: tuple[str, ...] = tuple(spec.title for spec in READ_SHEETS if spec.in_template)

PROGRESS_EVERY = 10_000

# name, kind, customer_facing, function. Kinds and functions are fixed so that small models
# always hold a leader, decision-making teams, committees and vendors; past the end of the
# list the names repeat with a number ("Customer Service 2"). The first, a leader with
# decision authority, is the root of the reporting tree, so there is always a decider.
_TEAMS: tuple[tuple[str, str, bool, str], ...] = (
    ("Chief Operating Officer", "leader", False, "Executive"),
    ("Customer Service", "team", True, "Operations"),
    ("Sales", "team", True, "Commercial"),
    ("Fulfilment", "team", False, "Operations"),
    ("Billing", "team", False, "Finance"),
    ("CX Council", "committee", False, "Governance"),
    ("Onboarding", "team", True, "Operations"),
    ("Logistics Partner", "vendor", False, "Operations"),
    ("Returns", "team", True, "Operations"),
    ("Finance", "team", False, "Finance"),
    ("IT Service Desk", "team", False, "Technology"),
    ("Complaints", "team", True, "Operations"),
    ("Marketing", "team", False, "Commercial"),
    ("Risk and Compliance", "team", False, "Risk"),
    ("Contact Centre Partner", "vendor", True, "Operations"),
    ("Product", "team", False, "Technology"),
    ("Pricing Board", "committee", False, "Governance"),
    ("Collections", "team", True, "Finance"),
    ("Field Service", "team", True, "Operations"),
    ("Account Management", "team", True, "Commercial"),
    ("Data Office", "team", False, "Technology"),
    ("Legal", "team", False, "Risk"),
    ("Procurement", "team", False, "Finance"),
    ("Change Board", "committee", False, "Governance"),
)

_SYSTEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("CRM", ("customer", "tickets")),
    ("Order Management", ("orders", "customer")),
    ("Billing Platform", ("billing", "payments", "customer")),
    ("Warehouse Management", ("inventory", "shipments")),
    ("Ticketing", ("tickets", "customer")),
    ("E-commerce Platform", ("orders", "products", "customer")),
    ("ERP", ("billing", "inventory", "products")),
    ("Payments Gateway", ("payments",)),
    ("Data Warehouse", ("customer", "orders", "billing", "tickets")),
    ("Contract Repository", ("contracts", "customer")),
    ("Field Service App", ("tickets", "shipments")),
    ("Product Catalogue", ("products",)),
)

# In the order they happen, so a journey's steps read as a plausible sequence.
_VERBS = (
    "Receive", "Verify", "Review", "Assess", "Approve", "Authorise", "Prepare", "Schedule",
    "Ship", "Invoice", "Record", "Notify", "Resolve", "Confirm", "Close",
)  # fmt: skip
_DECISION_VERBS = frozenset({"Approve", "Assess", "Authorise"})
_CUSTOMER_VERBS = frozenset({"Receive", "Notify", "Resolve", "Confirm"})
_OBJECTS = (
    "order", "refund", "complaint", "invoice", "payment", "account", "shipment", "contract",
    "ticket", "claim", "return", "quote", "request", "credit limit", "address change",
)  # fmt: skip
_TRIGGERS = (
    "SLA breach", "Customer complaint", "Refund above limit", "Unresolved after 2 contacts",
    "Regulatory risk", "Repeat failure",
)  # fmt: skip
_METRICS = ("NPS", "CSAT", "Cycle time", "First contact resolution", "Cost to serve")
# metric -> (type, target): a balanced pack mixes customer, efficiency and financial measures
_METRIC_KINDS = {"NPS": ("customer", "+30"), "CSAT": ("customer", "85%"),
                 "Cycle time": ("efficiency", "48 h"),
                 "First contact resolution": ("customer", "75%"),
                 "Cost to serve": ("financial", "EUR 12")}
_SLA_HOURS = (4, 8, 24, 48, 72)
_TIME_LIMITS = (2, 4, 8, 24, 48)
_LIMITS = (None, "EUR 1,000", "EUR 10,000", "EUR 50,000")
_ROLE_ORDER = "ARCI"
# A fixed creation time makes the same spec give a byte-identical file.
_CREATED = datetime(2000, 1, 1)


@dataclass(frozen=True)
class GeneratorSpec:
    """What to generate; ``None`` counts scale with the others."""

    activities: int = 1000
    teams: int = 20
    systems: int | None = None  # default: max(5, teams // 2)
    handoffs: int | None = None  # default: activities // 5
    seed: int = 0
    layout: Layout = "wide"
    defect_rate: float = 0.05  # share of rows/edges given a deliberate defect

    def __post_init__(self) -> None:
        if self.activities < 1 or self.teams < 1:
            raise ValueError("activities and teams must be at least 1")
        if (self.systems is not None and self.systems < 0) or (
            self.handoffs is not None and self.handoffs < 0
        ):
            raise ValueError("systems and handoffs must not be negative")
        if not 0.0 <= self.defect_rate <= 1.0:
            raise ValueError("defect_rate must be between 0 and 1")
        if self.layout not in get_args(Layout):
            raise ValueError(f"layout must be one of {get_args(Layout)}, not {self.layout!r}")

    @property
    def system_count(self) -> int:
        """Systems to generate, resolving the default."""
        return max(5, self.teams // 2) if self.systems is None else self.systems

    @property
    def handoff_count(self) -> int:
        """Handoffs to generate, resolving the default."""
        return self.activities // 5 if self.handoffs is None else self.handoffs


@dataclass(frozen=True, slots=True)
class _Team:
    name: str
    kind: str
    customer_facing: bool
    function: str
    parent: int | None

    @property
    def authority(self) -> str:
        return "advisory" if self.kind in ("committee", "vendor") else "decision"


@dataclass(slots=True)
class _Activity:
    name: str
    journey: int
    step: int
    kind: str
    uses: list[int]
    customer_facing: bool
    roles: dict[int, str] = field(default_factory=dict)  # team index -> letters in ARCI order

    def holders(self, letter: str) -> list[int]:
        return [team for team, letters in self.roles.items() if letter in letters]


@dataclass(frozen=True, slots=True)
class _Journey:
    name: str
    owner: int
    last: int  # index of its last activity


def _add_role(roles: dict[int, str], team: int, letter: str) -> None:
    """Add a letter keeping ARCI order, so the same roles always print the same code."""
    letters = roles.get(team, "") + letter
    roles[team] = "".join(c for c in _ROLE_ORDER if c in letters)


def _drop_role(roles: dict[int, str], letter: str) -> None:
    for team in [t for t, letters in roles.items() if letter in letters]:
        rest = roles[team].replace(letter, "")
        if rest:
            roles[team] = rest
        else:
            del roles[team]


def _teams(count: int, rng: random.Random) -> list[_Team]:
    """Teams with a random reporting tree: each reports to an earlier leader or team."""
    teams: list[_Team] = []
    managers: list[int] = []
    for index in range(count):
        name, kind, customer_facing, function = _TEAMS[index % len(_TEAMS)]
        cycle = index // len(_TEAMS)
        parent: int | None = None
        if index > 0:
            parent = 0 if kind == "committee" else rng.choice(managers)
        teams.append(
            _Team(f"{name} {cycle + 1}" if cycle else name, kind, customer_facing, function, parent)
        )
        if kind in ("leader", "team"):
            managers.append(index)
    return teams


def _system_rows(
    count: int, teams: list[_Team], rng: random.Random
) -> tuple[Rows, list[str], list[int]]:
    """Systems rows; the first system holding a domain is its record, so none compete."""
    owners = [i for i, team in enumerate(teams) if team.authority == "decision"]
    recorded: set[str] = set()
    rows: Rows = [_SPEC["systems"].header("name", "owner", "data", "system_of_record",
                                          "customer_data")]
    names: list[str] = []
    owned_by: list[int] = []
    for index in range(count):
        base, domains = _SYSTEMS[index % len(_SYSTEMS)]
        cycle = index // len(_SYSTEMS)
        name = f"{base} {cycle + 1}" if cycle else base
        owner = rng.choice(owners)
        records = [domain for domain in domains if domain not in recorded]
        recorded.update(records)
        record: str | None = None
        if records:
            record = "yes" if len(records) == len(domains) else ", ".join(records)
        customer = "yes" if "customer" in domains else "no"
        rows.append([name, teams[owner].name, ", ".join(domains), record, customer])
        names.append(name)
        owned_by.append(owner)
    return rows, names, owned_by


def _access(
    teams: list[_Team], system_owners: list[int], rng: random.Random
) -> list[dict[int, str]]:
    """Per team, system index -> read/write. Owners write; committees hold no access."""
    access: list[dict[int, str]] = [{} for _ in teams]
    for system, owner in enumerate(system_owners):
        access[owner][system] = "write"
    if not system_owners:
        return access
    for index, team in enumerate(teams):
        if team.kind == "committee":
            continue
        count = rng.randint(1, min(3, len(system_owners)))
        for system in rng.sample(range(len(system_owners)), count):
            if system not in access[index]:
                access[index][system] = "write" if rng.random() < 0.5 else "read"
    return [dict(sorted(levels.items())) for levels in access]


class _Builder:
    """Draws journeys and their activities, remembering the seams between steps."""

    def __init__(
        self,
        spec: GeneratorSpec,
        rng: random.Random,
        teams: list[_Team],
        access: list[dict[int, str]],
    ) -> None:
        self.spec = spec
        self.rng = rng
        self.teams = teams
        self.reach = [list(levels) for levels in access]
        self.workers = [i for i, t in enumerate(teams) if t.kind in ("team", "vendor")] or [0]
        self.deciders = [i for i, t in enumerate(teams) if t.authority == "decision"]  # has 0
        self.activities: list[_Activity] = []
        self.journeys: list[_Journey] = []
        self.seams: dict[tuple[int, int, int], None] = {}  # ordered set of (from, to, journey)

    def build(self) -> None:
        width = max(4, len(str(self.spec.activities // 5 + 1)))
        while remaining := self.spec.activities - len(self.activities):
            # Never leave fewer than 5 steps for the last journey.
            length = remaining if remaining <= 15 else self.rng.randint(5, min(15, remaining - 5))
            self._journey(len(self.journeys) + 1, length, width)

    def _journey(self, number: int, length: int, width: int) -> None:
        rng = self.rng
        index = len(self.journeys)
        cast = rng.sample(self.workers, min(len(self.workers), rng.randint(2, 5)))
        owner = rng.choice(self.deciders)
        responsible = rng.choice(cast)
        subject = rng.choice(_OBJECTS)
        verbs = sorted(rng.choices(range(len(_VERBS)), k=length))
        for step, verb_index in enumerate(verbs, start=1):
            previous = responsible
            if step > 1 and rng.random() < 0.4:
                responsible = rng.choice(cast)
                if responsible != previous:
                    self.seams[(previous, responsible, index)] = None
            verb = _VERBS[verb_index]
            obj = subject if rng.random() < 0.8 else rng.choice(_OBJECTS)
            reach = self.reach[responsible]
            uses = sorted(rng.sample(reach, min(len(reach), rng.choice((0, 1, 1, 2)))))
            activity = _Activity(
                name=f"J{number:0{width}d} S{step:02d} {verb} {obj}",
                journey=index,
                step=step,
                kind="decision" if verb in _DECISION_VERBS else "activity",
                uses=uses,
                customer_facing=verb in _CUSTOMER_VERBS,
            )
            self._assign(activity, responsible, cast, owner)
            self.activities.append(activity)
        self.journeys.append(
            _Journey(f"Journey {number:0{width}d}", owner, len(self.activities) - 1)
        )

    def _assign(self, activity: _Activity, responsible: int, cast: list[int], owner: int) -> None:
        """One A (often the doer itself), one or two R, up to two C and two I, then a defect."""
        rng, roles = self.rng, activity.roles
        _add_role(roles, responsible, "R")
        if len(cast) > 1 and rng.random() < 0.25:
            _add_role(roles, rng.choice([t for t in cast if t != responsible]), "R")
        doer_decides = self.teams[responsible].authority == "decision"
        accountable = responsible if doer_decides and rng.random() < 0.5 else owner
        _add_role(roles, accountable, "A")
        if rng.random() < self.spec.defect_rate:
            defect = rng.choice(("no A", "two A", "no R"))
            if defect == "no A":
                _drop_role(roles, "A")
            elif defect == "no R":
                _drop_role(roles, "R")
            elif len(self.deciders) > 1:
                _add_role(roles, rng.choice([t for t in self.deciders if t != accountable]), "A")
        for letter in "CI":
            for _ in range(rng.randint(0, 2)):
                team = rng.randrange(len(self.teams))
                if team not in roles:
                    roles[team] = letter


def _raci_rows(
    layout: Layout, teams: list[_Team], activities: list[_Activity], journeys: list[_Journey]
) -> Rows:
    """The RACI sheet in one of the three layouts the importer detects."""
    names = [team.name for team in teams]
    rows: Rows
    if layout == "wide":
        rows = [["Activity", "Journey", "Step", *names]]
        for activity in activities:
            cells: list[object] = [None] * len(names)
            for team, letters in activity.roles.items():
                cells[team] = "/".join(letters)
            rows.append([activity.name, journeys[activity.journey].name, activity.step, *cells])
    elif layout == "long":
        rows = [["Activity", "Team", "Code"]]
        for activity in activities:
            for team in sorted(activity.roles):
                rows.append([activity.name, names[team], "/".join(activity.roles[team])])
    else:
        rows = [["Activity", "R", "A", "C", "I"]]
        for activity in activities:
            by_letter: list[object] = [
                ", ".join(names[t] for t in sorted(activity.holders(letter))) or None
                for letter in "RACI"
            ]
            rows.append([activity.name, *by_letter])
    return rows


def _handoff_rows(spec: GeneratorSpec, builder: _Builder, rng: random.Random) -> Rows:
    """Handoffs drawn from real seams (in journey order), topped up with random pairs.

    The count is exact unless fewer distinct (from, to, journey) triples exist.
    """
    wanted = spec.handoff_count
    seams = list(builder.seams)
    if len(seams) >= wanted:
        chosen = [seams[i] for i in sorted(rng.sample(range(len(seams)), wanted))]
    else:
        chosen, seen = seams, set(seams)
        attempts = 20 * wanted
        doers = builder.workers if len(builder.workers) > 1 else range(len(builder.teams))
        while len(chosen) < wanted and len(doers) > 1 and attempts:
            attempts -= 1
            pair = rng.sample(doers, 2)
            seam = (pair[0], pair[1], rng.randrange(len(builder.journeys)))
            if seam not in seen:
                seen.add(seam)
                chosen.append(seam)
    rows: Rows = [_SPEC["handoffs"].header("from", "to", "journey", "owner", "sla_hours")]
    for source, target, journey in chosen:
        owner: str | None = builder.teams[rng.choice((source, target))].name
        sla: int | None = rng.choice(_SLA_HOURS)
        if rng.random() < spec.defect_rate:
            if rng.random() < 0.5:
                owner = None
            else:
                sla = None
        names = builder.teams[source].name, builder.teams[target].name
        rows.append([*names, builder.journeys[journey].name, owner, sla])
    return rows


def _escalation_and_right_rows(
    spec: GeneratorSpec, builder: _Builder, rng: random.Random
) -> tuple[Rows, Rows]:
    """Each team escalates to its manager; each decision to its accountable's manager."""
    teams = builder.teams
    escalations: Rows = [_SPEC["escalations"].header("from", "to", "trigger",
                                                        "time_limit_hours")]
    rights: Rows = [_SPEC["decision_rights"].header("team", "decision", "level", "limit")]

    def escalate(source: str, target: int) -> None:
        limit = None if rng.random() < spec.defect_rate else rng.choice(_TIME_LIMITS)
        escalations.append([source, teams[target].name, rng.choice(_TRIGGERS), limit])

    for team in teams:
        if team.parent is not None:
            escalate(team.name, team.parent)
    for activity in builder.activities:
        if activity.kind != "decision":
            continue
        accountable = activity.holders("A")
        decider = accountable[0] if accountable else builder.journeys[activity.journey].owner
        escalate(activity.name, teams[decider].parent or 0)
        if accountable:
            rights.append([teams[decider].name, activity.name, "decide", rng.choice(_LIMITS)])
        doers = [t for t in activity.holders("R") if t != decider]
        if doers:
            rights.append([teams[doers[0]].name, activity.name, "recommend", None])
    return escalations, rights


def _unstate_limits(spec: GeneratorSpec, rights: Rows, rng: random.Random) -> None:
    """Drop the stated limit of some decide rights (at the defect rate)."""
    for row in rights[1:]:
        if row[2] == "decide" and rng.random() < spec.defect_rate:
            row[3] = None


def _crowd(spec: GeneratorSpec, builder: _Builder, rng: random.Random) -> None:
    """Give a few activities that have a responsible team (a tenth of the defect rate) five
    more: responsibility diffused."""
    workers = builder.workers
    if len(workers) < 5:
        return
    for activity in builder.activities:
        if rng.random() < spec.defect_rate / 10 and activity.holders("R"):
            for team in rng.sample(workers, 5):
                if team not in activity.roles:
                    activity.roles[team] = "R"


def _measure_the_wrong_team(spec: GeneratorSpec, metrics: Rows, teams: list[_Team],
                            rng: random.Random) -> None:
    """Hand some metrics (half the defect rate) to a committee, which runs none of the work."""
    committees = [team.name for team in teams if team.kind == "committee"]
    for row in metrics[1:]:
        if committees and rng.random() < spec.defect_rate / 2:
            row[1] = rng.choice(committees)


def generate_rows(spec: GeneratorSpec) -> dict[str, Rows]:
    """Sheet name -> rows (first row the header), in DESIGN §3 format.

    Kept separate from writing so property tests can check models without touching disk.

    >>> rows = generate_rows(GeneratorSpec(activities=6, teams=3))
    >>> rows["RACI"][0]
    ['Activity', 'Journey', 'Step', 'Chief Operating Officer', 'Customer Service', 'Sales']
    >>> len(rows["Activities"]) - 1
    6
    """
    rng = random.Random(spec.seed)
    teams = _teams(spec.teams, rng)
    systems, system_names, system_owners = _system_rows(spec.system_count, teams, rng)
    access = _access(teams, system_owners, rng)
    builder = _Builder(spec, rng, teams, access)
    builder.build()
    activities, journeys = builder.activities, builder.journeys

    team_rows: Rows = [_SPEC["teams"].header("name", "kind", "authority", "customer_facing",
                                              "parent", "function", "aliases")]
    for number, team in enumerate(teams):
        parent = None if team.parent is None else teams[team.parent].name
        cf = "yes" if team.customer_facing else "no"
        # every third team goes by its initials in the ticket system
        alias = "".join(w[0] for w in team.name.split()).upper() if number % 3 == 1 else None
        team_rows.append([team.name, team.kind, team.authority, cf, parent, team.function,
                          alias])

    access_rows: Rows = [_SPEC["access"].header("team", "system", "access")]
    for index, levels in enumerate(access):
        for system, level in levels.items():
            if rng.random() >= spec.defect_rate:  # otherwise the row is missing: a blind step
                access_rows.append([teams[index].name, system_names[system], level])

    activity_rows: Rows = [_SPEC["activities"].header("name", "journey", "step", "kind", "uses",
                                                       "customer_facing")]
    for activity in activities:
        uses = ", ".join(system_names[s] for s in activity.uses) or None
        cf = "yes" if activity.customer_facing else "no"
        row = [activity.name, journeys[activity.journey].name, activity.step, activity.kind]
        activity_rows.append([*row, uses, cf])

    handoffs = _handoff_rows(spec, builder, rng)
    escalations, rights = _escalation_and_right_rows(spec, builder, rng)

    metrics: Rows = [_SPEC["metrics"].header("name", "owner", "activity", "journey", "type",
                                              "target")]
    for journey in journeys:
        owner = None if rng.random() < spec.defect_rate else teams[journey.owner].name
        kind = rng.choice(_METRICS)
        metrics.append([f"{journey.name} {kind}", owner, activities[journey.last].name,
                        journey.name, *_METRIC_KINDS[kind]])
    # Draws for unstated limits, crowded rows and misplaced metric owners come after all
    # others, so that they change nothing else a seed gives.
    _unstate_limits(spec, rights, rng)
    _crowd(spec, builder, rng)
    _measure_the_wrong_team(spec, metrics, teams, rng)

    # A stream of its own, so that adding the Journeys sheet leaves every other sheet as it was.
    journey_rng = random.Random(spec.seed + 1)
    journey_rows: Rows = [_SPEC["journey_sheet"].header("name", "owner", "promise_hours",
                                                         "volume")]
    for journey in journeys:
        owner = None if journey_rng.random() < spec.defect_rate else teams[journey.owner].name
        journey_rows.append([journey.name, owner, journey_rng.choice((24, 48, 72, 120)),
                             journey_rng.randrange(50, 5000, 50)])

    sheets: dict[str, Rows] = {
        "Journeys": journey_rows,
        "Settings": [_SPEC["settings"].header("key", "value"), ["scheme", "raci"]],
        "Teams": team_rows,
        "Systems": systems,
        "Access": access_rows,
        "Activities": activity_rows,
        "RACI": _raci_rows(spec.layout, teams, activities, journeys),
        "Handoffs": handoffs,
        "Escalations": escalations,
        "DecisionRights": rights,
        "Metrics": metrics,
    }
    return {name: sheets[name] for name in SHEETS}


def write_workbook(
    spec: GeneratorSpec, path: Path, progress: Callable[[int, int], None] | None = None
) -> Path:
    """Write the generated model as .xlsx, streaming rows (constant memory) for big models.

    ``progress(done, total)`` counts rows over all sheets, every ~10,000 rows and at the end.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"write_workbook writes .xlsx only, not {path.suffix or path.name!r}")
    sheets = generate_rows(spec)
    total = sum(len(rows) for rows in sheets.values())
    done = 0
    with xlsxwriter.Workbook(str(path), {"constant_memory": True}) as workbook:
        workbook.set_properties({"created": _CREATED})
        for name, rows in sheets.items():
            sheet = workbook.add_worksheet(name)
            write_string, write_number = sheet.write_string, sheet.write_number
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if isinstance(value, str):
                        write_string(r, c, value)
                    elif isinstance(value, int | float):
                        write_number(r, c, value)
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, total)
    if progress is not None and total % PROGRESS_EVERY:
        progress(total, total)
    return path
