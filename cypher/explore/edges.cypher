// Every relationship between the nodes to draw (observed seams excepted), with what the
// drawing shows: the role of an assignment, an access or decision level, a handoff's
// owner and whether it was inferred. Parallel relationships that draw the same (the
// thousands of handoffs between two teams) come back as one row with how many there are.
// Parameters: $uids
CALL {
  MATCH (n:Team) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:System) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Activity) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Metric) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Journey) WHERE n.uid IN $uids RETURN n
}
MATCH (n)-[x]->(m)
WHERE m.uid IN $uids AND type(x) <> 'OBSERVED_HANDOFF'
WITH n.id AS source, m.id AS target, type(x) AS type, x.role AS role, x.level AS level,
     coalesce(x.owner, '') <> '' AS owned, coalesce(x.inferred, false) AS inferred
RETURN source, target, type, role, level, owned, inferred, count(*) AS times
