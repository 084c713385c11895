"""The Cypher files: ``cypher/schema.cypher`` and one ``cypher/rules/<RULE_ID>.cypher`` per rule.

Each rule file starts with a header of ``//`` comment lines that the engine and the catalog
test read:

- ``// Columns: rule, subjects, evidence[, key, key_text, at]`` what each row returns:
  ``rule`` the rule id, ``subjects`` the node ids of the finding (the same set networkx puts
  in Finding.subjects), ``evidence`` a map; optional ``key`` (the fingerprint key, without row
  numbers), ``key_text`` (user text appended to the key after ``normalise_name``, exactly as
  networkx does) and ``at`` (the finding's cells as ``{sheet, row, column}`` maps, most
  specific first; without it the subjects' own rows are used).
- ``// Delegates: networkx. <why>`` for a rule plain Community Cypher cannot express at
  parity: its query is a data query (its own columns) and the engine runs the networkx rule
  on what it returns.
- ``// Parameters: $model, ...`` ``$model`` is the version key ("<model id>@<version>"); the
  others are Config.thresholds fields of the same name.

Values only ever travel as parameters; the files hold no user text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from opmodel.errors import OpmodelError
from opmodel.neo4j.schema import CYPHER_DIR, schema_statements

RULES_DIR = CYPHER_DIR / "rules"
FINDING_COLUMNS = ("rule", "subjects", "evidence")
OPTIONAL_COLUMNS = ("key", "key_text", "at")

_HEADER = re.compile(r"^//\s*(Columns|Delegates|Parameters)\s*:\s*(.*)$", re.IGNORECASE)
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class CypherFileError(OpmodelError):
    """A Cypher file is missing or its header is malformed."""


@dataclass(frozen=True)
class RuleQuery:
    """One rule's Cypher file, parsed."""

    rule: str
    path: Path
    text: str
    columns: tuple[str, ...]
    parameters: tuple[str, ...]
    delegates: str | None  # why the rule runs in networkx on the query's data, or None

    @property
    def body(self) -> str:
        """The query without its comment lines."""
        return _strip_comments(self.text)


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith("//")).strip()


def schema_text() -> str:
    """The whole of cypher/schema.cypher."""
    path = CYPHER_DIR / "schema.cypher"
    if not path.is_file():
        raise CypherFileError(f"The Neo4j schema file {path} is missing.")
    return path.read_text(encoding="utf-8")


def schema() -> list[str]:
    """The schema statements (constraints and indexes), one per block of schema.cypher."""
    schema_text()  # a clear error when the file is missing
    return schema_statements()


def rule_path(rule_id: str) -> Path:
    """Where a rule's Cypher lives."""
    return RULES_DIR / f"{rule_id}.cypher"


@cache
def rule_query(rule_id: str) -> RuleQuery:
    """The parsed Cypher file of a rule; CypherFileError when it is missing or malformed."""
    path = rule_path(rule_id)
    if not path.is_file():
        raise CypherFileError(f"Rule {rule_id} has no Cypher file: expected {path} (every rule "
                              "in the registry needs cypher/rules/<RULE_ID>.cypher).")
    return parse_rule_file(rule_id, path.read_text(encoding="utf-8"), path)


def parse_rule_file(rule_id: str, text: str, path: Path | None = None) -> RuleQuery:
    """Parse a rule file's header; CypherFileError names what is wrong."""
    where = path or rule_path(rule_id)
    headers: dict[str, list[str]] = {}
    current: list[str] | None = None  # a header's text continues on the comment lines below
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("//"):
            current = None
            continue
        match = _HEADER.match(stripped)
        if match:
            current = headers.setdefault(match.group(1).lower(), [])
            current.append(match.group(2).strip())
        elif current is not None and current is headers.get("delegates"):
            current.append(stripped.removeprefix("//").strip())
    if "columns" not in headers:
        raise CypherFileError(f"{where}: the header declares no '// Columns: ...' line.")
    columns = tuple(c.strip() for c in headers["columns"][0].split(",") if c.strip())
    delegates = None
    if "delegates" in headers:
        delegates = " ".join(headers["delegates"]).strip()
        reason = delegates.removeprefix("networkx").lstrip(".:;,— -").strip()
        if not delegates.lower().startswith("networkx") or not reason:
            raise CypherFileError(f"{where}: '// Delegates:' must read 'networkx. <why plain "
                                  "Cypher cannot express the rule>'.")
    else:
        missing = [c for c in FINDING_COLUMNS if c not in columns]
        unknown = [c for c in columns if c not in FINDING_COLUMNS + OPTIONAL_COLUMNS]
        if missing or unknown:
            raise CypherFileError(
                f"{where}: a rule query returns {', '.join(FINDING_COLUMNS)} (and optionally "
                f"{', '.join(OPTIONAL_COLUMNS)}); missing {missing}, unknown {unknown}.")
    body = _strip_comments(text)
    if not body:
        raise CypherFileError(f"{where}: holds no query.")
    parameters = tuple(dict.fromkeys(_PARAMETER.findall(body)))
    return RuleQuery(rule=rule_id, path=where, text=text, columns=columns,
                     parameters=parameters, delegates=delegates)


def rule_files() -> dict[str, Path]:
    """Rule id -> Cypher file, for every file in cypher/rules."""
    return {p.stem: p for p in sorted(RULES_DIR.glob("*.cypher"))}


def registry_queries() -> dict[str, RuleQuery]:
    """Every registered rule's query, in catalog order; CypherFileError lists what is missing."""
    from opmodel.rules import REGISTRY  # late: the rules are not needed to push

    missing = [rule_id for rule_id in REGISTRY if not rule_path(rule_id).is_file()]
    if missing:
        raise CypherFileError(f"No Cypher file for rule(s) {', '.join(missing)} in {RULES_DIR} "
                              "(every rule in the registry needs cypher/rules/<RULE_ID>.cypher).")
    return {rule_id: rule_query(rule_id) for rule_id in REGISTRY}
