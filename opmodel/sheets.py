"""The workbook format as one table: each sheet's role, its names, and its columns.

The importer (sheet and header detection), the canonical export, the blank template, the
synthetic generator and the generated format page (docs/workbook.md) all read this table,
so a sheet or column is declared in exactly one place. Names match case-insensitively,
ignoring spaces, ``_`` and ``-`` (``header_key``); aliases are written as header keys.

A column or sheet marked ``planned`` is declared (it has its place and its documentation)
but not read yet: the importer keeps such a column as an extra attribute and lists such
a sheet as ignored, exactly as before it was declared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Cell = str | float | int | None


def header_key(text: str) -> str:
    """The comparable form of a sheet or column name.

    >>> header_key("SLA (hours)"), header_key("Decision_Rights"), header_key("customer-facing")
    ('slahours', 'decisionrights', 'customerfacing')
    """
    return re.sub(r"[^0-9a-z]", "", text.casefold())


@dataclass(frozen=True)
class Column:
    """One column: its canonical header (also the field name), aliases and meaning."""

    name: str
    aliases: tuple[str, ...] = ()  # header keys besides the name's own
    required: bool = False
    type: str = "text"
    description: str = ""
    planned: bool = False

    own_key: bool = True  # False when the name itself means another column (a RACI "step")

    @property
    def keys(self) -> tuple[str, ...]:
        """Every header key that names this column, in order of preference."""
        own = (header_key(self.name),) if self.own_key else ()
        return own + tuple(a for a in self.aliases if a not in own)


@dataclass(frozen=True)
class SheetSpec:
    """One sheet role: the canonical sheet title, its aliases and its columns."""

    role: str
    title: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    description: str
    examples: tuple[dict[str, Cell], ...] = ()
    in_template: bool = True
    planned: bool = False
    prefixes: tuple[str, ...] = field(default=())  # a sheet named "RACI - Q3" is a matrix too

    @property
    def read_columns(self) -> tuple[Column, ...]:
        """The columns the importer reads and the export writes (planned ones excluded)."""
        return tuple(c for c in self.columns if not c.planned)

    # Header rows are list[Any]: they head rows whose cells have each caller's own type.
    @property
    def headers(self) -> list[Any]:
        """The canonical header row, in table order."""
        return [c.name for c in self.read_columns]

    def header(self, *names: str) -> list[Any]:
        """A header row of some of this sheet's columns (KeyError for an undeclared one)."""
        declared = {c.name for c in self.read_columns}
        for name in names:
            if name not in declared:
                raise KeyError(f"{self.title} has no column {name!r}")
        return list(names)

    def example_rows(self) -> list[list[Cell]]:
        """Header plus the example rows, for the blank template."""
        return [list(self.headers), *[[row.get(c) for c in self.headers]
                                       for row in self.examples]]


def _c(name: str, *aliases: str, required: bool = False, type: str = "text",
       description: str = "", planned: bool = False, own_key: bool = True) -> Column:
    return Column(name, aliases, required, type, description, planned, own_key)


_YESNO = "yes/no"
_TEAM = "team name"

SHEET_SPECS: tuple[SheetSpec, ...] = (
    SheetSpec(
        "settings", "Settings", ("settings", "config"),
        (_c("key", "setting", "name", required=True, description="The setting's name."),
         _c("value", required=True, description="Its value.")),
        "key/value rows. scheme: raci, rasci, raci-vs, cairo, daci, rapid or d-rasci; name: the "
        "model's name.",
        examples=({"key": "scheme", "value": "raci"}, {"key": "name", "value": "Online retail"}),
    ),
    SheetSpec(
        "teams", "Teams",
        ("teams", "team", "actors", "roles", "org", "organisation", "organization", "people"),
        (_c("name", "team", "teamname", "actor", "role", "rolename", "person", required=True,
            description="The team, role, committee, leader or vendor."),
         _c("id", "teamid", "key", description="Optional stable id (default: from the name)."),
         _c("kind", "type", "teamkind", type="team, role, committee, leader, vendor",
            description="What it is (default team)."),
         _c("authority", "decisionauthority", type="decision, advisory",
            description="Whether it can decide (committees default to advisory)."),
         _c("customer_facing", "frontline", "customer", type=_YESNO,
            description="Whether it talks to customers."),
         _c("parent", "reportsto", "parentteam", "reportingto", "manager", type=_TEAM,
            description="The team it reports to."),
         _c("function", "department", "group", "division", "unit",
            description="The function or department it belongs to."),
         _c("aliases", "alias", "aka", "alsoknownas", "othernames", type="comma list",
            description="Other names the team goes by (in ticket systems and event logs).")),
        "One row per team, role, committee, leader or vendor. kind: "
        "team/role/committee/leader/vendor; authority: decision/advisory (committees default "
        "to advisory); customer_facing: yes/no; parent: the team it reports to; aliases: "
        "comma list of the names it has in ticket systems.",
        examples=({"name": "Customer Service", "id": "cs", "kind": "team",
                   "authority": "decision", "customer_facing": "yes", "parent": "COO",
                   "function": "Operations", "aliases": "CS, Support L1"},
                  {"name": "COO", "id": "coo", "kind": "leader", "authority": "decision",
                   "customer_facing": "no", "function": "Operations"}),
    ),
    SheetSpec(
        "systems", "Systems", ("systems", "applications", "apps", "system", "inventory"),
        (_c("name", "system", "application", "app", "systemname", required=True,
            description="The application."),
         _c("id", "systemid", "key", description="Optional stable id."),
         _c("owner", "ownerteam", "ownedby", "systemowner", type=_TEAM,
            description="The team that owns it."),
         _c("data", "datadomains", "domains", "holds", type="comma list",
            description="The data domains it holds (customer, orders, ...)."),
         _c("system_of_record", "sor", "recordfor", "systemofrecordfor",
            type="comma list or yes",
            description="The domains it is the record for (yes = all its domains)."),
         _c("customer_data", "holdscustomerdata", "pii", type=_YESNO,
            description="Whether it holds customer data (default: when data lists "
            "customer).")),
        "One row per application. owner: a team; data: comma list of data domains; "
        "system_of_record: domains it is the record for (or yes = all); customer_data: yes/no.",
        examples=({"name": "CRM", "id": "crm", "owner": "Customer Service",
                   "data": "customer, tickets", "system_of_record": "customer",
                   "customer_data": "yes"},),
    ),
    SheetSpec(
        "access", "Access", ("access", "dataaccess", "permissions"),
        (_c("team", "actor", "role", "who", required=True, type=_TEAM,
            description="Who has the access."),
         _c("system", "application", "app", required=True, type="system name",
            description="To which system."),
         _c("access", "level", "permission", "accesslevel", required=True,
            type="read, write, none", description="The level of access.")),
        "team, system, access (read, write, none).",
        examples=({"team": "Customer Service", "system": "CRM", "access": "write"},),
    ),
    SheetSpec(
        "activities", "Activities", ("activities", "processes", "steps", "decisions", "activity"),
        (_c("name", "activity", "activityname", "task", "process", "decision", "stepname",
            required=True, description="The activity, decision or outcome."),
         _c("id", "activityid", "key", description="Optional stable id."),
         _c("journey", "customerjourney", "process", "valuestream",
            description="The customer journey it belongs to."),
         _c("step", "order", "sequence", "stepnumber", "stepno", "no", type="number",
            description="Its order within the journey."),
         _c("kind", "type", type="activity, decision, outcome",
            description="What it is (default activity)."),
         _c("uses", "systems", "system", "usessystems", "tools", type="comma list",
            description="The systems it uses."),
         _c("customer_facing", "frontline", "momentoftruth", type=_YESNO,
            description="Whether the customer sees it."),
         _c("inputs", "fedby", "feeds", "inputactivities", type="comma list",
            description="The activities feeding an outcome."),
         _c("phase", "stage", "section", description="The phase or section it sits in.")),
        "One row per activity, decision or outcome. journey and step order the customer "
        "journey; uses: comma list of systems; inputs: activities feeding an outcome.",
        examples=({"name": "Answer customer query", "id": "answer-query",
                   "journey": "Order to resolution", "step": 1, "kind": "activity",
                   "uses": "CRM", "customer_facing": "yes", "phase": "Resolution"},),
    ),
    SheetSpec(
        "raci", "RACI",
        ("raci", "rasci", "racivs", "cairo", "daci", "rapid", "drasci", "matrix",
         "responsibilities",
         "racimatrix", "racichart", "responsibilitymatrix", "raciresponsibilities"),
        # The meta columns a matrix may carry beside its actor columns (wide and by-letter
        # layouts); the long layout's own columns are actor and code.
        (_c("activity", "activities", "task", "tasks", "name", "deliverable", "process",
            "action", "workitem", "requirement", "deliverableortask", "activitydeliverable",
            "projecttasks", "projectactivity", "aufgabeprozess", "step", "decision", "item",
            required=True, description="The activity (first column of a wide matrix)."),
         _c("id", "stepid", "taskid", "ref", "no", "number", "wbs",
            description="The user's own reference (kept as the activity's ref)."),
         _c("journey", "customerjourney", "valuestream", description="The customer journey."),
         _c("step", "stepno", "order", "sequence", "stepnumber", type="number", own_key=False,
            description="Its order within the journey (a column headed just Step is the "
            "activity)."),
         _c("phase", "stage", "section", description="The phase or section."),
         _c("kind", "type", type="activity, decision, outcome", description="What it is."),
         _c("uses", "systems", "system", "tools", type="comma list",
            description="The systems it uses."),
         _c("customer_facing", type=_YESNO, description="Whether the customer sees it."),
         _c("actor", "team", "role", "person", "who", "owner", "party", "responsibleparty",
            type=_TEAM, description="Long layout: the actor of the row."),
         _c("code", "raci", "rasci", "daci", "rapid", "racicode", "responsibility",
            type="codes", description="Long layout: the actor's code(s).")),
        "One row per activity, one column per team. Codes: R, A, C, I (combine as A/R). Use "
        "the scheme's letters when Settings names another scheme.",
        prefixes=("raci", "rasci", "daci", "rapid", "drasci"),
    ),
    SheetSpec(
        "handoffs", "Handoffs", ("handoffs", "seams", "transitions", "handovers"),
        (_c("from", "fromteam", "source", "sender", required=True, type=_TEAM,
            description="The team handing work over."),
         _c("to", "toteam", "target", "receiver", required=True, type=_TEAM,
            description="The team receiving it."),
         _c("activity", "step", type="activity name", description="The activity handed over."),
         _c("journey", description="The journey the handoff belongs to."),
         _c("owner", "seamowner", "accountable", "ownerteam", type=_TEAM,
            description="The team accountable for the transition."),
         _c("sla_hours", "sla", "slah", "timestandard", "timestandardhours", type="number",
            description="The time standard for the handoff, in hours.")),
        "from, to (teams), activity or journey, owner (team accountable for the transition), "
        "sla_hours.",
        examples=({"from": "Customer Service", "to": "COO", "activity": "Answer customer query",
                   "journey": "Order to resolution", "owner": "Customer Service",
                   "sla_hours": 24},),
    ),
    SheetSpec(
        "escalations", "Escalations", ("escalations", "escalationpaths", "escalation"),
        (_c("from", "fromteam", "source", "fromactivity", required=True,
            type="team or activity name", description="Where the escalation starts."),
         _c("to", "toteam", "target", "escalateto", required=True, type=_TEAM,
            description="Who it escalates to."),
         _c("trigger", "when", "condition", description="When it escalates."),
         _c("time_limit_hours", "timelimit", "timelimith", "slahours", "sla", "within",
            "withinhours", type="number", description="How long before it escalates.")),
        "from (team or activity), to (team), trigger, time_limit_hours.",
        examples=({"from": "Customer Service", "to": "COO", "trigger": "Refund above limit",
                   "time_limit_hours": 48},),
    ),
    SheetSpec(
        "decision_rights", "DecisionRights", ("decisionrights", "authority", "rights"),
        (_c("team", "actor", "role", "who", required=True, type=_TEAM,
            description="Who holds the right."),
         _c("decision", "activity", "what", required=True, type="activity name",
            description="The decision (an activity of kind decision)."),
         _c("level", "right", "authority", type="decide, approve, recommend, veto, input",
            description="The right held (default decide)."),
         _c("limit", "threshold", "upto",
            description="What the team may settle alone, as free text; an amount and unit in "
                        "it are read (up to 50 EUR, £200, 2 days).")),
        "team, decision (an activity of kind decision), level (decide, approve, recommend, "
        "veto, input), limit: what the team may settle alone (up to 50 EUR, £200, 2 days).",
        examples=({"team": "COO", "decision": "Answer customer query", "level": "decide",
                   "limit": "refunds up to 500 EUR"},),
    ),
    SheetSpec(
        "metrics", "Metrics", ("metrics", "kpis", "kpi", "measures"),
        (_c("name", "metric", "kpi", "measure", required=True, description="The metric."),
         _c("owner", "ownerteam", "accountable", type=_TEAM, description="Who owns it."),
         _c("activity", "decision", "drives", "drivesdecision", "linkedto",
            type="activity name", description="The decision or activity it drives."),
         _c("journey", description="The journey it measures."),
         _c("type", "metrictype", "category", "kind", type="customer, efficiency, quality, "
            "financial, control", description="What it measures."),
         _c("target", "goal", "targetvalue", description="The value it aims for.")),
        "name, owner (team), activity (the decision or activity it drives), journey, type "
        "(customer, efficiency, quality, financial, control), target.",
        examples=({"name": "First contact resolution", "owner": "Customer Service",
                   "activity": "Answer customer query", "journey": "Order to resolution",
                   "type": "customer", "target": "80%"},),
    ),
    SheetSpec(
        "renames", "Renames", ("renames", "renamed", "renaming"),
        (_c("old", "oldname", "from", "was", "before", "current", required=True,
            description="The name as it is now."),
         _c("new", "newname", "to", "now", "after", "target", required=True,
            description="The name it becomes (for `opmodel compare`)."),
         _c("kind", "type", "element", type="team, system, activity",
            description="What is renamed, when the name is ambiguous.")),
        "old, new, kind: names a target model gives to the current model's elements.",
        in_template=False,
    ),
    # Role "journey_sheet": "journeys" is the capability "an activity names a journey".
    SheetSpec(
        "journey_sheet", "Journeys",
        ("journeys", "journey", "valuestreams", "valuestream", "customerjourneys"),
        (_c("name", "journey", "journeyname", "valuestream", required=True,
            description="The customer journey (as Activities names it)."),
         _c("owner", "journeyowner", "accountable", "ownerteam", "endtoendowner", type=_TEAM,
            description="The team accountable end to end."),
         _c("promise_hours", "promise", "customerpromise", "promiseh", "promisehrs",
            type="number", description="The customer promise, in hours."),
         _c("volume", "casespermonth", "volumepermonth", "monthlyvolume", "cases",
            type="number", description="Cases per month."),
         _c("description", "desc", "purpose", description="What the journey is.")),
        "Optional: one row per customer journey (value stream). owner: the team accountable "
        "end to end; promise_hours: the customer promise, in hours; volume: cases per month; "
        "description. Journeys named only in Activities exist too.",
        examples=({"name": "Order to resolution", "owner": "COO", "promise_hours": 48,
                   "volume": 1200,
                   "description": "From a customer's question about an order to its "
                                  "resolution"},),
    ),
)

SHEETS: dict[str, SheetSpec] = {spec.role: spec for spec in SHEET_SPECS}
READ_SHEETS: tuple[SheetSpec, ...] = tuple(s for s in SHEET_SPECS if not s.planned)
