// OWN003 no-responsible
// Mirrors: opmodel.rules.ownership.no_responsible (networkx engine).
// Flags: each activity with no team responsible for doing the work (a team coded A/R holds
// both roles, so it counts as responsible).
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (a:Activity {model: $model})
USING INDEX a:Activity(model)
WHERE NOT EXISTS { (:Team)-[:ASSIGNED {role: 'responsible'}]->(a) }
RETURN 'OWN003' AS rule,
       [a.id] AS subjects,
       {accountable: COLLECT {
          MATCH (t:Team)-[:ASSIGNED {role: 'accountable'}]->(a)
          RETURN t.name ORDER BY toLower(t.name), t.id }} AS evidence,
       [{sheet: a.src_sheet, row: a.src_row, column: a.src_column}] + COLLECT {
          MATCH (:Team)-[x:ASSIGNED {role: 'accountable'}]->(a)
          RETURN {sheet: x.src_sheet, row: x.src_row, column: x.src_column}
          ORDER BY x.src_row, size(x.src_column), x.src_column } AS at
ORDER BY a.src_sheet, a.src_row
