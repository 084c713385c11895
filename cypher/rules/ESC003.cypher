// ESC003 escalation-cycle
// Mirrors: opmodel.rules.escalation.escalation_cycle (networkx engine).
// Flags: each group of teams that can escalate to one another (a strongly connected
// component of the escalation graph that holds a loop, a self-escalation included), once,
// with all its members as subjects. Exact in plain Cypher, so not delegated.
// How: escalations always lead to a Team, so an Activity (nothing escalates to it) is never on
// a loop, and only teams with an escalation in and out can be. From each, one breadth-first
// reach over ESCALATES_TO (an unbounded pattern whose distinct end nodes the planner expands
// with pruning BFS: each node once, never path by path, so it cannot blow up on tangled
// graphs). A team reaching itself is on a loop; two teams reaching each other are in one
// group; each group is returned once, its members sorted by id.
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (t:Team {model: $model})
USING INDEX t:Team(model)
WHERE EXISTS { (t)-[:ESCALATES_TO]->(:Team) } AND EXISTS { (:Team)-[:ESCALATES_TO]->(t) }
MATCH (t)-[:ESCALATES_TO*]->(u:Team)
WITH DISTINCT t, u
WITH CASE WHEN t.id <= u.id THEN [t, u] ELSE [u, t] END AS pair, count(*) AS ways
WHERE pair[0] = pair[1] OR ways = 2
UNWIND CASE WHEN pair[0] = pair[1] THEN [pair] ELSE [pair, [pair[1], pair[0]]] END AS link
WITH link[0] AS member, collect(DISTINCT link[1].id) AS group
WITH DISTINCT COLLECT { UNWIND group AS id RETURN id ORDER BY id } AS members
RETURN 'ESC003' AS rule,
       members AS subjects,
       {size: size(members)} AS evidence,
       COLLECT {
         MATCH (a:Team)-[e:ESCALATES_TO]->(b:Team)
         WHERE a.uid IN [m IN members | $model + '|' + m] AND b.id IN members
         RETURN {sheet: e.src_sheet, row: e.src_row, column: e.src_column}
         ORDER BY e.src_sheet, e.src_row } AS at
ORDER BY members
