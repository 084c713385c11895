// Who escalates to whom, team to team: an escalation starting at an activity starts at
// the team doing it (a responsible team, else the accountable one, the first by id).
// Pairs in the order the escalations were written, each once with how many escalations it
// carries, never a team to itself.
// Parameters: $model
MATCH (t:Team {model: $model})<-[e:ESCALATES_TO]-(s)
WITH t, s, toInteger(split(e.key, ':')[1]) AS n,
     [(s)<-[r:ASSIGNED {role: 'responsible'}]-(d:Team) | d.id] AS responsible,
     [(s)<-[r:ASSIGNED {role: 'accountable'}]-(d:Team) | d.id] AS accountable
WITH t, n, CASE
       WHEN s:Team THEN s.id
       WHEN size(responsible) > 0
         THEN reduce(m = responsible[0], x IN responsible | CASE WHEN x < m THEN x ELSE m END)
       WHEN size(accountable) > 0
         THEN reduce(m = accountable[0], x IN accountable | CASE WHEN x < m THEN x ELSE m END)
     END AS source
WHERE source IS NOT NULL AND source <> t.id
RETURN source, t.id AS target, min(n) AS first, count(*) AS escalations
ORDER BY first
