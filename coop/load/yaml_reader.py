"""Parse YAML text into plain data plus the position of every key and value.

Built directly on libyaml's event stream (through PyYAML's C binding): events
come out at C speed and the tree is assembled here with an explicit stack, so

- positions are recorded as the tree is built, at no extra parse;
- nesting depth is checked as it grows, and parsing stops at the limit: libyaml
  slows down quadratically with flow depth and PyYAML's recursive C composer
  crashes the interpreter at ~100,000 levels, so we never hand it that far;
- alias expansion is counted, so an "alias bomb" is refused, not expanded;
- duplicate keys are reported (PyYAML silently keeps the last one).

Scalars are resolved with the YAML 1.2 core schema, as ruamel.yaml's
round-trip mode does, so validation and rewriting agree on what a value is
(``yes`` is a string, ``2016-01-29`` is a string that the model parses).
Timestamps are not resolved at all: dates are the model's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from coop.load.positions import Path, Positions
from coop.load.problems import YamlProblem

__all__ = ["C_PARSER", "ParsedYaml", "YamlError", "YamlProblem", "line_col", "parse_yaml"]

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    C_PARSER = True
except ImportError:  # pragma: no cover
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader as _PyReader
    from yaml.scanner import Scanner as _PyScanner

    class _Parser(_PyReader, _PyScanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _PyReader.__init__(self, stream)
            _PyScanner.__init__(self)
            _PyParser.__init__(self)

        def dispose(self) -> None:
            pass

    C_PARSER = False

MAX_DEPTH = 64
MAX_NODES = 200_000

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    "!",
    _CORE + "str",
    _CORE + "int",
    _CORE + "float",
    _CORE + "bool",
    _CORE + "null",
    _CORE + "map",
    _CORE + "seq",
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}
_NINF = {"-.inf", "-.Inf", "-.INF"}
_NAN = {".nan", ".NaN", ".NAN"}
_RESOLVABLE_START = frozenset("0123456789+-.~nNtTfF")


class YamlError(Exception):
    """A problem that stops the file from being read at all."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class ParsedYaml:
    data: Any
    positions: Positions
    problems: list[YamlProblem] = field(default_factory=list)
    empty: bool = False


def resolve_plain(value: str) -> Any:
    """The value of an untagged plain scalar under the YAML 1.2 core schema."""
    if not value:
        return None
    if value[0] not in _RESOLVABLE_START:
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value)
    if _HEX.fullmatch(value):
        return int(value[2:], 16)
    if _OCT.fullmatch(value):
        return int(value[2:], 8)
    if _FLOAT.fullmatch(value):
        return float(value)
    if value in _INF:
        return float("inf")
    if value in _NINF:
        return float("-inf")
    if value in _NAN:
        return float("nan")
    return value


def _tagged(value: str, tag: str) -> Any:
    if tag == _CORE + "int" or tag == _CORE + "float" or tag == _CORE + "bool":
        resolved = resolve_plain(value)
        return resolved if resolved is not None else value
    if tag == _CORE + "null":
        return None
    return value


def _count(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + sum(_count(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_count(v) for v in value)
    return 1


class _Frame:
    __slots__ = ("anchor", "container", "is_map", "key", "key_pos", "path", "start_nodes")

    def __init__(self, container: Any, path: Path, anchor: str | None, start_nodes: int) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path
        self.key: str | None = None
        self.key_pos: tuple[int, int] | None = None
        self.anchor = anchor
        self.start_nodes = start_nodes


def parse_yaml(text: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> ParsedYaml:
    """Parse one YAML document. Raises :class:`YamlError` when the file is unreadable."""
    try:
        return _build(text, max_depth, max_nodes)
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_syntax_problem(exc, text)) from None
    except yaml.reader.ReaderError as exc:
        line, col = line_col(text, exc.position)
        raise YamlError(
            YamlProblem(
                "Y004",
                line,
                col,
                f"character U+{exc.character:04X} is not allowed in YAML"
                if isinstance(exc.character, int)
                else f"unreadable character: {exc.reason}",
                "remove control characters; YAML text must be printable UTF-8",
            )
        ) from None
    except yaml.YAMLError as exc:  # any other libyaml complaint
        message = f"invalid YAML: {exc}"
        raise YamlError(YamlProblem("Y001", 1, 1, message, _other_hint(message))) from None


# What YAML (and so libyaml's marks, and most editors) counts as a line break:
# a lone CR too, so that every position coop reports counts lines alike.
LINE_BREAK = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based (line, col) of the character at ``index``, YAML line breaks counted."""
    index = max(0, min(index, len(text)))
    lines = LINE_BREAK.split(text[:index])
    return len(lines), len(lines[-1]) + 1


# Contexts that open something (a quote, a bracket, a key) which the problem,
# found lines later (often at the end of the file), shows was never closed:
# the opening is where the analyst must look.
_OPENING_CONTEXTS = (
    "while scanning a quoted scalar",
    "while parsing a flow",
    "while scanning a simple key",
)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    if (
        exc.context_mark is not None
        and exc.problem_mark is not None
        and (exc.context or "").startswith(_OPENING_CONTEXTS)
        and exc.problem_mark.line > exc.context_mark.line
    ):
        mark = exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "invalid YAML").strip()
    message = problem
    if exc.context:
        message = f"{exc.context.strip()}: {problem}"
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    leading = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "\t" in leading or ("\t" in source_line and "cannot start any token" in problem):
        tab_col = source_line.index("\t") + 1
        return YamlProblem(
            "Y003",
            line,
            tab_col,
            "a tab character is used for indentation",
            "YAML indents with spaces only; replace the tab with spaces",
        )
    hint = None
    if "mapping values are not allowed" in problem:
        hint = "quote a value that contains ': ', or check the indentation of this line"
    elif "could not find expected ':'" in problem:
        hint = "each key needs a ':' after it; check the indentation of this block"
    elif "found undefined alias" in problem or "found undefined anchor" in problem:
        hint = "an alias (*name) must refer to an anchor (&name) defined earlier in the file"
    elif "did not find expected key" in problem or "expected <block end>" in problem:
        hint = "check that this line is indented like its siblings"
    elif "found unexpected end of stream" in problem:
        hint = "this quote is never closed"
    elif "did not find expected ',' or" in problem:
        hint = "close this bracket, or separate its items with ','"
    else:
        hint = _other_hint(message)
    return YamlProblem("Y001", line, col, message, hint)


# The rest of libyaml's complaints, by a word of its message; the last one
# answers any message not foreseen, so that every syntax error has a hint.
_OTHER_HINTS = (
    ("cannot start any token", "quote this value: plain text cannot start with @, ` or %"),
    (
        "escape",
        "in double quotes a backslash starts an escape: write \\\\ for one, or use single quotes",
    ),
    ("hexdecimal", "in double quotes \\x, \\u and \\U need 2, 4 and 8 hexadecimal digits"),
    ("directive", "remove the lines starting with '%' at the top: a record needs no directive"),
    ("YAML document", "remove the line starting with '%YAML': a record needs no directive"),
    ("an anchor", "write the anchor's name right after '&', or quote a value that starts with &"),
    ("an alias", "write the alias's name right after '*', or quote a value that starts with *"),
    ("tag", "records are plain data: remove the tag (quote the value if it starts with !)"),
    (
        "block scalar",
        "after '|' or '>' write only '-', '+' or a digit, and the text on the lines below",
    ),
    ("'-' indicator", "a list holds only items starting with '- ': indent the key under one"),
    ("node content", "a value is missing here: complete it, or close the bracket above"),
    ("", "check the YAML syntax here; quoting a value that holds ': ' or '#' often helps"),
)


def _other_hint(message: str) -> str:
    return next(hint for word, hint in _OTHER_HINTS if word in message)


def _build(text: str, max_depth: int, max_nodes: int) -> ParsedYaml:
    positions = Positions()
    values = positions.values
    keys = positions.keys
    problems: list[YamlProblem] = []
    anchors: dict[str, tuple[Any, int]] = {}
    stack: list[_Frame] = []
    path: Path
    root: Any = None
    have_root = False
    documents = 0
    nodes = 0

    parser = _Parser(text)
    try:
        while True:
            event: Any = parser.get_event()
            etype = type(event)
            if etype is yaml.ScalarEvent or etype is yaml.AliasEvent:
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                if etype is yaml.AliasEvent:
                    anchor = anchors.get(event.anchor)
                    if anchor is None:  # libyaml's parser leaves this to the composer
                        raise YamlError(
                            YamlProblem(
                                "Y001",
                                *pos,
                                f"undefined alias *{event.anchor}",
                                "an alias (*name) must refer to an anchor (&name) defined "
                                "earlier in the file; quote a value that starts with *",
                            )
                        )
                    value, size = anchor
                    nodes += size
                    if nodes > max_nodes:
                        raise YamlError(_bomb(pos, max_nodes))
                    is_scalar = not isinstance(value, dict | list)
                else:
                    nodes += 1
                    is_scalar = True
                    tag = event.tag
                    if event.implicit[0] and tag is None:
                        value = event.value
                        if not value or value[0] in _RESOLVABLE_START:  # most are words
                            value = resolve_plain(value)
                    elif tag is None or tag == "!":
                        value = event.value
                    elif tag in _ALLOWED_TAGS:
                        value = _tagged(event.value, tag)
                    else:
                        problems.append(_tag_problem(tag, pos))
                        value = event.value
                    if event.anchor is not None:
                        anchors[event.anchor] = (value, 1)
                if not stack:
                    root, have_root = value, True
                    values[()] = pos
                    continue
                frame = stack[-1]
                if frame.is_map:
                    if frame.key is None:
                        if not is_scalar or etype is yaml.AliasEvent:
                            raise YamlError(
                                YamlProblem(
                                    "Y001",
                                    *pos,
                                    "a mapping key must be plain text",
                                    "write the key as a simple word followed by ':'",
                                )
                            )
                        key = "" if value is None else str(event.value)
                        if key in frame.container:
                            problems.append(_duplicate(key, pos, frame, keys))
                            key = _DUPLICATE
                        frame.key = key
                        frame.key_pos = pos
                        continue
                    key = frame.key
                    frame.key = None
                    if key is not _DUPLICATE:
                        path = (*frame.path, key)
                        frame.container[key] = value
                        values[path] = pos
                        keys[path] = frame.key_pos  # type: ignore[assignment]
                else:
                    path = (*frame.path, len(frame.container))
                    frame.container.append(value)
                    values[path] = pos
                continue

            if etype is yaml.MappingStartEvent or etype is yaml.SequenceStartEvent:
                mark = event.start_mark
                pos = (mark.line + 1, mark.column + 1)
                nodes += 1
                if len(stack) >= max_depth:
                    raise YamlError(
                        YamlProblem(
                            "Y011",
                            *pos,
                            f"nesting is deeper than {max_depth} levels",
                            "a record never needs this depth; the file is probably generated wrongly",
                        )
                    )
                tag = event.tag
                if tag is not None and tag not in _ALLOWED_TAGS:
                    problems.append(_tag_problem(tag, pos))
                container: Any = {} if etype is yaml.MappingStartEvent else []
                if not stack:
                    path = ()
                    root, have_root = container, True
                    values[()] = pos
                else:
                    parent = stack[-1]
                    if parent.is_map:
                        if parent.key is None:
                            raise YamlError(
                                YamlProblem(
                                    "Y001",
                                    *pos,
                                    "a mapping key must be plain text",
                                    "write the key as a simple word followed by ':'",
                                )
                            )
                        key = parent.key
                        parent.key = None
                        if key is _DUPLICATE:
                            path = (*parent.path, "\x00duplicate")
                        else:
                            path = (*parent.path, key)
                            parent.container[key] = container
                            keys[path] = parent.key_pos  # type: ignore[assignment]
                    else:
                        path = (*parent.path, len(parent.container))
                        parent.container.append(container)
                    values[path] = pos
                stack.append(_Frame(container, path, event.anchor, nodes))
                continue

            if etype is yaml.MappingEndEvent or etype is yaml.SequenceEndEvent:
                frame = stack.pop()
                if frame.anchor is not None:
                    anchors[frame.anchor] = (frame.container, nodes - frame.start_nodes + 1)
                continue

            if etype is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise YamlError(
                        YamlProblem(
                            "Y007",
                            mark.line + 1,
                            mark.column + 1,
                            "the file holds more than one YAML document",
                            "keep one record per file: move each document after '---' "
                            "to a file of its own",
                        )
                    )
                continue

            if etype is yaml.StreamEndEvent:
                break
    finally:
        parser.dispose()

    return ParsedYaml(root, positions, problems, empty=not have_root)


# Sentinel key for the value of a duplicated key: parsed (to keep the event
# stream balanced) but never stored, so the first occurrence wins.
_DUPLICATE = "\x00duplicate"


def _duplicate(key: str, pos: tuple[int, int], frame: _Frame, keys: dict[Path, Any]) -> YamlProblem:
    first = keys.get((*frame.path, key))
    where = f" (first at line {first[0]})" if first else ""
    return YamlProblem(
        "Y002",
        *pos,
        f"duplicate key {key!r}{where}",
        "a key may appear once per mapping; merge the two entries or remove one",
    )


def _tag_problem(tag: str, pos: tuple[int, int]) -> YamlProblem:
    shown = tag.replace(_CORE, "!!")
    return YamlProblem(
        "Y009",
        *pos,
        f"YAML tag {shown} is not allowed",
        "records are plain data: remove the tag (quote the value if it must stay text)",
    )


def _bomb(pos: tuple[int, int], max_nodes: int) -> YamlProblem:
    return YamlProblem(
        "Y010",
        *pos,
        f"aliases expand the document beyond {max_nodes:,} values",
        "this looks like an alias bomb; write values out instead of nesting aliases",
    )
