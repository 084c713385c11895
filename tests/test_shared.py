"""Tests that read ../shared skip outside CI when it is absent, and fail under CI."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, shared_path


def test_absent_shared_data_skips_with_the_reason_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"no-such-folder is absent: .*\.\./shared"):
        shared_path("no-such-folder")


def test_absent_shared_data_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-folder is absent"):
        shared_path("no-such-folder")


def test_a_module_reading_absent_shared_data_is_skipped_whole(tmp_path):
    module = tmp_path / "test_reads_shared.py"
    module.write_text("from tests.conftest import shared_path\n"
                      "DATA = shared_path('no-such-folder')\n"
                      "def test_uses_it():\n    assert DATA\n", encoding="utf-8")
    env_ci = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    outside = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              "-rs", str(module)], cwd=tmp_path, capture_output=True,
                             text=True, timeout=120, env=env_ci, check=False)
    assert "1 skipped" in outside.stdout and "failed" not in outside.stdout, outside.stdout
    assert "no-such-folder is absent" in outside.stdout
    inside = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             str(module)], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, env={**env_ci, "CI": "true"}, check=False)
    assert inside.returncode != 0 and "no-such-folder is absent" in inside.stdout
