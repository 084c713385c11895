// JRN002 journey-owner-without-authority
// Mirrors: opmodel.rules.journeys.journey_owner_without_authority (networkx engine).
// Flags: each journey owner (a team that OWNS a Journey) holding no decide or approve right
// (HOLDS_RIGHT) over any decision on the journey and owning no HANDOFF of the journey (the
// handoff's journey_key is the journey's id). Evidence: the journey's decisions, by name.
// Journey steps are activities with is_step (not outcomes, nor step-less rows of a journey
// whose other rows have steps), as networkx's Facts.journeys.
// Parameters: $model
// Columns: rule, subjects, evidence, at
// The owned (journey, owner) pairs are collected once, so the cost is one pass over the
// handoffs plus one lookup per journey owner.
CALL () {
  MATCH (s:Team {model: $model})-[h:HANDOFF]->(:Team)
  USING INDEX s:Team(model)
  WHERE h.owner IS NOT NULL AND h.journey_key IS NOT NULL
  RETURN collect(DISTINCT h.journey_key + '|' + h.owner) AS owned
}
MATCH (o:Team)-[:OWNS]->(j:Journey {model: $model})
USING INDEX j:Journey(model)
WHERE NOT EXISTS { (o)-[r:HOLDS_RIGHT]->(:Activity {kind: 'decision', is_step: true})
                   -[:IN_JOURNEY]->(j)
                   WHERE r.level IN ['decide', 'approve'] }
  AND NOT j.id + '|' + o.id IN owned
RETURN 'JRN002' AS rule,
       [j.id, o.id] AS subjects,
       {decisions: COLLECT { MATCH (d:Activity {kind: 'decision', is_step: true})-[:IN_JOURNEY]->(j)
                             RETURN d.name AS name ORDER BY name }} AS evidence,
       [{sheet: j.src_sheet, row: j.src_row, column: j.src_column}] AS at
ORDER BY j.src_sheet, j.src_row
