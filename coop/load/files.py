"""Find the knowledge base's files and read each one into data with positions."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coop.load.positions import Positions
from coop.load.problems import YamlProblem
from coop.load.reading import bom_problem, decode, too_large_problem
from coop.load.scan import (
    THEMES_FILE,
    YAML_SUFFIXES,
    Entry,
    Found,
    discover,
    scan_tree,
)
from coop.load.suppressions import Suppressions, read_suppressions
from coop.load.yaml_reader import YamlError, parse_yaml

__all__ = [
    "THEMES_FILE",
    "YAML_SUFFIXES",
    "Entry",
    "Found",
    "SourceFile",
    "discover",
    "parse_text",
    "read_raw",
    "read_source",
    "scan_tree",
]


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
    suppressions: Suppressions = field(default_factory=dict)
    # Y014, a suppression naming a code no rule has: reported by `coop validate`
    # only (coop.validate.batch), not counted as a problem of the file by the
    # commands that read records (report, query), whose data it does not touch.
    suppression_problems: tuple[YamlProblem, ...] = ()

    @property
    def stem(self) -> str:
        return self.path.name.rsplit(".", 1)[0]


def read_source(entry: Entry, max_size: int) -> SourceFile:
    """Read, decode and parse one file; every failure becomes a problem on it."""
    source, raw = read_raw(entry, max_size)
    if raw is not None:
        parse_text(source, raw)
    return source


def read_raw(entry: Entry, max_size: int) -> tuple[SourceFile, bytes | None]:
    """The file's bytes, not parsed yet (for a caller that may know what
    they hold already: ``coop.report.stored``); None if it cannot be read,
    the problem then on the source."""
    source = SourceFile(entry.path, entry.rel, entry.collection)
    if entry.problem is not None:
        source.problems.append(entry.problem)
        return source, None
    try:
        st = entry.path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise OSError("not a regular file")
        if st.st_size > max_size:
            source.problems.append(too_large_problem(st.st_size, max_size))
            return source, None
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
        return source, None
    return source, raw


def parse_text(source: SourceFile, raw: bytes) -> None:
    """Fill ``source`` from the file's bytes."""
    try:
        decoded = decode(raw)
        if decoded.bom:
            source.problems.append(bom_problem())
        text = decoded.text
        if "coop:" in text:
            source.suppressions, source.suppression_problems = read_suppressions(text)
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
