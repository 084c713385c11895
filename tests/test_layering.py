"""Data flows one way: the library never imports the app's or the database's modules."""

from __future__ import annotations

import subprocess
import sys


def test_library_imports_neither_streamlit_nor_neo4j():
    code = ("import sys, opmodel, opmodel.cli, opmodel.graph, opmodel.export, opmodel.reports.json;"
            "print(sorted(m for m in ('streamlit', 'neo4j', 'pyvis') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
