"""Put the keys of every block mapping in canonical order, moving text blocks.

A key's block is its line, the value below it, and the comments and blank
lines just above it (indented no deeper than the key): those are the
analyst's notes about that key, so they move with it. Comments indented deeper
stay with the value they follow. Comments above the first key stay on top.

Mappings are reordered deepest first: reordering inside a value never moves
the lines of the enclosing mapping's keys, so every block computed from the
original text is still valid when its turn comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from coop.authoring.shapes import canonical_order, shapes
from coop.authoring.yamltext import indent_of
from coop.load.positions import Path, Positions


@dataclass(frozen=True)
class _Job:
    depth: int
    starts: tuple[int, ...]  # first line of each key's block, in file order
    key_lines: tuple[int, ...]
    end: int  # line after the mapping
    column: int
    order: tuple[int, ...]  # new order, as indexes into starts


def reorder(
    lines: list[str],
    data: Any,
    positions: Positions,
    model: type[BaseModel] | None,
    comment_lines: set[int],
) -> list[str]:
    """``lines`` (each ending with a newline) with every mapping's keys in order."""
    jobs: list[_Job] = []
    _collect(lines, data, (), model, positions, comment_lines, jobs)
    out = list(lines)
    for job in sorted(jobs, key=lambda j: -j.depth):
        out = _apply(out, job)
    return out


def _collect(
    lines: list[str],
    value: Any,
    path: Path,
    model: type[BaseModel] | None,
    positions: Positions,
    comment_lines: set[int],
    jobs: list[_Job],
) -> None:
    if isinstance(value, list):
        if _is_flow(lines, positions, path):
            return
        for index, item in enumerate(value):
            _collect(lines, item, (*path, index), model, positions, comment_lines, jobs)
        return
    if not isinstance(value, dict) or not value or _is_flow(lines, positions, path):
        return
    nested = {s.name: s.nested for s in shapes(model)} if model is not None else {}
    for key, item in value.items():
        _collect(lines, item, (*path, key), nested.get(key), positions, comment_lines, jobs)
    if model is None:
        return
    job = _job(lines, value, path, model, positions, comment_lines)
    if job is not None:
        jobs.append(job)


def _is_flow(lines: list[str], positions: Positions, path: Path) -> bool:
    pos = positions.values.get(path)
    if pos is None:
        return True
    line, col = pos
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return text[col - 1 : col] in {"{", "["}


def _job(
    lines: list[str],
    mapping: dict[str, Any],
    path: Path,
    model: type[BaseModel],
    positions: Positions,
    comment_lines: set[int],
) -> _Job | None:
    keys = list(mapping)
    rank = {name: index for index, name in enumerate(canonical_order(model))}
    # Unknown keys go last, in their order: the formatter never drops them.
    wanted = sorted(range(len(keys)), key=lambda i: (rank.get(keys[i], len(rank)), i))
    if wanted == list(range(len(keys))):
        return None
    spots = [positions.keys.get((*path, key)) for key in keys]
    if any(spot is None for spot in spots):
        return None
    key_lines = [spot[0] - 1 for spot in spots]  # type: ignore[index]
    columns = {spot[1] - 1 for spot in spots}  # type: ignore[index]
    if len(columns) != 1 or key_lines != sorted(set(key_lines)):
        return None  # keys sharing a line, or misaligned: leave this mapping as it is
    column = columns.pop()
    for line in key_lines[1:]:
        if indent_of(lines[line]) != column:
            return None
    starts = [key_lines[0]]
    for line in key_lines[1:]:
        start = line
        while start - 1 > starts[-1] and _belongs_below(lines, start - 1, column, comment_lines):
            start -= 1
        starts.append(start)
    end = _end(lines, key_lines[-1], column, comment_lines)
    return _Job(len(path), tuple(starts), tuple(key_lines), end, column, tuple(wanted))


def _belongs_below(lines: list[str], index: int, column: int, comment_lines: set[int]) -> bool:
    """A blank line, or a comment no deeper than the keys: it introduces the key below."""
    text = lines[index]
    if not text.strip():
        return True
    return index in comment_lines and indent_of(text) <= column


def _end(lines: list[str], last_key: int, column: int, comment_lines: set[int]) -> int:
    end = last_key + 1
    index = end
    while index < len(lines):
        text = lines[index]
        if text.strip() and index not in comment_lines:
            if indent_of(text) < column or _document_marker(text):
                break
            end = index + 1
        elif index in comment_lines and indent_of(text) > column:
            end = index + 1
        index += 1
    return end


def _document_marker(line: str) -> bool:
    """``...`` (or ``---``) at the start of a line ends the document: what
    follows it belongs to no key."""
    return line[:3] in ("...", "---") and line[3:4] in ("", " ", "\t", "\n", "\r")


def _apply(lines: list[str], job: _Job) -> list[str]:
    bounds = [*job.starts[1:], job.end]
    blocks = [list(lines[start:stop]) for start, stop in zip(job.starts, bounds, strict=True)]
    key_offsets = [key - start for key, start in zip(job.key_lines, job.starts, strict=True)]
    first = blocks[0][0]
    prefix = first[: job.column]
    if prefix.strip():  # "- key: …": the first key shares its line with a list dash
        blocks[0][0] = " " * job.column + first[job.column :]
        new_first = job.order[0]
        offset = key_offsets[new_first]
        line = blocks[new_first][offset]
        blocks[new_first][offset] = prefix + line[job.column :]
    out = lines[: job.starts[0]]
    for index in job.order:
        out.extend(blocks[index])
    out.extend(lines[job.end :])
    return out
