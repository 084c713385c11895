"""Advice that names who: each finding's remediation, computed from the model.

A rule's metadata keeps one generic remediation for the docs; a finding gets a sentence
built from its subjects and the model: the candidate who could own the gap (the only
responsible party, the accountable party who also does the work, both teams' leads, the
nearest party with authority), in the words of the model's scheme (RAPID's "Decide (D)"
where RACI says "accountable (A)") and of the actor's kind (a matrix of people says
"person", not "team").

The advice depends only on the rule, the subject ids and the model, never on the
finding's evidence or wording, so the networkx and the Cypher engines give the same text
for the same finding, and fingerprints never depend on it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from opmodel.model import AccessLevel, ActivityKind, Authority, TeamKind, normalise_name
from opmodel.observe.mapping import closest_team
from opmodel.rules.facts import DECIDING_RIGHTS, Facts
from opmodel.schemes import CANONICAL_LETTER, Role, Scheme

if TYPE_CHECKING:
    from opmodel.rules.base import RuleMeta

__all__ = ["ROLE_WORDS", "Advisor", "advisor", "remediation"]

_RACI_WORDS = {
    Role.ACCOUNTABLE: "accountable", Role.RESPONSIBLE: "responsible", Role.SUPPORT: "support",
    Role.CONSULTED: "consulted", Role.INFORMED: "informed", Role.VERIFIER: "verifier",
    Role.OUT_OF_LOOP: "out of the loop",
}
# What each canonical role is called in each scheme (the words its users know).
ROLE_WORDS: dict[Scheme, dict[Role, str]] = {
    Scheme.RACI: _RACI_WORDS, Scheme.RASCI: _RACI_WORDS, Scheme.RACI_VS: _RACI_WORDS,
    Scheme.CAIRO: _RACI_WORDS, Scheme.D_RASCI: _RACI_WORDS,
    Scheme.DACI: {Role.RESPONSIBLE: "Driver", Role.ACCOUNTABLE: "Approver",
                  Role.CONSULTED: "Contributor", Role.INFORMED: "Informed"},
    Scheme.RAPID: {Role.ACCOUNTABLE: "Decide", Role.RESPONSIBLE: "Perform",
                   Role.CONSULTED: "Input", Role.RECOMMENDS: "Recommend",
                   Role.AGREES: "Agree"},
}

# Words that make an undeclared actor's name a team, or a role, rather than a person.
_TEAM_WORDS = frozenset("""
team teams dept department division unit group office desk centre center ops operations
service services support sales finance it hr legal board committee council forum panel
management engineering product marketing quality qe qa security admin administration project
customer customers client clients vendor supplier partner platform infrastructure development
dev devops procurement compliance risk audit helpdesk staff stakeholders users squad crew
""".split())  # noqa: SIM905
_ROLE_WORDS = frozenset("""
manager lead leader owner director head officer analyst architect engineer developer tester
sponsor coordinator specialist administrator consultant agent chair chief ceo cto cfo coo cio
cmo pm po ba scrum master designer representative rep executive vp president steward champion
expert sme controller accountant assistant secretary
""".split())  # noqa: SIM905
_PERSON_WORD = re.compile(r"^[^\W\d_][\w'.-]*$")


class Advisor:
    """The model's vocabulary for advice: role words, actor kinds, leads, authority."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.scheme = facts.model.scheme

    # ------------------------------------------------------------------ words
    def letter(self, role: Role) -> str | None:
        """The scheme's letter for a role (None when the scheme has no such role)."""
        return CANONICAL_LETTER[self.scheme].get(role)

    def role(self, role: Role) -> str:
        """'accountable (A)', 'Approver (A)', 'Decide (D)'."""
        letter = self.letter(role)
        word = ROLE_WORDS.get(self.scheme, _RACI_WORDS).get(role, _RACI_WORDS.get(role, role.value))
        return f"{word} ({letter})" if letter else word

    def make(self, who: str, *roles: Role, verb: str = "make") -> str:
        """'make Alif accountable (A)', 'make Alif Approver (A)', 'give Alif the Decide (D)
        role'; several roles are alternatives ('responsible (R) or consulted (C)'); verb
        'keep' says 'keep Alif accountable (A)', 'keep Alif in the Decide (D) role'."""
        joined = " or ".join(self.role(r) for r in roles)
        if self.scheme is Scheme.RAPID:
            return (f"keep {who} in the {joined} role" if verb == "keep"
                    else f"give {who} the {joined} role")
        return f"{verb} {who} {joined}"

    def codes(self, *roles: Role) -> str:
        """Letters combined as people write them: 'A/R' (RACI), 'D/P' (RAPID)."""
        return "/".join(letter for r in roles if (letter := self.letter(r)))

    def name(self, node_id: str) -> str:
        """A node's display name."""
        return self.facts.name(node_id)

    def of(self, node_id: str) -> str:
        """The possessive: "Sales's" is written "Sales'"."""
        name = self.name(node_id)
        return f"{name}'" if name.endswith("s") else f"{name}'s"

    def names(self, ids: Sequence[str], joiner: str = "and") -> str:
        """'A', 'A and B', 'A, B or C'."""
        shown = [self.name(i) for i in ids]
        if len(shown) <= 1:
            return "".join(shown)
        return ", ".join(shown[:-1]) + f" {joiner} " + shown[-1]

    def activity(self, activity_id: str) -> str:
        """An activity's name in quotes, with its section when the name is repeated:
        "'Recette, Jalon 2 / Production'"."""
        found = self.facts.activities.get(activity_id)
        if found is None:
            return f"'{self.name(activity_id)}'"
        if found.phase and self._repeated[normalise_name(found.name)] > 1:
            return f"'{found.name}, {found.phase}'"
        return f"'{found.name}'"

    @cached_property
    def _repeated(self) -> Counter[str]:
        return Counter(normalise_name(a.name) for a in self.facts.model.activities)

    # ------------------------------------------------------------------ actors
    @cached_property
    def _matrix_sheets(self) -> frozenset[str]:
        return frozenset(a.source.sheet for a in self.facts.model.assignments if a.source)

    def kind(self, team_id: str) -> str:
        """What an actor is: team, role, committee, leader, vendor, or person (an undeclared
        actor of the matrix whose name reads as a person's)."""
        team = self.facts.teams.get(team_id)
        if team is None:
            return "party"
        if team.kind is not TeamKind.TEAM:
            return team.kind.value
        declared = ("teams" in self.facts.model.provided and team.source is not None
                    and team.source.sheet not in self._matrix_sheets)
        return "team" if declared else _guess_kind(team.name)

    @cached_property
    def party(self) -> str:
        """The noun for 'someone' in this model: person when most actors are people."""
        kinds = Counter(self.kind(t) for t in self.facts.team_role_counts)
        if kinds and kinds.most_common(1)[0][0] == "person":
            return "person"
        return "team"

    def lead(self, team_id: str) -> str | None:
        """Whom the actor reports to (Teams parent)."""
        team = self.facts.teams.get(team_id)
        return team.parent if team is not None else None

    def line(self, team_id: str) -> list[str]:
        """The reporting line above an actor, nearest first."""
        chain: list[str] = []
        current = self.lead(team_id)
        while current is not None and current not in chain and current != team_id:
            chain.append(current)
            current = self.lead(current)
        return chain

    def decides(self, team_id: str) -> bool:
        """Can decide: authority decision (committees and advisory roles cannot)."""
        team = self.facts.teams.get(team_id)
        return team is not None and team.authority is Authority.DECISION

    def authority_above(self, team_id: str) -> str | None:
        """The nearest party up the actor's reporting line who can decide."""
        return next((above for above in self.line(team_id) if self.decides(above)), None)

    @cached_property
    def leaders(self) -> list[str]:
        """Leaders who can decide, in sheet order."""
        return [t.id for t in self.facts.model.teams
                if t.kind is TeamKind.LEADER and t.authority is Authority.DECISION]

    def nearest_authority(self, *starts: str) -> str | None:
        """The nearest party with authority: up the reporting lines of the starting points
        (nearest first), else the first leader of the model who can decide."""
        for start in starts:
            above = self.authority_above(start)
            if above is not None:
                return above
        return next((t for t in self.leaders if t not in starts), None)

    @cached_property
    def system_users(self) -> dict[str, list[str]]:
        """System id -> the parties doing the activities that use it."""
        index: dict[str, list[str]] = {}
        for activity in self.facts.model.activities:
            for system in activity.uses:
                index.setdefault(system, []).extend(self.facts.doers(activity.id))
        return index

    def able_to_read(self, system_id: str) -> list[str]:
        """Actors of the matrix that can read a system (owner first, then by name)."""
        found = self._able.get(system_id)
        if found is None:
            facts = self.facts
            owner = facts.systems[system_id].owner if system_id in facts.systems else None
            readers = sorted((t for t in facts.readers.get(system_id, ()) if t != owner),
                             key=lambda t: (self.name(t).casefold(), t))
            found = self._able[system_id] = [t for t in ([owner] if owner else []) + readers
                                             if t in facts.team_role_counts]
        return found

    @cached_property
    def _able(self) -> dict[str, list[str]]:
        return {}

    @cached_property
    def system_writers(self) -> dict[str, list[str]]:
        """System id -> teams with write access (Access sheet)."""
        index: dict[str, list[str]] = {}
        for (team, system), (level, _) in self.facts.access.items():
            if level is AccessLevel.WRITE:
                index.setdefault(system, []).append(team)
        return index

    @cached_property
    def decisions_by_journey(self) -> dict[str | None, list[str]]:
        """Journey name (None: all) -> its decisions, in sheet order."""
        index: dict[str | None, list[str]] = {None: []}
        for activity in self.facts.model.activities:
            if activity.kind is ActivityKind.DECISION:
                index[None].append(activity.id)
                if activity.journey:
                    index.setdefault(activity.journey, []).append(activity.id)
        return index

    def seam_leads(self, source: str, target: str) -> str:
        """Who could own a seam between two teams: their common lead, or both leads, or
        one of the two teams."""
        above_source, above_target = self.line(source), self.line(target)
        common = [t for t in above_source if t in above_target]
        if common:
            return f"{self.name(common[0])}, who leads both {self.name(source)} and " \
                   f"{self.name(target)}"
        leads = [lead for lead in (self.lead(source), self.lead(target)) if lead]
        if len(leads) == 2:
            return (f"{self.name(leads[0])} ({self.of(source)} lead) or "
                    f"{self.name(leads[1])} ({self.of(target)} lead)")
        if leads:
            side = source if self.lead(source) else target
            return (f"{self.name(leads[0])} ({self.of(side)} lead), or "
                    f"{self.name(target if side == source else source)}")
        return f"{self.name(source)} or {self.name(target)}"


def _guess_kind(name: str) -> str:
    words = [w for w in re.split(r"[\s/,&()]+", name) if w]
    keys = {re.sub(r"[^\w]", "", w).casefold() for w in words}
    if keys & _TEAM_WORDS:
        return "team"
    if keys & _ROLE_WORDS:
        return "role"
    if 1 <= len(words) <= 4 and all(_PERSON_WORD.match(w) and w[0].isupper() for w in words):
        return "person"
    return "team"


_CACHE: WeakKeyDictionary[Facts, Advisor] = WeakKeyDictionary()


def advisor(facts: Facts) -> Advisor:
    """The Advisor of a model's facts (one per Facts)."""
    found = _CACHE.get(facts)
    if found is None:
        found = _CACHE[facts] = Advisor(facts)
    return found


# ---------------------------------------------------------------------- per rule
Advice = Callable[[Advisor, list[str]], str]
_ADVICE: dict[str, Advice] = {}


def _advice(rule_id: str) -> Callable[[Advice], Advice]:
    def register(func: Advice) -> Advice:
        _ADVICE[rule_id] = func
        return func
    return register


def remediation(meta: RuleMeta, subject_ids: Sequence[str], facts: Facts | None) -> str:
    """The finding's remediation, naming who from the model: the one place a rule's advice
    is written. Without the model (Neo4j analysed on its own), for a rule without advice,
    or for subjects the model does not hold, the rule's generic remediation."""
    func = _ADVICE.get(meta.id)
    if func is not None and facts is not None:
        try:
            text = func(advisor(facts), list(subject_ids))
        except (KeyError, IndexError):  # subjects the model does not hold
            text = ""
        if text:
            return text[:1].upper() + text[1:]
    return meta.remediation


def _holders(adv: Advisor, activity: str, role: Role) -> list[str]:
    return adv.facts.holders(activity, role)


def _deciders_of(adv: Advisor, activity: str) -> list[str]:
    return [r.team for r in adv.facts.rights_by_decision.get(activity, [])
            if r.level in DECIDING_RIGHTS]


@_advice("OWN001")
def _own001(adv: Advisor, ids: list[str]) -> str:
    (activity,) = ids[:1]
    what = adv.activity(activity)
    doers = _holders(adv, activity, Role.RESPONSIBLE)
    if len(doers) == 1:
        who = adv.name(doers[0])
        lead = adv.authority_above(doers[0])
        above = f" (for example {adv.name(lead)}, whom {who} reports to)" if lead else ""
        return (f"{who} does the work on {what} and no one decides: "
                f"{adv.make(who, Role.ACCOUNTABLE)}, or name who decides{above}.")
    if doers:
        return (f"{adv.names(doers)} do the work on {what} and no one decides: "
                f"{adv.make('the one who answers for the result', Role.ACCOUNTABLE)}, or name "
                "who decides.")
    answers = adv.make(f"the {adv.party} who answers for the result", Role.ACCOUNTABLE)
    does = adv.make("the one who does the work", Role.RESPONSIBLE)
    if adv.facts.roles.get(activity):
        return f"Only parties who give input or hear of {what} are named: {answers} and {does}."
    return f"No one holds a role on {what}: {answers} and {does}, or remove the row."


@_advice("OWN002")
def _own002(adv: Advisor, ids: list[str]) -> str:
    activity, owners = ids[0], ids[1:]
    what = adv.activity(activity)
    doing = set(_holders(adv, activity, Role.RESPONSIBLE))
    deciding = set(_deciders_of(adv, activity))
    reasons = []
    for owner in owners:
        held = [*(["does the work"] if owner in doing else []),
                *(["holds the right to decide it"] if owner in deciding else [])]
        if held:
            reasons.append((owner, " and ".join(held)))
    lesser = (Role.RESPONSIBLE, Role.CONSULTED)
    if len(reasons) == 1:
        owner, why = reasons[0]
        rest = adv.names([o for o in owners if o != owner])
        return (f"Of the {len(owners)} parties with the {adv.role(Role.ACCOUNTABLE)} role on "
                f"{what}, only {adv.name(owner)} also {why}: "
                f"{adv.make(adv.name(owner), Role.ACCOUNTABLE, verb='keep')} and "
                f"{adv.make(rest, *lesser)}; if the work really splits, split the row.")
    if reasons:
        listed = "; ".join(f"{adv.name(o)} {why}" for o, why in reasons)
        return (f"On {what}, {listed}: "
                f"{adv.make('one of them', Role.ACCOUNTABLE, verb='keep')} and "
                f"{adv.make('the others', *lesser)}; if the work really splits, split the row.")
    return (f"None of {adv.names(owners)} does the work on {what} or holds a right to decide "
            f"it: {adv.make('the one that answers for the result', Role.ACCOUNTABLE, verb='keep')}"
            f", {adv.make('the others', *lesser)}, and "
            f"{adv.make('the one who does the work', Role.RESPONSIBLE)}.")


@_advice("OWN003")
def _own003(adv: Advisor, ids: list[str]) -> str:
    activity = ids[0]
    what = adv.activity(activity)
    owners = _holders(adv, activity, Role.ACCOUNTABLE)
    doer = adv.make(f"the {adv.party} that does it", Role.RESPONSIBLE)
    if owners:
        both = adv.codes(Role.ACCOUNTABLE, Role.RESPONSIBLE)
        return (f"{adv.names(owners)} answers for {what} but no one is named to do it: if "
                f"{adv.names(owners, 'or')} also does the work, mark it {both}; otherwise "
                f"{doer}.")
    return f"No one is named to do {what}: {doer}."


@_advice("OWN004")
def _own004(adv: Advisor, ids: list[str]) -> str:
    activity, team = ids[0], ids[1]
    what, who = adv.activity(activity), adv.name(team)
    candidates = [t for t in _deciders_of(adv, activity) if t != team]
    candidates += [t for t in _holders(adv, activity, Role.RESPONSIBLE)
                   if t != team and adv.decides(t) and t not in candidates]
    lead = adv.nearest_authority(team)
    if lead is not None and lead not in candidates:
        candidates.append(lead)
    named = (f" ({adv.names(candidates[:3], 'or')} can)" if candidates else "")
    if adv.facts.is_advisory(team):
        someone = adv.make("a " + adv.party, Role.ACCOUNTABLE)
        return (f"{who} is an advisory {adv.kind(team)}: {someone} for {what} who can "
                f"decide{named}, and {adv.make(who, Role.CONSULTED)}.")
    return (f"Give {who} a decide or approve right over {what} (Decision Rights sheet), or "
            f"state its authority as decision in Teams; otherwise "
            f"{adv.make('a ' + adv.party + ' that can decide', Role.ACCOUNTABLE)}{named}.")


@_advice("OWN005")
def _own005(adv: Advisor, ids: list[str]) -> str:
    outcome, team = ids[0], ids[1]
    inputs = adv.facts.activities[outcome].inputs
    runners = [t for i in inputs for t in adv.facts.doers(i)]
    runners = list(dict.fromkeys(t for t in runners if t != team))
    quoted = ", ".join(adv.activity(i) for i in inputs[:3])
    move = f", or move {adv.activity(outcome)} to {adv.names(runners[:2], 'or')}, who run" \
           f" its inputs" if runners else ""
    return (f"{adv.make(adv.name(team), Role.ACCOUNTABLE, Role.RESPONSIBLE)} "
            f"for one of the activities that feed {adv.activity(outcome)} ({quoted}){move}.")


@_advice("OWN006")
def _own006(adv: Advisor, ids: list[str]) -> str:
    team = ids[0]
    who = adv.name(team)
    facts = adv.facts
    doers = Counter(d for activity in facts.accountable_for.get(team, [])
                    for d in facts.holders(activity, Role.RESPONSIBLE) if d != team)
    top = [t for t, _ in doers.most_common(2)]
    example = ""
    if top:
        counts = " and ".join(f"{adv.name(t)} for {doers[t]}" for t in top)
        example = f" (for example {counts} of them, as they already do the work)"
    return (f"Hand the {adv.role(Role.ACCOUNTABLE)} role for routine activities to the parties "
            f"that do them{example}, and {adv.make(who, Role.ACCOUNTABLE, verb='keep')} only for "
            "the decisions that need its level.")


@_advice("OWN007")
def _own007(adv: Advisor, ids: list[str]) -> str:
    activity = ids[0]
    rest = (adv.make("the rest", Role.INFORMED) if adv.letter(Role.INFORMED)
            else "tell the rest after the decision")
    count = len(adv.facts.holders(activity, Role.CONSULTED))
    return (f"Of the {count} parties with the {adv.role(Role.CONSULTED)} role on "
            f"{adv.activity(activity)}, keep only those whose input changes the outcome; "
            f"{rest}.")


@_advice("OWN008")
def _own008(adv: Advisor, ids: list[str]) -> str:
    team = ids[0]
    return (f"Give the {adv.kind(team)} {adv.name(team)} its roles in the matrix, or remove it "
            "if it has no part in these journeys.")


@_advice("SEAM001")
def _seam001(adv: Advisor, ids: list[str]) -> str:
    source, target = ids[0], ids[1]
    return (f"Name one owner for the transition from {adv.name(source)} to {adv.name(target)} "
            f"(the owner column of Handoffs; candidates: {adv.seam_leads(source, target)}) and "
            "give it a time standard (sla_hours).")


@_advice("SEAM002")
def _seam002(adv: Advisor, ids: list[str]) -> str:
    source, target, owner = ids[0], ids[1], ids[2]
    return (f"Make the owner one who can change how work crosses from {adv.name(source)} to "
            f"{adv.name(target)} ({adv.seam_leads(source, target)}), or give "
            f"{adv.name(owner)} a decide or approve right over the work that crosses.")


@_advice("SEAM003")
def _seam003(adv: Advisor, ids: list[str]) -> str:
    source, target = ids[0], ids[1]
    return (f"Agree a time standard for the transition from {adv.name(source)} to "
            f"{adv.name(target)} with whoever owns it (candidates: "
            f"{adv.seam_leads(source, target)}) and record it in sla_hours.")


@_advice("SEAM004")
def _seam004(adv: Advisor, ids: list[str]) -> str:
    source, target = ids[0], ids[1]
    return (f"Add the transition from {adv.name(source)} to {adv.name(target)} to the Handoffs "
            f"sheet with an owner (candidates: {adv.seam_leads(source, target)}) and a time "
            "standard.")


def _system_owner(adv: Advisor, system: str) -> str:
    owner = adv.facts.systems[system].owner
    return f" ({adv.name(owner)} owns it)" if owner else ""


@_advice("DATA001")
def _data001(adv: Advisor, ids: list[str]) -> str:
    system = ids[0]
    facts = adv.facts
    users = adv.system_users.get(system, [])
    readers = set(facts.readers.get(system, ()))
    wanted = [t for t in dict.fromkeys([*users, *facts.customer_facing])
              if t not in readers and t != facts.systems[system].owner]
    who = (f" (such as {adv.names(wanted[:3])})" if wanted else "")
    return (f"Give the teams that serve these customers{who} read access to "
            f"{adv.name(system)}{_system_owner(adv, system)}, or move the data into the shared "
            "customer record.")


@_advice("DATA002")
def _data002(adv: Advisor, ids: list[str]) -> str:
    activity, team, system = ids[0], ids[1], ids[2]
    able = [t for t in adv.able_to_read(system) if t != team]
    move = f", or move {adv.activity(activity)} to {adv.names(able[:2], 'or')}, who can" \
           if able else ""
    return (f"Grant {adv.name(team)} at least read access to {adv.name(system)}"
            f"{_system_owner(adv, system)} in the Access sheet{move}.")


@_advice("DATA003")
def _data003(adv: Advisor, ids: list[str]) -> str:
    team, system = ids[0], ids[1]
    return (f"Give {adv.name(team)} read access to {adv.name(system)}"
            f"{_system_owner(adv, system)}, or bring what it records into the customer record "
            f"{adv.name(team)} already reads.")


@_advice("DATA004")
def _data004(adv: Advisor, ids: list[str]) -> str:
    systems = ids
    return (f"Choose one of {adv.names(systems, 'or')} as the system of record for the domain "
            "they both claim, and make the other read from it (or copy to it).")


@_advice("DATA005")
def _data005(adv: Advisor, ids: list[str]) -> str:
    system = ids[0]
    writers = adv.system_writers.get(system, [])
    who = f" ({adv.names(writers[:2], 'or')}, which can write it)" if writers else ""
    return (f"Name the {adv.party} that owns {adv.name(system)}{who}: it decides who may see "
            "the data and answers for its quality.")


def _authority_for(adv: Advisor, node: str) -> str | None:
    """Where an escalation from a node should go: the nearest party with authority above it
    (for an activity, above its accountable party)."""
    facts = adv.facts
    if node in facts.activities:
        deciders = [o for o in facts.holders(node, Role.ACCOUNTABLE) if adv.decides(o)]
        if deciders:
            return deciders[0]
        return adv.nearest_authority(*facts.doers(node))
    return adv.nearest_authority(node)


@_advice("ESC001")
def _esc001(adv: Advisor, ids: list[str]) -> str:
    node = ids[0]
    target = _authority_for(adv, node)
    to = (f"to {adv.name(target)}, the nearest party with authority" if target
          else "to a party that can decide")
    what = adv.activity(node) if node in adv.facts.activities else adv.name(node)
    return (f"Add an Escalations row from {what} {to}, with its trigger and a time limit in "
            "hours.")


@_advice("ESC002")
def _esc002(adv: Advisor, ids: list[str]) -> str:
    source, target = ids[0], ids[1]
    return (f"Give the escalation from {adv.name(source)} to {adv.name(target)} a time limit "
            "(time_limit_hours): how long the issue may wait before it moves on.")


@_advice("ESC003")
def _esc003(adv: Advisor, ids: list[str]) -> str:
    members = ids
    inside = [m for m in members if adv.decides(m)
              and adv.facts.teams.get(m) is not None
              and adv.facts.teams[m].kind is TeamKind.LEADER]
    final = inside[0] if inside else adv.nearest_authority(*members)
    say = (f"let {adv.name(final)} have the final say and make the path end there" if final
           else "decide which party has the final say and make the path end there")
    return f"Break the loop between {adv.names(members)}: {say}."


@_advice("ESC004")
def _esc004(adv: Advisor, ids: list[str]) -> str:
    origin, ends = ids[0], ids[1:]
    target = adv.nearest_authority(*ends, origin)
    if target is None:
        return (f"Extend the path from {adv.names(ends)} to a party that can decide, or give "
                f"{adv.names(ends, 'or')} the authority to decide.")
    return (f"Extend the path from {adv.names(ends)} to {adv.name(target)}, the nearest "
            f"party with authority, or give {adv.names(ends, 'or')} the authority to decide.")


@_advice("ESC005")
def _esc005(adv: Advisor, ids: list[str]) -> str:
    origin, decider = ids[0], ids[1]
    return (f"Let {adv.name(origin)} escalate directly to {adv.name(decider)}, the nearest "
            "party that can decide, and drop the steps that can only pass the issue on.")


@_advice("GOV001")
def _gov001(adv: Advisor, ids: list[str]) -> str:
    metric = adv.facts.metrics[ids[0]]
    owners = (adv.facts.holders(metric.activity, Role.ACCOUNTABLE) if metric.activity else [])
    who = (f" ({adv.names(owners, 'or')}, with the {adv.role(Role.ACCOUNTABLE)} role on "
           f"{adv.activity(metric.activity or '')}, is the candidate)" if owners else "")
    return (f"Name the {adv.party} that answers for moving '{metric.name}' in the owner column "
            f"of Metrics{who}.")


@_advice("GOV002")
def _gov002(adv: Advisor, ids: list[str]) -> str:
    metric = adv.facts.metrics[ids[0]]
    facts = adv.facts
    journey = metric.journey or (facts.activities[metric.activity].journey
                                 if metric.activity in facts.activities else None)
    decisions = adv.decisions_by_journey.get(journey, [])
    example = (f" (for example {', '.join(adv.activity(d) for d in decisions[:2])})"
               if decisions else "")
    return (f"Link '{metric.name}' to the decision it should trigger{example} in the decision "
            "column of Metrics, and mark that row as a decision.")


@_advice("GOV003")
def _gov003(adv: Advisor, ids: list[str]) -> str:
    activity = ids[0]
    facts = adv.facts
    advising = [r.team for r in facts.rights_by_decision.get(activity, [])]
    candidates = list(dict.fromkeys([*facts.doers(activity), *advising]))
    above = [(c, lead) for c in candidates if (lead := adv.authority_above(c)) is not None]
    who = ""
    if candidates:
        who = f" ({adv.names(candidates[:2], 'or')} already works on it"
        who += (f"; {adv.name(above[0][1])}, whom {adv.name(above[0][0])} reports to, could "
                "decide it)" if above else ")")
    return (f"{adv.make('one ' + adv.party, Role.ACCOUNTABLE)} for the decision "
            f"{adv.activity(activity)}{who}, or give one a right to decide or approve it "
            "(Decision Rights sheet).")


@_advice("STR001")
def _str001(adv: Advisor, ids: list[str]) -> str:
    team = ids[0]
    neighbours = sorted(adv.facts.handoff_graph.to_undirected(as_view=True)[team],
                        key=adv.name) if team in adv.facts.handoff_graph else []
    between = (f" between {adv.names(neighbours[:2])}" if len(neighbours) >= 2 else "")
    return (f"Create a direct handoff{between} that does not pass through {adv.name(team)}, or "
            f"give a second {adv.party} {adv.name(team)}'s capability, so work does not depend "
            f"on one {adv.party} being available.")


@_advice("STR002")
def _str002(adv: Advisor, ids: list[str]) -> str:
    team = ids[0]
    return (f"Let the teams on either side of {adv.name(team)} hand work to each other "
            f"directly, or split {adv.name(team)}'s coordinating role so it is no longer on "
            "every route.")


# ---------------------------------------------------------------------- journeys and levers
def _journey(adv: Advisor, journey_key: str) -> tuple[str, list[str]]:
    """A journey's name and its steps' ids."""
    name = adv.facts.journey_by_id.get(journey_key, adv.name(journey_key))
    return name, [s.id for s in adv.facts.journeys.get(name, [])]


def _most_accountable(adv: Advisor, steps: list[str]) -> str | None:
    counts = Counter(t for step in steps for t in adv.facts.holders(step, Role.ACCOUNTABLE))
    if not counts:
        return None
    return min(counts, key=lambda t: (-counts[t], adv.name(t).casefold(), t))


def _common_lead(adv: Advisor, teams: Sequence[str]) -> str | None:
    """The nearest party above every one of the teams, if there is one."""
    if not teams:
        return None
    lines = [adv.line(t) for t in teams]
    return next((t for t in lines[0] if all(t in line for line in lines[1:])), None)


@_advice("JRN001")
def _jrn001(adv: Advisor, ids: list[str]) -> str:
    name, steps = _journey(adv, ids[0])
    candidate = _most_accountable(adv, steps)
    lead = _common_lead(adv, adv.facts.journey_teams.get(name, []))
    options = []
    if candidate:
        options.append(f"{adv.name(candidate)}, with the {adv.role(Role.ACCOUNTABLE)} role on "
                       "most of its steps, if it is given authority over the other teams' part")
    if lead:
        options.append(f"{adv.name(lead)}, whom every team on it reports to")
    who = f" (candidates: {'; or '.join(options)})" if options else ""
    return (f"Name one {adv.party} that answers for '{name}' end to end in the owner column of "
            f"Journeys{who}.")


@_advice("JRN002")
def _jrn002(adv: Advisor, ids: list[str]) -> str:
    name, steps = _journey(adv, ids[0])
    owner = adv.name(ids[1])
    decisions = [s for s in steps if adv.facts.activities[s].kind is ActivityKind.DECISION]
    holders = [t for d in decisions for t in _deciders_of(adv, d) if t != ids[1]]
    if decisions:
        held = (f", as {adv.names(list(dict.fromkeys(holders))[:2])} now does"
                if holders else "")
        return (f"Give {owner} the right to decide or approve {adv.activity(decisions[0])} "
                f"and the other decisions of '{name}' in Decision Rights{held}, or make "
                f"{owner} the owner of the journey's handoffs, or choose an owner who has that "
                "authority.")
    return (f"Make {owner} the owner of the handoffs of '{name}' (owner column of Handoffs), "
            "or choose an owner who holds decision rights on the journey.")


@_advice("JRN003")
def _jrn003(adv: Advisor, ids: list[str]) -> str:
    name, _ = _journey(adv, ids[0])
    team = ids[1]
    record = adv.facts.journey_records.get(ids[0])
    promise = (f"the {record.promise_hours:g}-hour promise of '{name}'"
               if record is not None and record.promise_hours is not None
               else f"the promise of '{name}'")
    facts = adv.facts
    if facts.hops_onward(team) is not None and facts.hops_onward(team, timed=True) is None:
        return (f"Give every escalation from {adv.name(team)} a time limit (Escalations), so "
                f"that the path to someone who can decide can be checked against {promise}.")
    path = facts.path_to_authority(team)
    decider = path[-1].target_team if path else adv.nearest_authority(team)
    straight = (f"straight to {adv.name(decider)}, the nearest party that can decide"
                if decider else "straight to a party that can decide")
    return (f"Let {adv.name(team)} settle more cases itself (a decision right with a limit), "
            f"or escalate {straight}, with time limits that add up to less than {promise}.")


@_advice("OWN009")
def _own009(adv: Advisor, ids: list[str]) -> str:
    activity = ids[0]
    doers = adv.facts.holders(activity, Role.RESPONSIBLE)
    owners = adv.facts.holders(activity, Role.ACCOUNTABLE)
    lesser = [r for r in (Role.SUPPORT, Role.CONSULTED) if adv.letter(r)]
    chooser = (f"; {adv.names(owners)}, with the {adv.role(Role.ACCOUNTABLE)} role, is the one "
               "to choose" if owners else
               f"; first {adv.make('the one who answers for it', Role.ACCOUNTABLE)}, and let "
               "it choose")
    return (f"Keep one of the {len(doers)} parties with the {adv.role(Role.RESPONSIBLE)} role "
            f"on {adv.activity(activity)} and {adv.make('the others', *lesser)}{chooser}.")


@_advice("GOV004")
def _gov004(adv: Advisor, ids: list[str]) -> str:
    metric, owner = adv.facts.metrics[ids[0]], ids[1]
    facts = adv.facts
    candidates: list[str] = []
    if metric.activity in facts.activities:
        candidates = [*facts.holders(metric.activity, Role.ACCOUNTABLE),
                      *facts.doers(metric.activity)]
    elif metric.journey:
        top = _most_accountable(adv, [s.id for s in facts.journeys.get(metric.journey, [])])
        candidates = [top] if top else []
    candidates = [c for c in dict.fromkeys(candidates) if c != owner]
    give = (f"Give '{metric.name}' to {adv.names(candidates[:2], 'or')}, who can move it"
            if candidates else f"Give '{metric.name}' to a {adv.party} that does the work it "
                               "measures")
    return f"{give}, or {adv.make(adv.name(owner), Role.ACCOUNTABLE)} for the work it drives."


@_advice("GOV005")
def _gov005(adv: Advisor, ids: list[str]) -> str:
    name, steps = _journey(adv, ids[0])
    record = adv.facts.journey_records.get(ids[0])
    owner = record.owner if record is not None and record.owner else _most_accountable(
        adv, steps)
    by = f", owned by {adv.name(owner)}" if owner else ""
    return (f"Add a customer measure for '{name}' (type customer in Metrics: satisfaction, "
            f"effort or first-contact resolution){by}, beside its efficiency and control "
            "measures.")


@_advice("GOV006")
def _gov006(adv: Advisor, ids: list[str]) -> str:
    team = ids[0]
    facts = adv.facts
    on = [name for name in facts.journeys if team in facts.cf_on_journey(name)]
    decisions = [d for name in on for d in adv.decisions_by_journey.get(name, [])]
    such = f" (such as {adv.activity(decisions[0])})" if decisions else ""
    where_ = f" on '{on[0]}'" if on else ""
    lead = adv.authority_above(team)
    grant = f"; {adv.name(lead)}, whom it reports to, can delegate it" if lead else ""
    return (f"Give {adv.name(team)} the right to decide or approve the exceptions it meets "
            f"most often{where_}{such}, up to a stated limit (Decision Rights), so that routine "
            f"cases are settled at the first contact{grant}.")


@_advice("GOV007")
def _gov007(adv: Advisor, ids: list[str]) -> str:
    team, decision = ids[0], ids[1]
    above = adv.authority_above(team)
    beyond = (f", and that it escalates beyond that to {adv.name(above)}" if above
              else ", and where it escalates beyond that")
    return (f"State in the limit column of Decision Rights what {adv.name(team)} may settle "
            f"alone on {adv.activity(decision)} (an amount or a time, such as up to 50 EUR or "
            f"within 2 days){beyond}.")


@_advice("OBS001")
def _obs001(adv: Advisor, ids: list[str]) -> str:
    source, target = ids[0], ids[1]
    return (f"Work crosses from {adv.name(source)} to {adv.name(target)} although the model "
            f"draws no such seam: add it to the Handoffs sheet with an owner (candidates: "
            f"{adv.seam_leads(source, target)}) and a time standard, or stop the work from "
            "crossing there.")


@_advice("OBS002")
def _obs002(adv: Advisor, ids: list[str]) -> str:
    source, target = ids[0], ids[1]
    return (f"Check whether work still crosses from {adv.name(source)} to "
            f"{adv.name(target)}: if it no longer does, remove the row from Handoffs; if it "
            "does under other group names, add those names to the teams' aliases column.")


@_advice("OBS003")
def _obs003(adv: Advisor, ids: list[str]) -> str:
    source, target = ids[0], ids[1]
    owner = adv.make(f"one of {adv.name(source)} and {adv.name(target)}", Role.ACCOUNTABLE)
    return (f"{owner} for the case until it is resolved (candidates: "
            f"{adv.seam_leads(source, target)}), and agree what {adv.name(target)} needs "
            "before it accepts the work.")


@_advice("OBS004")
def _obs004(adv: Advisor, ids: list[str]) -> str:
    source, target = ids[0], ids[1]
    owner = (f"{adv.name(ids[2])}, who owns the seam," if len(ids) > 2
             else f"an owner for the seam (candidates: {adv.seam_leads(source, target)})")
    return (f"Give {owner} the waiting time from {adv.name(source)} to {adv.name(target)} as "
            "a measure, with a time standard (sla_hours) it is held to, and remove what "
            "makes cases wait there.")


@_advice("OBS005")
def _obs005(adv: Advisor, ids: list[str]) -> str:
    group = adv.name(ids[0]).removeprefix("group:")
    closest = closest_team(group, adv.facts.model)
    if closest:  # the mapping's closest name: most often the same team, spelt otherwise
        return (f"If '{group}' is {closest} under another name, add it to {closest}'s aliases "
                f"column (Teams) or map it in the mapping file (--map); otherwise add the "
                f"{adv.party} the model lacks, or map the group to the {adv.party} it belongs to.")
    return (f"Add the log's group '{group}' to the aliases column of the {adv.party} it belongs "
            f"to (Teams), or to the mapping file (--map); if it is a {adv.party} the model "
            f"lacks, add it.")
