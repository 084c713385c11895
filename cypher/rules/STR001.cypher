// STR001 single-point-of-failure
// Mirrors: opmodel.rules.structure.single_point_of_failure (networkx engine).
// Flags: each team whose removal disconnects the handoff network (an articulation point).
// Delegates: networkx. The rule needs the articulation points of the undirected handoff
// network: Tarjan's depth-first search with low-link numbers, linear in the network's size,
// plus the groups of teams each point cuts off (for the message). Plain Cypher has no
// recursion or mutable state to run that search. The only exact Cypher formulation is brute
// force: for every team, a breadth-first reach among its neighbours with the team removed,
// i.e. teams x handoff relationships (the 100,000-activity model has 20 teams but ~40,000
// HANDOFF relationships; an enterprise model with 5,000 teams would need hundreds of millions
// of expansions where networkx takes 0.06 s). So opmodel reads the handoff network with the
// query below and runs the networkx rule itself
// (opmodel.rules.structure.single_point_of_failure) on it: the same code, so the same
// findings, messages and evidence.
// Parameters: $model
// Columns: source, target, source_name, target_name, source_at, target_at
// The data query: one row per pair of different teams joined by a HANDOFF (declared or
// inferred), with both teams' names and source cells, in the order networkx meets them:
// declared handoffs first in Handoffs row order, then inferred ones by step row.
MATCH (a:Team {model: $model})-[h:HANDOFF]->(b:Team)
USING INDEX a:Team(model)
WHERE a <> b
WITH a, b, h ORDER BY h.inferred, h.src_row, h.src_column
WITH a, b, head(collect(h)) AS first
RETURN a.id AS source, b.id AS target, a.name AS source_name, b.name AS target_name,
       {sheet: a.src_sheet, row: a.src_row, column: a.src_column} AS source_at,
       {sheet: b.src_sheet, row: b.src_row, column: b.src_column} AS target_at
ORDER BY first.inferred, first.src_row, first.src_column, source, target
