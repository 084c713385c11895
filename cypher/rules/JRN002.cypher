// JRN002 journey-owner-without-authority
// Mirrors: opmodel.rules.journeys.journey_owner_without_authority (networkx engine).
// Flags: each journey owner (a team that OWNS a Journey) holding no decide or approve right
// (HOLDS_RIGHT) over any decision on the journey and owning no HANDOFF of the journey (the
// handoff's journey_key is the journey's id). Evidence: the journey's decisions, by name.
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (o:Team)-[:OWNS]->(j:Journey {model: $model})
USING INDEX j:Journey(model)
WHERE NOT EXISTS { (o)-[r:HOLDS_RIGHT]->(:Activity {kind: 'decision'})-[:IN_JOURNEY]->(j)
                   WHERE r.level IN ['decide', 'approve'] }
  AND NOT EXISTS { (:Team)-[h:HANDOFF]->(:Team) WHERE h.owner = o.id AND h.journey_key = j.id }
RETURN 'JRN002' AS rule,
       [j.id, o.id] AS subjects,
       {decisions: COLLECT { MATCH (d:Activity {kind: 'decision'})-[:IN_JOURNEY]->(j)
                             RETURN d.name AS name ORDER BY name }} AS evidence,
       [{sheet: j.src_sheet, row: j.src_row, column: j.src_column}] AS at
ORDER BY j.src_sheet, j.src_row
