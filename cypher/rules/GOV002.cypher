// GOV002 metric-without-decision
// Mirrors: opmodel.rules.governance.metric_without_decision (networkx engine).
// Flags: each metric that MEASURES no decision or activity.
// Parameters: $model
// Columns: rule, subjects, evidence
MATCH (m:Metric {model: $model})
USING INDEX m:Metric(model)
WHERE NOT EXISTS { (m)-[:MEASURES]->(:Activity) }
RETURN 'GOV002' AS rule, [m.id] AS subjects, {} AS evidence
ORDER BY m.src_sheet, m.src_row
