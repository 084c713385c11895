// The nodes to draw, with their names and the cells they came from.
// Parameters: $uids
CALL {
  MATCH (n:Team) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:System) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Activity) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Metric) WHERE n.uid IN $uids RETURN n
  UNION MATCH (n:Journey) WHERE n.uid IN $uids RETURN n
}
RETURN n.id AS id, n.name AS name, n.src_sheet AS sheet, n.src_row AS row,
       n.src_column AS column
