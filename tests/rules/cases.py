"""One firing and one silent case (at least) per rule, as data.

Each case is a tiny workbook (sheet name -> rows, header first, so data starts on row 2)
and the findings the rule must give on it: the subject names of each finding, in order,
and optionally the first location of each. ``test_rule_cases.py`` runs them all; the
catalog test checks that every rule has both kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

Rows = list[list[object]]


@dataclass(frozen=True)
class Case:
    """A named example: the rule, the workbook, and what it must find."""

    rule: str
    name: str
    sheets: dict[str, Rows]
    expect: list[tuple[str, ...]]
    cells: list[str] | None = None
    config: dict[str, Any] = field(default_factory=dict)
    log: Rows | None = None

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.name}"

    @property
    def fires(self) -> bool:
        return bool(self.expect)


# Shared fragments ------------------------------------------------------------------------

TEAMS: Rows = [["name", "kind", "authority", "customer_facing", "parent"],
               ["Sales", "team", "", "yes", "COO"],
               ["Service", "team", "", "yes", "COO"],
               ["Ops", "team", "", "no", "COO"],
               ["IT", "team", "", "no", ""],
               ["COO", "leader", "decision", "no", ""]]
SMALL_RACI: Rows = [["Activity", "Sales", "Service", "Ops"],
                    ["Sell", "A/R", "", ""],
                    ["Support", "", "A/R", ""],
                    ["Fulfil", "", "", "A/R"]]


def with_base(**sheets: Rows) -> dict[str, Rows]:
    """Teams and a clean small matrix, plus the given sheets."""
    return {"Teams": TEAMS, "RACI": SMALL_RACI, **sheets}


def journey(uses: tuple[str, str] = ("", "")) -> dict[str, Rows]:
    """Two journey steps, Sales then Ops: an inferred seam Sales -> Ops."""
    return {
        "Teams": TEAMS,
        "Activities": [["name", "journey", "step", "uses"],
                       ["Take order", "Order", 1, uses[0]], ["Pick order", "Order", 2, uses[1]]],
        "RACI": [["Activity", "Sales", "Ops"], ["Take order", "A/R", ""],
                 ["Pick order", "", "A/R"]],
    }


def ladder(hops: int) -> dict[str, Rows]:
    """Agent escalates through hops-1 advisory roles to a leader who decides."""
    levels = [f"Level {n}" for n in range(1, hops)]
    teams: Rows = [["name", "kind", "authority", "customer_facing"],
                   ["Agent", "team", "", "yes"], *([lv, "role", "advisory", "no"] for lv in levels),
                   ["Head", "leader", "decision", "no"]]
    chain = ["Agent", *levels, "Head"]
    return {"Teams": teams, "RACI": [["Activity", "Agent"], ["Answer", "A/R"]],
            "Escalations": [["from", "to", "time_limit_hours"],
                            *([a, b, 4] for a, b in pairwise(chain))]}


def handoffs(*pairs: tuple[str, str]) -> dict[str, Rows]:
    names = sorted({t for p in pairs for t in p})
    return {"Teams": [["name"], *([n] for n in names)],
            "RACI": [["Activity", names[0]], ["Work", "A/R"]],
            "Handoffs": [["from", "to", "owner", "sla_hours"],
                         *([a, b, a, 8] for a, b in pairs)]}


def order_journey(owner: str = "", promise: object = None, **sheets: Rows) -> dict[str, Rows]:
    """A journey Sales -> Ops -> Service with a refund decision, and its Journeys row."""
    return {
        "Teams": TEAMS,
        "Activities": [["name", "journey", "step", "kind"], ["Take order", "Order", 1, ""],
                       ["Pick order", "Order", 2, ""], ["Refund", "Order", 3, "decision"]],
        "RACI": [["Activity", "Sales", "Ops", "Service"], ["Take order", "A/R", "", ""],
                 ["Pick order", "", "A/R", ""], ["Refund", "", "", "A/R"]],
        "Journeys": [["name", "owner", "promise_hours"], ["Order", owner, promise]],
        **sheets,
    }


def slow_escalation(promise: object, limits: tuple[object, object] = (24, 48)
                    ) -> dict[str, Rows]:
    """The frontline Agent escalates through an advisory Lead to the Head who decides."""
    return {
        "Teams": [["name", "kind", "authority", "customer_facing"], ["Agent", "team", "", "yes"],
                  ["Lead", "role", "advisory", "no"], ["Head", "leader", "decision", "no"]],
        "Activities": [["name", "journey", "step"], ["Answer", "Help", 1]],
        "RACI": [["Activity", "Agent", "Head"], ["Answer", "R", "A"]],
        "Escalations": [["from", "to", "time_limit_hours"], ["Agent", "Lead", limits[0]],
                        ["Lead", "Head", limits[1]]],
        "Journeys": [["name", "owner", "promise_hours"], ["Help", "Head", promise]],
    }


def crowd(responsible: int) -> dict[str, Rows]:
    """One activity with one accountable and ``responsible`` responsible teams."""
    teams = [f"Team {n}" for n in range(1, responsible + 2)]
    return {"RACI": [["Activity", *teams], ["Fix outage", "A", *(["R"] * responsible)]]}


def frontline_rights(level: str, limit: str = "") -> dict[str, Rows]:
    """Sales (customer-facing) works on the journey; one decision right on the refund."""
    return {
        "Teams": TEAMS,
        "Activities": [["name", "journey", "step", "kind"], ["Take order", "Order", 1, ""],
                       ["Refund", "Order", 2, "decision"]],
        "RACI": [["Activity", "Sales", "COO"], ["Take order", "A/R", ""], ["Refund", "R", "A"]],
        "DecisionRights": [["team", "decision", "level", "limit"],
                           ["Sales", "Refund", level, limit]],
    }


CASES: list[Case] = [
    # ---------------------------------------------------------------- ownership
    Case("OWN001", "fires_when_nobody_is_accountable",
         {"RACI": [["Activity", "Sales", "Ops"], ["Take order", "A/R", ""],
                   ["Ship order", "", "R"]]},
         [("Ship order",)], ["RACI!A3"]),
    Case("OWN001", "fires_on_a_row_with_no_codes",
         {"RACI": [["Activity", "Sales"], ["Take order", "A/R"], ["Ship order", ""],
                   ["Bill order", "A/R"]]},
         [("Ship order",)], ["RACI!A3"]),
    Case("OWN001", "silent_with_one_accountable",
         {"RACI": [["Activity", "Sales", "Ops"], ["Ship order", "A", "R"]]}, []),
    Case("OWN002", "fires_with_two_accountables",
         {"RACI": [["Activity", "Sales", "Ops"], ["Ship order", "A", "A/R"]]},
         [("Ship order", "Ops", "Sales")], ["RACI!A2"]),
    Case("OWN002", "silent_with_one_accountable",
         {"RACI": [["Activity", "Sales", "Ops"], ["Ship order", "A", "R"]]}, []),
    Case("OWN003", "fires_when_nobody_does_the_work",
         {"RACI": [["Activity", "Sales", "Ops"], ["Ship order", "A", "C"]]},
         [("Ship order",)], ["RACI!A2"]),
    Case("OWN003", "silent_when_accountable_is_also_responsible",
         {"RACI": [["Activity", "Sales", "Ops"], ["Ship order", "A/R", "C"]]}, []),
    Case("OWN004", "fires_when_an_advisory_committee_is_accountable",
         {"Teams": [["name", "kind"], ["CX Council", "committee"], ["Service", "team"]],
          "RACI": [["Activity", "CX Council", "Service"], ["Approve refund", "A", "R"]]},
         [("Approve refund", "CX Council")], ["RACI!B2"]),
    Case("OWN004", "fires_when_the_owner_has_no_levers",
         {"Teams": [["name"], ["Sponsor"], ["Service"]],
          "RACI": [["Activity", "Sponsor", "Service"], ["Approve refund", "A", "R"]],
          "DecisionRights": [["team", "decision", "level"],
                             ["Service", "Approve refund", "recommend"]]},
         [("Approve refund", "Sponsor")], ["RACI!B2"]),
    Case("OWN004", "silent_when_a_committee_can_decide",
         {"Teams": [["name", "kind", "authority"], ["CX Council", "committee", "decision"],
                    ["Service", "team", ""]],
          "RACI": [["Activity", "CX Council", "Service"], ["Approve refund", "A", "R"]]}, []),
    Case("OWN004", "silent_when_a_leader_is_marked_decision",
         {"Teams": [["name", "kind", "authority"], ["COO", "leader", "decision"],
                    ["Service", "team", ""]],
          "RACI": [["Activity", "COO", "Service"], ["Approve refund", "A", "R"]],
          "DecisionRights": [["team", "decision", "level"],
                             ["Service", "Approve refund", "recommend"]]}, []),
    Case("OWN004", "silent_when_the_owner_holds_a_decision_right",
         {"Teams": [["name"], ["Sponsor"], ["Service"]],
          "RACI": [["Activity", "Sponsor", "Service"], ["Approve refund", "A", "R"]],
          "DecisionRights": [["team", "decision", "level"],
                             ["Sponsor", "Approve refund", "approve"]]}, []),
    Case("OWN005", "fires_when_the_outcome_owner_runs_no_input",
         {"Activities": [["name", "kind", "inputs"], ["Pick", "activity", ""],
                         ["Ship", "activity", ""], ["Delivered on time", "outcome", "Pick, Ship"]],
          "RACI": [["Activity", "Sales", "Ops"], ["Pick", "", "A/R"], ["Ship", "", "A/R"],
                   ["Delivered on time", "A", "R"]]},
         [("Delivered on time", "Sales")], ["Activities!A4"]),
    Case("OWN005", "silent_when_the_owner_runs_an_input",
         {"Activities": [["name", "kind", "inputs"], ["Pick", "activity", ""],
                         ["Ship", "activity", ""], ["Delivered on time", "outcome", "Pick, Ship"]],
          "RACI": [["Activity", "Sales", "Ops"], ["Pick", "", "A/R"], ["Ship", "A", "R"],
                   ["Delivered on time", "A", "R"]]}, []),
    Case("OWN006", "fires_above_twice_the_fair_share",
         {"RACI": [["Activity", "Sales", "Ops", "Service", "IT"],
                   *([f"Task {n}", "A/R" if n <= 5 else "C", "A/R" if n == 6 else "",
                      "A/R" if n == 7 else "", "A/R" if n == 8 else ""]
                     for n in range(1, 9))]},
         [("Sales",)]),
    Case("OWN006", "silent_in_a_two_actor_matrix",
         {"RACI": [["Activity", "Sales", "Ops"],
                   *([f"Task {n}", "A/R" if n <= 5 else "", "" if n <= 5 else "A/R"]
                     for n in range(1, 9))]}, []),
    Case("OWN006", "silent_at_less_than_twice_the_fair_share",
         {"RACI": [["Activity", "Sales", "Ops", "Service", "IT"],
                   *([f"Task {n}", "A/R" if n <= 4 else "C", "A/R" if n in (5, 6) else "",
                      "A/R" if n == 7 else "", "A/R" if n == 8 else ""]
                     for n in range(1, 9))]}, []),
    Case("OWN006", "silent_when_spread",
         {"RACI": [["Activity", "A1", "A2", "A3", "A4"],
                   *([f"Task {n}", *("A/R" if n % 4 == k else "" for k in range(4))]
                     for n in range(1, 9))]}, []),
    Case("OWN006", "silent_with_a_higher_threshold",
         {"RACI": [["Activity", "Sales", "Ops", "Service", "IT"],
                   *([f"Task {n}", "A/R" if n <= 5 else "C", "A/R" if n == 6 else "",
                      "A/R" if n == 7 else "", "A/R" if n == 8 else ""]
                     for n in range(1, 9))]},
         [], config={"thresholds": {"accountable_share": 0.7}}),
    Case("OWN007", "fires_with_five_consulted",
         {"RACI": [["Activity", "Owner", "C1", "C2", "C3", "C4", "C5"],
                   ["Change policy", "A/R", "C", "C", "C", "C", "C"]]},
         [("Change policy",)], ["RACI!A2"]),
    Case("OWN007", "silent_with_four_consulted",
         {"RACI": [["Activity", "Owner", "C1", "C2", "C3", "C4"],
                   ["Change policy", "A/R", "C", "C", "C", "C"]]}, []),
    Case("OWN007", "silent_when_five_of_twelve_are_consulted",
         {"RACI": [["Activity", "PM", *(f"Dev {n}" for n in range(1, 12))],
                   ["Sprint review", "A/R", *("C" if n <= 5 else "I" for n in range(1, 12))]]},
         []),
    Case("OWN007", "silent_in_a_three_actor_matrix",
         {"RACI": [["Activity", "Owner", "C1", "C2"], ["Change policy", "A/R", "C", "C"]]},
         [], config={"thresholds": {"max_consulted": 1}}),
    Case("OWN008", "fires_for_a_team_with_no_part",
         {"Teams": [["name"], ["Sales"], ["Loyalty"]],
          "RACI": [["Activity", "Sales"], ["Sell", "A/R"]]},
         [("Loyalty",)], ["Teams!A3"]),
    Case("OWN008", "silent_when_the_team_is_only_on_an_escalation",
         {"Teams": [["name"], ["Sales"], ["Loyalty"]],
          "RACI": [["Activity", "Sales"], ["Sell", "A/R"]],
          "Escalations": [["from", "to", "time_limit_hours"], ["Sales", "Loyalty", 4]]}, []),
    Case("OWN009", "fires_with_five_responsible", crowd(5), [("Fix outage",)], ["RACI!A2"]),
    Case("OWN009", "silent_with_four_responsible", crowd(4), []),
    Case("OWN009", "silent_with_a_higher_threshold", crowd(5), [],
         config={"thresholds": {"max_responsible": 5}}),
    # ---------------------------------------------------------------- seams
    Case("SEAM001", "fires_for_a_declared_handoff_without_owner",
         with_base(Handoffs=[["from", "to", "sla_hours"], ["Sales", "Service", 24]]),
         [("Sales", "Service")], ["Handoffs!A2"]),
    Case("SEAM001", "fires_for_an_inferred_seam",
         journey(), [("Sales", "Ops")], ["Activities!A3"]),
    Case("SEAM001", "silent_for_an_outcome_row_owned_by_a_leader",
         {"Teams": TEAMS,
          "Activities": [["name", "journey", "step", "kind"],
                         ["Take order", "Order", 1, ""], ["Pick order", "Order", 2, ""],
                         ["Order delivered", "Order", 3, "outcome"],
                         ["Customer happy", "Order", "", ""]],
          "RACI": [["Activity", "Sales", "Ops", "COO"], ["Take order", "A/R", "", ""],
                   ["Pick order", "", "A/R", ""], ["Order delivered", "", "", "A/R"],
                   ["Customer happy", "", "", "A/R"]],
          "Handoffs": [["from", "to", "journey", "owner", "sla_hours"],
                       ["Sales", "Ops", "Order", "Ops", 8]]}, []),
    Case("SEAM001", "silent_when_owned",
         with_base(Handoffs=[["from", "to", "owner", "sla_hours"],
                             ["Sales", "Service", "Service", 24]]), []),
    Case("SEAM002", "fires_when_the_owner_is_a_bystander",
         with_base(Handoffs=[["from", "to", "owner", "sla_hours"], ["Sales", "Ops", "IT", 24]]),
         [("Sales", "Ops", "IT")], ["Handoffs!A2"]),
    Case("SEAM002", "silent_when_the_owner_manages_a_side",
         with_base(Handoffs=[["from", "to", "owner", "sla_hours"],
                             ["Sales", "Ops", "COO", 24]]), []),
    Case("SEAM002", "silent_when_the_owner_holds_a_decide_right_on_the_journey",
         {**journey(),
          "Activities": [["name", "journey", "step", "kind"],
                         ["Take order", "Order", 1, ""], ["Pick order", "Order", 2, ""],
                         ["Approve credit", "Order", 3, "decision"]],
          "RACI": [["Activity", "Sales", "Ops", "IT"], ["Take order", "A/R", "", ""],
                   ["Pick order", "", "A/R", ""], ["Approve credit", "", "A/R", ""]],
          "Handoffs": [["from", "to", "journey", "owner", "sla_hours"],
                       ["Sales", "Ops", "Order", "IT", 8]],
          "DecisionRights": [["team", "decision", "level"], ["IT", "Approve credit", "approve"]]},
         []),
    Case("SEAM002", "fires_when_the_owner_only_recommends",
         {**journey(),
          "Activities": [["name", "journey", "step", "kind"],
                         ["Take order", "Order", 1, ""], ["Pick order", "Order", 2, ""],
                         ["Approve credit", "Order", 3, "decision"]],
          "RACI": [["Activity", "Sales", "Ops", "IT"], ["Take order", "A/R", "", ""],
                   ["Pick order", "", "A/R", ""], ["Approve credit", "", "A/R", ""]],
          "Handoffs": [["from", "to", "journey", "owner", "sla_hours"],
                       ["Sales", "Ops", "Order", "IT", 8]],
          "DecisionRights": [["team", "decision", "level"],
                             ["IT", "Approve credit", "recommend"]]},
         [("Sales", "Ops", "IT")], ["Handoffs!A2"]),
    Case("SEAM002", "silent_when_the_owner_is_a_side",
         with_base(Handoffs=[["from", "to", "owner", "sla_hours"],
                             ["Sales", "Ops", "Ops", 24]]), []),
    Case("SEAM003", "fires_without_sla",
         with_base(Handoffs=[["from", "to", "owner"], ["Sales", "Ops", "Ops"]]),
         [("Sales", "Ops")], ["Handoffs!A2"]),
    Case("SEAM003", "fires_for_an_inferred_seam", journey(), [("Sales", "Ops")],
         ["Activities!A3"]),
    Case("SEAM003", "silent_with_sla",
         with_base(Handoffs=[["from", "to", "owner", "sla_hours"], ["Sales", "Ops", "Ops", 8]]),
         []),
    Case("SEAM004", "fires_for_a_seam_missing_from_handoffs",
         {**journey(), "Handoffs": [["from", "to", "owner", "sla_hours"],
                                    ["Ops", "Sales", "Ops", 8]]},
         [("Sales", "Ops")], ["Activities!A3"]),
    Case("SEAM004", "silent_when_declared",
         {**journey(), "Handoffs": [["from", "to", "journey", "owner", "sla_hours"],
                                    ["Sales", "Ops", "Order", "Ops", 8]]}, []),
    # ---------------------------------------------------------------- data
    Case("DATA001", "fires_when_only_the_owner_can_read",
         with_base(Systems=[["name", "owner", "customer_data"], ["Survey", "Sales", "yes"]],
                   Access=[["team", "system", "access"], ["Sales", "Survey", "write"],
                           ["Service", "Survey", "none"]]),
         [("Survey",)], ["Systems!A2"]),
    Case("DATA001", "silent_when_another_team_reads",
         with_base(Systems=[["name", "owner", "customer_data"], ["Survey", "Sales", "yes"]],
                   Access=[["team", "system", "access"], ["Service", "Survey", "read"]]), []),
    Case("DATA001", "silent_without_customer_data",
         with_base(Systems=[["name", "owner", "customer_data"], ["Survey", "Sales", "no"]],
                   Access=[["team", "system", "access"], ["Sales", "Survey", "write"]]), []),
    Case("DATA002", "fires_when_the_doer_cannot_open_the_system",
         {**journey(("", "WMS")),
          "Systems": [["name", "owner"], ["WMS", "IT"]],
          "Access": [["team", "system", "access"], ["Ops", "WMS", "none"]]},
         [("Pick order", "Ops", "WMS")], ["Activities!A3"]),
    Case("DATA002", "silent_with_read_access",
         {**journey(("", "WMS")),
          "Systems": [["name", "owner"], ["WMS", "IT"]],
          "Access": [["team", "system", "access"], ["Ops", "WMS", "read"]]}, []),
    Case("DATA002", "silent_for_the_owner",
         {**journey(("", "WMS")),
          "Systems": [["name", "owner"], ["WMS", "Ops"]],
          "Access": [["team", "system", "access"], ["Sales", "WMS", "read"]]}, []),
    Case("DATA003", "fires_when_the_frontline_cannot_read_a_journey_system",
         {**journey(("CRM", "WMS")),
          "Systems": [["name", "owner", "customer_data"], ["CRM", "Sales", "yes"],
                      ["WMS", "Ops", "yes"]],
          "Access": [["team", "system", "access"], ["Sales", "WMS", "none"]]},
         [("Sales", "WMS")], ["Access!A2"]),
    Case("DATA003", "silent_for_a_system_without_customer_data",
         {**journey(("CRM", "WMS")),
          "Systems": [["name", "owner", "customer_data"], ["CRM", "Sales", "yes"],
                      ["WMS", "Ops", "no"]],
          "Access": [["team", "system", "access"], ["Sales", "WMS", "none"]]}, []),
    Case("DATA003", "silent_with_read_access",
         {**journey(("CRM", "WMS")),
          "Systems": [["name", "owner", "customer_data"], ["CRM", "Sales", "yes"],
                      ["WMS", "Ops", "yes"]],
          "Access": [["team", "system", "access"], ["Sales", "WMS", "read"]]}, []),
    Case("DATA004", "fires_with_two_records_for_a_domain",
         with_base(Systems=[["name", "owner", "system_of_record"], ["Web", "IT", "Customer"],
                            ["CRM", "Service", "customer"], ["ERP", "Ops", "orders"]]),
         [("Web", "CRM")], ["Systems!A2"]),
    Case("DATA004", "silent_with_one_record_per_domain",
         with_base(Systems=[["name", "owner", "system_of_record"], ["Web", "IT", "orders"],
                            ["CRM", "Service", "customer"]]), []),
    Case("DATA005", "fires_for_a_system_without_owner",
         with_base(Systems=[["name", "owner"], ["CRM", "Service"], ["Tracking", ""]]),
         [("Tracking",)], ["Systems!A3"]),
    Case("DATA005", "silent_when_owned",
         with_base(Systems=[["name", "owner"], ["CRM", "Service"]]), []),
    # ---------------------------------------------------------------- escalation
    Case("ESC001", "fires_for_a_customer_facing_team_without_path",
         with_base(Escalations=[["from", "to", "time_limit_hours"], ["Sales", "COO", 4]]),
         [("Service",)], ["Teams!A3"]),
    Case("ESC001", "fires_for_a_decision_without_path",
         {"Teams": [["name"], ["Sales"], ["COO"]],
          "Activities": [["name", "kind"], ["Approve discount", "decision"]],
          "RACI": [["Activity", "Sales", "COO"], ["Approve discount", "R", "A"]],
          "Escalations": [["from", "to", "time_limit_hours"], ["Sales", "COO", 4]]},
         [("Approve discount",)], ["Activities!A2"]),
    Case("ESC001", "silent_when_every_frontline_team_has_a_path",
         with_base(Escalations=[["from", "to", "time_limit_hours"], ["Sales", "COO", 4],
                                ["Service", "COO", 4]]), []),
    Case("ESC002", "fires_without_time_limit",
         with_base(Escalations=[["from", "to", "time_limit_hours"], ["Sales", "COO", 4],
                                ["Service", "COO", ""]]),
         [("Service", "COO")], ["Escalations!A3"]),
    Case("ESC002", "silent_with_time_limits",
         with_base(Escalations=[["from", "to", "time_limit_hours"], ["Service", "COO", 4]]),
         []),
    Case("ESC003", "fires_once_for_a_loop",
         with_base(Escalations=[["from", "to", "time_limit_hours"], ["Sales", "Ops", 4],
                                ["Ops", "IT", 4], ["IT", "Sales", 4], ["Ops", "COO", 4],
                                ["IT", "Ops", 4]]),
         [("IT", "Ops", "Sales")], ["Escalations!A2"]),
    Case("ESC003", "silent_for_a_chain",
         with_base(Escalations=[["from", "to", "time_limit_hours"], ["Sales", "Ops", 4],
                                ["Ops", "COO", 4]]), []),
    Case("ESC004", "fires_when_the_path_ends_at_an_advisory_body",
         {"Teams": [["name", "kind", "customer_facing"], ["Branch", "team", "yes"],
                    ["Forum", "committee", "no"], ["Head", "leader", "no"]],
          "RACI": [["Activity", "Branch", "Head"], ["Serve", "R", "A"]],
          "Escalations": [["from", "to", "time_limit_hours"], ["Branch", "Forum", 8]]},
         [("Branch", "Forum")], ["Escalations!A2"]),
    Case("ESC004", "silent_when_the_path_reaches_a_decider",
         {"Teams": [["name", "kind", "customer_facing"], ["Branch", "team", "yes"],
                    ["Forum", "committee", "no"], ["Head", "leader", "no"]],
          "RACI": [["Activity", "Branch", "Head"], ["Serve", "R", "A"]],
          "Escalations": [["from", "to", "time_limit_hours"], ["Branch", "Forum", 8],
                          ["Forum", "Head", 24]]}, []),
    Case("ESC005", "fires_above_three_hops", ladder(4), [("Agent", "Head")],
         ["Escalations!A2"]),
    Case("ESC005", "silent_at_three_hops", ladder(3), []),
    Case("ESC005", "silent_with_a_higher_threshold", ladder(4), [],
         config={"thresholds": {"max_escalation_hops": 4}}),
    # ---------------------------------------------------------------- governance
    Case("GOV001", "fires_for_a_metric_without_owner",
         with_base(Metrics=[["name", "owner", "activity"], ["NPS", "", "Support"],
                            ["Orders shipped", "Ops", "Fulfil"]]),
         [("NPS",)], ["Metrics!A2"]),
    Case("GOV001", "silent_when_owned",
         with_base(Metrics=[["name", "owner", "activity"], ["NPS", "Service", "Support"]]), []),
    Case("GOV002", "fires_for_a_metric_linked_to_nothing",
         with_base(Metrics=[["name", "owner", "activity"], ["NPS", "Service", ""]]),
         [("NPS",)], ["Metrics!A2"]),
    Case("GOV002", "fires_for_a_metric_linked_to_an_ordinary_activity",
         with_base(Metrics=[["name", "owner", "activity"], ["NPS", "Service", "Support"]]),
         [("NPS",)], ["Metrics!A2"]),
    Case("GOV002", "silent_when_linked_to_a_decision",
         {**with_base(Metrics=[["name", "owner", "activity"],
                               ["NPS", "Service", "Approve goodwill credit"]]),
          "RACI": [*SMALL_RACI, ["Approve goodwill credit", "", "A/R", ""]]}, []),
    Case("GOV003", "fires_when_rights_only_advise",
         {"Teams": [["name"], ["Sales"], ["Finance"]],
          "Activities": [["name", "kind"], ["Approve discount", "decision"]],
          "RACI": [["Activity", "Sales", "Finance"], ["Approve discount", "R", "C"]],
          "DecisionRights": [["team", "decision", "level"],
                             ["Sales", "Approve discount", "recommend"]]},
         [("Approve discount",)], ["Activities!A2"]),
    Case("GOV003", "silent_with_an_approve_right",
         {"Teams": [["name"], ["Sales"], ["Finance"]],
          "Activities": [["name", "kind"], ["Approve discount", "decision"]],
          "RACI": [["Activity", "Sales", "Finance"], ["Approve discount", "R", "C"]],
          "DecisionRights": [["team", "decision", "level"],
                             ["Finance", "Approve discount", "approve"]]}, []),
    Case("GOV003", "silent_with_an_accountable",
         {"Activities": [["name", "kind"], ["Approve discount", "decision"]],
          "RACI": [["Activity", "Sales", "Finance"], ["Approve discount", "R", "A"]]}, []),
    # ---------------------------------------------------------------- journeys
    Case("JRN001", "fires_for_a_journey_across_teams_without_owner",
         order_journey(), [("Order",)], ["Journeys!A2"]),
    Case("JRN001", "silent_when_the_journey_has_an_owner", order_journey("COO"), []),
    Case("JRN002", "fires_when_the_owner_holds_no_right_and_no_seam",
         order_journey("COO", DecisionRights=[["team", "decision", "level"],
                                              ["Service", "Refund", "decide"]]),
         [("Order", "COO")], ["Journeys!A2"]),
    Case("JRN002", "fires_when_the_owner_only_recommends",
         order_journey("COO", DecisionRights=[["team", "decision", "level"],
                                              ["COO", "Refund", "recommend"]]),
         [("Order", "COO")], ["Journeys!A2"]),
    Case("JRN002", "silent_when_the_owner_approves_a_decision",
         order_journey("COO", DecisionRights=[["team", "decision", "level"],
                                              ["COO", "Refund", "approve"]]), []),
    Case("JRN002", "silent_when_the_owner_owns_a_seam",
         order_journey("COO", Handoffs=[["from", "to", "journey", "owner"],
                                        ["Sales", "Ops", "Order", "COO"]]), []),
    Case("JRN003", "fires_when_the_time_limits_exceed_the_promise",
         slow_escalation(48), [("Help", "Agent")], ["Escalations!A2"]),
    Case("JRN003", "fires_when_a_link_has_no_time_limit",
         slow_escalation(48, (24, "")), [("Help", "Agent")], ["Escalations!A2"]),
    Case("JRN003", "silent_within_the_promise", slow_escalation(72), []),
    Case("JRN003", "silent_without_a_promise", slow_escalation(""), []),
    Case("GOV004", "fires_when_the_owner_has_no_part_in_the_work",
         with_base(Metrics=[["name", "owner", "activity"], ["Orders shipped", "IT", "Fulfil"]]),
         [("Orders shipped", "IT")], ["Metrics!A2"]),
    Case("GOV004", "fires_when_the_owner_has_no_part_in_the_journey",
         order_journey(Metrics=[["name", "owner", "journey"], ["Order cycle time", "IT",
                                                               "Order"]]),
         [("Order cycle time", "IT")], ["Metrics!A2"]),
    Case("GOV004", "silent_when_the_owner_does_the_work",
         with_base(Metrics=[["name", "owner", "activity"], ["Orders shipped", "Ops", "Fulfil"]]),
         []),
    Case("GOV004", "silent_when_the_owner_owns_the_journey",
         order_journey("IT", Metrics=[["name", "owner", "journey"], ["Order cycle time", "IT",
                                                                     "Order"]]), []),
    Case("GOV005", "fires_when_no_metric_of_the_journey_is_a_customer_one",
         order_journey(Metrics=[["name", "owner", "activity", "type"],
                                ["Cost per order", "Ops", "Pick order", "efficiency"],
                                ["Refund accuracy", "Service", "Refund", "control"]]),
         [("Order",)], ["Metrics!A2"]),
    Case("GOV005", "silent_with_a_customer_metric",
         order_journey(Metrics=[["name", "owner", "activity", "type"],
                                ["Cost per order", "Ops", "Pick order", "efficiency"],
                                ["Order CSAT", "Sales", "Take order", "customer"]]), []),
    Case("GOV006", "fires_when_the_frontline_only_recommends",
         frontline_rights("recommend"), [("Sales",)], ["Teams!A2"]),
    Case("GOV006", "silent_when_the_frontline_decides",
         frontline_rights("decide", "up to 50 EUR"), []),
    Case("GOV007", "fires_for_a_frontline_right_without_limit",
         frontline_rights("decide"), [("Sales", "Refund")], ["DecisionRights!A2"]),
    Case("GOV007", "silent_with_a_stated_limit", frontline_rights("approve", "£200"), []),
    # ---------------------------------------------------------------- structure
    Case("STR001", "fires_for_the_only_link",
         handoffs(("Sales", "Hub"), ("Hub", "Ops")), [("Hub",)], ["Teams!A2"]),
    Case("STR001", "silent_in_a_triangle",
         handoffs(("Sales", "Hub"), ("Hub", "Ops"), ("Ops", "Sales")), []),
    Case("STR002", "fires_for_a_hub",
         handoffs(("North", "Hub"), ("South", "Hub"), ("Hub", "East"), ("Hub", "West")),
         [("Hub",)], ["Teams!A3"]),
    Case("STR002", "silent_in_a_ring",
         handoffs(("Ann", "Bob"), ("Bob", "Cat"), ("Cat", "Dan"), ("Dan", "Eve"),
                  ("Eve", "Ann")), []),
]


# ---------------------------------------------------------------- observed (with a log)

def log(*walks: tuple[tuple[str, ...], float]) -> Rows:
    """An event log: each walk is (teams in order, hours waited at each handoff)."""
    rows: Rows = [["case_id", "timestamp", "team"]]
    for number, (teams, wait) in enumerate(walks, start=1):
        hour = float(number)
        for team in teams:
            rows.append([f"C{number}", f"2026-01-{1 + int(hour) // 24:02d} "
                                       f"{int(hour) % 24:02d}:{int(hour % 1 * 60):02d}", team])
            hour += wait
    return rows


SALES_OPS = {"Teams": [["name"], ["Sales"], ["Ops"], ["Service"]],
             "RACI": [["Activity", "Sales", "Ops", "Service"], ["Work", "A/R", "", ""]]}
DECLARED = {**SALES_OPS, "Handoffs": [["from", "to", "owner", "sla_hours"],
                                      ["Sales", "Ops", "Sales", 8]]}

CASES += [
    Case("OBS001", "fires_when_five_cases_cross_an_undrawn_seam", SALES_OPS,
         [("Sales", "Ops")], ["Teams!A2"], log=log(*[(("Sales", "Ops"), 1.0)] * 5)),
    Case("OBS001", "silent_below_min_cases", SALES_OPS, [],
         log=log(*[(("Sales", "Ops"), 1.0)] * 4)),
    Case("OBS001", "silent_when_the_seam_is_declared", DECLARED, [],
         log=log(*[(("Sales", "Ops"), 1.0)] * 5)),
    Case("OBS002", "fires_when_both_teams_work_but_never_hand_over", DECLARED,
         [("Sales", "Ops")], ["Handoffs!A2"],
         log=log((("Sales",), 1.0), (("Ops",), 1.0))),
    Case("OBS002", "silent_when_a_case_crosses", DECLARED, [],
         log=log((("Sales", "Ops"), 1.0))),
    Case("OBS002", "silent_when_a_team_is_absent_from_the_log", DECLARED, [],
         log=log((("Sales",), 1.0))),
    Case("OBS003", "fires_when_cases_bounce_back", DECLARED, [("Sales", "Ops")],
         ["Handoffs!A2"], log=log(*[(("Sales", "Ops"), 1.0)] * 8,
                                  *[(("Sales", "Ops", "Sales"), 1.0)] * 2)),
    Case("OBS003", "silent_below_the_share", DECLARED, [],
         log=log(*[(("Sales", "Ops"), 1.0)] * 10, (("Sales", "Ops", "Sales"), 1.0))),
    Case("OBS004", "fires_above_the_time_standard", DECLARED, [("Sales", "Ops")],
         ["Handoffs!A2"], log=log(*[(("Sales", "Ops"), 20.0)] * 3)),
    Case("OBS004", "silent_within_the_time_standard", DECLARED, [],
         log=log(*[(("Sales", "Ops"), 2.0)] * 3)),
    Case("OBS004", "fires_above_the_journeys_promise",
         {**journey(), "Journeys": [["name", "promise_hours"], ["Order", 4]]},
         [("Sales", "Ops")], ["Activities!A3"], log=log(*[(("Sales", "Ops"), 10.0)] * 3)),
    Case("OBS004", "silent_within_the_journeys_promise",
         {**journey(), "Journeys": [["name", "promise_hours"], ["Order", 48]]}, [],
         log=log(*[(("Sales", "Ops"), 10.0)] * 3)),
    Case("OBS005", "fires_for_a_group_no_team_claims", SALES_OPS, [("Shadow Desk",)],
         ["log.csv!C3"], log=log((("Sales", "Shadow Desk"), 1.0))),
    Case("OBS005", "silent_when_every_group_maps", SALES_OPS, [],
         log=log((("Sales", "sales"), 1.0))),
]
