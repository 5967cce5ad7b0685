"""Find the knowledge base's files and read each one into data with positions."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from coop.load.positions import Positions
from coop.load.reading import bom_problem, decode, too_large_problem
from coop.load.yaml_reader import YamlError, YamlProblem, parse_yaml

YAML_SUFFIXES = (".yaml", ".yml")
THEMES_FILE = "vocabulary/themes.yaml"

_SUPPRESS = re.compile(r"#\s*coop:\s*ignore(?:\[([A-Za-z0-9_,\s-]+)\])?")


@dataclass
class SourceFile:
    """One YAML file of the knowledge base, read and parsed (or not)."""

    path: Path  # absolute
    rel: str  # relative to the KB root, '/' separators: what diagnostics show
    collection: str | None  # folder under data/, or "themes"
    data: Any = None
    positions: Positions = field(default_factory=Positions)
    problems: list[YamlProblem] = field(default_factory=list)
    readable: bool = False  # parsed into a mapping that a model can read
    suppressions: dict[int, frozenset[str] | None] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return self.path.name.rsplit(".", 1)[0]


@dataclass(frozen=True)
class Entry:
    """A path found under ``data/``: a YAML file, or something that should not be there."""

    path: Path
    rel: str
    collection: str | None
    problem: YamlProblem | None = None


class Found(NamedTuple):
    """A file found by :func:`scan_tree`, with its stat (one system call per file)."""

    path: str
    rel: str
    collection: str | None
    problem: YamlProblem | None
    size: int
    mtime_ns: int

    def entry(self) -> Entry:
        return Entry(Path(self.path), self.rel, self.collection, self.problem)


def discover(root: Path, collections: tuple[str, ...]) -> Iterator[Entry]:
    """Every YAML file under ``root/data``, sorted, without following symlinks out."""
    for found in scan_tree(root, collections):
        yield found.entry()


def scan_tree(root: Path, collections: tuple[str, ...]) -> Iterator[Found]:
    """Every YAML file under ``root/data`` in sorted order, with size and mtime.

    Works on strings and ``os.scandir`` entries, not ``pathlib``: on a national
    knowledge base (50,000 files) path objects and a second ``stat`` per file
    cost more than everything else an unchanged run does.
    """
    data = os.path.join(str(root), "data")
    if not os.path.isdir(data):
        return
    root_real = os.path.realpath(str(root))
    yield from _scan_dir(data, "data", (), collections, root_real)


def _scan_dir(
    folder: str, rel_dir: str, parts: tuple[str, ...], collections: tuple[str, ...], root_real: str
) -> Iterator[Found]:
    try:
        with os.scandir(folder) as it:
            children = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    collection = parts[0] if parts and parts[0] in collections else None
    subdirs = []
    for child in children:
        name = child.name
        if name.startswith("."):
            continue
        rel = f"{rel_dir}/{name}"
        try:
            is_dir = child.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if name.endswith(YAML_SUFFIXES):
                yield Found(child.path, rel, collection, _DIRECTORY_PROBLEM, 0, 0)
            else:
                subdirs.append(child)
            continue
        if not name.endswith(YAML_SUFFIXES):
            continue
        file_collection = "themes" if rel == f"data/{THEMES_FILE}" else collection
        problem = None
        if child.is_symlink():
            problem = _link_problem(child.path, root_real)
        if problem is not None:
            yield Found(child.path, rel, file_collection, problem, 0, 0)
            continue
        try:
            st = child.stat()
        except OSError as exc:
            yield Found(child.path, rel, file_collection, _unreadable(exc), 0, 0)
            continue
        if not stat.S_ISREG(st.st_mode):
            yield Found(child.path, rel, file_collection, _NOT_REGULAR_PROBLEM, 0, 0)
            continue
        yield Found(child.path, rel, file_collection, None, st.st_size, st.st_mtime_ns)
    for sub in subdirs:
        yield from _scan_dir(
            sub.path, f"{rel_dir}/{sub.name}", (*parts, sub.name), collections, root_real
        )


_DIRECTORY_PROBLEM = YamlProblem(
    "Y013",
    1,
    1,
    "a directory is named like a record file",
    "rename the directory: record files are regular .yaml files",
)
_NOT_REGULAR_PROBLEM = YamlProblem(
    "Y013",
    1,
    1,
    "not a regular file (a pipe, a device…)",
    "record files are regular, readable .yaml files",
)


def _unreadable(exc: OSError) -> YamlProblem:
    return YamlProblem(
        "Y013",
        1,
        1,
        f"cannot read the file: {exc.strerror or exc}",
        "check the file's permissions",
    )


def _link_problem(path: str, root_real: str) -> YamlProblem | None:
    target = os.path.realpath(path)
    if target == root_real or target.startswith(root_real + os.sep):
        return None
    return YamlProblem(
        "Y013",
        1,
        1,
        "symbolic link pointing outside the knowledge base",
        "coop does not follow links out of the knowledge base; copy the file in instead",
    )


def read_source(entry: Entry, max_size: int) -> SourceFile:
    """Read, decode and parse one file; every failure becomes a problem on it."""
    source = SourceFile(entry.path, entry.rel, entry.collection)
    if entry.problem is not None:
        source.problems.append(entry.problem)
        return source
    try:
        st = entry.path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise OSError("not a regular file")
        if st.st_size > max_size:
            source.problems.append(too_large_problem(st.st_size, max_size))
            return source
        raw = entry.path.read_bytes()
    except OSError as exc:
        source.problems.append(
            YamlProblem(
                "Y013",
                1,
                1,
                f"cannot read the file: {exc.strerror or exc}",
                "check the file's permissions",
            )
        )
        return source
    parse_text(source, raw)
    return source


def parse_text(source: SourceFile, raw: bytes) -> None:
    """Fill ``source`` from the file's bytes."""
    try:
        decoded = decode(raw)
        if decoded.bom:
            source.problems.append(bom_problem())
        text = decoded.text
        if "coop:" in text:
            source.suppressions = _suppressions(text)
        if not text.strip():
            source.problems.append(
                YamlProblem(
                    "Y006", 1, 1, "the file is empty", "write the record, or delete the file"
                )
            )
            return
        parsed = parse_yaml(text)
    except YamlError as exc:
        source.problems.append(exc.problem)
        return
    source.positions = parsed.positions
    source.problems.extend(parsed.problems)
    if parsed.empty or parsed.data is None:  # nothing, or an empty document ('---' alone)
        source.problems.append(
            YamlProblem(
                "Y006",
                1,
                1,
                "the file holds no record (only comments, or an empty document)",
                "write the record, or delete the file",
            )
        )
        return
    if not isinstance(parsed.data, dict):
        line, col = parsed.positions.value(())
        found = (
            "nothing"
            if parsed.data is None
            else (
                "a list"
                if isinstance(parsed.data, list)
                else f"a single value ({parsed.data!r:.40})"
            )
        )
        source.problems.append(
            YamlProblem(
                "Y008",
                line,
                col,
                f"expected a mapping of keys to values, found {found}",
                "a record file is a mapping: 'id: …' on the first line, then its other keys",
            )
        )
        return
    source.data = parsed.data
    source.readable = True


def _suppressions(text: str) -> dict[int, frozenset[str] | None]:
    found: dict[int, frozenset[str] | None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SUPPRESS.search(line)
        if match:
            codes = match.group(1)
            found[number] = (
                frozenset(c.strip().upper() for c in codes.split(",") if c.strip())
                if codes
                else None
            )
    return found
