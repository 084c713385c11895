// OWN007 consultation-overload
// Mirrors: opmodel.rules.ownership.consultation_overload (networkx engine).
// Flags: in a matrix of n >= $min_actors actors (teams holding any role), each activity with
// more than max($max_consulted, floor($consulted_share * n)) distinct teams consulted on it.
// Parameters: $model, $min_actors, $max_consulted, $consulted_share
// Columns: rule, subjects, evidence, at
CALL () {
  MATCH (actor:Team {model: $model})
  USING INDEX actor:Team(model)
  WHERE EXISTS { (actor)-[:ASSIGNED]->(:Activity) }
  RETURN count(actor) AS actors
}
WITH actors
WHERE actors >= $min_actors
WITH actors,
     CASE WHEN toInteger($consulted_share * actors) > $max_consulted
          THEN toInteger($consulted_share * actors) ELSE $max_consulted END AS limit
MATCH (a:Activity {model: $model})<-[x:ASSIGNED {role: 'consulted'}]-(t:Team)
USING INDEX a:Activity(model)
WITH actors, limit, a, t, x ORDER BY toLower(t.name), t.id
WITH actors, limit, a, collect(t) AS consulted, collect(x) AS cells
WHERE size(consulted) > limit
RETURN 'OWN007' AS rule,
       [a.id] AS subjects,
       {count: size(consulted), consulted: [t IN consulted | t.name],
        threshold: limit, actors: actors} AS evidence,
       [{sheet: a.src_sheet, row: a.src_row, column: a.src_column}]
         + [x IN cells | {sheet: x.src_sheet, row: x.src_row, column: x.src_column}] AS at
ORDER BY a.src_sheet, a.src_row
