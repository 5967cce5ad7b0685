"""Run the formatter over files of a knowledge base: pick them, format, write or diff."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coop.authoring.fmt import FormatRefused, Formatted, format_bytes, model_for
from coop.authoring.fmt_known import Known, digest_of
from coop.kb.config import CONFIG_FILE
from coop.kb.index import ALL_COLLECTIONS
from coop.load.files import discover
from coop.load.reading import DEFAULT_MAX_FILE_SIZE, too_large_problem
from coop.load.yaml_reader import YamlProblem
from coop.processes import can_fork_pool, default_jobs, slices_in_workers
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


# Below this many files to format, one process: forking costs more than it saves.
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
    known: Known | None = None,
) -> FmtReport:
    """Format ``files``; write them, or with ``check`` only tell the
    differences. Files ``known`` formatted are left as they are, and those
    found or made so are added to it. The others are formatted in ``jobs``
    processes (default: one per core) when there are many: ruamel's round
    trip takes ~25 ms a file, half an hour for a national knowledge base in
    one process."""
    known = known if known is not None else Known(None)
    report = FmtReport()
    for (path, rel, _), (outcome, digest) in zip(
        files, _examined(files, max_size, jobs, known), strict=True
    ):
        if isinstance(outcome, YamlProblem):
            report.refused.append(Refusal(rel, outcome))
            continue
        if outcome is None:
            report.unchanged.append(rel)
            known.add(digest)
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
            known.add(digest_of(_model_name(rel), result.after.encode("utf-8")))
        except (UnsafePath, OSError) as exc:
            report.changed.remove(rel)
            report.refused.append(Refusal(rel, YamlProblem("Y013", 1, 1, f"not written: {exc}")))
    return report


def _examined(
    files: list[Item], max_size: int, jobs: int | None, known: Known
) -> Iterator[tuple[Outcome, bytes]]:
    """Each file's outcome and the digest of the bytes read, in order; the
    files not known formatted are formatted in worker processes when there
    are many."""
    read = [_read(path, rel, problem, max_size) for path, rel, problem in files]
    digests = [
        b"" if isinstance(raw, YamlProblem) else digest_of(_model_name(rel), raw)
        for (_, rel, _), raw in zip(files, read, strict=True)
    ]
    tasks = [
        (index, rel, raw)
        for index, ((_, rel, _), raw, digest) in enumerate(zip(files, read, digests, strict=True))
        if not isinstance(raw, YamlProblem) and digest not in known
    ]
    outcomes: list[Outcome] = [raw if isinstance(raw, YamlProblem) else None for raw in read]
    del read
    jobs = jobs or default_jobs()
    if jobs > 1 and len(tasks) >= PARALLEL_THRESHOLD and can_fork_pool():
        for done in slices_in_workers(_examine_all, tasks, _CHUNK, jobs):
            for index, outcome in done:
                outcomes[index] = outcome
    else:
        for index, outcome in map(_examine, tasks):
            outcomes[index] = outcome
    yield from zip(outcomes, digests, strict=True)


def _read(path: Path, rel: str, problem: YamlProblem | None, max_size: int) -> YamlProblem | bytes:
    """The file's bytes, or why it cannot be formatted."""
    if problem is not None:
        return problem
    try:
        size = path.stat().st_size
        if size > max_size:
            return too_large_problem(size, max_size)
        return path.read_bytes()
    except OSError as exc:
        return YamlProblem("Y013", 1, 1, f"cannot read the file: {exc.strerror}")


def _examine_all(tasks: Sequence[tuple[int, str, bytes]]) -> list[tuple[int, Outcome]]:
    return [_examine(task) for task in tasks]


def _examine(task: tuple[int, str, bytes]) -> tuple[int, Outcome]:
    """Format one file's bytes: its problem, None when already formatted,
    or the bytes and the formatted text."""
    index, rel, raw = task
    try:
        result = format_bytes(raw, model_for(rel))
    except FormatRefused as exc:
        return index, exc.problem
    return index, ((raw, result) if result.changed else None)


def _model_name(rel: str) -> str:
    model = model_for(rel)
    return model.__name__ if model is not None else ""
