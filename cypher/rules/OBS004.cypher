// OBS004 slow-seam
// Mirrors: opmodel.rules.observed.slow_seam (networkx engine).
// Flags: each OBSERVED_HANDOFF whose 90th-percentile wait exceeds the time standard of the
// model's first HANDOFF between the two teams, else the promise of that handoff's journey;
// without either, whose wait is among the slowest $slow_seam_share of observed seams and
// more than twice the median seam's.
// Parameters: $model, $slow_seam_share
// Columns: rule, subjects, evidence, key, at
MATCH (:Team {model: $model})-[seen:OBSERVED_HANDOFF]->(:Team)
WITH seen.p90_hours AS hours ORDER BY hours
WITH collect(hours) AS hours
WITH hours, size(hours) AS n,
     CASE WHEN toInteger(size(hours) * $slow_seam_share) < 1 THEN 1
          ELSE toInteger(size(hours) * $slow_seam_share) END AS keep
WITH CASE WHEN n <= keep THEN null
          WHEN hours[n - keep - 1] > 2 * hours[n / 2] THEN hours[n - keep - 1]
          ELSE 2 * hours[n / 2] END AS floor
MATCH (s:Team {model: $model})-[o:OBSERVED_HANDOFF]->(t:Team)
WITH s, t, o, floor, COLLECT { MATCH (s)-[h:HANDOFF]->(t)
                               RETURN h ORDER BY h.inferred, h.src_sheet, h.src_row }[0] AS h
WITH s, t, o, floor, h,
     COLLECT { MATCH (j:Journey {uid: $model + '|' + h.journey_key})
               RETURN j.promise_hours }[0] AS promise
WITH s, t, o, floor, h, coalesce(h.sla_hours, promise) AS limit, h.owner AS owner
WHERE (limit IS NOT NULL AND o.p90_hours > limit)
   OR (limit IS NULL AND floor IS NOT NULL AND o.p90_hours > floor)
RETURN 'OBS004' AS rule,
       CASE WHEN owner IS NULL OR owner IN [s.id, t.id] THEN [s.id, t.id]
            ELSE [s.id, t.id, owner] END AS subjects,
       {cases: o.cases, handoffs: o.handoffs, median_hours: round(o.median_hours, 2),
        p90_hours: round(o.p90_hours, 2), limit_hours: limit} AS evidence,
       s.id + '>' + t.id AS key,
       [CASE WHEN h IS NULL OR h.src_sheet IS NULL
             THEN {sheet: s.src_sheet, row: s.src_row, column: s.src_column}
             ELSE {sheet: h.src_sheet, row: h.src_row, column: h.src_column} END] AS at
ORDER BY o.p90_hours DESC, s.id, t.id
