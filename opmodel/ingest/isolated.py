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

from opmodel.errors import UnsafeFileError

MEMORY_BYTES = 2 * 2**30  # address space of the child
SECONDS = 60  # wall-clock limit of the child

# The child imports python-calamine alone (not opmodel: a fresh interpreter then starts in
# a tenth of a second) and answers with plain data; the sentences are made here.
_CHILD = """
import pickle, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
from python_calamine import CalamineWorkbook

def read(path):
    try:
        book = CalamineWorkbook.from_path(path)
    except Exception as exc:
        return "open", str(exc)
    sheets = []
    for meta in book.sheets_metadata:
        if "WorkSheet" not in str(meta.typ):
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
            size = (sheet.total_height + 1, sheet.total_width + 1)
            if size[0] * size[1] > {cells}:
                return "size", (meta.name, *size)
            sheets.append((meta.name, sheet.to_python(skip_empty_area=False)))
        except Exception as exc:
            return "sheet", (meta.name, str(exc))
    return "ok", sheets

sys.stdout.buffer.write(pickle.dumps(read(sys.argv[1]), protocol=pickle.HIGHEST_PROTOCOL))
"""


def read_sheets(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """The sheets of a workbook read by calamine in a child process.

    Raises the reader's sentence for what the child reports, or UnsafeFileError naming
    the limit when the child ran out of memory or time.
    """
    from opmodel.ingest import reader

    code = _CHILD.format(memory=MEMORY_BYTES, cells=reader.MAX_SHEET_CELLS)
    env = {**os.environ, "RUST_BACKTRACE": "0"}
    try:
        proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                              timeout=SECONDS, env=env, check=False)
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
    if status == "open":
        raise reader.open_failure(path, RuntimeError(payload))
    if status == "sheet":
        raise reader.sheet_failure(path, payload[0], RuntimeError(payload[1]))
    if status == "size":
        raise reader.too_many_cells(path, *payload) or AssertionError(payload)
    return list(payload)
