// GOV005 journey-without-customer-metric
// Mirrors: opmodel.rules.governance.journey_without_customer_metric (networkx engine).
// Flags: each journey that has metrics (a metric's journey_key: its journey column, else the
// journey of the activity it drives) of which none has metric_type customer.
// Parameters: $model
// Columns: rule, subjects, evidence, at
MATCH (m:Metric {model: $model})
USING INDEX m:Metric(model)
WHERE m.journey_key IS NOT NULL
MATCH (j:Journey {uid: $model + '|' + m.journey_key})
WITH j, m ORDER BY m.src_sheet, m.src_row
WITH j, collect(m) AS metrics
WHERE none(m IN metrics WHERE m.metric_type = 'customer')
RETURN 'GOV005' AS rule,
       [j.id] AS subjects,
       {metrics: [m IN metrics | m.name],
        owner: COLLECT { MATCH (o:Team)-[:OWNS]->(j) RETURN o.name }[0]} AS evidence,
       [{sheet: metrics[0].src_sheet, row: metrics[0].src_row, column: metrics[0].src_column},
        {sheet: j.src_sheet, row: j.src_row, column: j.src_column}] AS at
ORDER BY metrics[0].src_sheet, metrics[0].src_row
