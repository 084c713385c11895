// SEAM002 seam-owner-not-party
// Mirrors: opmodel.rules.seams.seam_owner_not_party (networkx engine).
// Flags: each owned HANDOFF whose owner is neither of its two teams and is not above either of
// them in the reporting line (REPORTS_TO, followed to any depth). Every team has at most one
// REPORTS_TO, so the unbounded chain is one path per length: linear, never exponential.
// An owner holding a decide or approve right over the activity on either side of the seam, or
// over a decision of the seam's journey, co-owns it and is not flagged.
// Parameters: $model
// Columns: rule, subjects, evidence, key, at
MATCH (s:Team {model: $model})-[h:HANDOFF]->(t:Team)
USING INDEX s:Team(model)
WHERE h.owner IS NOT NULL AND NOT h.owner IN [s.id, t.id]
MATCH (o:Team {uid: $model + '|' + h.owner})
WHERE NOT EXISTS { (s)-[:REPORTS_TO]->+(o) }
  AND NOT EXISTS { (t)-[:REPORTS_TO]->+(o) }
  AND NOT EXISTS { (o)-[r:HOLDS_RIGHT]->(d:Activity)
                   WHERE r.level IN ['decide', 'approve']
                     AND (d.id IN [h.activity, h.from_activity]
                          OR (h.journey IS NOT NULL AND d.journey = h.journey)) }
RETURN 'SEAM002' AS rule,
       [s.id, t.id, o.id] AS subjects,
       {journey: h.journey, inferred: h.inferred, owner: o.name,
        activity: COLLECT { MATCH (x:Activity {uid: $model + '|' + h.activity})
                            RETURN x.name }[0]} AS evidence,
       s.id + '>' + t.id + '|' + coalesce(h.journey, '') + '|' + coalesce(h.activity, '') AS key,
       [{sheet: h.src_sheet, row: h.src_row, column: h.src_column}] AS at
ORDER BY h.inferred, h.src_sheet, h.src_row
