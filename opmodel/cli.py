"""The ``opmodel`` command: parses arguments, calls the library, chooses the exit code.

Exit codes: 0 ok; 1 import errors (validate) or findings at/above --fail-on; 2 the file
could not be read or an option is invalid (one sentence on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from opmodel import __version__, load
from opmodel.errors import OpmodelError
from opmodel.schemes import Scheme

if TYPE_CHECKING:
    from opmodel.neo4j.connection import Connection


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="opmodel", description="Find where an operating model is fragmented, cell by cell.")
    parser.add_argument("--version", action="version", version=f"opmodel {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    def with_file(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("file", type=Path, help="workbook (.xlsx, .xlsm, .xls, .ods) or .csv")
        sub.add_argument("--scheme", choices=[s.value for s in Scheme],
                         help="matrix scheme (default: Settings sheet, sheet name, or RACI)")
        return sub

    validate = with_file("validate", "Import a workbook and print what was understood.")
    validate.add_argument("--format", choices=["text", "json"], default="text")
    validate.add_argument("--verbose", action="store_true", help="list every note")
    analyze = with_file("analyze", "Find where the model is fragmented; write a report.")
    analyze.add_argument("--format", choices=["text", "json", "md", "html", "xlsx", "brief"],
                         default="text", help="brief: the one-page HTML brief for executives")
    analyze.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    analyze.add_argument("--config", type=Path, help="opmodel.toml or pyproject.toml")
    analyze.add_argument("--actions", type=Path, metavar="LAST.xlsx",
                         help="carry Owner, Due, Status and Notes forward from the Actions "
                              "sheet of the last Excel report (with --format xlsx)")
    analyze.add_argument("--history", type=Path, metavar="DIR",
                         help="append a snapshot of the index to DIR and draw the trend")
    check = with_file("check", "CI gate: exit 1 on findings at or above a severity.")
    check.add_argument("--fail-on", choices=["critical", "high", "medium", "low"],
                       default="high")
    check.add_argument("--baseline", type=Path, help="accepted findings (`opmodel baseline`)")
    check.add_argument("--format", choices=["text", "json", "sarif", "junit"], default="text")
    check.add_argument("-o", "--output", type=Path)
    check.add_argument("--config", type=Path)
    baseline = with_file("baseline", "Accept today's findings into a baseline file.")
    baseline.add_argument("-o", "--output", type=Path, required=True)
    baseline.add_argument("--config", type=Path)
    rules = commands.add_parser("rules", help="List the rule catalog.")
    rules.add_argument("--format", choices=["text", "md"], default="text")
    diff = commands.add_parser(
        "diff", help="Compare a current and a target model: resolved, new, unchanged.",
        description="What a redesign fixes and what it breaks.")
    diff.add_argument("current", type=Path)
    diff.add_argument("target", type=Path)
    diff.add_argument("--format", choices=["text", "json", "md", "html", "xlsx"],
                      default="text")
    diff.add_argument("-o", "--output", type=Path)
    diff.add_argument("--rename", action="append", default=[], metavar="'OLD -> NEW'",
                      help="an element renamed in the target (repeatable; also the "
                           "target's Renames sheet)")
    diff.add_argument("--fail-on-new", choices=["critical", "high", "medium", "low"],
                      help="exit 1 when the target introduces findings at or above this")
    diff.add_argument("--scheme", choices=[s.value for s in Scheme])
    diff.add_argument("--config", type=Path)
    export = with_file("export", "Write the model as the canonical workbook.")
    export.add_argument("-o", "--output", type=Path, required=True)
    template = commands.add_parser("template", help="Write a blank workbook to fill in.")
    template.add_argument("-o", "--output", type=Path, required=True)
    generate = commands.add_parser("generate", help="Write a synthetic model (benchmarks).")
    generate.add_argument("--activities", type=int, default=1000)
    generate.add_argument("--teams", type=int, default=20)
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument("--layout", choices=["wide", "long", "by-letter"], default="wide")
    generate.add_argument("--defect-rate", type=float, default=0.05)
    generate.add_argument("-o", "--output", type=Path, required=True)
    graphdb = commands.add_parser(
        "neo4j", help="Push models to Neo4j and analyse them there.",
        description="Neo4j at NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE).")
    neo4j_commands = graphdb.add_subparsers(dest="neo4j_command", required=True)
    push = neo4j_commands.add_parser("push", help="Push a workbook's model (replaces it).")
    push.add_argument("file", type=Path)
    push.add_argument("--model-id", help="id in the database (default: from the file name)")
    push.add_argument("--scheme", choices=[s.value for s in Scheme])
    in_db = neo4j_commands.add_parser("analyze", help="Run the rules as Cypher in Neo4j.")
    in_db.add_argument("--model-id", required=True)
    in_db.add_argument("--format", choices=["text", "json", "md", "sarif", "junit"],
                       default="text")
    in_db.add_argument("-o", "--output", type=Path)
    in_db.add_argument("--config", type=Path)
    neo4j_commands.add_parser("list", help="List the models in the database.")
    drop = neo4j_commands.add_parser("drop", help="Delete a model from the database.")
    drop.add_argument("--model-id", required=True)
    return parser


def _validate(args: argparse.Namespace) -> int:
    from opmodel.reports.json import dumps, import_document
    from opmodel.reports.text import render_import

    result = load(args.file, args.scheme)
    if args.format == "json":
        print(dumps(import_document(result.model, result.report)))
    else:
        print(render_import(result.model, result.report, verbose=args.verbose))
    return 1 if result.report.errors else 0


def _emit(content: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(content.decode("utf-8"))
        sys.stdout.write("\n")
    else:
        output.write_bytes(content)
        print(f"Wrote {output}.", file=sys.stderr)


def _analyze(args: argparse.Namespace) -> int:
    from opmodel.analysis import analyze
    from opmodel.reports import render_report
    from opmodel.reports.model import build

    if args.format == "xlsx" and args.output is None:
        raise _OptionError("--format xlsx needs -o FILE.xlsx.")
    if args.actions is not None and args.format != "xlsx":
        raise _OptionError("--actions carries the action log into an Excel report: add "
                           "--format xlsx -o NEW.xlsx.")
    analysis = analyze(args.file, args.scheme, args.config)
    report = build(analysis)
    if args.history is not None:
        from opmodel.history import record

        report.history = record(args.history, analysis.document)
    if args.actions is not None:
        from opmodel.reports.actions import carry

        carry(report, args.actions)
    _emit(render_report(report, args.format), args.output)
    return 0


def _check(args: argparse.Namespace) -> int:
    from opmodel.analysis import analyze
    from opmodel.baseline import load_fingerprints
    from opmodel.reports import render

    accepted = load_fingerprints(args.baseline) if args.baseline else set()
    analysis = analyze(args.file, args.scheme, args.config)
    failing = [f for f in analysis.result.at_least(args.fail_on)
               if f.fingerprint not in accepted]
    _emit(render(analysis, args.format), args.output)
    print(f"opmodel check: {len(failing)} finding(s) at or above {args.fail_on}"
          f"{' not in the baseline' if args.baseline else ''}: "
          f"{'FAIL' if failing else 'pass'}.", file=sys.stderr)
    return 1 if failing else 0


def _baseline(args: argparse.Namespace) -> int:
    from opmodel.analysis import analyze
    from opmodel.baseline import baseline_document
    from opmodel.reports.json import dumps

    analysis = analyze(args.file, args.scheme, args.config)
    args.output.write_text(dumps(baseline_document(analysis.document)) + "\n", encoding="utf-8")
    print(f"Wrote {args.output}: {len(analysis.result.findings)} finding(s) accepted.")
    return 0


def _rules(args: argparse.Namespace) -> int:
    from opmodel.rules.registry import REGISTRY

    if args.format == "md":
        from opmodel.docs import render_rules_markdown

        print(render_rules_markdown())
        return 0
    for rule_id, rule in REGISTRY.items():
        meta = rule.meta
        print(f"{rule_id}  {meta.severity.value:<8} {meta.family.value:<11} {meta.slug:<32} "
              f"{meta.title}")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from opmodel.analysis import analyze
    from opmodel.compare import compare
    from opmodel.reports import compare as reports

    comparison = compare(analyze(args.current, args.scheme, args.config),
                         analyze(args.target, args.scheme, args.config), renames=args.rename)
    if args.format == "xlsx" and args.output is None:
        raise _OptionError("--format xlsx needs -o FILE.xlsx.")
    if args.output is not None:
        reports.write(comparison, args.format, args.output)
        print(f"Wrote {args.output}.", file=sys.stderr)
    else:
        _emit(reports.render(comparison, args.format), None)
    if args.fail_on_new:
        failing = comparison.new_at_least(args.fail_on_new)
        print(f"opmodel diff: {len(failing)} new finding(s) at or above {args.fail_on_new}: "
              f"{'FAIL' if failing else 'pass'}.", file=sys.stderr)
        return 1 if failing else 0
    return 0


def _export(args: argparse.Namespace) -> int:
    from opmodel.export import export_model

    result = load(args.file, args.scheme)
    export_model(result.model, args.output)
    print(f"Wrote {args.output} ({len(result.model.activities)} activities).")
    return 0


def _template(args: argparse.Namespace) -> int:
    from opmodel.export import write_template

    write_template(args.output)
    print(f"Wrote {args.output}: fill in the sheets you have; only RACI is required.")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from opmodel.generate import GeneratorSpec, write_workbook

    try:
        spec = GeneratorSpec(activities=args.activities, teams=args.teams, seed=args.seed,
                             layout=args.layout, defect_rate=args.defect_rate)
    except ValueError as exc:
        raise _OptionError(str(exc)) from exc
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r  {done:,}/{total:,} rows", end="", file=sys.stderr, flush=True)

    write_workbook(spec, args.output, progress=progress if sys.stderr.isatty() else None)
    print(f"Wrote {args.output} ({args.activities:,} activities, {args.teams} teams) in "
          f"{time.perf_counter() - started:.1f} s.")
    return 0


def _neo4j(args: argparse.Namespace) -> int:
    # Imported here so that the rest of the command works without the driver's start-up cost.
    from opmodel.neo4j.connection import connect
    from opmodel.neo4j.push import drop, list_models, push

    with connect() as db:
        if args.neo4j_command == "push":
            result = load(args.file, args.scheme)
            started = time.perf_counter()

            def progress(stage: str, done: int, total: int) -> None:
                print(f"\r  {done:,}/{total:,} {stage}", end="", file=sys.stderr, flush=True)

            pushed = push(db, result.model, args.model_id,
                          progress=progress if sys.stderr.isatty() else None)
            print(f"Pushed '{pushed.model_id}': {pushed.nodes:,} nodes, "
                  f"{pushed.relationships:,} relationships in "
                  f"{time.perf_counter() - started:.1f} s.")
        elif args.neo4j_command == "analyze":
            _emit(_neo4j_report(db, args), args.output)
        elif args.neo4j_command == "list":
            models = list_models(db)
            for m in models:
                print(f"{m['id']}\t{m['name']}\t{m['scheme']}\t{m['nodes']} nodes\t"
                      f"pushed {m['pushed_at']}")
            if not models:
                print("No models in this database yet: `opmodel neo4j push FILE`.")
        elif args.neo4j_command == "drop":
            if not drop(db, args.model_id):
                print(f"No model '{args.model_id}' in the database.", file=sys.stderr)
                return 1
            print(f"Dropped '{args.model_id}'.")
    return 0


def _neo4j_report(db: Connection, args: argparse.Namespace) -> bytes:
    from opmodel.analysis import resolve_config
    from opmodel.neo4j.run import analyze_in_neo4j, neo4j_document
    from opmodel.reports import render_report
    from opmodel.reports.model import from_document

    result = analyze_in_neo4j(db, args.model_id, resolve_config(args.config))
    document = neo4j_document(db, args.model_id, result)
    report = from_document(document, source_name=f"{args.model_id}.xlsx")
    return render_report(report, args.format)


class _OptionError(OpmodelError):
    """A command-line option is invalid."""


COMMANDS = {"validate": _validate, "analyze": _analyze, "check": _check,
            "baseline": _baseline, "rules": _rules, "diff": _diff, "export": _export,
            "template": _template, "generate": _generate, "neo4j": _neo4j}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except OpmodelError as exc:
        print(f"opmodel: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("opmodel: interrupted.", file=sys.stderr)
        return 130
    except MemoryError:
        print("opmodel: the input needs more memory than this machine can give: delete "
              "unused rows, columns and sheets, or split the workbook.", file=sys.stderr)
        return 2
    except Exception as exc:  # the boundary: one sentence, never a traceback
        print(f"opmodel: unexpected error ({type(exc).__name__}: {exc}); please report it "
              "with the command you ran.", file=sys.stderr)
        return 3
