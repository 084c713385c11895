"""The long mutation campaign (issue 14): thousands of seeded mutants, counts per outcome.

    python benchmarks/fuzz_campaign.py --mutants 5000 --seed 1

Mutants come from tests/safety/fuzz.py (real workbooks and CSV; zip bytes, XML structure,
CSV text). Each is analysed (``opmodel.analyze``) in a child interpreter with a 2 GB
address-space limit and a 60 s limit per case; a case that kills the child (an abort in
native code, the kernel's OOM killer) or outlives its 60 s is attributed to that case and
the child is replaced. The same limits as a subprocess per case, without paying an
interpreter start per case. Prints the counts per outcome (clean, refused, unexpected,
abort, hang, memory), the failures' recipes and the slowest cases; ``--keep`` keeps
failing mutants in benchmarks/out/fuzz/ to reproduce them.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: import this checkout's tests and opmodel
    sys.path.insert(0, str(ROOT))

from tests.safety import fuzz  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mutants", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep failing mutants")
    args = parser.parse_args()
    start = time.monotonic()

    def progress(index: int, report: fuzz.Report) -> None:
        if (index + 1) % 250 == 0:
            print(f"  {index + 1:,} mutants, {dict(report.counts)}, "
                  f"{time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory() as folder:
        report = fuzz.campaign(args.mutants, Path(folder), args.seed, progress)
        if args.keep:
            keep = ROOT / "benchmarks" / "out" / "fuzz"
            keep.mkdir(parents=True, exist_ok=True)
            for path in Path(folder).iterdir():
                shutil.copy(path, keep / path.name)
    summary = report.summary()
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    print(f"{summary['cases']:,} mutants (seed {args.seed}) in {time.monotonic() - start:.0f} s "
          f"on {platform.machine()}, python {platform.python_version()}: "
          + ", ".join(f"{k} {v:,}" for k, v in summary["counts"].items()))


if __name__ == "__main__":
    main()
