"""Neo4j: push models, list and drop them, run the Cypher rules. Only this package imports
the driver, so the rest of opmodel works without a database."""
