// DATA002 blind-step
// Mirrors: opmodel.rules.data.blind_step (networkx engine).
// Flags: each (activity, doing team, system) where the activity USES the system and the team
// doing it (its responsible teams, or its accountable ones where no one is responsible)
// neither owns the system nor has read or write ACCESS to it.
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (a:Activity {model: $model})-[:USES]->(sys:System {model: $model})
USING INDEX sys:System(model)
WITH a, sys,
     COLLECT { MATCH (t:Team)-[:ASSIGNED {role: 'responsible'}]->(a) RETURN DISTINCT t } AS responsible
WITH a, sys,
     CASE WHEN responsible = []
          THEN COLLECT { MATCH (t:Team)-[:ASSIGNED {role: 'accountable'}]->(a) RETURN DISTINCT t }
          ELSE responsible END AS doers
UNWIND doers AS t
WITH a, sys, t
WHERE NOT EXISTS { (t)-[:OWNS]->(sys) } AND NOT EXISTS { (t)-[:ACCESS]->(sys) }
RETURN 'DATA002' AS rule,
       [a.id, t.id, sys.id] AS subjects,
       {activity: a.name, team: t.name, system: sys.name} AS evidence,
       [{sheet: a.src_sheet, row: a.src_row, column: a.src_column}] + COLLECT {
          MATCH (t)-[x:ASSIGNED]->(a) WHERE x.role IN ['responsible', 'accountable']
          RETURN {sheet: x.src_sheet, row: x.src_row, column: x.src_column}
          ORDER BY x.role DESC LIMIT 1 } AS at
ORDER BY a.src_sheet, a.src_row, toLower(t.name), t.id, sys.id
