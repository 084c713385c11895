// GOV006 frontline-without-decision-rights
// Mirrors: opmodel.rules.governance.frontline_without_decision_rights (networkx engine).
// Flags: each customer-facing team accountable, responsible or supporting on a step of some
// journey that HOLDS_RIGHT at level decide or approve over nothing at all.
// Journey steps are activities with is_step (not outcomes, nor step-less rows of a journey
// whose other rows have steps), as networkx's Facts.journeys.
// Parameters: $model
// Columns: rule, subjects, evidence
MATCH (t:Team {model: $model})
USING INDEX t:Team(model)
WHERE t.customer_facing
  AND NOT EXISTS { (t)-[r:HOLDS_RIGHT]->() WHERE r.level IN ['decide', 'approve'] }
WITH t, COLLECT { MATCH (t)-[r:ASSIGNED]->(a:Activity {is_step: true})-[:IN_JOURNEY]->(:Journey)
                  WHERE r.role IN ['accountable', 'responsible', 'support']
                  WITH DISTINCT a.journey AS name
                  RETURN name ORDER BY toLower(name) } AS journeys
WHERE size(journeys) > 0
RETURN 'GOV006' AS rule, [t.id] AS subjects, {journeys: journeys} AS evidence
ORDER BY t.src_sheet, t.src_row
