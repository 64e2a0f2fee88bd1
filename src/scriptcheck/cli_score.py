"""``scriptcheck score``: score call transcripts in batches."""
from __future__ import annotations

import argparse
import sys
from typing import Iterator

from .cli_support import error_lines, say
from .errors import PackError
from .formatters import FORMAT_NAMES
from .pack.bundled import bundled_packs
from .transcripts.options import CSV_FIELDS, INPUT_FORMATS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2  # and 128 + the signal when stopped by one (130 for Ctrl-C)

def _columns(text: str) -> dict[str, int | str]:
    mapping: dict[str, int | str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        field, sep, column = part.partition("=")
        field, column = field.strip(), column.strip()
        if not sep or not column:
            raise argparse.ArgumentTypeError(f"expected FIELD=COLUMN, got {part!r}")
        if field not in CSV_FIELDS:
            raise argparse.ArgumentTypeError(f"unknown field {field!r}; fields are {', '.join(CSV_FIELDS)}")
        mapping[field] = int(column) if column.isdigit() else column
    return mapping


def _jobs(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def add_parser(commands: argparse._SubParsersAction) -> None:
    score = commands.add_parser("score", help="score call transcripts (files, directories recursively, - for stdin)")
    score.add_argument("paths", nargs="+", metavar="PATH", help="transcript files or directories; - reads JSONL from stdin")
    score.add_argument("--rules", default=None, metavar="PACK",
                       help=f"rule pack: a bundled name ({', '.join(sorted(bundled_packs()))}) or a YAML file")
    score.add_argument("--format", default="text", choices=sorted(FORMAT_NAMES), help="output format (default: text)")
    score.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE (atomically) instead of stdout")
    score.add_argument("--per-call", action="store_true", help="csv: one row per call instead of per finding")
    score.add_argument("--fail-under", type=float, default=None, metavar="N",
                       help="exit 1 if any call scores below N or is failed by a fatal rule")
    reading = score.add_argument_group("reading inputs")
    reading.add_argument("--input-format", choices=INPUT_FORMATS, help="format of every input (default: by extension, "
                         "and by content for .json)")
    reading.add_argument("--columns", type=_columns, default={}, metavar="MAP",
                         help="csv/tsv columns by index or header name, e.g. call=0,speaker=2,text=6[,start=7,end=8]")
    reading.add_argument("--agent-value", metavar="VALUE", help="csv/tsv: the speaker column's value for the agent")
    reading.add_argument("--customer-value", metavar="VALUE", help="csv/tsv: … and for the customer")
    reading.add_argument("--agent-speaker", metavar="ID",
                         help="ASR output: the channel/speaker id of the agent (default: whoever speaks first)")
    reading.add_argument("--direction", choices=("inbound", "outbound"),
                         help="direction of calls whose format does not say (ASR output, csv)")
    reading.add_argument("--channel", choices=("phone", "chat"),
                         help="phone call or online chat, for inputs whose format does not say (csv/tsv, ASR "
                              "output, subtitles); JSON and text files say it themselves (default: phone)")
    running = score.add_argument_group("running")
    running.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                         help="worker processes (default: one per CPU core)")
    running.add_argument("--no-mask", action="store_true",
                         help="show phone, ID-card and bank-card numbers unmasked in reports")
    running.add_argument("--no-progress", action="store_true", help="no progress line on the terminal")
    score.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from .termination import stop_on_termination

    with stop_on_termination():
        return _run(args)


class _CannotScore(Exception):
    """An OSError while reading and scoring (not while writing the report), e.g. no pipe for the workers."""


def _run(args: argparse.Namespace) -> int:
    from .output import directory_problem
    from .pack.loader import load_rules
    from .termination import exit_status

    problem = directory_problem(args.output) if args.output is not None else None
    if problem:
        say(f"error: --output {problem}", sys.stderr)
        return EXIT_ERROR
    try:
        pack = load_rules(args.rules)
    except PackError as exc:
        for line in error_lines(exc):
            say(f"error: {line}", sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt as exc:  # a large pack takes seconds to compile
        print(_stopped(exc), file=sys.stderr)
        return exit_status(exc)
    if args.output is not None:
        replaced = _replaced_input(args, pack)
        if replaced is not None:
            say(f"error: --output {args.output} is an input ({replaced}): the report would replace it; "
                "write the report to another file", sys.stderr)
            return EXIT_ERROR
    try:
        return _score(args, pack)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as other command-line tools do.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP
        print(_stopped(exc) + (": no report written" if args.output else ""), file=sys.stderr)
        return exit_status(exc)
    except _CannotScore as exc:
        print(f"error: cannot check the calls: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:
        say(f"error: cannot write report: {exc}", sys.stderr)
        return EXIT_ERROR


def _replaced_input(args: argparse.Namespace, pack) -> str | None:
    """The transcript or rule pack file that ``--output`` would replace, checked before any call is."""
    from itertools import chain
    from pathlib import Path

    from .output import replaced_input
    from .transcripts import expand_paths

    packs = [file for file, _ in pack.layers]
    transcripts = (path for path in expand_paths(args.paths) if isinstance(path, Path) and str(path) != "-")
    return replaced_input(args.output, chain(packs, transcripts))


def _stopped(interrupt: KeyboardInterrupt) -> str:
    from .termination import Terminated, name

    return f"terminated ({name(interrupt)})" if isinstance(interrupt, Terminated) else "interrupted"


def _scored(paths: list[str], settings, jobs: int, warn) -> Iterator:
    """The results of ``score_paths``, its own OSErrors told apart from those of writing the report."""
    from .runner import score_paths

    try:
        yield from score_paths(paths, settings, jobs, warn)
    except OSError as exc:
        raise _CannotScore(" ".join(str(exc).split())) from exc


def _score(args: argparse.Namespace, pack) -> int:
    from .formatters import BOM_FORMATS, FormatOptions, formatter_class
    from .model import ReadFailure
    from .output import atomic_output
    from .progress import Progress
    from .runner import RunSettings, default_jobs
    from .transcripts.options import ReadOptions

    options = ReadOptions(input_format=args.input_format, columns=args.columns, agent_value=args.agent_value,
                          customer_value=args.customer_value, agent_speaker=args.agent_speaker,
                          direction=args.direction, channel=args.channel)
    format_class = formatter_class(args.format)
    settings = RunSettings(pack=pack, options=options, keep_transcripts=format_class.needs_transcripts,
                           mask=not args.no_mask, render=getattr(format_class, "render", None))
    jobs = args.jobs or default_jobs()
    unreadable = 0
    below = False
    progress = Progress(enabled=False if args.no_progress else None)

    def warn(text: str) -> None:
        progress.message(f"warning: {text}")

    with atomic_output(args.output, bom=args.format in BOM_FORMATS) as out:
        formatter = format_class(out, FormatOptions(per_call=args.per_call))
        # Closed on the way out, however the run ends: its worker processes are stopped then, not at exit.
        results = _scored(args.paths, settings, jobs, warn)
        try:
            for scored in results:
                result = scored.result
                if isinstance(result, ReadFailure):
                    unreadable += 1
                    if args.format != "text" or args.output:
                        say(f"error: {result.error}", sys.stderr)
                elif args.fail_under is not None and (result.fatal or result.score < args.fail_under):
                    below = True
                if scored.rendered is None:
                    formatter.write(result, scored.transcript)
                else:
                    formatter.write(result, rendered=scored.rendered)
                progress.update(isinstance(result, ReadFailure))
        finally:
            results.close()
            progress.close()
        formatter.close()
    if unreadable:
        return EXIT_ERROR
    return EXIT_FINDINGS if below else EXIT_OK
