// OWN006 accountability-overload
// Mirrors: opmodel.rules.ownership.accountability_overload (networkx engine).
// Flags: in a matrix of n >= $min_actors actors (teams holding any role), each team
// accountable for more than max($accountable_share, $accountable_fair_factor / n) of all
// activities (when the model has at least $accountable_min_activities activities), or for
// more than $accountable_max_count activities (when that threshold is set, i.e. not null).
// Parameters: $model, $min_actors, $accountable_share, $accountable_fair_factor, $accountable_min_activities, $accountable_max_count
// Columns: rule, subjects, evidence, at
MATCH (activity:Activity {model: $model})
USING INDEX activity:Activity(model)
WITH count(activity) AS total
WHERE total > 0
CALL () {
  MATCH (actor:Team {model: $model})
  USING INDEX actor:Team(model)
  WHERE EXISTS { (actor)-[:ASSIGNED]->(:Activity) }
  RETURN count(actor) AS actors
}
WITH total, actors
WHERE actors >= $min_actors
WITH total, actors,
     CASE WHEN $accountable_fair_factor / actors > $accountable_share
          THEN $accountable_fair_factor / actors ELSE $accountable_share END AS threshold
MATCH (t:Team {model: $model})-[:ASSIGNED {role: 'accountable'}]->(a:Activity)
USING INDEX t:Team(model)
WITH total, actors, threshold, t, count(DISTINCT a) AS owned
WITH total, actors, threshold, t, owned, toFloat(owned) / total AS share
WHERE (total >= $accountable_min_activities AND share > threshold)
   OR ($accountable_max_count IS NOT NULL AND owned > $accountable_max_count)
RETURN 'OWN006' AS rule,
       [t.id] AS subjects,
       {count: owned, activities: total, share: round(share, 4), actors: actors,
        threshold_share: round(threshold, 4),
        threshold_count: $accountable_max_count} AS evidence,
       [{sheet: t.src_sheet, row: t.src_row, column: t.src_column}] + COLLECT {
          MATCH (t)-[x:ASSIGNED {role: 'accountable'}]->(:Activity)
          RETURN {sheet: x.src_sheet, row: x.src_row, column: x.src_column}
          ORDER BY x.src_row, size(x.src_column), x.src_column LIMIT 10 } AS at
ORDER BY t.src_sheet, t.src_row
