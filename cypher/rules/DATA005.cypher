// DATA005 unowned-system
// Mirrors: opmodel.rules.data.unowned_system (networkx engine).
// Flags: each system no team OWNS.
// Parameters: $model
// Columns: rule, subjects, evidence
MATCH (s:System {model: $model})
USING INDEX s:System(model)
WHERE NOT EXISTS { (:Team)-[:OWNS]->(s) }
RETURN 'DATA005' AS rule, [s.id] AS subjects, {} AS evidence
ORDER BY s.src_sheet, s.src_row
