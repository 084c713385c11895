// OBS003 ping-pong-seam
// Mirrors: opmodel.rules.observed.ping_pong_seam (networkx engine).
// Flags: each OBSERVED_HANDOFF where the cases that came back to the sender (A to B and back
// to A) are at least $max_pingpong_share of the cases crossing it.
// Parameters: $model, $max_pingpong_share
// Columns: rule, subjects, evidence, key, at
MATCH (s:Team {model: $model})-[o:OBSERVED_HANDOFF]->(t:Team)
USING INDEX s:Team(model)
WHERE o.pingpong_cases > 0 AND toFloat(o.pingpong_cases) / o.cases >= $max_pingpong_share
WITH s, t, o, COLLECT { MATCH (s)-[h:HANDOFF]->(t)
                        RETURN h ORDER BY h.inferred, h.src_sheet, h.src_row }[0] AS h
RETURN 'OBS003' AS rule,
       [s.id, t.id] AS subjects,
       {cases: o.cases, handoffs: o.handoffs, pingpong_cases: o.pingpong_cases,
        share: round(toFloat(o.pingpong_cases) / o.cases, 3),
        pingpong_examples: o.pingpong_examples} AS evidence,
       s.id + '>' + t.id AS key,
       [CASE WHEN h IS NULL OR h.src_sheet IS NULL
             THEN {sheet: s.src_sheet, row: s.src_row, column: s.src_column}
             ELSE {sheet: h.src_sheet, row: h.src_row, column: h.src_column} END] AS at
ORDER BY o.cases DESC, s.id, t.id
