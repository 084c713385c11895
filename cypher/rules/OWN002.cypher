// OWN002 multiple-accountable
// Mirrors: opmodel.rules.ownership.multiple_accountable (networkx engine).
// Flags: each activity with two or more distinct teams accountable for it; the subjects are
// the activity and every accountable team.
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (a:Activity {model: $model})<-[x:ASSIGNED {role: 'accountable'}]-(t:Team)
USING INDEX a:Activity(model)
WITH a, t, x ORDER BY toLower(t.name), t.id
WITH a, collect(t) AS owners, collect(x) AS cells
WHERE size(owners) >= 2
RETURN 'OWN002' AS rule,
       [a.id] + [t IN owners | t.id] AS subjects,
       {accountable: [t IN owners | t.name]} AS evidence,
       [{sheet: a.src_sheet, row: a.src_row, column: a.src_column}]
         + [x IN cells | {sheet: x.src_sheet, row: x.src_row, column: x.src_column}]
         + [t IN owners | {sheet: t.src_sheet, row: t.src_row, column: t.src_column}] AS at
ORDER BY a.src_sheet, a.src_row
