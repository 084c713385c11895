// OBS002 designed-seam-unused
// Mirrors: opmodel.rules.observed.designed_seam_unused (networkx engine).
// Flags: each pair of teams joined by a declared HANDOFF (the first such row) when both teams
// have events in the pushed log (observed_events) and no OBSERVED_HANDOFF joins them.
// Parameters: $model
// Columns: rule, subjects, evidence, key, at
MATCH (s:Team {model: $model})-[h:HANDOFF {inferred: false}]->(t:Team)
USING INDEX s:Team(model)
WHERE s.observed_events > 0 AND t.observed_events > 0
  AND NOT EXISTS { MATCH (s)-[:OBSERVED_HANDOFF]->(t) }
WITH s, t, h ORDER BY h.src_sheet, h.src_row
WITH s, t, collect(h)[0] AS h
MATCH (m:OpModel {current: $model})
RETURN 'OBS002' AS rule,
       [s.id, t.id] AS subjects,
       {log_cases: m.log_cases, journey: h.journey} AS evidence,
       s.id + '>' + t.id + '|' + coalesce(h.journey, '') + '|' + coalesce(h.activity, '') AS key,
       [{sheet: h.src_sheet, row: h.src_row, column: h.src_column}] AS at
ORDER BY h.src_sheet, h.src_row
