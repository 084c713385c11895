"""Data flows one way: the library never imports the app's or the database's modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_library_imports_neither_streamlit_nor_neo4j():
    code = ("import sys, opmodel, opmodel.cli, opmodel.graph, opmodel.export, opmodel.reports.json;"
            "print(sorted(m for m in ('streamlit', 'neo4j', 'pyvis') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_only_the_app_pages_import_streamlit():
    """The Streamlit pages live in opmodel/ui (loaded by app.py only); no library module
    imports streamlit, so the CLI and reports never pay for it."""
    root = Path(__file__).resolve().parents[1] / "opmodel"
    importers = sorted(str(path.relative_to(root)) for path in root.rglob("*.py")
                       if "import streamlit" in path.read_text(encoding="utf-8"))
    assert importers and all(name.startswith("ui/") for name in importers), importers
