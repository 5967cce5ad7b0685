"""Find the knowledge base's files: paths, sizes and mtimes, nothing read.

This is all a run that changes nothing does besides comparing (see
coop.validate.quick), so it imports nothing heavy and does the least per
file: one ``stat`` (``os.scandir`` gives names and types for free), no
``pathlib`` objects, lists rather than nested generators (a value yielded
through four levels of ``yield from`` costs four resumptions).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from coop.load.problems import YamlProblem

YAML_SUFFIXES = (".yaml", ".yml")
THEMES_FILE = "vocabulary/themes.yaml"


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
    """Every YAML file under ``root/data`` with size and mtime.

    Order: in each folder, its files (and anything else that looks like a
    record file) by name, then its sub-folders by name.
    """
    data = os.path.join(str(root), "data")
    if not os.path.isdir(data):
        return iter(())
    out: list[Found] = []
    _scan_dir(data, "data", None, True, collections, os.path.realpath(str(root)), out)
    return iter(out)


_BY_NAME = attrgetter("name")


def file_order_key(rel: str) -> tuple[tuple[int, str], ...]:
    """Where ``rel`` comes in the scan's order: in each folder, its files by
    name, then its sub-folders by name."""
    parts = rel.split("/")
    return (*((1, part) for part in parts[:-1]), (0, parts[-1]))


def scan_folder(root: Path, rel_dir: str, collections: tuple[str, ...]) -> list[Found]:
    """The files directly in one folder under the root ("data/agreements"), as
    :func:`scan_tree` finds them; nothing if it is not a folder."""
    parts = rel_dir.split("/")
    collection = parts[1] if len(parts) > 1 and parts[1] in collections else None
    out: list[Found] = []
    folder = os.path.join(str(root), *parts)
    _scan_files(folder, rel_dir, collection, os.path.realpath(str(root)), out)
    return out


def _scan_dir(
    folder: str,
    rel_dir: str,
    collection: str | None,
    top: bool,
    collections: tuple[str, ...],
    root_real: str,
    out: list[Found],
) -> None:
    for sub in _scan_files(folder, rel_dir, collection, root_real, out):
        name = sub.name
        # The first level under data/ names the collection of everything below it.
        below = (name if name in collections else None) if top else collection
        _scan_dir(sub.path, f"{rel_dir}/{name}", below, False, collections, root_real, out)


def _scan_files(
    folder: str, rel_dir: str, collection: str | None, root_real: str, out: list[Found]
) -> list[os.DirEntry[str]]:
    """Append the folder's files to ``out``; its sub-folders, by name."""
    try:
        with os.scandir(folder) as it:
            children = sorted(it, key=_BY_NAME)
    except OSError:
        return []
    themes = f"data/{THEMES_FILE}"
    append = out.append
    subdirs = []
    for child in children:
        name = child.name
        if name.startswith("."):
            continue
        try:
            is_dir = child.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            if name.endswith(YAML_SUFFIXES):
                append(Found(child.path, f"{rel_dir}/{name}", collection, DIRECTORY_PROBLEM, 0, 0))
            else:
                subdirs.append(child)
            continue
        if not name.endswith(YAML_SUFFIXES):
            continue
        rel = f"{rel_dir}/{name}"
        file_collection = "themes" if rel == themes else collection
        if child.is_symlink():
            problem = _link_problem(child.path, root_real)
            if problem is not None:
                append(Found(child.path, rel, file_collection, problem, 0, 0))
                continue
        try:
            st = child.stat()
        except OSError as exc:
            append(Found(child.path, rel, file_collection, _unreadable(exc), 0, 0))
            continue
        if not stat.S_ISREG(st.st_mode):
            append(Found(child.path, rel, file_collection, NOT_REGULAR_PROBLEM, 0, 0))
            continue
        append(Found(child.path, rel, file_collection, None, st.st_size, st.st_mtime_ns))
    return subdirs


DIRECTORY_PROBLEM = YamlProblem(
    "Y013",
    1,
    1,
    "a directory is named like a record file",
    "rename the directory: record files are regular .yaml files",
)
NOT_REGULAR_PROBLEM = YamlProblem(
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
