// What a click on each team of the seam map shows: its first $limit activities (those
// with findings first, then by name) with its roles on each, and how many it has a role
// on in all. One row per team that has any assignment.
// Parameters: $model, $flagged, $limit
MATCH (t:Team {model: $model})-[x:ASSIGNED]->(a)
WITH t, a, collect(x.role) AS roles
ORDER BY t.id, a.id IN $flagged DESC, toLower(a.name), a.id
WITH t, count(a) AS activities, collect([a.id, a.name, roles])[..$limit] AS shown
RETURN t.id AS team, activities, shown
