// DATA004 competing-records
// Mirrors: opmodel.rules.data.competing_records (networkx engine).
// Flags: each data domain that two or more systems claim to be the system of record for.
// Domains are matched as networkx's normalise_name does (NFKC, lower case, runs of spaces
// collapsed); plain Cypher lowercases where Python casefolds, which differs only for a few
// letters such as the German sharp s. key_text is the domain as written: the engine
// normalises it for the fingerprint exactly as networkx does.
// Parameters: $model
// Columns: rule, subjects, evidence, key_text
MATCH (s:System {model: $model})
USING INDEX s:System(model)
UNWIND s.system_of_record AS domain
WITH s, domain,
     reduce(acc = '', w IN split(toLower(normalize(trim(domain), NFKC)), ' ') |
            CASE WHEN w = '' THEN acc WHEN acc = '' THEN w ELSE acc + ' ' + w END) AS normal
WITH normal, s, domain ORDER BY s.src_sheet, s.src_row
WITH normal, collect(DISTINCT s) AS systems, head(collect(domain)) AS spelled
WHERE size(systems) >= 2
RETURN 'DATA004' AS rule,
       [s IN systems | s.id] AS subjects,
       {domain: spelled} AS evidence,
       spelled AS key_text
ORDER BY normal
