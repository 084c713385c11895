"""The Neo4j vocabulary: labels and relationship types come only from graph.py's fixed
lists (never from user text), and the schema statements from cypher/schema.cypher."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from opmodel.graph import EDGE_KINDS, NODE_KINDS

# The Cypher files ship inside the package (opmodel/cypher links to the top-level cypher/
# in a checkout), so an installed opmodel finds them where it is installed. Wheels install
# unzipped, so the resource is a real directory the queries can be globbed from.
CYPHER_DIR = Path(str(resources.files("opmodel") / "cypher"))
LABELS = frozenset(NODE_KINDS.values())
REL_TYPES = frozenset(EDGE_KINDS)


def label_of(node_type: str) -> str:
    """The label for a node type; anything outside the vocabulary is refused."""
    return NODE_KINDS[node_type]


def rel_type(edge_type: str) -> str:
    """A relationship type from the vocabulary, or an error."""
    if edge_type not in REL_TYPES:
        raise ValueError(f"unknown relationship type {edge_type!r}")
    return edge_type


def schema_statements() -> list[str]:
    """The constraint and index statements, one per block of cypher/schema.cypher."""
    text = (CYPHER_DIR / "schema.cypher").read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n;") if b.strip()]
    statements = []
    for block in blocks:
        lines = [line for line in block.splitlines() if not line.strip().startswith("//")]
        statement = "\n".join(lines).strip()
        if statement:
            statements.append(statement)
    return statements
