// The systems layer: each system, and each team's (strongest) access to it.
// Parameters: $model
MATCH (s:System {model: $model})
OPTIONAL MATCH (t:Team)-[x:ACCESS]->(s)
RETURN s.id AS system, s.name AS name,
       collect(CASE WHEN t IS NOT NULL THEN [t.id, x.level] END) AS access
