// JRN003 escalation-slower-than-promise
// Mirrors: opmodel.rules.journeys.escalation_slower_than_promise (networkx engine).
// Flags: for each journey with a promise (promise_hours) and each customer-facing team
// accountable, responsible or supporting on one of its steps that escalates somewhere: when
// the quickest route to a team with decision authority other than itself, through teams that
// cannot decide, along escalations that all have a time limit, takes longer than the promise
// (the sum of the limits); or when no such timed route exists but an untimed one does (not
// assessable, which the finding says). Routes are quantified paths pruned at every team that
// can decide, so only chains of advisory teams are walked; the minimum over them equals the
// networkx engine's Dijkstra (limits are never negative).
// Journey steps are activities with is_step (not outcomes, nor step-less rows of a journey
// whose other rows have steps), as networkx's Facts.journeys.
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (j:Journey {model: $model})
USING INDEX j:Journey(model)
WHERE j.promise_hours IS NOT NULL
MATCH (t:Team)-[r:ASSIGNED]->(:Activity {is_step: true})-[:IN_JOURNEY]->(j)
WHERE t.customer_facing AND r.role IN ['accountable', 'responsible', 'support']
  AND EXISTS { (t)-[:ESCALATES_TO]->() }
WITH DISTINCT j, t
CALL (t) {
  OPTIONAL MATCH p = (t) ((x)-[e:ESCALATES_TO]->(y:Team)
                          WHERE e.time_limit_hours IS NOT NULL AND y.authority <> 'decision'
                            AND y <> t)*
                     (z)-[l:ESCALATES_TO]->(d:Team)
  WHERE d.authority = 'decision' AND d <> t AND l.time_limit_hours IS NOT NULL
  RETURN min(reduce(s = 0.0, e IN relationships(p) | s + e.time_limit_hours)) AS fastest
}
WITH j, t, fastest
WHERE (fastest IS NOT NULL AND fastest > j.promise_hours)
   OR (fastest IS NULL
       AND EXISTS { (t) ((x)-[:ESCALATES_TO]->(y:Team) WHERE y.authority <> 'decision'
                                                          AND y <> t)*
                    (z)-[:ESCALATES_TO]->(d:Team)
                    WHERE d.authority = 'decision' AND d <> t })
RETURN 'JRN003' AS rule,
       [j.id, t.id] AS subjects,
       {hours: fastest, promise_hours: j.promise_hours} AS evidence,
       [{sheet: j.src_sheet, row: j.src_row, column: j.src_column}] AS at
ORDER BY j.src_sheet, j.src_row, t.src_row
