// SEAM003 seam-without-sla
// Mirrors: opmodel.rules.seams.seam_without_sla (networkx engine).
// Flags: each HANDOFF relationship (declared or inferred) with no sla_hours. One finding per
// handoff; inferred seams never have one.
// Parameters: $model
// Columns: rule, subjects, evidence, key, at
MATCH (s:Team {model: $model})-[h:HANDOFF]->(t:Team)
USING INDEX s:Team(model)
WHERE h.sla_hours IS NULL
RETURN 'SEAM003' AS rule,
       [s.id, t.id] AS subjects,
       {journey: h.journey, inferred: h.inferred,
        activity: COLLECT { MATCH (x:Activity {uid: $model + '|' + h.activity})
                            RETURN x.name }[0]} AS evidence,
       s.id + '>' + t.id + '|' + coalesce(h.journey, '') + '|' + coalesce(h.activity, '') AS key,
       [{sheet: h.src_sheet, row: h.src_row, column: h.src_column}] AS at
ORDER BY h.inferred, h.src_sheet, h.src_row
