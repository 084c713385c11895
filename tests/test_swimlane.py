"""Swimlanes: full labels (wrapped, never cut), lane names in their own fixed column, steps
with findings outlined in red with their count."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from opmodel.analysis import analyze
from opmodel.graph import build_graph
from opmodel.viz import findings_by_node, swimlane_svg

SVG = "{http://www.w3.org/2000/svg}"
LONG = ("Reconcile the customer's disputed invoice against the signed framework agreement "
        "and the delivery notes")
LONG_TEAM = "Accounts Receivable and Collections Operations"

SHEETS = {
    "Teams": [["name"], ["Sales"], [LONG_TEAM], ["Support"]],
    "Activities": [["name", "journey", "step"],
                   ["Take order", "Billing", 1], [LONG, "Billing", 2],
                   ["Answer query", "Billing", 3], ["Close case", "Billing", 4]],
    "RACI": [["Activity", "Sales", LONG_TEAM, "Support"],
             ["Take order", "A/R", "", ""], [LONG, "", "A/R", ""],
             ["Answer query", "", "", "A/R"],
             ["Close case", "", "", "R"]],  # nobody accountable: a finding on this step
}


def _draw(make_workbook):
    analysis = analyze(make_workbook(SHEETS))
    flagged = findings_by_node(analysis.result.findings)
    html = swimlane_svg(analysis.model, build_graph(analysis.model), "Billing",
                        findings=flagged)
    return ET.fromstring(f"<root>{html}</root>"), flagged


def _lines(text: ET.Element) -> str:
    return " ".join(span.text or "" for span in text.iter(f"{SVG}tspan"))


def test_a_long_activity_and_team_name_are_drawn_in_full(make_workbook):
    root, _ = _draw(make_workbook)
    names = root.find(f".//{SVG}svg[@class='lane-names']")
    steps = root.find(f".//{SVG}svg[@class='swimlane']")
    labels = [_lines(t) for t in steps.iter(f"{SVG}text") if t.find(f"{SVG}tspan") is not None]
    assert LONG in labels  # every word, in order, over several lines
    (long_step,) = [t for t in steps.iter(f"{SVG}text") if _lines(t) == LONG]
    assert len(long_step.findall(f"{SVG}tspan")) >= 4
    lanes = [_lines(t) for t in names.iter(f"{SVG}text")]
    assert lanes == ["Sales", LONG_TEAM, "Support"]


def test_lane_names_sit_outside_the_scrolling_box(make_workbook):
    root, _ = _draw(make_workbook)
    view = root.find("div[@class='swimlane-view']")
    fixed, scrolling = list(view)
    assert fixed.tag == f"{SVG}svg" and "flex:none" in fixed.get("style")
    assert "overflow-x:auto" in scrolling.get("style")
    assert scrolling.find(f"{SVG}svg").get("class") == "swimlane"
    steps = scrolling.find(f"{SVG}svg")
    assert fixed.get("height") == steps.get("height")  # lanes align
    # on paper the fixed column goes and the steps' own copy of the names (hidden on screen
    # behind the fixed column by a negative margin of its width) shrinks with the lanes
    assert steps.get("style") == f"margin-left:-{fixed.get('width')}px"
    copy = [_lines(g.find(f"{SVG}text")) for g in steps.iter(f"{SVG}g")
            if g.get("class") == "print-names"]
    assert copy == ["Sales", LONG_TEAM, "Support"]
    assert "@media print{.swimlane-view .lane-names{display:none}" in root.find("style").text


def test_steps_with_findings_are_outlined_in_red_with_their_count(make_workbook):
    root, flagged = _draw(make_workbook)
    steps = root.find(f".//{SVG}svg[@class='swimlane']")
    marked = {_lines(g.find(f"{SVG}text")): g for g in steps.iter(f"{SVG}g")
              if g.get("class") == "step flagged"}
    assert "Close case" in marked
    assert "Take order" not in marked and LONG not in marked
    close = marked["Close case"]
    assert close.find(f"{SVG}rect").get("stroke") == "#d62728"
    count = [t.text for t in close.iter(f"{SVG}text") if t.text]
    assert count == [str(len(flagged["activity:close-case"]))]
    assert "accountable" in close.find(f"{SVG}title").text.lower()
    legend = root.find(f"{SVG}svg[@class='lane-legend']")
    assert "step with findings" in "".join(legend.itertext())
