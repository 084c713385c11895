"""Import time on adversarial names (issue 14): typo'd references and non-Latin names.

    python benchmarks/bench_names.py --activities 20000 --typos 100 --repeat 3

Builds, with openpyxl, a RACI of ``--activities`` rows (4 teams) plus a Handoffs sheet of
``--typos`` rows whose activity names carry a one-letter typo (each needs a "did you
mean" suggestion), once with Latin and once with Cyrillic activity names; the Cyrillic
names repeat every 100 rows with a different punctuation, so thousands of names share an
id base. Times ``opmodel.load`` of each (median of ``--repeat``, each in this process)
and prints the suggestions' and ids' shape, so a regression to a scan per name (0.55 s a
name at 20,000 activities before) or to quadratic id assignment shows.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: import this checkout's opmodel
    sys.path.insert(0, str(ROOT))

import opmodel  # noqa: E402

TEAMS = ["Sales", "Service", "Billing", "Logistics"]
CYRILLIC = "абвгдежзиклмнопрстуфхцчшщэюя"


def names(count: int, script: str) -> list[str]:
    """Distinct activity names; Cyrillic ones share id bases (same words, other marks)."""
    if script == "latin":
        return [f"Process order batch {i}" for i in range(count)]
    words = [CYRILLIC[i % 28] + CYRILLIC[(i // 28) % 28] + "ний" for i in range(100)]
    marks = ["", "!", "?", "*", "+", "(", ")", "[", "]", "/"]
    return [f"Обработка {words[i % 100]}{marks[(i // 100) % 10]} {'.' * (i // 1000)}"
            for i in range(count)]


def typo(name: str) -> str:
    """The name with its fourth letter doubled."""
    return name[:4] + name[3] + name[4:]


def build(path: Path, activities: int, typos: int, script: str) -> Path:
    book = openpyxl.Workbook(write_only=True)
    raci = book.create_sheet("RACI")
    raci.append(["Activity", *TEAMS])
    all_names = names(activities, script)
    for i, name in enumerate(all_names):
        raci.append([name, "A/R", "C" if i % 2 else None, "I", None])
    handoffs = book.create_sheet("Handoffs")
    handoffs.append(["From", "To", "Activity"])
    step = max(activities // max(typos, 1), 1)
    for i in range(typos):
        handoffs.append(["Sales", "Service", typo(all_names[(i * step) % activities])])
    book.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--typos", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for script in ("latin", "cyrillic"):
            path = build(Path(folder) / f"{script}.xlsx", args.activities, args.typos, script)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = opmodel.load(path)
                times.append(time.perf_counter() - start)
            hints = [i.hint for i in result.report.issues if i.hint.startswith("Did you mean")]
            ids = [a.id for a in result.model.activities]
            print(f"{script:9} {args.activities:,} activities, {args.typos} typos: load median "
                  f"{statistics.median(times):.2f} s (min {min(times):.2f}, max "
                  f"{max(times):.2f}); {len(hints)} suggestions; {len(set(ids)):,} unique ids, "
                  f"e.g. {ids[0]!r}, {ids[-1]!r}")
    print(f"Machine: {platform.machine()}, python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")


if __name__ == "__main__":
    main()
