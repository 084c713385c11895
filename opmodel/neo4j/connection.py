"""Connecting to Neo4j from the environment, with errors a user can act on.

Credentials come from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD (and NEO4J_DATABASE), or
from the caller (the app passes Streamlit secrets); they are never logged or reported.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, ClientError, ConfigurationError, ServiceUnavailable

from opmodel.errors import OpmodelError

# The driver logs each retry as a warning; users get one sentence from us instead.
logging.getLogger("neo4j").addHandler(logging.NullHandler())
logging.getLogger("neo4j").propagate = False


_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


class Neo4jError(OpmodelError):
    """Neo4j could not be reached or refused a request."""


@dataclass(frozen=True)
class Neo4jSettings:
    """Where and how to connect. ``repr`` never shows the password."""

    uri: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Neo4jSettings:
        """Settings from the environment; a clear error when NEO4J_URI is not set."""
        env = dict(os.environ if environ is None else environ)
        uri = env.get("NEO4J_URI", "").strip()
        if not uri:
            raise Neo4jError("NEO4J_URI is not set: export NEO4J_URI=bolt://host:7687 (and "
                             "NEO4J_USER, NEO4J_PASSWORD if your server uses auth), or run "
                             "`make neo4j-start` for a local throwaway server.")
        return cls(uri=uri, user=env.get("NEO4J_USER") or None,
                   password=env.get("NEO4J_PASSWORD") or None,
                   database=env.get("NEO4J_DATABASE") or None)


class Connection:
    """A driver plus the database to use; writes go to the leader, reads to readers."""

    def __init__(self, settings: Neo4jSettings) -> None:
        """Create the driver (it connects lazily) and check the server is Neo4j 5+."""
        self.settings = settings
        auth = (settings.user, settings.password or "") if settings.user else None
        if settings.uri.split("://")[0] not in _SCHEMES:
            raise Neo4jError(f"'{settings.uri}' is not a Neo4j URI: use bolt://, neo4j:// or "
                             "neo4j+s://host:port.")
        try:
            self.driver = GraphDatabase.driver(settings.uri, auth=auth)
        except (ConfigurationError, ValueError) as exc:
            raise Neo4jError(f"'{settings.uri}' is not a Neo4j URI (use bolt://, neo4j:// or "
                             "neo4j+s://host:port).") from exc
        try:
            self.driver.verify_connectivity()
        except ServiceUnavailable as exc:
            self.driver.close()
            raise Neo4jError(f"Cannot reach Neo4j at {settings.uri}: is the server running "
                             "and the address right?") from exc
        except AuthError as exc:
            self.driver.close()
            raise Neo4jError(f"Neo4j at {settings.uri} refused the credentials: check "
                             "NEO4J_USER and NEO4J_PASSWORD.") from exc
        self.check_version()

    def check_version(self) -> str:
        """The server's version; Neo4j 4 and older are refused with one sentence."""
        records = self.read("CALL dbms.components() YIELD versions RETURN versions[0] AS v")
        version = str(records[0]["v"])
        major = int(version.split(".")[0]) if version.split(".")[0].isdigit() else 0
        if major < 5:
            self.close()
            raise Neo4jError(f"The server at {self.settings.uri} runs Neo4j {version}; "
                             "opmodel needs Neo4j 5 or newer.")
        return version

    def _run(self, query: str, parameters: dict[str, Any] | None,
             routing: RoutingControl) -> list[neo4j.Record]:
        try:
            records, _, _ = self.driver.execute_query(
                query, parameters_=parameters or {}, routing_=routing,
                database_=self.settings.database)
        except ServiceUnavailable as exc:
            raise Neo4jError(f"Cannot reach Neo4j at {self.settings.uri}: is the server "
                             "running and the address right?") from exc
        except AuthError as exc:
            raise Neo4jError(f"Neo4j at {self.settings.uri} refused the credentials: check "
                             "NEO4J_USER and NEO4J_PASSWORD.") from exc
        except ClientError as exc:
            raise Neo4jError(f"Neo4j refused a query ({exc.code}): {exc.message}") from exc
        return list(records)

    def read(self, query: str, parameters: dict[str, Any] | None = None) -> list[neo4j.Record]:
        """A read query, routed to a reader in a cluster."""
        return self._run(query, parameters, RoutingControl.READ)

    def write(self, query: str, parameters: dict[str, Any] | None = None) -> list[neo4j.Record]:
        """A write query (its own transaction), routed to the leader."""
        return self._run(query, parameters, RoutingControl.WRITE)

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()


@contextmanager
def connect(settings: Neo4jSettings | None = None) -> Iterator[Connection]:
    """``with connect() as db:`` — from the environment unless settings are given."""
    connection = Connection(settings or Neo4jSettings.from_env())
    try:
        yield connection
    finally:
        connection.close()
