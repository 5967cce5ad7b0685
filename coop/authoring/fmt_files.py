"""Run the formatter over files of a knowledge base: pick them, format, write or diff."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from coop.authoring.fmt import FormatRefused, Formatted, format_bytes, model_for
from coop.kb.config import CONFIG_FILE
from coop.kb.index import ALL_COLLECTIONS
from coop.load.files import discover
from coop.load.reading import DEFAULT_MAX_FILE_SIZE, too_large_problem
from coop.load.yaml_reader import YamlProblem
from coop.writing import UnsafePath, atomic_write_text


@dataclass(frozen=True)
class Refusal:
    rel: str
    problem: YamlProblem


@dataclass
class FmtReport:
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)
    # What a diff does not show (its lines look alike): rel -> "byte-order mark removed"…
    unseen: dict[str, str] = field(default_factory=dict)


def kb_files(root: Path, only: list[Path]) -> list[tuple[Path, str, YamlProblem | None]]:
    """The YAML files to format: every record, the themes and coop.yaml, or those under ``only``."""
    found = [(e.path, e.rel, e.problem) for e in discover(root, ALL_COLLECTIONS)]
    config = root / CONFIG_FILE
    if config.is_file():
        found.insert(0, (config, CONFIG_FILE, None))
    if not only:
        return found
    wanted = [p.resolve() for p in only]
    return [
        item
        for item in found
        if any(
            item[0].absolute() == w or w in item[0].absolute().parents or _same(item[0], w)
            for w in wanted
        )
    ]


def _same(path: Path, wanted: Path) -> bool:
    try:
        return path.resolve() == wanted
    except OSError:
        return False


# Below this many files, one process: forking costs more than it saves.
PARALLEL_THRESHOLD = 500
# Files a worker formats per message.
_CHUNK = 64

Item = tuple[Path, str, YamlProblem | None]
# What examining a file found: refused, unchanged, or its bytes and new text.
Outcome = YamlProblem | None | tuple[bytes, Formatted]


def format_files(
    files: list[Item],
    *,
    check: bool,
    max_size: int = DEFAULT_MAX_FILE_SIZE,
    jobs: int | None = None,
) -> FmtReport:
    """Format ``files`` (``jobs`` processes, default one per core, for many
    files: ruamel's round trip takes ~25 ms a file, half an hour for a
    national knowledge base in one process); write them, or with ``check``
    only tell the differences."""
    report = FmtReport()
    for (path, rel, _), outcome in zip(files, _examined(files, max_size, jobs), strict=True):
        if isinstance(outcome, YamlProblem):
            report.refused.append(Refusal(rel, outcome))
            continue
        if outcome is None:
            report.unchanged.append(rel)
            continue
        raw, result = outcome
        report.changed.append(rel)
        unseen = [
            *(["byte-order mark removed"] if result.bom else []),
            *(["CRLF line endings made LF"] if "\r" in result.before else []),
        ]
        if unseen:
            report.unseen[rel] = ", ".join(unseen)
        if check:
            report.diffs[rel] = "".join(
                difflib.unified_diff(
                    result.before.splitlines(keepends=True),
                    result.after.splitlines(keepends=True),
                    f"a/{rel}",
                    f"b/{rel}",
                )
            )
            continue
        try:
            # Saved by an editor since it was read: writing would lose that edit.
            if path.read_bytes() != raw:
                report.changed.remove(rel)
                report.refused.append(
                    Refusal(
                        rel,
                        YamlProblem(
                            "Y013",
                            1,
                            1,
                            "changed while being formatted; not written (run coop fmt again)",
                        ),
                    )
                )
                continue
            atomic_write_text(path, result.after)
        except (UnsafePath, OSError) as exc:
            report.changed.remove(rel)
            report.refused.append(Refusal(rel, YamlProblem("Y013", 1, 1, f"not written: {exc}")))
    return report


def _examined(files: list[Item], max_size: int, jobs: int | None) -> Iterator[Outcome]:
    """Each file's outcome, in order; in worker processes when there are many."""
    tasks = [(path, rel, problem, max_size) for path, rel, problem in files]
    jobs = jobs or _cores()
    if jobs > 1 and len(tasks) >= PARALLEL_THRESHOLD and _can_fork():
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_examine, tasks, chunksize=_CHUNK)
        return
    yield from map(_examine, tasks)


def _examine(task: tuple[Path, str, YamlProblem | None, int]) -> Outcome:
    """Read and format one file: its problem, None when already formatted,
    or the bytes read and the formatted text."""
    path, rel, problem, max_size = task
    if problem is not None:
        return problem
    try:
        size = path.stat().st_size
        if size > max_size:
            return too_large_problem(size, max_size)
        raw = path.read_bytes()
    except OSError as exc:
        return YamlProblem("Y013", 1, 1, f"cannot read the file: {exc.strerror}")
    try:
        result = format_bytes(raw, model_for(rel))
    except FormatRefused as exc:
        return exc.problem
    return (raw, result) if result.changed else None


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
