// OWN009 responsibility-diffusion
// Mirrors: opmodel.rules.ownership.responsibility_diffusion (networkx engine).
// Flags: each activity with more than $max_responsible distinct teams responsible for it.
// Evidence feeds the computed advice: the count and the first accountable team by name.
// Parameters: $model, $max_responsible
// Columns: rule, subjects, evidence, at
MATCH (a:Activity {model: $model})<-[x:ASSIGNED {role: 'responsible'}]-(t:Team)
USING INDEX a:Activity(model)
WITH a, t, x ORDER BY toLower(t.name), t.id
WITH a, collect(DISTINCT t) AS responsible, collect(x) AS cells
WHERE size(responsible) > $max_responsible
RETURN 'OWN009' AS rule,
       [a.id] AS subjects,
       {count: size(responsible), responsible: [t IN responsible | t.name],
        threshold: $max_responsible,
        accountable: COLLECT { MATCH (c:Team)-[:ASSIGNED {role: 'accountable'}]->(a)
                               RETURN c.name ORDER BY toLower(c.name), c.id }[0]} AS evidence,
       [{sheet: a.src_sheet, row: a.src_row, column: a.src_column}]
         + [x IN cells | {sheet: x.src_sheet, row: x.src_row, column: x.src_column}] AS at
ORDER BY a.src_sheet, a.src_row
