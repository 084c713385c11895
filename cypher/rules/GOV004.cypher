// GOV004 metric-owner-without-levers
// Mirrors: opmodel.rules.governance.metric_owner_without_levers (networkx engine).
// Flags: each owned metric (a team OWNS it) that MEASURES an activity or belongs to a journey
// (journey_key: its journey column, else the journey of what it drives), whose owner is
// neither accountable nor responsible for the activity it drives, holds no decide or approve
// right over it, does not own its journey and is neither accountable nor responsible for any
// step of that journey. Evidence feeds the advice: the first doer of the driven activity.
// Journey steps are activities with is_step (not outcomes, nor step-less rows of a journey
// whose other rows have steps), as networkx's Facts.journeys.
// Parameters: $model
// Columns: rule, subjects, evidence
MATCH (o:Team)-[:OWNS]->(m:Metric {model: $model})
USING INDEX m:Metric(model)
OPTIONAL MATCH (m)-[:MEASURES]->(a:Activity)
// the journey node, looked up by its uid (none when the metric names no existing journey)
OPTIONAL MATCH (j:Journey {uid: $model + '|' + m.journey_key})
WITH o, m, a, j
WHERE (a IS NOT NULL OR m.journey_key IS NOT NULL)
  AND (a IS NULL OR NOT EXISTS { (o)-[r:ASSIGNED]->(a)
                                 WHERE r.role IN ['accountable', 'responsible'] })
  AND (a IS NULL OR NOT EXISTS { (o)-[r:HOLDS_RIGHT]->(a)
                                 WHERE r.level IN ['decide', 'approve'] })
  AND (j IS NULL
       OR (NOT EXISTS { (o)-[:OWNS]->(j) }
           AND NOT EXISTS { (j)<-[:IN_JOURNEY]-(:Activity {is_step: true})<-[r:ASSIGNED]-(o)
                            WHERE r.role IN ['accountable', 'responsible'] }))
WITH o, m, COLLECT { MATCH (t:Team)-[r:ASSIGNED]->(a)
                     WHERE r.role IN ['responsible', 'accountable']
                     RETURN t.name AS name
                     ORDER BY CASE r.role WHEN 'responsible' THEN 0 ELSE 1 END,
                              toLower(t.name), t.id }[0] AS candidate
RETURN 'GOV004' AS rule,
       [m.id, o.id] AS subjects,
       {candidate: candidate} AS evidence
ORDER BY m.src_sheet, m.src_row
