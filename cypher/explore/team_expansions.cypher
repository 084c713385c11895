// What a click on each team of the seam map shows, second part: how many activities each
// team has a role on, and for a team with fewer than $limit activities with findings
// ($have: how many the first part found, by team id) its first $limit other activities
// by name (those of $exclude, the ones already found, left out) with its roles on each.
// One row per team that has any assignment.
// Parameters: $model, $have, $exclude, $limit
MATCH (t:Team {model: $model})
CALL (t) {
  MATCH (t)-[:ASSIGNED]->(a)
  RETURN count(DISTINCT a) AS activities
}
CALL (t) {
  WITH t WHERE coalesce($have[t.id], 0) < $limit
  MATCH (t)-[:ASSIGNED]->(a)
  WHERE NOT a.id IN $exclude
  WITH DISTINCT a
  ORDER BY toLower(a.name), a.id
  LIMIT $limit
  RETURN collect(a) AS top
}
WITH t, activities, top WHERE activities > 0
RETURN t.id AS team, activities,
       [a IN top | [a.id, a.name, [(t)-[x:ASSIGNED]->(a) | x.role]]] AS shown
