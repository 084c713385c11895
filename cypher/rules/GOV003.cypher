// GOV003 decision-without-decider
// Mirrors: opmodel.rules.governance.decision_without_decider (networkx engine).
// Flags: each decision (activity of kind 'decision') that no team is accountable for and over
// which no team HOLDS_RIGHT at level decide or approve (recommend, input and veto advise).
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (a:Activity {model: $model, kind: 'decision'})
USING INDEX a:Activity(model)
WHERE NOT EXISTS { (:Team)-[:ASSIGNED {role: 'accountable'}]->(a) }
  AND NOT EXISTS { (:Team)-[r:HOLDS_RIGHT]->(a) WHERE r.level IN ['decide', 'approve'] }
WITH a, COLLECT { MATCH (t:Team)-[r:HOLDS_RIGHT]->(a)
                  RETURN {team: t.name, level: r.level,
                          at: {sheet: r.src_sheet, row: r.src_row, column: r.src_column}}
                  ORDER BY r.src_sheet, r.src_row } AS rights
RETURN 'GOV003' AS rule,
       [a.id] AS subjects,
       {rights: [r IN rights | [r.team, r.level]]} AS evidence,
       [{sheet: a.src_sheet, row: a.src_row, column: a.src_column}] + [r IN rights | r.at] AS at
ORDER BY a.src_sheet, a.src_row
