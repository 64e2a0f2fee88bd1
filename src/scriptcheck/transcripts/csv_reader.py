"""CSV and TSV transcripts: one utterance per row, the rows of one call next to each other.

    call_id,speaker,text,start,end
    c1,客服,您好，请问有什么可以帮您？,0,2.5
    c1,客户,我想查一下燃气费。,3,5.1

Columns come from ``ReadOptions.columns`` (a 0-based index or a header name per field) or, without it,
from a header row naming them. Calls are streamed: each is yielded as soon as the call column changes.
A bad row spoils only its own call, which comes out as a ReadFailure naming file:line.
"""
from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from ..errors import TranscriptError
from ..model import AGENT, CUSTOMER, ReadFailure, Transcript
from ..numbers import MAX_NUMBER
from ..schema import suggest
from .canonical import plain, shown, speaker_of, transcript_from_dict
from .options import CSV_FIELDS, ReadOptions

# Header names recognised without --columns (compared case-insensitively); earlier names win.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "call": ("call", "call_id", "session_id", "id"),
    "speaker": ("speaker", "role", "角色"),
    "text": ("text", "content", "内容"),
    "start": ("start",),
    "end": ("end",),
    "agent": ("agent", "agent_id", "坐席工号", "工号"),
}
REQUIRED_FIELDS = ("speaker", "text")
TIME_FIELDS = ("start", "end")

_SECONDS = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)$")
_CLOCK = re.compile(r"^(?:(\d{1,6}):)?(\d{1,9}):(\d{1,9}(?:\.\d+)?)$")  # bounded: int() and float hold them
_UTTERANCE_PATH = re.compile(r"^utterances\[(\d+)\]\.?(.*)$")
# Lines as ``open(newline="")`` splits them (at \r\n, \r or \n, kept), each copied out of the text alone:
# io.StringIO would hold a second copy of the whole text, at 4 bytes per character.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
FIELD_LIMIT = csv.field_size_limit()  # characters in one cell (131,072)
# A line longer than this cannot be a row of a transcript (a few columns, one cell of text within the field
# limit): it is reported without being split, since a Python string per cell of a line of millions of
# tiny cells takes some twenty times the line's size.
MAX_LINE_CHARS = 4 * FIELD_LIMIT
# How much of such a line is split to find the call its error belongs to.
LINE_PREFIX_CHARS = 4096

SpeakerMap = Callable[[str], "str | None"]
Row = tuple[int, list[str], "TranscriptError | None"]  # line where the row starts, cells, problem


@dataclass
class _Call:
    """The rows of one call read so far; after the first problem the rest of its rows are ignored."""

    id: str | None
    line: int
    utterances: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    error: TranscriptError | None = None
    agent: str | None = None  # the first agent id given on one of the call's rows

    def fail(self, error: TranscriptError) -> None:
        if self.error is None:
            self.error = error
            self.utterances, self.lines = [], []


def iter_csv(text: str, source: str, stem: str, options: ReadOptions,
             delimiter: str) -> Iterator[Transcript | ReadFailure]:
    """Every call in a CSV (``delimiter=","``) or TSV (``"\\t"``) text, in file order; never raises."""
    rows = _rows(text, source, delimiter)
    speakers = _speaker_map(options)
    try:
        first = next(rows, None)
        if first is None:
            raise TranscriptError("empty file", file=source, line=1)
        if first[2] is not None:
            raise first[2]
        columns, first_is_header = _columns(first[0], first[1], options, speakers, source)
    except TranscriptError as exc:
        yield ReadFailure(source, str(exc))
        return
    pending = [] if first_is_header else [first]
    call: _Call | None = None
    seen_ids: set[str] = set()
    for line, cells, problem in itertools.chain(pending, rows):
        call_id = _call_id(cells, columns)
        if call is None or (call_id and call_id != call.id):
            if call is not None:
                yield _finish(call, source, stem, options)
            call = _Call(call_id or None, line)
            if call_id in seen_ids:
                call.fail(TranscriptError(
                    f"call {shown(call_id)} appears again after other calls; the rows of one call must be "
                    "next to each other (sort the file by the call column)", file=source, line=line))
            elif call_id:
                seen_ids.add(call_id)
        if problem is not None:
            call.fail(problem)
        elif call.error is None:
            try:
                utterance = _utterance(cells, line, columns, speakers, options, source)
            except TranscriptError as exc:
                call.fail(exc)
            else:
                if utterance is not None:
                    call.utterances.append(utterance)
                    call.lines.append(line)
                    if call.agent is None and "agent" in columns:
                        call.agent = cells[columns["agent"]].strip() or None
    if call is not None:
        yield _finish(call, source, stem, options)
    else:
        yield ReadFailure(source, str(TranscriptError("no rows after the header", file=source, line=first[0])))


def _rows(text: str, source: str, delimiter: str) -> Iterator[Row]:
    """Non-blank rows with the line each starts on (a quoted CSV field may span lines).

    A row the csv module cannot split comes with a TranscriptError, and with the cells of its first line
    split leniently, so that the error is charged to the right call; reading goes on after it.
    """
    record: list[str] = []  # the physical lines of the row being split (a prefix of an overlong one)
    overlong: list[int] = []  # lengths of the overlong lines of the row being split

    def lines() -> Iterator[str]:
        for match in _LINE.finditer(text):
            physical = match.group()
            if len(physical) > MAX_LINE_CHARS:
                overlong.append(len(physical))
                record.append(physical[:LINE_PREFIX_CHARS])
                yield "\n"  # ends the row (or a line of a quoted cell): the row is refused below
                continue
            record.append(physical)
            yield physical

    if delimiter == "\t":
        # TSV exports (JD's chat logs among them) do not quote: a '"' is part of the text, and with CSV
        # quoting one opening a field would swallow the following lines into it.
        reader = csv.reader(lines(), delimiter=delimiter, quoting=csv.QUOTE_NONE)
    else:
        # strict: a quote left open is an error at its row, not the rest of the file read as one field.
        reader = csv.reader(lines(), delimiter=delimiter, strict=True)
    line = 1
    while True:
        error = None
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            what = "a quoted field is never closed" if "unexpected end of data" in str(exc) else str(exc)
            error = TranscriptError(f"cannot split the row into columns: {what}", file=source, line=line)
        if overlong and error is None:
            error = TranscriptError(f"cannot split the row into columns: a line of {overlong[0]:,} characters "
                                    f"(at most {MAX_LINE_CHARS:,})", file=source, line=line)
        if error is not None:
            try:
                cells = next(csv.reader(record[:1], delimiter=delimiter), [])
            except csv.Error:  # the first line alone breaks the csv module too (a field over its size limit)
                cells = record[0][:LINE_PREFIX_CHARS].rstrip("\r\n").split(delimiter) if record else []
        if error or any(cell.strip() for cell in cells):
            yield line, cells, error
        line += len(record)
        record.clear()
        overlong.clear()


def _speaker_map(options: ReadOptions) -> SpeakerMap:
    """Speaker cell → agent/customer: the given values when any is set (only those), else the aliases."""
    if options.agent_value is None and options.customer_value is None:
        return speaker_of
    values = {}
    if options.agent_value is not None:
        values[options.agent_value.strip()] = AGENT
    if options.customer_value is not None:
        values[options.customer_value.strip()] = CUSTOMER
    return lambda value: values.get(value.strip())


def _unknown_speaker(value: str, options: ReadOptions) -> str:
    if options.agent_value is None and options.customer_value is None:
        return f"unknown speaker value {shown(value)} (use --agent-value/--customer-value)"
    given = [f"{side} is {shown(wanted.strip())}" for side, wanted in
             (("agent", options.agent_value), ("customer", options.customer_value)) if wanted is not None]
    return f"unknown speaker value {shown(value)} ({', '.join(given)}; see --agent-value/--customer-value)"


def _columns(line: int, cells: list[str], options: ReadOptions, speakers: SpeakerMap,
             source: str) -> tuple[dict[str, int], bool]:
    """Field → 0-based column, and whether the first row (``cells``, on ``line``) is a header to skip."""
    if not options.columns:
        return _columns_from_header(cells, line, source), True
    _check_mapping(options.columns, source)
    names = [cell.strip() for cell in cells]
    if any(isinstance(where, str) for where in options.columns.values()):
        return {name: where if isinstance(where, int) else _header_index(where, names, line, source)
                for name, where in options.columns.items()}, True
    columns = dict(options.columns)
    return columns, _looks_like_header(names, columns, speakers)


def _check_mapping(mapping: dict[str, int | str], source: str) -> None:
    for name, where in mapping.items():
        if name not in CSV_FIELDS:
            raise TranscriptError(f"unknown field {name!r} in --columns; fields are {', '.join(CSV_FIELDS)}"
                                  + suggest(name, list(CSV_FIELDS)), file=source)
        index_ok = isinstance(where, int) and not isinstance(where, bool) and where >= 0
        if not index_ok and not (isinstance(where, str) and where.strip()):
            raise TranscriptError(f"--columns {name}: expected a 0-based column index or a header name, "
                                  f"got {where!r}", file=source)
    missing = [name for name in REQUIRED_FIELDS if name not in mapping]
    if missing:
        raise TranscriptError(f"--columns must give the {' and '.join(missing)} column", file=source)


def _header_index(wanted: str, names: list[str], line: int, source: str) -> int:
    wanted = wanted.strip()
    for matches in (lambda name: name == wanted, lambda name: name.casefold() == wanted.casefold()):
        for index, name in enumerate(names):
            if matches(name):
                return index
    listed = ", ".join(map(plain, names[:20])) + (", …" if len(names) > 20 else "")
    raise TranscriptError(f"unknown column {shown(wanted)}; columns are: {listed}" + suggest(wanted, names),
                          file=source, line=line)


def _columns_from_header(cells: list[str], line: int, source: str) -> dict[str, int]:
    names = [cell.strip().casefold() for cell in cells]
    columns = {}
    for name, aliases in HEADER_NAMES.items():
        found = next((names.index(alias) for alias in aliases if alias in names), None)
        if found is not None:
            columns[name] = found
    missing = [name for name in REQUIRED_FIELDS if name not in columns]
    if missing:
        first = ", ".join(plain(cell.strip()[:20]) for cell in cells[:8]) + (", …" if len(cells) > 8 else "")
        raise TranscriptError(
            f"no {' or '.join(missing)} column: the first row ({first}) is not a header naming them "
            "(speaker/role/角色, text/content/内容); pass --columns with 0-based indices or header names, "
            "e.g. --columns call=0,speaker=2,text=6", file=source, line=line)
    return columns


def _looks_like_header(names: list[str], columns: dict[str, int], speakers: SpeakerMap) -> bool:
    """A header row in a file mapped by index: its speaker cell is no speaker and its text cell a text name."""
    speaker, text = columns["speaker"], columns["text"]
    if speaker >= len(names) or text >= len(names):
        return False
    return speakers(names[speaker]) is None and names[text].casefold() in HEADER_NAMES["text"]


def _call_id(cells: list[str], columns: dict[str, int]) -> str:
    """The row's call id; "" continues the current call (exports that fill the id on a call's first row only)."""
    index = columns.get("call")
    if index is None or index >= len(cells):
        return ""  # a row too short for the call column is reported as part of the current call
    return cells[index].strip()


def _utterance(cells: list[str], line: int, columns: dict[str, int], speakers: SpeakerMap,
               options: ReadOptions, source: str) -> dict[str, Any] | None:
    """One row as a canonical utterance, or None for a row without text; raises TranscriptError."""
    for name in CSV_FIELDS:
        index = columns.get(name)
        if index is not None and index >= len(cells):
            raise TranscriptError(f"row has {len(cells)} columns, column {index + 1} ({name}, 0-based index "
                                  f"{index}) is missing", file=source, line=line)
    text = cells[columns["text"]]
    if not text.strip():
        return None
    raw_speaker = cells[columns["speaker"]].strip()
    speaker = speakers(raw_speaker)
    if speaker is None:
        raise TranscriptError(_unknown_speaker(raw_speaker, options), file=source, line=line)
    utterance: dict[str, Any] = {"speaker": speaker, "text": text}
    for name in TIME_FIELDS:
        if name in columns:
            cell = cells[columns[name]].strip()
            if cell:
                utterance[name] = _seconds(cell, name, line, source)
    return utterance


def _seconds(cell: str, name: str, line: int, source: str) -> float:
    """Seconds as ``12.5``, ``mm:ss(.s)`` or ``hh:mm:ss(.s)``."""
    if _SECONDS.match(cell):
        if float(cell) > MAX_NUMBER:
            raise TranscriptError(f"{name} {shown(cell)} is more than 10^15 seconds", file=source, line=line)
        return float(cell)
    clock = _CLOCK.match(cell)
    if clock:
        hours, minutes, seconds = clock.groups()
        if float(seconds) < 60 and (hours is None or int(minutes) < 60):
            return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    raise TranscriptError(f"{name} {shown(cell)} is not a time; use seconds (12.5), mm:ss.s or hh:mm:ss.s",
                          file=source, line=line)


def _finish(call: _Call, source: str, stem: str, options: ReadOptions) -> Transcript | ReadFailure:
    if call.error is not None:
        return ReadFailure(source, str(call.error))
    name = f"call {shown(call.id)}" if call.id else "the call"
    if not call.utterances:
        return ReadFailure(source, str(TranscriptError(f"{name} has no utterances: every text cell is empty",
                                                       file=source, line=call.line)))
    data: dict[str, Any] = {"utterances": call.utterances}
    if call.id:
        data["id"] = call.id
    if call.agent:
        data["agent"] = {"id": call.agent}
    if options.direction:
        data["direction"] = options.direction
    if options.channel:
        data["channel"] = options.channel
    try:
        return transcript_from_dict(data, source=source, default_id=stem)
    except TranscriptError as exc:
        # Point at the row, not at the canonical key path ("utterances[3].end") the user never wrote.
        row = _UTTERANCE_PATH.match(exc.path)
        line, path = (call.lines[int(row.group(1))], row.group(2)) if row else (call.line, exc.path)
        return ReadFailure(source, str(TranscriptError(exc.message, file=source, line=line, path=path)))
