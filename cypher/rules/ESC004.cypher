// ESC004 escalation-dead-end
// Mirrors: opmodel.rules.escalation.escalation_dead_end (networkx engine).
// Flags: each escalation chain start (a source of ESCALATES_TO that is a customer-facing team,
// an activity, or something nothing escalates to) from which no team with decision authority
// can be reached in one or more hops. Subjects: the start and the ends of the chain (reached
// nodes with no escalation onward, or every reached node when all of them escalate on).
// The reach is a breadth-first expansion of distinct nodes (pruning BFS), never path by path.
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (anchor:Team {model: $model})<-[:ESCALATES_TO]-(o)
USING INDEX anchor:Team(model)
WITH DISTINCT o
WHERE (o:Team AND o.customer_facing) OR o:Activity OR NOT EXISTS { ()-[:ESCALATES_TO]->(o) }
WITH o, COLLECT { MATCH (o)-[:ESCALATES_TO*]->(u) RETURN DISTINCT u } AS reached
WHERE none(u IN reached WHERE u:Team AND u.authority = 'decision')
WITH o, [u IN reached WHERE u <> o] AS reached
WITH o, reached, [u IN reached WHERE NOT EXISTS { (u)-[:ESCALATES_TO]->() }] AS ends
WITH o, reached, CASE WHEN ends = [] THEN reached ELSE ends END AS ends
WITH o, COLLECT { UNWIND reached AS u RETURN u ORDER BY u.id } AS reached,
     COLLECT { UNWIND ends AS u RETURN u ORDER BY u.id } AS ends
RETURN 'ESC004' AS rule,
       [o.id] + [u IN ends | u.id] AS subjects,
       {reaches: [u IN reached[..20] | u.name], ends: [u IN ends | u.name]} AS evidence,
       COLLECT { MATCH (o)-[e:ESCALATES_TO]->()
                 RETURN {sheet: e.src_sheet, row: e.src_row, column: e.src_column}
                 ORDER BY e.src_sheet, e.src_row } AS at
ORDER BY o.src_sheet, o.src_row
