// The last ring of a neighbourhood, ranked and cut in the database: of the nodes one
// relationship away from $uids that are not yet $seen, how many there are (and how many
// touch the team filter $allowed, null for none), and the first $room of those allowed
// in the explorer's order (teams, systems, journeys, metrics, activities; nodes with
// findings first; then by name and id).
// Parameters: $uids, $seen, $allowed, $flagged, $room
CALL {
  MATCH (n:Team) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:System) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Activity) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Metric) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Journey) WHERE n.uid IN $uids RETURN n
}
MATCH (n)-[x]-(m)
WHERE type(x) <> 'OBSERVED_HANDOFF' AND NOT m.id IN $seen
WITH DISTINCT m
WITH m, ($allowed IS NULL OR m.id IN $allowed) AS ok
ORDER BY ok DESC,
         CASE split(m.id, ':')[0] WHEN 'team' THEN 0 WHEN 'system' THEN 1
           WHEN 'journey' THEN 2 WHEN 'metric' THEN 3 WHEN 'activity' THEN 4 ELSE 5 END,
         m.id IN $flagged DESC, toLower(m.name), m.id
RETURN count(m) AS found, sum(CASE WHEN ok THEN 1 ELSE 0 END) AS allowed_found,
       collect(CASE WHEN ok THEN m.id END)[..$room] AS top
