// ESC005 escalation-too-deep
// Mirrors: opmodel.rules.escalation.escalation_too_deep (networkx engine).
// Flags: each escalation chain start (a source of ESCALATES_TO that is a customer-facing team,
// an activity, or something nothing escalates to) whose nearest team with decision authority
// is more than $max_escalation_hops hops away. Subjects: the start and the decider that
// networkx's path_to_authority reaches: at each hop it takes the first escalation in sheet
// order (the n of the relationship key ESCALATES_TO:n) that stays on a shortest route.
// How: as networkx does, one breadth-first search backwards from every deciding team, here as
// levels of teams (level k: the teams k hops from authority), built with reduce over the
// team graph (escalations always lead to a Team, so no activity is ever in between). A start's
// depth is one more than the lowest level it escalates into; only for the starts that are too
// deep is the route walked, level by level. Cost: linear in teams x escalations between
// teams, plus one pass over the starts; no path enumeration.
// Parameters: $model, $max_escalation_hops
// Columns: rule, subjects, evidence, at
MATCH (t:Team {model: $model})
USING INDEX t:Team(model)
WITH collect(t) AS teams
WITH teams, [t IN teams WHERE t.authority = 'decision'] AS deciders
WITH reduce(s = {seen: deciders, frontier: deciders, levels: [deciders]},
            i IN range(1, size(teams)) |
       CASE WHEN s.frontier = [] THEN s ELSE
         [x IN [reduce(n = {seen: s.seen, next: []}, f IN s.frontier |
                  reduce(m = n, p IN [(p:Team)-[:ESCALATES_TO]->(f) | p] |
                    CASE WHEN p IN m.seen THEN m ELSE {seen: m.seen + p, next: m.next + p} END))]
          | {seen: x.seen, frontier: x.next, levels: s.levels + [x.next]}][0]
       END).levels AS levels
MATCH (anchor:Team {model: $model})<-[:ESCALATES_TO]-(o)
USING INDEX anchor:Team(model)
WITH DISTINCT levels, o
WHERE (o:Team AND o.customer_facing) OR o:Activity OR NOT EXISTS { ()-[:ESCALATES_TO]->(o) }
WITH levels, o, [(o)-[:ESCALATES_TO]->(t) | t] AS targets
WITH levels, o,
     head([k IN range(0, size(levels) - 1) WHERE any(t IN targets WHERE t IN levels[k])]) + 1
       AS hops
WHERE hops > $max_escalation_hops
// the route: from each node, the first escalation (in sheet order) one level further down
WITH o, hops, reduce(walk = {at: o, nodes: [o], hops: []}, d IN range(hops - 1, 0, -1) |
       [step IN [reduce(best = null, c IN
                   [here IN [walk.at] | [(here)-[e:ESCALATES_TO]->(n) WHERE n IN levels[d]
                                         | [toInteger(split(e.key, ':')[1]), n, e]]][0] |
                   CASE WHEN best IS NULL OR c[0] < best[0] THEN c ELSE best END)]
        | {at: step[1], nodes: walk.nodes + step[1], hops: walk.hops + step[2]}][0]) AS route
RETURN 'ESC005' AS rule,
       [o.id, route.at.id] AS subjects,
       {hops: hops, path: [n IN route.nodes | n.name], threshold: $max_escalation_hops}
         AS evidence,
       [e IN route.hops | {sheet: e.src_sheet, row: e.src_row, column: e.src_column}] AS at
ORDER BY o.src_sheet, o.src_row
