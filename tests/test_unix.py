"""Unix manners of the `opmodel` command, each checked through a real subprocess."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from opmodel import errors
from opmodel.generate import GeneratorSpec, write_workbook
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXIT_CODES = {name: value for name, value in vars(errors).items() if name.startswith("EXIT_")}


def opmodel(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "opmodel", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def run(*args: str, code: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", code, *args] if code else [
        sys.executable, "-m", "opmodel", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)


def test_output_cut_short_by_its_reader_ends_quietly(tmp_path):
    """`opmodel analyze big.xlsx --format json | head -n 2`: no BrokenPipe message, and
    the status a shell shows for a tool stopped by SIGPIPE."""
    path = write_workbook(GeneratorSpec(activities=400, teams=10, defect_rate=0.3),
                          tmp_path / "big.xlsx")
    process = opmodel("analyze", str(path), "--format", "json")
    assert process.stdout is not None and process.stderr is not None
    head = process.stdout.read(200)  # the reader takes a little, then goes away
    process.stdout.close()
    assert head.startswith(b"{")
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == errors.EXIT_BROKEN_PIPE == 141
    assert stderr == "", stderr


def test_interrupt_exits_130_with_one_line(tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    process = opmodel("generate", "--activities", "300000", "-o", str(tmp_path / "g.xlsx"),
                      env={**os.environ, "TMPDIR": str(scratch)})
    deadline = time.monotonic() + 60
    while not any(scratch.iterdir()):  # xlsxwriter's scratch files: generation has begun
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == errors.EXIT_INTERRUPTED == 130
    assert process.stderr is not None
    assert process.stderr.read().decode().strip() == "opmodel: interrupted."


def test_an_unexpected_error_is_one_sentence_and_exit_3():
    done = run(code="import opmodel.cli as c; c.COMMANDS['rules'] = lambda args: 1 / 0; "
                    "raise SystemExit(c.main(['rules']))")
    assert done.returncode == errors.EXIT_INTERNAL == 3
    assert done.stderr.startswith("opmodel: unexpected error (ZeroDivisionError")
    assert "Traceback" not in done.stderr


def test_every_exit_code_is_a_named_constant_documented_in_the_readme():
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", README, re.M)}
    assert documented == set(EXIT_CODES.values())
    assert {0, 1, 2, 3, 130, 141} <= documented


def test_every_generate_option_has_help_text():
    from opmodel.cli import _parser

    commands = next(a for a in _parser()._actions if a.dest == "command")
    generate = commands.choices["generate"]  # type: ignore[index]
    assert all(action.help for action in generate._actions), [
        a.dest for a in generate._actions if not a.help]
    done = run("generate", "--help")
    shown = " ".join(done.stdout.split())
    assert done.returncode == 0
    for action in generate._actions:
        assert " ".join(str(action.help).split("%")[0].split()) in shown, action.dest


@pytest.mark.parametrize("content", [None, b"PK\x03\x04 not really a workbook"])
def test_error_messages_name_the_file_given(tmp_path, content):
    given = tmp_path / "my matrix.xlsx"
    if content is not None:
        given.write_bytes(content)
    done = run("validate", str(given))
    assert done.returncode == errors.EXIT_UNUSABLE
    assert "my matrix.xlsx" in done.stderr and "tmp" not in done.stderr.replace(
        str(tmp_path), "")


def test_readme_says_how_to_install_without_the_repository():
    section = README.split("## Install without the repository")[1].split("\n## ")[0]
    assert "pip install dist/opmodel-" in section and "importlib.resources" in section
    assert Path(ROOT / "opmodel" / "cypher" / "schema.cypher").is_file()
