// One ring of a neighbourhood: the distinct nodes one relationship away (either way)
// from the given nodes ($uids, looked up through each label's uid index), with their
// names for ranking. Observed seams are an overlay on the model, not part of its graph.
// Parameters: $uids
CALL {
  MATCH (n:Team) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:System) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Activity) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Metric) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Journey) WHERE n.uid IN $uids RETURN n
}
MATCH (n)-[x]-(m)
WHERE type(x) <> 'OBSERVED_HANDOFF'
RETURN DISTINCT m.id AS id, m.name AS name
