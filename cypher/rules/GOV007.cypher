// GOV007 frontline-limit-unstated
// Mirrors: opmodel.rules.governance.frontline_limit_unstated (networkx engine).
// Flags: each (customer-facing team, decision) pair with a decide or approve right (HOLDS_RIGHT)
// that states no limit; one finding per pair, at its first such right.
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (t:Team {model: $model})-[r:HOLDS_RIGHT]->(d:Activity)
USING INDEX t:Team(model)
WHERE t.customer_facing AND r.level IN ['decide', 'approve'] AND r.limit IS NULL
WITH t, d, r ORDER BY r.src_sheet, r.src_row
WITH t, d, collect(r)[0] AS first
RETURN 'GOV007' AS rule,
       [t.id, d.id] AS subjects,
       {level: first.level} AS evidence,
       [{sheet: first.src_sheet, row: first.src_row, column: first.src_column}] AS at
ORDER BY first.src_sheet, first.src_row
