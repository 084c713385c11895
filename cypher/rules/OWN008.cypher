// OWN008 idle-actor
// Mirrors: opmodel.rules.ownership.idle_actor (networkx engine).
// Flags: each team with no assignment, no decision right, no escalation (from or to it), no
// handoff (from or to it) and owning no declared handoff. Inferred handoffs need not be told
// apart: both their teams hold assignments, so they are never idle anyway.
// Parameters: $model
// Columns: rule, subjects, evidence
CALL () {
  MATCH (s:Team {model: $model})-[h:HANDOFF]->(:Team)
  USING INDEX s:Team(model)
  WHERE h.owner IS NOT NULL
  RETURN collect(DISTINCT h.owner) AS owners
}
MATCH (t:Team {model: $model})
USING INDEX t:Team(model)
WHERE NOT EXISTS { (t)-[:ASSIGNED|HOLDS_RIGHT]->() }
  AND NOT EXISTS { (t)-[:ESCALATES_TO|HANDOFF]-() }
  AND NOT t.id IN owners
RETURN 'OWN008' AS rule, [t.id] AS subjects, {} AS evidence
ORDER BY t.src_sheet, t.src_row
