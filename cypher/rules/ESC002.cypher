// ESC002 escalation-without-time-limit
// Mirrors: opmodel.rules.escalation.escalation_without_time_limit (networkx engine).
// Flags: each ESCALATES_TO relationship (one per Escalations row) with no time_limit_hours.
// key + normalise_name(key_text) is the networkx fingerprint key (the trigger is user text,
// normalised by the engine exactly as networkx does).
// Parameters: $model
// Columns: rule, subjects, evidence, key, key_text, at
MATCH (target:Team {model: $model})<-[e:ESCALATES_TO]-(source)
USING INDEX target:Team(model)
WHERE e.time_limit_hours IS NULL
RETURN 'ESC002' AS rule,
       [source.id, target.id] AS subjects,
       {trigger: e.trigger} AS evidence,
       source.id + '>' + target.id + '|' AS key,
       coalesce(e.trigger, '') AS key_text,
       [{sheet: e.src_sheet, row: e.src_row, column: e.src_column}] AS at
ORDER BY e.src_sheet, e.src_row
