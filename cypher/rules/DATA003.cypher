// DATA003 broken-context
// Mirrors: opmodel.rules.data.broken_context (networkx engine).
// Flags: each (customer-facing team, system holding customer data) where, on some journey
// the team works on (accountable, responsible or supporting on one of its steps), another team doing a step
// writes the system (the step USES it and its doer owns it or has write ACCESS), and the
// customer-facing team can read it neither as owner nor through ACCESS. One finding per pair,
// whatever the number of journeys. Journeys are told apart by the activities' journey name,
// as networkx does (two names with the same slug share one Journey node). Only journey steps
// count (is_step: not outcomes, nor step-less rows of a journey whose other rows have steps).
// Parameters: $model
// Columns: rule, subjects, evidence, at
// the customer-facing teams working on each journey
MATCH (t:Team {model: $model})-[r:ASSIGNED]->(s:Activity)-[:IN_JOURNEY]->(jn:Journey)
USING INDEX t:Team(model)
WHERE t.customer_facing AND s.is_step AND r.role IN ['accountable', 'responsible', 'support']
WITH jn, s.journey AS journey, collect(DISTINCT t) AS facing
// what the journey's steps write: each system a step USES whose doer (its responsible
// teams, else its accountable ones) owns it or has write ACCESS to it
CALL (jn, journey) {
  MATCH (jn)<-[:IN_JOURNEY]-(step:Activity)-[:USES]->(sys:System)
  WHERE step.journey = journey AND step.is_step AND sys.customer_data
  WITH step, sys, COLLECT { MATCH (d:Team)-[:ASSIGNED {role: 'responsible'}]->(step)
                            RETURN DISTINCT d } AS responsible
  WITH step, sys,
       CASE WHEN responsible = []
            THEN COLLECT { MATCH (d:Team)-[:ASSIGNED {role: 'accountable'}]->(step)
                           RETURN DISTINCT d }
            ELSE responsible END AS doers
  UNWIND doers AS writer
  WITH step, sys, writer
  WHERE EXISTS { (writer)-[:OWNS]->(sys) } OR EXISTS { (writer)-[:ACCESS {level: 'write'}]->(sys) }
  WITH step, sys, writer ORDER BY step.step IS NULL, step.step, step.src_sheet, step.src_row
  RETURN sys, collect({step: step, writer: writer}) AS written
}
UNWIND facing AS t
WITH journey, sys, t, [w IN written WHERE w.writer <> t] AS others
WHERE others <> []
  AND NOT EXISTS { (t)-[:OWNS]->(sys) } AND NOT EXISTS { (t)-[:ACCESS]->(sys) }
WITH t, sys, journey, others[0] AS first ORDER BY journey
WITH t, sys, collect(journey) AS journeys, collect(first) AS firsts
RETURN 'DATA003' AS rule,
       [t.id, sys.id] AS subjects,
       {journeys: journeys,
        written_by: [i IN range(0, size(journeys) - 1)
                     | [journeys[i], firsts[i].writer.name, firsts[i].step.name]]} AS evidence,
       [f IN firsts | {sheet: f.step.src_sheet, row: f.step.src_row, column: f.step.src_column}]
         + [{sheet: t.src_sheet, row: t.src_row, column: t.src_column}] AS at
ORDER BY toLower(t.name), t.id, sys.id
