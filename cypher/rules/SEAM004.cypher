// SEAM004 undocumented-seam
// Mirrors: opmodel.rules.seams.undocumented_seam (networkx engine).
// Flags: each inferred HANDOFF (the responsible team changes between consecutive steps of a
// journey and the Handoffs sheet does not name that transition).
// Parameters: $model
// Columns: rule, subjects, evidence, key, at
MATCH (s:Team {model: $model})-[h:HANDOFF {inferred: true}]->(t:Team)
USING INDEX s:Team(model)
OPTIONAL MATCH (before:Activity {uid: $model + '|' + h.from_activity})
RETURN 'SEAM004' AS rule,
       [s.id, t.id] AS subjects,
       {journey: h.journey, inferred: h.inferred,
        activity: COLLECT { MATCH (x:Activity {uid: $model + '|' + h.activity})
                            RETURN x.name }[0]} AS evidence,
       s.id + '>' + t.id + '|' + coalesce(h.journey, '') + '|' + coalesce(h.activity, '') AS key,
       [{sheet: h.src_sheet, row: h.src_row, column: h.src_column},
        {sheet: before.src_sheet, row: before.src_row, column: before.src_column}] AS at
ORDER BY h.src_sheet, h.src_row
