// ESC001 missing-escalation
// Mirrors: opmodel.rules.escalation.missing_escalation (networkx engine).
// Flags: each customer-facing team, and each decision (activity of kind 'decision'), with no
// ESCALATES_TO relationship leading out of it.
// Parameters: $model
// Columns: rule, subjects, evidence
CALL () {
  MATCH (t:Team {model: $model})
  USING INDEX t:Team(model)
  WHERE t.customer_facing AND NOT EXISTS { (t)-[:ESCALATES_TO]->() }
  RETURN t AS node, 0 AS part
  UNION ALL
  MATCH (a:Activity {model: $model, kind: 'decision'})
  USING INDEX a:Activity(model)
  WHERE NOT EXISTS { (a)-[:ESCALATES_TO]->() }
  RETURN a AS node, 1 AS part
}
RETURN 'ESC001' AS rule, [node.id] AS subjects, {} AS evidence
ORDER BY part, node.src_sheet, node.src_row
