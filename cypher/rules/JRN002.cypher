// JRN002 journey-owner-without-authority
// Mirrors: opmodel.rules.journeys.journey_owner_without_authority (networkx engine).
// Flags: each journey owner (a team that OWNS a Journey) holding no decide or approve right
// (HOLDS_RIGHT) over any decision on the journey and owning no HANDOFF of the journey (the
// handoff's journey_key is the journey's id). Evidence: the journey's decisions, by name.
// Journey steps are activities with is_step (not outcomes, nor step-less rows of a journey
// whose other rows have steps), as networkx's Facts.journeys.
// How: an anti-join by aggregation. Every (journey, owner) pair counts 0; a pair counts 1 for
// each right found from the journey's side (its few decisions) and for each owned handoff
// (looked up by uid); pairs whose maximum stays 0 are flagged. Linear in journeys, decisions
// and handoffs: no scan of an owner's rights or of all handoffs per journey.
// Parameters: $model
// Columns: rule, subjects, evidence, at
CALL () {
  MATCH (o:Team)-[:OWNS]->(j:Journey {model: $model})
  USING INDEX j:Journey(model)
  RETURN j, o, 0 AS authority
  UNION ALL
  MATCH (j:Journey {model: $model})
  USING INDEX j:Journey(model)
  MATCH (j)<-[:IN_JOURNEY]-(:Activity {kind: 'decision', is_step: true})
        <-[r:HOLDS_RIGHT]-(o:Team)
  WHERE r.level IN ['decide', 'approve'] AND EXISTS { (o)-[:OWNS]->(j) }
  RETURN j, o, 1 AS authority
  UNION ALL
  MATCH (s:Team {model: $model})-[h:HANDOFF]->(:Team)
  USING INDEX s:Team(model)
  WHERE h.owner IS NOT NULL AND h.journey_key IS NOT NULL
  MATCH (j:Journey {uid: $model + '|' + h.journey_key})
  MATCH (o:Team {uid: $model + '|' + h.owner})
  WHERE EXISTS { (o)-[:OWNS]->(j) }
  RETURN j, o, 1 AS authority
}
WITH j, o, max(authority) AS authority
WHERE authority = 0
RETURN 'JRN002' AS rule,
       [j.id, o.id] AS subjects,
       // expanded from the journey (a pattern comprehension), never a scan of all decisions
       {decisions: COLLECT { UNWIND [(j)<-[:IN_JOURNEY]-(d:Activity)
                                     WHERE d.kind = 'decision' AND d.is_step
                                     | d.name] AS name
                             RETURN name ORDER BY name }} AS evidence,
       [{sheet: j.src_sheet, row: j.src_row, column: j.src_column}] AS at
ORDER BY j.src_sheet, j.src_row
