// What a click on each team of the seam map shows, first part: the activities with
// findings ($uids, found through the uid index, not by scanning every assignment), per
// team the first $limit of them by name (a top-k sort per team) with the team's roles
// on each. One row per team that has any of them.
// Parameters: $uids, $limit
UNWIND $uids AS uid
MATCH (a:Activity {uid: uid})<-[:ASSIGNED]-(t:Team)
WITH t, collect(DISTINCT a) AS mine
CALL (t, mine) {
  UNWIND mine AS a
  WITH a ORDER BY toLower(a.name), a.id LIMIT $limit
  RETURN collect(a) AS top
}
RETURN t.id AS team, [a IN top | [a.id, a.name, [(t)-[x:ASSIGNED]->(a) | x.role]]] AS shown
