// OWN007 consultation-overload
// Mirrors: opmodel.rules.ownership.consultation_overload (networkx engine).
// Flags: each activity with more than $max_consulted distinct teams consulted on it.
// Parameters: $model, $max_consulted
// Columns: rule, subjects, evidence, at
MATCH (a:Activity {model: $model})<-[x:ASSIGNED {role: 'consulted'}]-(t:Team)
USING INDEX a:Activity(model)
WITH a, t, x ORDER BY toLower(t.name), t.id
WITH a, collect(t) AS consulted, collect(x) AS cells
WHERE size(consulted) > $max_consulted
RETURN 'OWN007' AS rule,
       [a.id] AS subjects,
       {count: size(consulted), consulted: [t IN consulted | t.name],
        threshold: $max_consulted} AS evidence,
       [{sheet: a.src_sheet, row: a.src_row, column: a.src_column}]
         + [x IN cells | {sheet: x.src_sheet, row: x.src_row, column: x.src_column}] AS at
ORDER BY a.src_sheet, a.src_row
