"""Fixtures for tests that need a real Neo4j server.

The server is found through ``NEO4J_URI`` (with ``NEO4J_USER``/``NEO4J_PASSWORD``; no auth when
``NEO4J_USER`` is unset) or, failing that, the URI that ``neo4j/start.sh`` wrote to ``.neo4j/uri``
at the repo root. With no server reachable the tests are skipped locally and fail under CI
(``CI=true``), so CI cannot go green without having run them.

Every test collected under this directory gets the ``neo4j`` marker.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest

if TYPE_CHECKING:
    from neo4j import Driver

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
URI_FILE = REPO_ROOT / ".neo4j" / "uri"
START_HINT = (
    "start one with `make neo4j-start` (neo4j/start.sh), "
    "or point at your own: export NEO4J_URI=bolt://host:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=..."
)


def pytest_configure(config: pytest.Config) -> None:
    # Also declared in pyproject.toml; repeated so --strict-markers holds however pytest is run.
    config.addinivalue_line("markers", "neo4j: needs a Neo4j server (NEO4J_URI)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items: mark only the ones that live under this directory.
    for item in items:
        if Path(item.path).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.neo4j)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _unavailable(reason: str) -> NoReturn:
    message = f"no Neo4j server for the neo4j tests: {reason}; {START_HINT}"
    if _in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def neo4j_uri() -> str | None:
    """The server to use: $NEO4J_URI, else what neo4j/start.sh wrote to .neo4j/uri."""
    uri = os.environ.get("NEO4J_URI", "").strip()
    if uri:
        return uri
    try:
        uri = URI_FILE.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return uri or None


def neo4j_auth() -> tuple[str, str] | None:
    user = os.environ.get("NEO4J_USER", "").strip()
    if not user:
        return None
    return (user, os.environ.get("NEO4J_PASSWORD", ""))


@pytest.fixture(scope="session")
def neo4j_driver() -> Iterator[Driver]:
    """A connected ``neo4j.Driver`` for the whole session (closed at the end)."""
    try:
        import neo4j
    except ImportError as exc:  # the driver is a project dependency: a broken venv
        _unavailable(f"the neo4j Python driver cannot be imported ({exc})")
    if not hasattr(neo4j, "GraphDatabase"):
        # Not a missing server but a broken layout: without tests/__init__.py pytest imports this
        # directory as the top-level package `neo4j`, which shadows the driver for the session.
        where = getattr(neo4j, "__file__", None) or list(getattr(neo4j, "__path__", []))
        pytest.fail(
            f"`import neo4j` found {where}, not the Neo4j driver: tests/ needs an empty "
            "__init__.py so this directory is imported as tests.neo4j",
            pytrace=False,
        )

    uri = neo4j_uri()
    if uri is None:
        _unavailable(f"NEO4J_URI is not set and {URI_FILE} does not exist")

    driver = neo4j.GraphDatabase.driver(
        uri, auth=neo4j_auth(), connection_timeout=10, connection_acquisition_timeout=30
    )
    try:
        driver.verify_connectivity()
    except Exception as exc:
        driver.close()
        _unavailable(f"cannot connect to {uri} ({type(exc).__name__}: {exc})")
    try:
        yield driver
    finally:
        driver.close()


@pytest.fixture(scope="session")
def connection(neo4j_driver: Driver) -> Iterator[object]:
    """opmodel's own Connection to the same server (through the library, as users get it)."""
    from opmodel.neo4j.connection import Connection, Neo4jSettings

    auth = neo4j_auth()
    settings = Neo4jSettings(uri=neo4j_uri() or "", user=auth[0] if auth else None,
                             password=auth[1] if auth else None,
                             database=os.environ.get("NEO4J_DATABASE") or None)
    db = Connection(settings)
    yield db
    db.close()


@pytest.fixture
def model_id(request: pytest.FixtureRequest, connection: object) -> Iterator[str]:
    """A model id unique to this test (Community has one database); dropped afterwards."""
    import uuid

    from opmodel.neo4j.push import drop

    import re

    # parametrised test names hold [ and ]: keep the id within the model id grammar
    name = re.sub(r"[^A-Za-z0-9._-]", "-", f"test-{request.node.name[:40]}-{uuid.uuid4().hex[:8]}")
    yield name
    drop(connection, name)  # type: ignore[arg-type]
