"""A seeded mutation fuzzer for the importer: real workbooks and CSV, damaged on purpose.

Seeds are the sample models and ../shared/realworld (read in place, never copied), plus a
CSV made from each seed's first sheet. A mutant is one seed with one to three mutations:

- zip bytes: flipped bytes, truncation, shifted directory offsets, another zip version or
  compression method, an undecodable member name, a duplicated member, a false size;
- XML structure (one part, inflated, mutated, zipped again): dropped and duplicated
  elements, far and disagreeing cell references, huge counts and dimensions, invalid
  UTF-8, deep nesting, many sheet entries, long cells, NUL bytes, '>' in attributes,
  huge merged ranges, flipped bytes;
- CSV: flipped bytes, NUL, invalid UTF-8, long fields, many columns or rows, unbalanced
  quotes, 5,000-digit numbers, a lying BOM, CR line ends, dropped and repeated lines.

Every mutant must end as a clean analysis or one OpmodelError sentence. ``Worker`` runs
the cases in a child interpreter (2 GB address space) and restarts it when a case kills
it, so an abort, a hang (60 s without an answer) or memory exhaustion is attributed to
that case; test_fuzz.py runs a fixed corpus, benchmarks/fuzz_campaign.py a long one.
"""

from __future__ import annotations

import io
import json
import random
import re
import select
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.safety.hostile import REPO, _central_directory, _limit_memory, child_env

SHARED = REPO.parent / "shared"
OUTCOMES = ("clean", "refused", "unexpected", "abort", "hang", "memory")
CASE_SECONDS = 60
CASE_MEMORY = 2 * 2**30


def seeds() -> list[Path]:
    """The real workbooks mutants are made from, in a fixed order."""
    found = sorted((REPO / "sample_models").glob("*.xlsx"))
    found += sorted((SHARED / "realworld").glob("*.xlsx"))
    return found


def csv_seed(path: Path) -> bytes:
    """A seed workbook's first sheet as CSV text (the shape people export)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_index(0).to_python()
    out = io.StringIO()
    import csv

    csv.writer(out).writerows([["" if v is None else v for v in row] for row in rows])
    return out.getvalue().encode("utf-8")


# ------------------------------------------------------------------------- zip bytes
def _flip(data: bytes, rng: random.Random, count: int = 0) -> bytes:
    raw = bytearray(data)
    for _ in range(count or rng.randint(1, 16)):
        raw[rng.randrange(len(raw))] = rng.randrange(256)
    return bytes(raw)


def _records(raw: bytes) -> list[tuple[int, str]]:
    try:
        return _central_directory(raw)
    except (ValueError, struct.error, UnicodeDecodeError):
        return []


def z_flip(data: bytes, rng: random.Random) -> bytes:
    return _flip(data, rng)


def z_truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(8, len(data))]


def z_shift_offsets(data: bytes, rng: random.Random) -> bytes:
    raw = bytearray(data)
    end = raw.rfind(b"PK\x05\x06")
    if end < 0:
        return data
    offset = struct.unpack_from("<I", raw, end + 16)[0]
    struct.pack_into("<I", raw, end + 16, (offset + rng.choice([-1, 1]) * rng.randint(1, 9000))
                     % 2**32)
    return bytes(raw)


def z_version(data: bytes, rng: random.Random) -> bytes:
    raw = bytearray(data)
    for pos, _ in _records(data):
        struct.pack_into("<H", raw, pos + 6, rng.choice([45, 63, 99, 255, 65535]))
    return bytes(raw)


def z_method(data: bytes, rng: random.Random) -> bytes:
    raw = bytearray(data)
    records = _records(data)
    if records:
        pos, _ = rng.choice(records)
        struct.pack_into("<H", raw, pos + 10, rng.choice([0, 1, 6, 9, 12, 14, 93, 99]))
    return bytes(raw)


def z_member_name(data: bytes, rng: random.Random) -> bytes:
    raw = bytearray(data)
    records = _records(data)
    if records:
        pos, name = rng.choice(records)
        struct.pack_into("<H", raw, pos + 8, struct.unpack_from("<H", raw, pos + 8)[0] | 0x800)
        raw[pos + 46 + rng.randrange(max(len(name.encode()), 1))] = rng.choice([0xFF, 0xC3, 0x80])
    return bytes(raw)


def z_declared_size(data: bytes, rng: random.Random) -> bytes:
    raw = bytearray(data)
    records = _records(data)
    if records:
        pos, _ = rng.choice(records)
        struct.pack_into("<I", raw, pos + 24, rng.choice([0, 1, 2**31, 2**32 - 1]))
    return bytes(raw)


def z_duplicate_member(data: bytes, rng: random.Random) -> bytes:
    parts = _parts(data)
    if not parts:
        return data
    name = rng.choice(list(parts))
    copy = _xml_mutation(parts[name], rng, name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in parts.items():
            archive.writestr(member, content)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            archive.writestr(name, copy)
    return out.getvalue()


ZIP_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    z_flip, z_truncate, z_shift_offsets, z_version, z_method, z_member_name,
    z_declared_size, z_duplicate_member]


# ----------------------------------------------------------------------- XML structure
_ELEMENT = re.compile(rb"<([A-Za-z][\w:.-]*)\b[^<>]*?(?:/>|>[^<]*</\1>)")
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_COUNT = re.compile(rb'\b(count|uniqueCount|s|xfId|numFmtId|sheetId|r|spans|ht|customWidth'
                    rb'|min|max|width|t|activeTab|firstSheet)="[^"]*"')
_TEXT = re.compile(rb"<(t|v)(\s[^>]*)?>([^<]*)</\1>")
_ATTR_VALUE = re.compile(rb'="([^"]*)"')


def _column(number: int) -> bytes:
    letters = b""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = bytes([65 + rest]) + letters
    return letters


def x_drop(xml: bytes, rng: random.Random, part: str) -> bytes:
    found = list(_ELEMENT.finditer(xml))
    if not found:
        return xml
    hit = rng.choice(found)
    return xml[:hit.start()] + xml[hit.end():]


def x_duplicate(xml: bytes, rng: random.Random, part: str) -> bytes:
    found = list(_ELEMENT.finditer(xml))
    if not found:
        return xml
    hit = rng.choice(found)
    return xml[:hit.end()] + hit.group(0) * rng.choice([1, 2, 50]) + xml[hit.end():]


def x_far_reference(xml: bytes, rng: random.Random, part: str) -> bytes:
    found = list(_REF.finditer(xml))
    if not found:
        return xml
    hit = rng.choice(found)
    far = b'r="%s%d"' % (_column(rng.choice([1, 30, 702, 16384, 16385, 99999])),
                         rng.choice([1, 65536, 1048576, 1048577, 4294967296]))
    return xml[:hit.start()] + far + xml[hit.end():]


def x_disagreeing_reference(xml: bytes, rng: random.Random, part: str) -> bytes:
    found = list(_REF.finditer(xml))
    if not found:
        return xml
    hit = rng.choice(found)
    moved = b'r="%s%d"' % (hit.group(1), rng.choice([1, 2, 7, 500, 70000, 1048576]))
    return xml[:hit.start()] + moved + xml[hit.end():]


def x_huge_count(xml: bytes, rng: random.Random, part: str) -> bytes:
    found = list(_COUNT.finditer(xml))
    if not found:
        return xml
    hit = rng.choice(found)
    value = rng.choice([b"999999999999", b"-1", b"1e400", b"18446744073709551616", b"",
                        b"4294967295", b"NaN", b"9" * 5000])
    return xml[:hit.start()] + hit.group(1) + b'="' + value + b'"' + xml[hit.end():]


def x_huge_dimension(xml: bytes, rng: random.Random, part: str) -> bytes:
    ref = rng.choice([b"A1:XFD1048576", b"A1:ZZZZ99999999", b"XFD1048576", b"A0:A0"])
    if b"<dimension" in xml:
        return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', xml, count=1)
    return xml.replace(b"<sheetData", b'<dimension ref="' + ref + b'"/><sheetData', 1)


def x_invalid_utf8(xml: bytes, rng: random.Random, part: str) -> bytes:
    at = rng.randrange(len(xml) + 1)
    return xml[:at] + rng.choice([b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"\x80"]) + xml[at:]


def x_deep_nesting(xml: bytes, rng: random.Random, part: str) -> bytes:
    depth = rng.choice([1000, 20000, 100000])
    found = list(_TEXT.finditer(xml))
    at = rng.choice(found).start() if found else len(xml) // 2
    return xml[:at] + b"<a>" * depth + b"</a>" * depth + xml[at:]


def x_many_sheets(xml: bytes, rng: random.Random, part: str) -> bytes:
    entry = re.search(rb"<sheet\b[^>]*/>", xml)
    if entry is None:
        return xml
    copies = rng.choice([2, 12, 300, 1200])
    return xml.replace(entry.group(0), entry.group(0) * copies, 1)


def x_long_cell(xml: bytes, rng: random.Random, part: str) -> bytes:
    found = list(_TEXT.finditer(xml))
    if not found:
        return xml
    hit = rng.choice(found)
    text = rng.choice([b"x" * 40000, b"9" * 5000, b"1" * 400, b"A/R " * 20000,
                       "名".encode() * 20000])
    return xml[:hit.start(3)] + text + xml[hit.end(3):]


def x_nul(xml: bytes, rng: random.Random, part: str) -> bytes:
    at = rng.randrange(len(xml) + 1)
    return xml[:at] + b"\x00" * rng.choice([1, 8]) + xml[at:]


def x_gt_in_attribute(xml: bytes, rng: random.Random, part: str) -> bytes:
    found = list(_ATTR_VALUE.finditer(xml))
    if not found:
        return xml
    hit = rng.choice(found)
    return xml[:hit.start(1)] + b">" + hit.group(1) + b"/>" + xml[hit.end(1):]


def x_merged(xml: bytes, rng: random.Random, part: str) -> bytes:
    ref = rng.choice([b"A1:XFD1048576", b"A1:D1", b"A:A", b"B2:A1", b"A1:A1048576", b"Q"])
    merges = b'<mergeCells count="1"><mergeCell ref="' + ref + b'"/></mergeCells>'
    return xml.replace(b"</sheetData>", b"</sheetData>" + merges, 1)


def x_flip(xml: bytes, rng: random.Random, part: str) -> bytes:
    return _flip(xml, rng) if xml else xml


XML_MUTATIONS: list[Callable[[bytes, random.Random, str], bytes]] = [
    x_drop, x_duplicate, x_far_reference, x_disagreeing_reference, x_huge_count,
    x_huge_dimension, x_invalid_utf8, x_deep_nesting, x_many_sheets, x_long_cell, x_nul,
    x_gt_in_attribute, x_merged, x_flip]


def _parts(data: bytes) -> dict[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {i.filename: archive.read(i) for i in archive.infolist()}
    except Exception:  # an earlier mutation damaged the zip: the XML stage skips it
        return {}


def _xml_mutation(xml: bytes, rng: random.Random, part: str) -> bytes:
    return rng.choice(XML_MUTATIONS)(xml, rng, part)


def _pick_part(parts: dict[str, bytes], rng: random.Random) -> str:
    sheets = [n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    others = [n for n in parts if n.endswith((".xml", ".rels"))]
    return rng.choice(sheets if sheets and rng.random() < 0.6 else others or list(parts))


def xml_mutant(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    parts = _parts(data)
    if not parts:
        return data, "xml:skipped"
    part = _pick_part(parts, rng)
    mutation = rng.choice(XML_MUTATIONS)
    if part != "xl/workbook.xml" and mutation is x_many_sheets:
        part = "xl/workbook.xml" if "xl/workbook.xml" in parts else part
    parts[part] = mutation(parts[part], rng, part)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in parts.items():
            archive.writestr(member, content)
    return out.getvalue(), f"{mutation.__name__}@{part}"


# ----------------------------------------------------------------------------- CSV
def c_flip(text: bytes, rng: random.Random) -> bytes:
    return _flip(text, rng)


def c_nul(text: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(text) + 1)
    return text[:at] + b"\x00" + text[at:]


def c_invalid_utf8(text: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice([b"\xff", b"\x81\x8d\x8f\x90\x9d", b"\xc3"]) + text[at:]


def c_long_field(text: bytes, rng: random.Random) -> bytes:
    field_ = rng.choice([b"x" * 100_000, b'"' + b"y" * 140_000 + b'"', b"R" * 5000])
    lines = text.split(b"\n")
    k = rng.randrange(len(lines))
    lines[k] = field_ + b"," + lines[k]
    return b"\n".join(lines)


def c_many_columns(text: bytes, rng: random.Random) -> bytes:
    return text.replace(b"\n", b"," * rng.choice([300, 16_384, 20_000]) + b"\n", 1)


def c_many_rows(text: bytes, rng: random.Random) -> bytes:
    return text + rng.choice([b"\n" * 1_100_000, b"x,A\n" * 160_000, b"x,A\n" * 5_000,
                              b",\n" * 50_000])


def c_quotes(text: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice([b'"', b'"""', b'\\"']) + text[at:]


def c_huge_number(text: bytes, rng: random.Random) -> bytes:
    lines = text.split(b"\n")
    k = rng.randrange(1, max(len(lines), 2)) if len(lines) > 1 else 0
    lines[k] = lines[k] + b"," + b"9" * rng.choice([400, 4301, 20000]) + b",1e999,-0,nan"
    return b"\n".join(lines)


def c_bom(text: bytes, rng: random.Random) -> bytes:
    return rng.choice([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"]) + text


def c_line_ends(text: bytes, rng: random.Random) -> bytes:
    return text.replace(b"\n", rng.choice([b"\r", b"\r\r\n", b"\x0b", "\u2028".encode()]))


def c_lines(text: bytes, rng: random.Random) -> bytes:
    lines = text.split(b"\n")
    k = rng.randrange(len(lines))
    if rng.random() < 0.5:
        del lines[k]
    else:
        lines[k:k] = [lines[k]] * rng.choice([2, 100])
    return b"\n".join(lines)


CSV_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    c_flip, c_nul, c_invalid_utf8, c_long_field, c_many_columns, c_many_rows, c_quotes,
    c_huge_number, c_bom, c_line_ends, c_lines]


# --------------------------------------------------------------------------- mutants
@dataclass
class Mutant:
    """One case: where it was written and how it was made."""

    index: int
    path: Path
    recipe: str


def mutants(count: int, folder: Path, seed: int = 0) -> Iterator[Mutant]:
    """``count`` mutants written to ``folder``, the same for the same seed."""
    bases = seeds()
    workbooks = {p: p.read_bytes() for p in bases}
    csvs: dict[Path, bytes] = {}
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")
        base = bases[index % len(bases)]
        if rng.random() < 0.25:
            if base not in csvs:
                csvs[base] = csv_seed(base)
            data, steps = csvs[base], []
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                mutation = rng.choice(CSV_MUTATIONS)
                data, steps = mutation(data, rng), [*steps, mutation.__name__]
            suffix = ".csv"
        else:
            data, steps = workbooks[base], []
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                if rng.random() < 0.65:
                    data, step = xml_mutant(data, rng)
                else:
                    mutation = rng.choice(ZIP_MUTATIONS)
                    data, step = mutation(data, rng), mutation.__name__
                steps.append(step)
            suffix = ".xlsx"
        path = folder / f"m{index:05d}{suffix}"
        path.write_bytes(data)
        yield Mutant(index, path, f"{base.name}: {' + '.join(steps)}")


# ---------------------------------------------------------------------- the outcome
def outcome(path: Path) -> tuple[str, str]:
    """(kind, detail) of analysing one file in this process: clean, refused (one
    OpmodelError sentence naming the file), memory, or unexpected."""
    import opmodel
    from opmodel.errors import OpmodelError

    try:
        opmodel.analyze(path)
    except OpmodelError as exc:
        message = str(exc)
        sentence = ("\n" not in message and message.endswith(".") and path.name in message
                    and "Traceback" not in message)
        return ("refused" if sentence else "unexpected"), f"{type(exc).__name__}: {message}"
    except MemoryError:
        return "memory", "MemoryError"
    except Exception as exc:
        return "unexpected", f"{type(exc).__name__}: {str(exc)[:300]}"
    return "clean", ""


_WORKER = r"""
import json, sys
from pathlib import Path
from tests.safety.fuzz import outcome
for line in sys.stdin:
    path = Path(line.strip())
    kind, detail = outcome(path)
    print(json.dumps({"done": str(path), "kind": kind, "detail": detail}), flush=True)
"""


@dataclass
class Report:
    """Counts per outcome and the cases that were not clean or refused."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # recipe, kind, detail
    seconds: dict[str, float] = field(default_factory=dict)  # recipe -> time, slowest kept

    def add(self, mutant: Mutant, kind: str, detail: str, seconds: float) -> None:
        self.counts[kind] += 1
        if kind not in ("clean", "refused"):
            self.failures.append((f"{mutant.path.name} {mutant.recipe}", kind, detail))
        self.seconds[mutant.recipe] = seconds

    def summary(self) -> dict[str, Any]:
        slowest = sorted(self.seconds.items(), key=lambda kv: -kv[1])[:5]
        return {"cases": sum(self.counts.values()),
                "counts": {k: self.counts.get(k, 0) for k in OUTCOMES},
                "failures": self.failures[:50],
                "slowest": [(r, round(s, 2)) for r, s in slowest]}


class Worker:
    """A child interpreter analysing one file after another under the case limits; a
    case that kills it or outlives CASE_SECONDS is recorded and the child replaced."""

    def __init__(self, memory: int = CASE_MEMORY, seconds: float = CASE_SECONDS) -> None:
        """Limits apply to every case; the child starts on first use."""
        self.memory, self.seconds = memory, seconds
        self.proc: subprocess.Popen[str] | None = None
        # The child's stderr (a pipe could fill up); lives as long as the worker.
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115

    def _start(self) -> subprocess.Popen[str]:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", _WORKER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=self.errors, text=True, cwd=REPO, env=child_env(),
                preexec_fn=_limit_memory(self.memory))
        return self.proc

    def run(self, mutant: Mutant) -> tuple[str, str, float]:
        """(kind, detail, seconds) of one case."""
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        start = time.monotonic()
        proc.stdin.write(f"{mutant.path}\n")
        proc.stdin.flush()
        deadline = start + self.seconds
        while True:
            remaining = deadline - time.monotonic()
            ready = select.select([proc.stdout], [], [], max(remaining, 0))[0]
            if not ready:
                self.stop()
                return "hang", f"no answer in {self.seconds} s", time.monotonic() - start
            line = proc.stdout.readline()
            if not line:  # the child died on this case
                code = proc.wait()
                self.errors.seek(0)
                error = self.errors.read()[-300:].decode("utf-8", "replace")
                self.errors.seek(0)
                self.errors.truncate()
                self.proc = None
                kind = "memory" if "memory allocation" in error or code == -9 else "abort"
                return kind, f"exit {code}: {error.strip()}", time.monotonic() - start
            message = json.loads(line)
            return message["kind"], message["detail"], time.monotonic() - start

    def stop(self) -> None:
        """End the child (it is ours alone)."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def campaign(count: int, folder: Path, seed: int = 0,
             progress: Callable[[int, Report], None] | None = None) -> Report:
    """Make ``count`` mutants and run them all; the mutants are deleted as they pass."""
    report = Report()
    worker = Worker()
    try:
        for mutant in mutants(count, folder, seed):
            kind, detail, seconds = worker.run(mutant)
            report.add(mutant, kind, detail, seconds)
            if kind in ("clean", "refused"):
                mutant.path.unlink()
            if progress is not None:
                progress(mutant.index, report)
    finally:
        worker.stop()
        worker.errors.close()
    return report
