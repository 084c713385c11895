// OWN005 owner-without-levers
// Mirrors: opmodel.rules.ownership.owner_without_levers (networkx engine).
// Flags: each (outcome, accountable team) where the outcome has recorded inputs (FEEDS
// relationships into it) and the team is neither accountable nor responsible for any of them.
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (o:Activity {model: $model, kind: 'outcome'})
USING INDEX o:Activity(model)
WHERE EXISTS { (:Activity)-[:FEEDS]->(o) }
MATCH (t:Team)-[x:ASSIGNED {role: 'accountable'}]->(o)
WHERE NOT EXISTS {
  MATCH (t)-[y:ASSIGNED]->(:Activity)-[:FEEDS]->(o)
  WHERE y.role IN ['accountable', 'responsible']
}
RETURN 'OWN005' AS rule,
       [o.id, t.id] AS subjects,
       {inputs: COLLECT { MATCH (i:Activity)-[:FEEDS]->(o)
                          RETURN i.name ORDER BY i.src_sheet, i.src_row }} AS evidence,
       [{sheet: o.src_sheet, row: o.src_row, column: o.src_column},
        {sheet: x.src_sheet, row: x.src_row, column: x.src_column},
        {sheet: t.src_sheet, row: t.src_row, column: t.src_column}] AS at
ORDER BY o.src_sheet, o.src_row, toLower(t.name), t.id
