"""Facts about YAML *text* that parsed data forgets: where the comments are.

The authoring tools edit files as text so that nothing the analyst wrote is
lost; they need to tell a real comment from a ``#`` inside a quoted string or a
block scalar. libyaml's scanner gives the span of every token; a comment is a
``#`` in the gaps between tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from coop.load.yaml_reader import C_PARSER

_LOADER = yaml.CSafeLoader if C_PARSER else yaml.SafeLoader


@dataclass(frozen=True)
class Comment:
    line: int  # 0-based
    col: int  # 0-based
    text: str  # from '#' to the end of the line, trailing spaces removed
    full_line: bool  # nothing but spaces before it on its line


def comments(text: str) -> list[Comment]:
    """Every comment of ``text``, in order. Raises ``yaml.YAMLError`` on bad YAML."""
    spans: list[tuple[int, int]] = []
    for token in yaml.scan(text, Loader=_LOADER):
        start, end = token.start_mark.index, token.end_mark.index
        if end > start:
            spans.append((start, end))
    found: list[Comment] = []
    line_starts = _line_starts(text)
    position = 0
    for start, end in [*spans, (len(text), len(text))]:
        _gap_comments(text, position, start, line_starts, found)
        position = max(position, end)
    return found


def _gap_comments(
    text: str, start: int, end: int, line_starts: list[int], out: list[Comment]
) -> None:
    index = text.find("#", start, end)
    while index != -1:
        stop = text.find("\n", index)
        stop = len(text) if stop == -1 else stop
        line = _line_of(line_starts, index)
        col = index - line_starts[line]
        before = text[line_starts[line] : index]
        out.append(Comment(line, col, text[index:stop].rstrip(), not before.strip()))
        index = text.find("#", stop, end)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = text.find("\n")
    while index != -1:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def _line_of(line_starts: list[int], index: int) -> int:
    import bisect

    return bisect.bisect_right(line_starts, index) - 1


def anchors(text: str) -> list[str]:
    """The name of every anchor (``&name``) of ``text``, in order, used or not.
    Raises ``yaml.YAMLError`` on bad YAML."""
    return [t.value for t in yaml.scan(text, Loader=_LOADER) if isinstance(t, yaml.AnchorToken)]


def comment_lines(text: str) -> dict[int, Comment]:
    """Lines (0-based) that hold nothing but a comment."""
    return {c.line: c for c in comments(text) if c.full_line}


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
