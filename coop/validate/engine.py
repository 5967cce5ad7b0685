"""Run the whole validation: settings, scan, per-file checks, cross-file rules.

Each file's result depends only on its content, its path and the context, so
it is cached (``coop.validate.cache``) and files are checked in parallel
batches (``coop.validate.batch``); cross-file rules then run over a compact
index of ids and references. Results are identical with and without the
cache and whatever the number of processes (tests check it).

Every file is always cross-checked; ``only`` narrows what is *reported*,
never what is checked (a reference into a file outside ``only`` must still
resolve).
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coop.diagnostics import Diagnostic
from coop.load import prefetch
from coop.load.positions import Positions
from coop.load.scan import discover, scan_tree
from coop.load.state import FilesState, files_state
from coop.validate import hint, quick
from coop.validate.cache import (
    RACY_MARGIN_NS,
    FileEntry,
    Summary,
    ValidationCache,
    cache_disabled_by_env,
    combined_fingerprint,
    context_key,
    new_generation,
    stat_fingerprints,
    tool_fingerprint,
    trusted_before_now,
)
from coop.validate.finish import finish, lines_for
from coop.validate.outcome import PARALLEL_THRESHOLD, Options, Result
from coop.validate.results import FileResult, rows_of
from coop.validate.storing import Storing
from coop.validate.xref import BUCKETS

# The data model and the rules are imported where a file must really be
# checked: a run answered from the cache (coop.validate.quick) never needs them.
if TYPE_CHECKING:
    from coop.kb.config import Settings
    from coop.kb.index import KnowledgeBase
    from coop.load.files import SourceFile
    from coop.load.yaml_reader import YamlProblem
    from coop.validate.batch import Checked, Job

__all__ = ["PARALLEL_THRESHOLD", "Options", "Result", "load_kb", "scan", "validate"]

# Files per batch: bounds the memory a batch's parsed records take.
BATCH_SIZE = 2000
# Files per batch sent to a worker: small enough that the last one, which may
# run alone while the other processors wait, is short (500 national files
# take ~0.3 s), large enough that sending them costs little.
WORKER_BATCH = 500

# Collections scanned under data/ (coop.kb.index.ALLCOLLECTIONS, without its imports).
COLLECTIONS = ("territories", "agreements", "bodies", "people", "themes")


def load_kb(
    root: Path, settings: Settings, keep_positions: bool = False
) -> tuple[KnowledgeBase, list[tuple[SourceFile, YamlProblem]]]:
    """Read every file and build the full index of records (for reports, queries).

    Unless ``keep_positions``, each file's raw data and position map are
    dropped once its records are built: problems already carry their line and
    column, and on a national knowledge base these maps are most of the memory.
    """
    from coop.kb.index import KnowledgeBase

    # Thousands of long-lived objects: the cyclic GC would rescan them all
    # again and again during the load (measured 4x slower); nothing here
    # creates cycles that need collecting.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        kb, record_problems = KnowledgeBase.build(
            root, settings, _read_all(root, settings, keep_positions)
        )
    finally:
        if was_enabled:
            gc.enable()
    problems = [(s, p) for s in kb.files for p in s.problems] + record_problems
    return kb, problems


def _read_all(root: Path, settings: Settings, keep_positions: bool) -> Iterable[SourceFile]:
    """Each file read and parsed, handed to the index one at a time; unless
    ``keep_positions``, its data and positions are dropped as soon as the
    index has built its records (the index asks for the next file only then),
    so that at most one file's parse is alive at a time: on the 56,000-file
    benchmark, holding them all made the load peak at 1.1 GB."""
    from coop.load.files import read_source

    empty = Positions()
    for entry in discover(root, COLLECTIONS):
        source = read_source(entry, settings.max_file_size)
        yield source
        if not keep_positions:
            source.data = None
            source.positions = empty


def validate(root: Path, options: Options) -> Result:
    # Hundreds of thousands of long-lived tuples (scan, cache, index) and no
    # cycles worth collecting: with the collector on, loading the cache of
    # the national benchmark took 0.5 s instead of 0.16 s.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        use_cache = options.use_cache and not cache_disabled_by_env()
        # Files changed after this instant are never trusted by their stat
        # alone; taken before the files' state and before any file is read.
        trusted_before = trusted_before_now()
        state = last = None
        if use_cache:
            # Taken before any file is read: see quick.answer_from_state. The
            # entry point may have had it taken while coop started; the racy
            # margin then counts from that instant.
            taken = prefetch.take(str(root))
            if taken is not None:
                state, started = taken
                trusted_before = min(trusted_before, started - RACY_MARGIN_NS)
            else:
                state = files_state(str(root))
            last = quick.last_summary(root)  # read once for the answers below
            answered = quick.answer_from_state(root, options, state, last) if last else None
            # Answered from the state after a guess of a change, the guess
            # was wrong (a folder moved, no record changed: an editor's swap
            # file): the hint is taken anew, else every run would guess so.
            if answered is not None and not prefetch.guessed_changed():
                return answered
            result = (
                answered
                if answered is not None
                else _check(root, options, state, last, trusted_before)
            )
            # For the next run's guess (coop.validate.hint): when this state
            # was taken (trusted_before is the margin before it), its folders.
            hint.record(str(root), trusted_before + RACY_MARGIN_NS, state.folders)
            return result
        return _check(root, options, None, None, trusted_before)
    finally:
        if was_enabled:
            gc.enable()


def _check(
    root: Path,
    options: Options,
    state: FilesState | None,
    last: Summary | None,
    trusted_before: int,
) -> Result:
    """What the last run's summary could not answer alone: the changed
    folders, else every file (by content where the cache has it)."""
    if last is not None and state is not None:
        from coop.validate.folders import validate_folders

        answered = validate_folders(root, options, state, last, trusted_before)
        if answered is not None:
            return answered
    jobs = scan(root)
    if last is not None:
        answered = quick.answer(root, options, jobs, last)
        if answered is not None:
            return answered
    return _validate(root, options, jobs, state is not None, state, trusted_before)


def scan(root: Path) -> list[Job]:
    """Every candidate file with its size and mtime; non-regular files come with a problem."""
    return list(scan_tree(root, COLLECTIONS))


def _validate(
    root: Path,
    options: Options,
    jobs: list[Job],
    use_cache: bool,
    state: FilesState | None,
    trusted_before: int,
) -> Result:
    from coop.validate.settings import load_settings

    settings, config_problems = load_settings(root)
    cache = ValidationCache(root, context(root, settings, options), use_cache)
    stats = stat_fingerprints(jobs)
    fingerprint = combined_fingerprint(stats)
    newest = max((job.mtime_ns for job in jobs), default=0)

    summary = cache.load_summary()
    if (
        summary is None
        or summary.stat_fingerprint != fingerprint
        or newest >= summary.trusted_before_ns
    ):
        summary = _check_all(root, settings, options, jobs, cache, stats, summary, trusted_before)
    return conclude(root, options, settings, config_problems, cache, summary, state)


def conclude(
    root: Path,
    options: Options,
    settings: Settings,
    config_problems: list[YamlProblem],
    cache: ValidationCache,
    summary: Summary,
    state: FilesState | None,
) -> Result:
    """Record what else the run depended on in its summary, store it, and
    make the result."""
    summary.config_rows = [
        ("coop.yaml", p.line, p.col, p.code, p.message, p.hint) for p in config_problems
    ]
    summary.severities = {code: str(sev) for code, sev in settings.severity.items()}
    summary.reference = _reference_label(settings, root)
    summary.tool = tool_fingerprint()
    summary.as_of = options.as_of.isoformat()
    summary.watched = _watched(root, settings)
    summary.files_state = state.digest if state is not None else None
    summary.folders = dict(state.folders) if state is not None else {}
    cache.save_summary(summary)

    rows = [*summary.rows, *summary.config_rows]
    diagnostics = finish(
        (Diagnostic(*row) for row in rows),
        settings.severity,
        options,
        summary.suppressions,
        root,
    )
    return Result(
        root,
        diagnostics,
        len(summary.files),
        summary.records,
        files=summary.files,
        lines=lines_for(diagnostics, root),
        reference=summary.reference,
    )


def _check_all(
    root: Path,
    settings: Settings,
    options: Options,
    jobs: list[Job],
    cache: ValidationCache,
    stats: dict[str, str],
    last: Summary | None,
    trusted_before: int,
) -> Summary:
    """Check the files that changed since ``last`` (all of them without it);
    a cached result is reused by its stat alone only for a file last modified
    before ``trusted_before``."""
    from coop.validate import crossfile

    previous = cache.load_files()
    # The previous findings can be updated only if they and the cached
    # results come from the same run (a run may be cut short between writes).
    consistent = last is not None and bool(previous) and cache.generations() == last.shards
    results, entries, todo = reuse_or_check(jobs, previous, trusted_before)
    for checked in run_batches(todo, root, settings, options):
        results[checked.rel] = checked.result
        entries[checked.rel] = checked.entry

    ordered = [(job.rel, results[job.rel]) for job in jobs]
    lookup = crossfile.WholeLookup(ordered)
    changed = {job.rel for job in todo} | (previous.keys() - results.keys())
    generation = new_generation()
    keep_xref = last is not None and consistent and not changed and bool(last.xref)
    # Stored meanwhile, by a child on the processor the workers have left.
    storing = Storing(cache, entries, None if keep_xref else lookup, generation)
    try:
        kb_rows = None
        if last is not None and consistent:
            kb_rows = crossfile.check_changed(
                lookup,
                {
                    rel: FileResult.from_builtin(previous[rel][3])
                    for rel in changed
                    if rel in previous
                },
                last.kb_rows,
                changed,
                root,
                settings,
                options.as_of,
            )
        if kb_rows is None:
            kb_rows = crossfile.check_all(ordered, root, settings, options.as_of)
        shards = storing.shards()
    finally:
        storing.stop()  # only if the rules raised: it has answered otherwise
    xref = (
        last.xref if keep_xref and last is not None else dict.fromkeys(range(BUCKETS), generation)
    )
    rows = rows_of(ordered)
    return Summary(
        stat_fingerprint=combined_fingerprint(stats),
        trusted_before_ns=trusted_before,
        rows=rows + kb_rows,
        suppressions={rel: r.suppressions for rel, r in ordered if r.suppressions},
        files=[rel for rel, _ in ordered],
        records=sum(r.records for _, r in ordered),
        kb_rows=kb_rows,
        folder_stats=stats,
        shards=shards,
        xref=xref,
    )


def reuse_or_check(
    jobs: Sequence[Job], previous: Mapping[str, FileEntry], trusted_before: int
) -> tuple[dict[str, FileResult], dict[str, FileEntry], list[Job]]:
    """The results and entries of the files whose cached entry still holds,
    and the files to check again."""
    results: dict[str, FileResult] = {}
    entries: dict[str, FileEntry] = {}
    todo: list[Job] = []
    for job in jobs:
        rel = job.rel
        known = previous.get(rel) if job.problem is None else None
        if known is not None and known[0] == job.size:
            size, mtime, digest, result = known
            if mtime == job.mtime_ns and mtime < trusted_before:
                results[rel] = FileResult.from_builtin(result)
                entries[rel] = known
                continue
            if _same_content(job, digest):  # touched, or checked out again: same bytes
                results[rel] = FileResult.from_builtin(result)
                entries[rel] = (size, job.mtime_ns, digest, result)
                continue
        todo.append(job)
    return results, entries, todo


def _same_content(job: Job, digest: str) -> bool:
    from coop.validate.batch import digest_of

    try:
        with open(job.path, "rb") as handle:
            return digest_of(handle.read()) == digest
    except OSError:
        return False


def run_batches(
    todo: Sequence[Job], root: Path, settings: Settings, options: Options
) -> list[Checked]:
    """Check files in batches: in worker processes when there are many, else here.

    Batches bound memory too: a batch's parsed records and positions are
    dropped once its compact results are out.
    """
    from coop.processes import default_jobs, slices_in_workers
    from coop.validate.batch import check_batch

    workers = options.jobs or default_jobs()
    if workers <= 1 or len(todo) < options.min_parallel:
        out: list[Checked] = []
        for start in range(0, len(todo), BATCH_SIZE):
            out.extend(check_batch(todo[start : start + BATCH_SIZE], root, settings, options.as_of))
        return out
    from coop.model import build_schemas

    build_schemas()  # once here rather than in each worker
    size = max(1, min(WORKER_BATCH, math.ceil(len(todo) / (workers * 4))))
    work = partial(check_batch, root=root, settings=settings, as_of=options.as_of)
    out = []
    for batch in slices_in_workers(work, todo, size, workers):
        out.extend(batch)
    return out


def context(root: Path, settings: Settings, options: Options) -> str:
    """Everything besides a file's own bytes that its result depends on."""
    from coop.rules import RULES

    parts = [
        options.as_of.isoformat(),
        settings.model_dump_json(),
        ",".join(f"{r.code}:{r.scope}" for r in RULES.values()),
    ]
    if settings.documents:
        folder = root / settings.documents
        try:
            parts.append("\x1f".join(sorted(p.name for p in folder.iterdir() if p.is_file())))
        except OSError:
            parts.append("<no documents folder>")
    parts.append(_reference_fingerprint(settings, root))  # root: a KB-local COG copy counts
    return context_key(parts)


def _watched(root: Path, settings: Settings) -> list[tuple[str, str, str]]:
    """The inputs besides the files that a later run must find unchanged to
    reuse this result without the engine (see coop.validate.quick)."""
    from coop.kb.config import CONFIG_FILE

    watched = [quick.watch(quick.BYTES, root / CONFIG_FILE)]
    if settings.documents:
        watched.append(quick.watch(quick.LISTING, root / settings.documents))
    from coop.reference import cog
    from coop.reference.errors import ReferenceDataError

    watched.append(quick.watch(quick.LISTING, root / cog.KB_DIR))  # a KB-local copy appearing
    try:
        where = cog.locate(settings, root)
    except ReferenceDataError:
        return watched
    watched.append(quick.watch(quick.BYTES, where.path))
    return watched


def _reference_fingerprint(settings: Settings, root: Path) -> str:
    try:
        from coop.reference import cog  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return ""
    fingerprint: Any = getattr(cog, "fingerprint", None)
    return str(fingerprint(settings, root)) if fingerprint is not None else ""


def _reference_label(settings: Settings, root: Path) -> str | None:
    try:
        from coop.reference import cog  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    label: Any = getattr(cog, "label", None)
    return str(label(settings, root)) if label is not None else None
