"""The ``opmodel`` command: parses arguments, calls the library, chooses the exit code.

Exit codes are the named constants of opmodel/errors.py (documented in the README): 0 ok;
1 import errors (validate) or findings at/above --fail-on; 2 the file could not be read or
an option is invalid (one sentence on stderr, never a traceback); 3 an unexpected error;
130 interrupted; 141 the output's reader closed early (``| head``), which ends quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from opmodel import __version__, load
from opmodel.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNUSABLE,
    OpmodelError,
)
from opmodel.generate import Layout
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
    analyze.add_argument("--log", type=Path, help="event log to hold against the model "
                         "(.csv, .xlsx, .parquet, .xes): adds the observed rules and section")
    analyze.add_argument("--map", type=Path, help="two-column CSV: log group, team")
    analyze.add_argument("--columns", help="case=...,time=...,team=...,activity=...")
    observe = commands.add_parser(
        "observe", help="Designed vs observed: hold an event log against the model.",
        description="Read a ticket or case log, map its groups to the model's teams, mine "
                    "the handoffs and run the rules with the observed ones.")
    observe.add_argument("file", type=Path, help="the model workbook")
    observe.add_argument("log", type=Path, help="event log (.csv, .xlsx, .parquet, .xes)")
    observe.add_argument("--map", type=Path, help="two-column CSV: log group, team")
    observe.add_argument("--columns", help="case=...,time=...,team=...,activity=...")
    observe.add_argument("--format", choices=["text", "json", "md", "html"], default="text")
    observe.add_argument("-o", "--output", type=Path)
    observe.add_argument("--scheme", choices=[s.value for s in Scheme])
    observe.add_argument("--config", type=Path)
    gen_log = commands.add_parser(
        "generate-log", help="Write a synthetic event log with planted deviations.")
    gen_log.add_argument("file", type=Path, help="the model workbook the cases walk")
    gen_log.add_argument("--cases", type=int, default=1000)
    gen_log.add_argument("--seed", type=int, default=0)
    for kind in ("undocumented", "unused", "pingpong", "slow", "unmapped"):
        gen_log.add_argument(f"--{kind}", type=int, default=1,
                             help=f"how many {kind} deviations to plant (default 1)")
    gen_log.add_argument("-o", "--output", type=Path, required=True)
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
    generate.add_argument("--activities", type=int, default=1000,
                          help="number of activities (default %(default)s)")
    generate.add_argument("--teams", type=int, default=20,
                          help="number of teams (default %(default)s)")
    generate.add_argument("--seed", type=int, default=0,
                          help="random seed: the same seed writes the same workbook "
                          "(default %(default)s)")
    generate.add_argument("--layout", choices=list(get_args(Layout)), default="wide",
                          help="how the RACI sheet is laid out (default %(default)s)")
    generate.add_argument("--defect-rate", type=float, default=0.05,
                          help="share of rows given a deliberate defect for the rules to "
                          "find, 0 to 1 (default %(default)s)")
    generate.add_argument("-o", "--output", type=Path, required=True,
                          help="the .xlsx file to write")
    graphdb = commands.add_parser(
        "neo4j", help="Push models to Neo4j and analyse them there.",
        description="Neo4j at NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE).")
    neo4j_commands = graphdb.add_subparsers(dest="neo4j_command", required=True)
    push = neo4j_commands.add_parser("push", help="Push a workbook's model (replaces it).")
    push.add_argument("file", type=Path)
    push.add_argument("--model-id", help="id in the database (default: from the file name)")
    push.add_argument("--scheme", choices=[s.value for s in Scheme])
    push.add_argument("--log", type=Path, help="event log: also push the observed handoffs")
    push.add_argument("--map", type=Path, help="two-column CSV: log group, team")
    push.add_argument("--columns", help="case=...,time=...,team=...,activity=...")
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
    return EXIT_FAILED if result.report.errors else EXIT_OK


def _emit(content: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(content.decode("utf-8"))
        sys.stdout.write("\n")
    else:
        output.write_bytes(content)
        print(f"Wrote {output}.", file=sys.stderr)


def _analyze(args: argparse.Namespace) -> int:
    from opmodel.analysis import analyze
    from opmodel.observe.read import parse_columns
    from opmodel.reports import render_report
    from opmodel.reports.model import build

    # observe shares this path: it has a log, and neither an action log nor a history.
    log = getattr(args, "log", None)
    actions, history = getattr(args, "actions", None), getattr(args, "history", None)
    if log is None and (args.map or args.columns):
        raise _OptionError("--map and --columns describe an event log: add --log LOG.")
    if args.format == "xlsx" and args.output is None:
        raise _OptionError("--format xlsx needs -o FILE.xlsx.")
    if actions is not None and args.format != "xlsx":
        raise _OptionError("--actions carries the action log into an Excel report: add "
                           "--format xlsx -o NEW.xlsx.")
    analysis = analyze(args.file, args.scheme, args.config, log=log, map_file=args.map,
                       columns=parse_columns(args.columns))
    if analysis.observed is not None:
        print(f"opmodel: {analysis.observed.log.describe()}.", file=sys.stderr)
    report = build(analysis)
    if history is not None:
        from opmodel.history import record

        report.history = record(history, analysis.document)
    if actions is not None:
        from opmodel.reports.actions import carry

        carry(report, actions)
    _emit(render_report(report, args.format), args.output)
    return EXIT_OK


def _generate_log(args: argparse.Namespace) -> int:
    from opmodel.observe.generate import Deviations, generate_log, write_log

    if args.cases < 1 or min(args.undocumented, args.unused, args.pingpong, args.slow,
                             args.unmapped) < 0:
        raise _OptionError("--cases must be at least 1 and deviation counts at least 0.")
    deviations = Deviations(args.undocumented, args.unused, args.pingpong, args.slow,
                            args.unmapped)
    frame, planted = generate_log(load(args.file).model, args.cases, args.seed, deviations)
    write_log(frame, args.output)
    print(f"Wrote {args.output} ({frame.height:,} events). Planted:\n{planted.summary()}")
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
    return EXIT_FAILED if failing else EXIT_OK


def _baseline(args: argparse.Namespace) -> int:
    from opmodel.analysis import analyze
    from opmodel.baseline import baseline_document
    from opmodel.reports.json import dumps

    analysis = analyze(args.file, args.scheme, args.config)
    args.output.write_text(dumps(baseline_document(analysis.document)) + "\n", encoding="utf-8")
    print(f"Wrote {args.output}: {len(analysis.result.findings)} finding(s) accepted.")
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from opmodel.rules.registry import REGISTRY

    if args.format == "md":
        from opmodel.docs import render_rules_markdown

        print(render_rules_markdown())
        return EXIT_OK
    for rule_id, rule in REGISTRY.items():
        meta = rule.meta
        print(f"{rule_id}  {meta.severity.value:<8} {meta.family.value:<11} {meta.slug:<32} "
              f"{meta.title}")
    return EXIT_OK


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
        return EXIT_FAILED if failing else EXIT_OK
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from opmodel.export import export_model

    result = load(args.file, args.scheme)
    export_model(result.model, args.output)
    print(f"Wrote {args.output} ({len(result.model.activities)} activities).")
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from opmodel.export import write_template

    write_template(args.output)
    print(f"Wrote {args.output}: fill in the sheets you have; only RACI is required.")
    return EXIT_OK


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
    return EXIT_OK


def _neo4j(args: argparse.Namespace) -> int:
    # Imported here so that the rest of the command works without the driver's start-up cost.
    from opmodel.neo4j.connection import connect
    from opmodel.neo4j.push import check_model_id, drop, list_models, push

    if getattr(args, "model_id", None) is not None:  # before connecting: a bad id is exit 2
        check_model_id(args.model_id)
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
            if args.log is not None:
                from opmodel.neo4j.push import push_observed
                from opmodel.observe.overlay import observe_file
                from opmodel.observe.read import parse_columns

                observed = observe_file(result.model, args.log, args.map,
                                        parse_columns(args.columns))
                seams = push_observed(db, pushed.model_id, observed)
                print(f"Pushed {seams:,} observed handoffs from {observed.log.describe()}.")
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
                return EXIT_FAILED
            print(f"Dropped '{args.model_id}'.")
    return EXIT_OK


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
            "template": _template, "generate": _generate, "neo4j": _neo4j,
            "observe": _analyze, "generate-log": _generate_log}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at exit
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except OpmodelError as exc:
        print(f"opmodel: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("opmodel: interrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except MemoryError:
        print("opmodel: the input needs more memory than this machine can give: delete "
              "unused rows, columns and sheets, or split the workbook.", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as exc:  # the boundary: one sentence, never a traceback
        print(f"opmodel: unexpected error ({type(exc).__name__}: {exc}); please report it "
              "with the command you ran.", file=sys.stderr)
        return EXIT_INTERNAL


def _reader_went_away() -> int:
    """``opmodel analyze ... | head``: stop quietly, as Unix tools killed by SIGPIPE do.

    What is still buffered for stdout goes to /dev/null so that Python's own flush at exit
    does not fail again and print a BrokenPipe message.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests capture it)
        pass
    finally:
        os.close(devnull)
    return EXIT_BROKEN_PIPE
