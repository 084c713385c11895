// The seam map's edges: handoffs aggregated per ordered team pair (count, how many have
// a named owner, how many were inferred from step order) with per-journey counts in the
// order the handoffs were written (the edge key's number), as the in-memory map counts them.
// Parameters: $model
MATCH (a:Team {model: $model})-[h:HANDOFF]->(b:Team)
WITH a.id AS source, b.id AS target, h,
     CASE h.key WHEN 'HANDOFF' THEN 1 ELSE toInteger(substring(h.key, 8)) END AS n
WITH source, target, h.journey AS journey, count(*) AS handoffs, min(n) AS first,
     sum(CASE WHEN coalesce(h.owner, '') <> '' THEN 1 ELSE 0 END) AS owned,
     sum(CASE WHEN h.inferred THEN 1 ELSE 0 END) AS inferred
ORDER BY source, target, first
RETURN source, target, sum(handoffs) AS count, sum(owned) AS owned,
       sum(inferred) AS inferred,
       collect(CASE WHEN coalesce(journey, '') <> '' THEN [journey, handoffs] END) AS journeys
