// OBS005 unmapped-group
// Mirrors: opmodel.rules.observed.unmapped_group (networkx engine).
// Flags: each log group the pushed observation could map to no team (kept on the OpModel
// node as parallel lists, in the order of their event counts).
// Parameters: $model
// Columns: rule, subjects, evidence, key, at
MATCH (m:OpModel {current: $model})
WHERE m.observed AND size(coalesce(m.unmapped_ids, [])) > 0
UNWIND range(0, size(m.unmapped_ids) - 1) AS i
RETURN 'OBS005' AS rule,
       [m.unmapped_ids[i]] AS subjects,
       {group: m.unmapped_groups[i], events: m.unmapped_events[i],
        suggestion: m.unmapped_suggestions[i]} AS evidence,
       m.unmapped_groups[i] AS key,
       [{sheet: m.log_name, row: m.unmapped_rows[i], column: m.log_team_column}] AS at
ORDER BY i
