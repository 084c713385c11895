// What a click on each team of the seam map shows: its first $limit activities (those
// with findings first, then by name) with its roles on each, and how many it has a role
// on in all. One row per team that has any assignment. Each team is ranked in its own
// subquery cut to $limit (a top-k sort per team, not one sort of every assignment), and
// the roles are read only for the activities kept.
// Parameters: $model, $flagged, $limit
MATCH (t:Team {model: $model})
CALL (t) {
  MATCH (t)-[:ASSIGNED]->(a)
  RETURN count(DISTINCT a) AS activities
}
CALL (t) {
  MATCH (t)-[:ASSIGNED]->(a)
  WITH DISTINCT a
  ORDER BY a.id IN $flagged DESC, toLower(a.name), a.id
  LIMIT $limit
  RETURN collect(a) AS top
}
WITH t, activities, top WHERE activities > 0
RETURN t.id AS team, activities,
       [a IN top | [a.id, a.name, [(t)-[x:ASSIGNED]->(a) | x.role]]] AS shown
