"""Run a native reader in a child process that may die without taking its caller along.

python-calamine aborts the whole process (``memory allocation of N bytes failed``, exit
134) when a file declares an absurd extent. For .xlsx the reader's pure-Python pre-scan
makes that unreachable; legacy .xls (BIFF records inside an OLE2 container) has no such
pre-scan, so it is read here: in a fresh interpreter with an address-space limit and a
time limit, whose death becomes one sentence instead of the end of the Streamlit server.

The child is started with ``subprocess`` (not ``fork``: the app's server is threaded) and
sends the sheets back pickled on stdout. That costs a pickle round trip (about 1.6 s on
the 100,000-activity benchmark, see benchmarks/README.md), which is why .xlsx is not
read this way.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from opmodel.errors import OpmodelError, UnsafeFileError

MEMORY_BYTES = 2 * 2**30  # address space of the child
SECONDS = 60  # wall-clock limit of the child

_CHILD = """
import pickle, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
from opmodel.ingest.isolated import child
sys.stdout.buffer.write(pickle.dumps(child(sys.argv[1]), protocol=pickle.HIGHEST_PROTOCOL))
"""


def child(path: str) -> tuple[str, Any]:
    """In the child: ("ok", [(sheet name, rows), ...]) or ("error", (class name, message))."""
    from opmodel.ingest import reader

    try:
        book = reader._read_with_calamine(Path(path))
    except OpmodelError as exc:
        return "error", (type(exc).__name__, str(exc))
    return "ok", [(s.name, s.rows) for s in book.sheets]


def read_sheets(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """The sheets of a workbook read by calamine in a child process.

    Raises the child's OpmodelError, or UnsafeFileError naming the limit when the child
    ran out of memory or time.
    """
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH")) if p), "RUST_BACKTRACE": "0"}
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD.format(memory=MEMORY_BYTES), str(path)],
            capture_output=True, timeout=SECONDS, env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise UnsafeFileError(
            f"{path.name} took more than {SECONDS} s to read, the limit: open it in Excel, "
            "delete unused rows and columns and save it as .xlsx.") from exc
    if proc.returncode != 0 or not proc.stdout:
        raise UnsafeFileError(
            f"{path.name} needs more than the {MEMORY_BYTES // 2**30} GB memory limit to "
            "read (its cells span too far): open it in Excel, delete unused rows and "
            "columns and save it as .xlsx.")
    status, payload = pickle.loads(proc.stdout)  # our own child's output, not the upload
    if status == "error":
        from opmodel import errors

        kind, message = payload
        raise getattr(errors, kind, OpmodelError)(message)
    return list(payload)
