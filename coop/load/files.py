"""Find the knowledge base's files and read each one into data with positions."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def discover(root: Path, collections: tuple[str, ...]) -> Iterator[Entry]:
    """Every YAML file under ``root/data``, sorted, without following symlinks out."""
    data = root / "data"
    if not data.is_dir():
        return
    root_real = root.resolve()
    for dirpath, dirnames, filenames in os.walk(data, followlinks=False):
        dirnames.sort()
        base = Path(dirpath)
        rel_dir = base.relative_to(root).as_posix()
        parts = base.relative_to(data).parts
        collection = _collection_of(parts, collections)
        for dirname in list(dirnames):
            if dirname.endswith(YAML_SUFFIXES):
                dirnames.remove(dirname)
                yield Entry(
                    base / dirname,
                    f"{rel_dir}/{dirname}",
                    collection,
                    YamlProblem(
                        "Y013",
                        1,
                        1,
                        "a directory is named like a record file",
                        "rename the directory: record files are regular .yaml files",
                    ),
                )
            elif dirname.startswith("."):
                dirnames.remove(dirname)
        for name in sorted(filenames):
            if name.startswith(".") or not name.endswith(YAML_SUFFIXES):
                continue
            path = base / name
            rel = f"{rel_dir}/{name}"
            if rel == f"data/{THEMES_FILE}":
                yield Entry(path, rel, "themes")
                continue
            problem = _link_problem(path, root_real)
            yield Entry(path, rel, collection, problem)


def _collection_of(parts: tuple[str, ...], collections: tuple[str, ...]) -> str | None:
    if parts and parts[0] in collections:
        return parts[0]
    return None


def _link_problem(path: Path, root_real: Path) -> YamlProblem | None:
    if not path.is_symlink():
        return None
    target = path.resolve()
    if target == root_real or root_real in target.parents:
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
    if parsed.empty:
        source.problems.append(
            YamlProblem(
                "Y006",
                1,
                1,
                "the file holds no YAML document (only comments)",
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
