// DATA001 siloed-system
// Mirrors: opmodel.rules.data.siloed_system (networkx engine).
// Flags: each system holding customer data that at most one team can read: its owner (OWNS)
// and the teams with read or write ACCESS (rows saying "none" are not pushed as ACCESS).
// Parameters: $model
// Columns: rule, subjects, evidence
MATCH (s:System {model: $model})
USING INDEX s:System(model)
WHERE s.customer_data
WITH s, COLLECT { MATCH (t:Team)-[:ACCESS|OWNS]->(s) RETURN DISTINCT t } AS readers
WHERE size(readers) <= 1
RETURN 'DATA001' AS rule,
       [s.id] AS subjects,
       {readers: [t IN readers | t.name]} AS evidence
ORDER BY s.src_sheet, s.src_row
