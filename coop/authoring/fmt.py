"""The formatter: one canonical key order and layout per collection, nothing lost.

Three steps, each checked: keys are put in the model's order by moving text
blocks (so comments travel with their keys); ruamel.yaml's round trip then
lays the file out canonically (two-space indents, lists indented under their
key, one space after ':'), keeping comments, quotes and block scalars; full-line
comments are re-indented to sit with the line they describe. The result must
parse to exactly the same data and hold exactly the same comments and
anchors, or the file is refused and left untouched.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from coop.authoring.reorder import reorder
from coop.authoring.yamltext import anchors, comment_lines, comments, indent_of
from coop.load.reading import decode
from coop.load.yaml_reader import YamlError, YamlProblem, parse_yaml


class FormatRefused(Exception):
    """The file cannot be formatted safely; it must be left as it is."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class Formatted:
    before: str  # the file's text as read (decoded)
    after: str
    bom: bool = False  # the file starts with a byte-order mark, which is dropped

    @property
    def changed(self) -> bool:
        return self.bom or self.before != self.after


def format_bytes(raw: bytes, model: type[BaseModel] | None) -> Formatted:
    """Format a file's bytes. Raises :class:`FormatRefused`."""
    try:
        decoded = decode(raw)
    except YamlError as exc:
        raise FormatRefused(exc.problem) from None
    return Formatted(decoded.text, format_text(decoded.text, model), decoded.bom)


def format_text(text: str, model: type[BaseModel] | None) -> str:
    """``text`` in canonical form (keys of ``model`` in order). Raises :class:`FormatRefused`."""
    normal = text.replace("\r\n", "\n").replace("\r", "\n")
    if not normal.strip():
        return text
    original = _parse(normal)
    if original is None:  # only comments: nothing to order
        return normal if normal.endswith("\n") else normal + "\n"
    data, positions = original
    if not normal.endswith("\n"):
        normal += "\n"
    wanted = Counter(c.text for c in _comments(normal))
    wanted.update(f"&{name}" for name in anchors(normal))  # kept even when unused
    lines = normal.splitlines(keepends=True)
    ordered = "".join(reorder(lines, data, positions, model, set(comment_lines(normal))))
    _verify(ordered, data, wanted, "reordering keys")
    try:
        styled = _restyle(ordered)
        _verify(styled, data, wanted, "laying out")
    except FormatRefused:
        # ruamel could not keep everything: the ordered text is still an improvement.
        return ordered
    return styled


def _parse(text: str) -> tuple[Any, Any] | None:
    try:
        parsed = parse_yaml(text)
    except YamlError as exc:
        raise FormatRefused(exc.problem) from None
    if parsed.problems:
        raise FormatRefused(parsed.problems[0])
    if parsed.empty:
        return None
    return parsed.data, parsed.positions


def _comments(text: str) -> list[Any]:
    try:
        return comments(text)
    except yaml.YAMLError as exc:  # pragma: no cover - parse_yaml rejects it first
        raise FormatRefused(YamlProblem("Y001", 1, 1, f"invalid YAML: {exc}")) from None


def _verify(text: str, data: Any, wanted: Counter[str], step: str) -> None:
    problem = YamlProblem(
        "F001",
        1,
        1,
        f"formatting would change the file's meaning ({step}); left as it is",
        "this is a limit of `coop fmt`: format this file by hand",
    )
    try:
        parsed = parse_yaml(text)
        found = Counter(c.text for c in comments(text))
        found.update(f"&{name}" for name in anchors(text))
    except (YamlError, yaml.YAMLError):
        raise FormatRefused(problem) from None
    if parsed.problems or not _same(parsed.data, data) or found != wanted:
        raise FormatRefused(problem)


def _same(a: Any, b: Any) -> bool:
    """Equal data, types included (1, 1.0 and True are different values here);
    mapping order does not count, since ordering keys is the point."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return bool(b != b)
    return bool(a == b)


def _restyle(text: str) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 4096  # never re-wrap an analyst's text
    try:
        document = rt.load(text)
        _keep_anchors(document)
        buffer = io.StringIO()
        rt.dump(document, buffer)
    except (YAMLError, ValueError, TypeError, AttributeError):
        raise FormatRefused(YamlProblem("F001", 1, 1, "layout failed")) from None
    return _align_comments(buffer.getvalue())


def _keep_anchors(node: Any) -> None:
    """Make ruamel write every anchor it read: it drops a mapping's or a list's
    anchor that no alias uses, and the analyst may have set it for later."""
    anchor = getattr(node, "anchor", None)
    if anchor is not None and getattr(anchor, "value", None):
        anchor.always_dump = True
    if isinstance(node, dict):
        for value in node.values():
            _keep_anchors(value)
    elif isinstance(node, list):
        for item in node:
            _keep_anchors(item)


def _align_comments(text: str) -> str:
    """Indent each full-line comment like the line it belongs to.

    ruamel keeps a comment's old column even when the lines around it were
    re-indented. A comment goes with the next line unless it was indented
    deeper than that line (then it closes the block above it).
    """
    lines = text.splitlines(keepends=True)
    full = comment_lines(text)
    content = [i for i, line in enumerate(lines) if line.strip() and i not in full]
    for index, comment in full.items():
        following = next((i for i in content if i > index), None)
        previous = next((i for i in reversed(content) if i < index), None)
        current = indent_of(lines[index])
        target = indent_of(lines[following]) if following is not None else 0
        closing = previous is not None and (
            following is None or target < indent_of(lines[previous])
        )
        if closing and current > target and previous is not None:
            target = min(current, _inner_indent(lines[previous]))
        if target != current:
            lines[index] = " " * target + comment.text + "\n"
    return "".join(lines)


def _inner_indent(line: str) -> int:
    """Indentation of the keys of a mapping that starts on ``line`` ("- a: 1" -> 2)."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    while stripped.startswith("- "):
        indent += 2
        stripped = stripped[2:]
    return indent


def model_for(rel: str) -> type[BaseModel] | None:
    """The model whose key order applies to the file at ``rel`` (KB-relative path)."""
    from coop.kb.config import CONFIG_FILE, Settings
    from coop.model import COLLECTIONS
    from coop.model.theme import ThemeList

    if rel == CONFIG_FILE:
        return Settings
    if rel == "data/vocabulary/themes.yaml":
        return ThemeList
    parts = Path(rel).parts
    if len(parts) >= 3 and parts[0] == "data" and parts[1] in COLLECTIONS:
        return COLLECTIONS[parts[1]]
    return None
