"""``scriptcheck rules``: tools for the people who write rule packs — check, test, list, explain."""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from .cli_support import error_lines, quiet_when_the_reader_leaves, say
from .errors import PackError
from .pack.bundled import DEFAULT_PACK, bundled_packs

if TYPE_CHECKING:
    from .authoring.examples import Outcome

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
_EXAMPLE_LINES = 4


def add_parser(commands: argparse._SubParsersAction) -> None:
    packs = ", ".join(sorted(bundled_packs()))
    rules = commands.add_parser("rules", help="check, test, list and explain rule packs (for rule authors)",
                                description="Tools for the people who write rule packs.")
    actions = rules.add_subparsers(dest="action", required=True, metavar="ACTION")

    check = actions.add_parser("check", help="validate packs: every problem as file:line:col: key.path: problem")
    check.add_argument("packs", nargs="+", metavar="PACK", help=f"a bundled pack name ({packs}) or a YAML file")
    check.set_defaults(run=run_check)

    test = actions.add_parser("test", help="run every rule's examples: hit examples must fire, pass examples not")
    test.add_argument("packs", nargs="+", metavar="PACK", help=f"a bundled pack name ({packs}) or a YAML file")
    test.add_argument("-v", "--verbose", action="store_true", help="a PASS line per example instead of dots")
    test.set_defaults(run=run_test)

    show = actions.add_parser("list", help="the rules of a pack: id, type, category, severity, penalty, source")
    show.add_argument("pack", nargs="?", default=DEFAULT_PACK, metavar="PACK", help=f"default: {DEFAULT_PACK}")
    show.add_argument("--format", default="text", choices=("text", "json"), help="output format (default: text)")
    show.set_defaults(run=run_list)

    explain = actions.add_parser("explain", help="what a rule checks; with --transcript, why it fired on a call")
    explain.add_argument("rule_id", metavar="RULE_ID")
    explain.add_argument("--rules", default=DEFAULT_PACK, metavar="PACK", help=f"rule pack (default: {DEFAULT_PACK})")
    explain.add_argument("--transcript", metavar="FILE", help="a call: does the rule apply, did it fire, and why")
    explain.set_defaults(run=run_explain)


@quiet_when_the_reader_leaves
def run_check(args: argparse.Namespace) -> int:
    from .pack.loader import load_rules

    code = EXIT_OK
    for name in args.packs:
        try:
            pack = load_rules(name)
        except PackError as exc:
            code = EXIT_PROBLEMS
            for problem in error_lines(exc):
                say(problem)
            continue
        say(f"{name}: ok ({len(pack.rules)} rules)")
    return code


@quiet_when_the_reader_leaves
def run_test(args: argparse.Namespace) -> int:
    from itertools import chain

    from .authoring import examples, intent_examples, scene_examples
    from .pack.loader import load_rules

    passed = failed = 0
    for name in args.packs:
        try:
            pack = load_rules(name)
        except PackError as exc:
            failed += 1
            say(f"{name}: cannot load the pack")
            for problem in error_lines(exc):
                say(problem)
            continue
        total = (examples.count_examples(pack) + intent_examples.count_intent_examples(pack)
                 + scene_examples.count_scene_examples(pack))
        say(f"{name}: {total} examples")
        failures = []
        for outcome in chain(examples.run_examples(pack), intent_examples.run_intent_examples(pack),
                             scene_examples.run_scene_examples(pack)):
            passed += outcome.passed
            failed += not outcome.passed
            if args.verbose:
                for line in [f"PASS {outcome.name}"] if outcome.passed else _failure(outcome):
                    say(line)
            else:
                print("." if outcome.passed else "F", end="", flush=True)
                if not outcome.passed:
                    failures.append(outcome)
        if not args.verbose:
            print()
            for outcome in failures:
                for line in _failure(outcome):
                    say(line)
        silent = [rule.id for rule in pack.rules if not any(rule.examples.get(k) for k in examples.KINDS)]
        if silent:
            say(f"{name}: rules without examples: {', '.join(silent)}")
        silent = [intent for intent, compiled in pack.intents.items() if not compiled.examples.get("hit")
                  or not compiled.examples.get("pass")]
        if silent:
            say(f"{name}: intents without hit and pass examples: {', '.join(silent)}")
        silent = [scene.name for scene in pack.scenes if not scene.examples.get("hit") or not scene.examples.get("pass")]
        if silent:
            say(f"{name}: scenes without hit and pass examples: {', '.join(silent)}")
    print(f"{passed} passed, {failed} failed")
    return EXIT_PROBLEMS if failed else EXIT_OK


@quiet_when_the_reader_leaves
def run_list(args: argparse.Namespace) -> int:
    from .authoring import listing
    from .pack.loader import load_rules

    try:
        pack = load_rules(args.pack)
    except PackError as exc:
        for line in error_lines(exc):
            say(f"error: {line}", sys.stderr)
        return EXIT_USAGE
    rows = listing.rule_rows(pack)
    if args.format == "json":
        print(listing.as_json(rows))
    else:
        for line in listing.as_table(rows).split("\n"):
            say(line)
    return EXIT_OK


@quiet_when_the_reader_leaves
def run_explain(args: argparse.Namespace) -> int:
    from .authoring.explain import UnknownRule, explain_call, explain_rule, find_rule
    from .model import ReadFailure
    from .pack.loader import load_rules
    from .transcripts import iter_file

    try:
        pack = load_rules(args.rules)
        rule = find_rule(pack, args.rule_id)
    except (PackError, UnknownRule) as exc:
        for line in error_lines(exc):
            say(f"error: {line}", sys.stderr)
        return EXIT_USAGE
    lines = explain_rule(pack, rule)
    if args.transcript:
        calls = iter_file(args.transcript)
        call = next(calls, None)
        if call is None or isinstance(call, ReadFailure):
            say(f"error: {call.error if call else f'{args.transcript}: no call in file'}", sys.stderr)
            return EXIT_USAGE
        lines += [""] + explain_call(pack, rule, call)
        if next(calls, None) is not None:
            lines.append(f"(the file holds more calls; this is the first, {call.id})")
    for line in lines:
        say(line)
    return EXIT_OK


def _failure(outcome: Outcome) -> list[str]:
    text = outcome.text.strip("\n").splitlines()
    shown = text[:_EXAMPLE_LINES] + (["…"] if len(text) > _EXAMPLE_LINES else [])
    return ([f"FAIL {outcome.name}: {outcome.problem}"] + ["    | " + line for line in shown]
            + ["    " + line for line in outcome.details])
