"""The wheel works installed: built from a copy of the checkout, installed (not editable)
into a fresh virtual environment, and run from a directory outside the checkout, so the
Cypher files and templates must come from the package, never the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from opmodel import load

from tests.conftest import ROOT, SAMPLES
from tests.neo4j.conftest import neo4j_uri

SAMPLE = "retail_order_to_resolution.xlsx"
_SKIP = shutil.ignore_patterns(".git", ".venv", ".neo4j", "build", "dist", "*.egg-info",
                               "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
                               "benchmarks", "tests", "docs")


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 180
         ) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, args))}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(the venv's bin directory, an environment without the checkout on any path)."""
    work = tmp_path_factory.mktemp("installed")
    source = work / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=_SKIP)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    wheels = work / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps",
          "--quiet", "-w", str(wheels), str(source)], work, env, timeout=300)
    (wheel,) = wheels.glob("opmodel-*.whl")
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work, env)
    python = venv / "bin" / "python"
    # Dependencies come from the test runner's environment (a fresh venv cannot download
    # them offline): its site-packages go on the new venv's path through a .pth file, which
    # adds the directory only (the editable install's own .pth hooks there are not run).
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                      "['purelib'])"], work, env).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--no-index", "--quiet", str(wheel)], work, env, timeout=300)
    shutil.rmtree(source)  # nothing of the checkout's copy remains to be found
    return venv / "bin", env


def test_installed_wheel_validates_analyzes_and_runs_in_neo4j(installed, tmp_path,
                                                              neo4j_driver):
    bin_dir, env = installed
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(SAMPLES / SAMPLE, outside / SAMPLE)
    where = _run([str(bin_dir / "python"), "-c",
                  "import opmodel, opmodel.neo4j.schema as s; print(opmodel.__file__); "
                  "print(s.CYPHER_DIR)"], outside, env).stdout.split()
    assert all(Path(p).is_relative_to(bin_dir.parent) for p in where), where
    assert not any(Path(p).is_relative_to(ROOT) for p in where)
    opmodel = str(bin_dir / "opmodel")
    assert "activities" in _run([opmodel, "validate", SAMPLE], outside, env).stdout
    _run([opmodel, "analyze", SAMPLE, "--format", "html", "-o", "report.html"], outside, env)
    assert "<html" in (outside / "report.html").read_text(encoding="utf-8").lower()
    neo4j_env = {**env, "NEO4J_URI": neo4j_uri() or ""}
    model_id = f"installed-{os.getpid()}"
    try:
        pushed = _run([opmodel, "neo4j", "push", SAMPLE, "--model-id", model_id], outside,
                      neo4j_env)
        assert f"Pushed '{model_id}'" in pushed.stdout
        analyzed = _run([opmodel, "neo4j", "analyze", "--model-id", model_id, "--format",
                         "json"], outside, neo4j_env)
        assert '"findings"' in analyzed.stdout
        # the explorer's queries ship too: the installed package draws the seam map
        seams = _run([str(bin_dir / "python"), "-c",
                      "from opmodel.neo4j.connection import Neo4jSettings, connect; "
                      "from opmodel.neo4j.explore import seam_map\n"
                      f"with connect(Neo4jSettings.from_env()) as db:\n"
                      f"    print(len(seam_map(db, '{model_id}').teams), 'teams')"],
                     outside, neo4j_env)
        teams = len(load(SAMPLES / SAMPLE).model.teams)
        assert seams.stdout.split()[-2:] == [str(teams), "teams"], seams.stdout
    finally:
        subprocess.run([opmodel, "neo4j", "drop", "--model-id", model_id], cwd=outside,
                       env=neo4j_env, capture_output=True, timeout=120, check=False)
