// OBS001 undocumented-observed-seam
// Mirrors: opmodel.rules.observed.undocumented_observed_seam (networkx engine).
// Flags: each OBSERVED_HANDOFF (pushed from an event log) crossed by at least $min_cases
// cases between two teams that no HANDOFF (declared or inferred) joins in that direction.
// Parameters: $model, $min_cases
// Columns: rule, subjects, evidence, key, at
MATCH (s:Team {model: $model})-[o:OBSERVED_HANDOFF]->(t:Team)
USING INDEX s:Team(model)
WHERE o.cases >= $min_cases AND NOT EXISTS { MATCH (s)-[:HANDOFF]->(t) }
RETURN 'OBS001' AS rule,
       [s.id, t.id] AS subjects,
       {cases: o.cases, handoffs: o.handoffs, median_hours: round(o.median_hours, 2),
        p90_hours: round(o.p90_hours, 2), pingpong_cases: o.pingpong_cases,
        examples: o.examples} AS evidence,
       s.id + '>' + t.id AS key,
       [{sheet: s.src_sheet, row: s.src_row, column: s.src_column},
        {sheet: t.src_sheet, row: t.src_row, column: t.src_column}] AS at
ORDER BY o.cases DESC, s.id, t.id
