// SEAM001 unowned-seam
// Mirrors: opmodel.rules.seams.unowned_seam (networkx engine).
// Flags: each HANDOFF relationship (declared in Handoffs, or inferred where the responsible
// team changes between consecutive journey steps) with no owner. One finding per handoff.
// Parameters: $model
// Columns: rule, subjects, evidence, key, at
MATCH (s:Team {model: $model})-[h:HANDOFF]->(t:Team)
USING INDEX s:Team(model)
WHERE h.owner IS NULL
RETURN 'SEAM001' AS rule,
       [s.id, t.id] AS subjects,
       {journey: h.journey, inferred: h.inferred,
        activity: COLLECT { MATCH (x:Activity {uid: $model + '|' + h.activity})
                            RETURN x.name }[0]} AS evidence,
       s.id + '>' + t.id + '|' + coalesce(h.journey, '') + '|' + coalesce(h.activity, '') AS key,
       [{sheet: h.src_sheet, row: h.src_row, column: h.src_column}] AS at
ORDER BY h.inferred, h.src_sheet, h.src_row
