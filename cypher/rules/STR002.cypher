// STR002 coordination-bottleneck
// Mirrors: opmodel.rules.structure.coordination_bottleneck (networkx engine).
// Flags: each team whose normalised betweenness in the undirected handoff network exceeds
// $bottleneck_betweenness (networks of at least $bottleneck_min_teams teams).
// Delegates: networkx. The rule needs betweenness centrality (Brandes' algorithm: a
// shortest-path count from every team, then dependencies accumulated backwards), exact up to
// betweenness_exact_max_teams teams and estimated from a seeded sample above it. Plain Cypher
// can enumerate shortest paths (ALL SHORTEST) per pair, but the number of such paths grows
// exponentially on meshed networks, and the seeded sample of networkx cannot be reproduced;
// betweenness proper is a GDS procedure, not Community Cypher. So opmodel reads the handoff
// network with the query below and runs the networkx rule itself
// (opmodel.rules.structure.coordination_bottleneck) on it: the same code, so the same findings.
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
