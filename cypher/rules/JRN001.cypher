// JRN001 journey-without-owner
// Mirrors: opmodel.rules.journeys.journey_without_owner (networkx engine).
// Flags: each journey with two or more teams accountable, responsible or supporting on its
// steps (activities IN_JOURNEY) and no team that OWNS it (the Journeys sheet's owner).
// Evidence feeds the computed advice: the team accountable for the most steps (ties by name).
// Journey steps are activities with is_step (not outcomes, nor step-less rows of a journey
// whose other rows have steps), as networkx's Facts.journeys.
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (j:Journey {model: $model})
USING INDEX j:Journey(model)
WHERE NOT EXISTS { (:Team)-[:OWNS]->(j) }
WITH j, COLLECT { MATCH (t:Team)-[r:ASSIGNED]->(:Activity {is_step: true})-[:IN_JOURNEY]->(j)
                  WHERE r.role IN ['accountable', 'responsible', 'support']
                  RETURN DISTINCT t.name AS name ORDER BY name } AS teams
WHERE size(teams) >= 2
WITH j, teams,
     COLLECT { MATCH (t:Team)-[:ASSIGNED {role: 'accountable'}]->(a:Activity {is_step: true})
                     -[:IN_JOURNEY]->(j)
               WITH t, count(DISTINCT a) AS steps
               RETURN t.name AS name ORDER BY steps DESC, toLower(t.name), t.id } AS owners,
     COLLECT { MATCH (a:Activity {is_step: true})-[:IN_JOURNEY]->(j)
               RETURN {sheet: a.src_sheet, row: a.src_row, column: a.src_column} AS cell
               ORDER BY a.step IS NULL, a.step, a.src_sheet, a.src_row } AS steps
RETURN 'JRN001' AS rule,
       [j.id] AS subjects,
       {teams: teams, candidate: owners[0]} AS evidence,
       CASE WHEN j.src_sheet IS NULL THEN steps[..1]
            ELSE [{sheet: j.src_sheet, row: j.src_row, column: j.src_column}] END AS at
ORDER BY j.src_sheet, j.src_row, j.id
