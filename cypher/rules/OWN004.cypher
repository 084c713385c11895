// OWN004 advisory-only-owner
// Mirrors: opmodel.rules.ownership.advisory_only_owner (networkx engine).
// Flags: each (activity, accountable team) where the team cannot decide:
//   - 'advisory': the team's authority is advisory (checked only when the workbook had a
//     Teams sheet, as in networkx: without it every team has the default authority), else
//   - 'no-levers': the team holds no decide/approve/veto right anywhere and is responsible
//     for no activity anywhere (checked only when the workbook had a Decision Rights sheet),
//     and its Teams row does not state authority 'decision' (authority_stated).
// Which sheets the workbook had comes from the model's (:OpModel).provided list.
// Parameters: $model
// Columns: rule, subjects, evidence, key, at
OPTIONAL MATCH (om:OpModel {current: $model})
WITH coalesce('teams' IN om.provided, false) AS checkKind,
     coalesce('decision_rights' IN om.provided, false) AS checkLevers
MATCH (t:Team {model: $model})-[x:ASSIGNED {role: 'accountable'}]->(a:Activity)
USING INDEX t:Team(model)
WITH t, x, a,
     CASE
       WHEN checkKind AND t.authority = 'advisory' THEN 'advisory'
       WHEN checkLevers
            AND NOT (coalesce(t.authority_stated, false) AND t.authority = 'decision')
            AND NOT EXISTS { (t)-[r:HOLDS_RIGHT]->() WHERE r.level IN ['decide', 'approve', 'veto'] }
            AND NOT EXISTS { (t)-[:ASSIGNED {role: 'responsible'}]->() } THEN 'no-levers'
     END AS reason
WHERE reason IS NOT NULL
RETURN 'OWN004' AS rule,
       [a.id, t.id] AS subjects,
       CASE reason WHEN 'advisory' THEN {reason: reason, kind: t.kind}
                   ELSE {reason: reason} END AS evidence,
       reason AS key,
       [{sheet: x.src_sheet, row: x.src_row, column: x.src_column},
        {sheet: a.src_sheet, row: a.src_row, column: a.src_column},
        {sheet: t.src_sheet, row: t.src_row, column: t.src_column}] AS at
ORDER BY a.src_sheet, a.src_row, toLower(t.name), t.id
