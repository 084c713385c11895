"""The graph of DESIGN section 4, including seams inferred between journey steps."""

from __future__ import annotations

from opmodel import build_graph, load

SHEETS = {
    "Teams": [["name"], ["Sales"], ["Support"], ["Fulfilment"], ["COO"]],
    "Systems": [["name", "owner"], ["CRM", "Sales"]],
    "Access": [["team", "system", "access"], ["Support", "CRM", "read"],
               ["Fulfilment", "CRM", "none"]],
    "Activities": [["name", "journey", "step", "uses"],
                   ["Take order", "Order", 1, "CRM"], ["Pick order", "Order", 2, ""],
                   ["Ship order", "Order", 3, ""], ["Answer query", "Order", 4, "CRM"]],
    "RACI": [["Activity", "Sales", "Support", "Fulfilment"],
             ["Take order", "A/R", "", ""], ["Pick order", "", "", "A/R"],
             ["Ship order", "", "", "A/R"], ["Answer query", "I", "A/R", ""]],
    "Handoffs": [["from", "to", "journey", "owner", "sla_hours"],
                 ["Sales", "Fulfilment", "Order", "COO", 4]],
    "Escalations": [["from", "to", "time_limit_hours"], ["Support", "COO", 24]],
}


def _handoffs(graph):
    return sorted((u, v, d["inferred"]) for u, v, d in graph.edges(data=True)
                  if d["type"] == "HANDOFF")


def test_nodes_edges_and_sources(make_workbook):
    graph = build_graph(load(make_workbook(SHEETS)).model)
    assert graph.nodes["team:sales"]["type"] == "team"
    assert graph.nodes["activity:take-order"]["source"].cell == "A2"
    assert graph.has_edge("team:sales", "activity:take-order", "ASSIGNED:accountable")
    assert graph.has_edge("activity:take-order", "system:crm", "USES")
    assert graph.has_edge("team:sales", "system:crm", "OWNS")
    assert graph.has_edge("team:support", "system:crm", "ACCESS")
    assert not graph.has_edge("team:fulfilment", "system:crm", "ACCESS")  # access: none
    assert graph.has_edge("activity:take-order", "activity:pick-order", "NEXT")
    assert graph.has_edge("activity:take-order", "journey:order", "IN_JOURNEY")
    (esc,) = [d for _, _, d in graph.edges(data=True) if d["type"] == "ESCALATES_TO"]
    assert esc["time_limit_hours"] == 24 and esc["source"].sheet == "Escalations"


def test_seams_are_inferred_where_the_responsible_team_changes(make_workbook):
    graph = build_graph(load(make_workbook(SHEETS)).model)
    # Sales -> Fulfilment is declared (not inferred again); Fulfilment -> Support is a seam
    # nobody wrote down; Fulfilment -> Fulfilment (steps 2 -> 3) is no seam at all.
    assert _handoffs(graph) == [("team:fulfilment", "team:support", True),
                                ("team:sales", "team:fulfilment", False)]
    inferred = graph.edges["team:fulfilment", "team:support", "HANDOFF"]
    assert inferred["owner"] is None and inferred["source"].row == 5


def test_a_bare_matrix_builds_a_graph(make_workbook):
    graph = build_graph(load(make_workbook({"RACI": SHEETS["RACI"]})).model)
    assert {d["type"] for _, d in graph.nodes(data=True)} == {"team", "activity"}
    assert _handoffs(graph) == []


def test_access_listed_twice_keeps_the_strongest_level(make_workbook):
    sheets = {**SHEETS, "Access": [["team", "system", "access"], ["Support", "CRM", "write"],
                                   ["Support", "CRM", "read"]]}
    graph = build_graph(load(make_workbook(sheets)).model)
    assert graph.edges["team:support", "system:crm", "ACCESS"]["level"] == "write"
