// GOV002 metric-without-decision
// Mirrors: opmodel.rules.governance.metric_without_decision (networkx engine).
// Flags: each metric that MEASURES no decision (no activity, or an activity whose kind is not
// 'decision').
// Parameters: $model
// Columns: rule, subjects, evidence
MATCH (m:Metric {model: $model})
USING INDEX m:Metric(model)
WHERE NOT EXISTS { (m)-[:MEASURES]->(:Activity {kind: 'decision'}) }
OPTIONAL MATCH (m)-[:MEASURES]->(linked:Activity)
RETURN 'GOV002' AS rule, [m.id] AS subjects,
       {linked: linked.name, linked_kind: linked.kind} AS evidence
ORDER BY m.src_sheet, m.src_row
