// The seam map's nodes: every team with its kind and how many activities it is
// accountable or responsible for (one row per team, counted in the database).
// Parameters: $model
MATCH (t:Team {model: $model})
OPTIONAL MATCH (t)-[x:ASSIGNED]->()
  WHERE x.role IN ['accountable', 'responsible']
RETURN t.id AS id, t.name AS name, t.kind AS kind, count(x) AS work
ORDER BY id
