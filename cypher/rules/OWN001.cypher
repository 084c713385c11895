// OWN001 no-accountable
// Mirrors: opmodel.rules.ownership.no_accountable (networkx engine).
// Flags: each activity, decision or outcome that no team is accountable for (no ASSIGNED
// relationship with role 'accountable').
// Parameters: $model (the version key, "<model id>@<version>").
// Columns: rule, subjects, evidence, at
MATCH (a:Activity {model: $model})
USING INDEX a:Activity(model)
WHERE NOT EXISTS { (:Team)-[:ASSIGNED {role: 'accountable'}]->(a) }
RETURN 'OWN001' AS rule,
       [a.id] AS subjects,
       {responsible: COLLECT {
          MATCH (t:Team)-[:ASSIGNED {role: 'responsible'}]->(a)
          RETURN t.name ORDER BY toLower(t.name), t.id }} AS evidence,
       [{sheet: a.src_sheet, row: a.src_row, column: a.src_column}] + COLLECT {
          MATCH (:Team)-[x:ASSIGNED {role: 'responsible'}]->(a)
          RETURN {sheet: x.src_sheet, row: x.src_row, column: x.src_column}
          ORDER BY x.src_row, size(x.src_column), x.src_column } AS at
ORDER BY a.src_sheet, a.src_row
