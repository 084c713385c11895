// GOV001 metric-without-owner
// Mirrors: opmodel.rules.governance.metric_without_owner (networkx engine).
// Flags: each metric no team OWNS.
// Parameters: $model
// Columns: rule, subjects, evidence
MATCH (m:Metric {model: $model})
USING INDEX m:Metric(model)
WHERE NOT EXISTS { (:Team)-[:OWNS]->(m) }
RETURN 'GOV001' AS rule, [m.id] AS subjects, {} AS evidence
ORDER BY m.src_sheet, m.src_row
