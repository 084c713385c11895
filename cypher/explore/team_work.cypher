// A team expanded: the activities it has a role on, ranked in the database (those it
// does first, then those with findings, then by name) and cut to $cap, with how many
// there are in all; and the teams and systems it works with (few, returned whole).
// Parameters: $uid, $flagged, $cap
MATCH (t:Team {uid: $uid})
OPTIONAL MATCH (t)-[x:ASSIGNED]->(a)
WITH t, a, min(CASE WHEN x.role IN ['accountable', 'responsible'] THEN 0 ELSE 1 END) AS rest
ORDER BY rest, NOT a.id IN $flagged, toLower(a.name), a.id
WITH t, count(a) AS activities, collect(a.id)[..$cap] AS work
RETURN activities, work,
       [(t)-[y:ACCESS|HANDOFF|ESCALATES_TO|OWNS|REPORTS_TO]->(p) | [p.id, p.name]]
       + [(t)<-[y:HANDOFF|ESCALATES_TO|REPORTS_TO]-(p) | [p.id, p.name]] AS partners
