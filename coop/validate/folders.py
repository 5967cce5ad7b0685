"""Validate again only the folders whose files changed since the last run.

The files' state (``coop.load.state``) gives each folder's digest, taken
before any file is read. When the last run's summary recorded them, a folder
whose digest is the same (and none of whose files is newer than that run's
racy margin) holds exactly the files that run checked: its findings stand.
So after an edit, a run:

- scans and re-checks by content the changed folders only, from their cached
  entries (``coop.validate.cache``'s shards);
- re-runs the knowledge-base rules where the changed files can matter
  (``coop.validate.crossfile``), reading the files that declare or reference
  the ids involved through the stored cross-references (``coop.validate.xref``);
- keeps everything else from the summary.

On the national benchmark, one edited agreement no longer means walking
56,000 files again and reading every cached result. Whenever something does
not fit (no such summary, coop.yaml or another input changed, a shard or the
cross-references missing or of another run, too many changes) this answers
None and the engine runs as before. Tests check its results against a full
run's after edits of every kind.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from coop.load.scan import file_order_key, scan_folder
from coop.load.state import FilesState
from coop.validate import quick
from coop.validate.cache import (
    FileEntry,
    Summary,
    ValidationCache,
    combined_fingerprint,
    folder_of,
    new_generation,
    stat_fingerprints,
)
from coop.validate.crossfile import INCREMENTAL_LIMIT
from coop.validate.outcome import Options, Result, Row
from coop.validate.results import FileResult, rows_of
from coop.validate.xref import Bucket, MissingBucket, Xref, bucket_from_payload

if TYPE_CHECKING:
    from coop.load.files import Found


class _Stale(Exception):
    """A shard read to answer is missing or from another run."""


def validate_folders(
    root: Path, options: Options, state: FilesState, last: Summary, trusted_before: int
) -> Result | None:
    """The result of this run from the last one's and the changed folders';
    None when the engine must run as usual."""
    changed = changed_folders(state, last)
    if not changed or "" in changed:  # "": coop.yaml, on which everything depends
        return None
    if not last.shards or not last.xref or not quick.inputs_unchanged(last, options):
        return None
    # However many folders changed, this reads no more than the engine would
    # (their shards, their files' stats); it gives up before checking files
    # if they are too many (below).
    blocks = {folder: _block(last.files, folder) for folder in changed}
    old_files = [rel for start, end in blocks.values() for rel in last.files[start:end]]

    from coop.validate import engine
    from coop.validate.settings import load_settings

    settings, config_problems = load_settings(root)
    cache = ValidationCache(root, engine.context(root, settings, options))
    try:
        stored = _shards(cache, last, changed)
    except _Stale:
        return None
    previous: dict[str, FileEntry] = {}
    for shard in stored.values():
        previous.update(shard)
    if any(rel not in previous for rel in old_files):
        return None

    jobs: list[Found] = []
    for folder in sorted(changed, key=_folder_order_key):
        jobs += scan_folder(root, folder, engine.COLLECTIONS)
    results, entries, todo = engine.reuse_or_check(jobs, previous, trusted_before)
    if len(todo) > INCREMENTAL_LIMIT * len(last.files):
        return None  # the cross-file rules would need a full run: the engine's, at once
    for checked in engine.run_batches(todo, root, settings, options):
        results[checked.rel] = checked.result
        entries[checked.rel] = checked.entry
    present = {job.rel for job in jobs}
    gone = [rel for rel in old_files if rel not in present]
    edited = {job.rel for job in todo} | set(gone)
    files = _files(last.files, blocks, jobs)

    generation = new_generation()
    xref = last.xref
    kb_rows = last.kb_rows
    if edited:
        from coop.validate import crossfile

        lookup = _Lookup(cache, last, changed, results, len(files))
        before = {
            rel: FileResult.from_builtin(previous[rel][3]) for rel in edited & previous.keys()
        }
        index = lookup.xref
        try:
            # An edit that keeps the file's ids and targets (a title, a date)
            # leaves the index as it is.
            if any(_ids(before.get(rel)) != _ids(results.get(rel)) for rel in edited):
                for rel, result in before.items():
                    index.remove(rel, result)
                for job in todo:
                    index.add(job.rel, results[job.rel])
            found = crossfile.check_changed(
                lookup, before, last.kb_rows, edited, root, settings, options.as_of
            )
        except (_Stale, MissingBucket):
            return None
        if found is None:
            return None
        kb_rows = found
        if index.changed:
            cache.save_xref(index.payloads(index.changed), generation)
            xref = {**last.xref, **dict.fromkeys(index.changed, generation)}

    by_folder: dict[str, dict[str, FileEntry]] = {}
    for job in jobs:
        by_folder.setdefault(folder_of(job.rel), {})[job.rel] = entries[job.rel]
    cache.save_folders(by_folder, generation, changed - by_folder.keys())
    shards = {f: g for f, g in last.shards.items() if f not in changed}
    shards.update(dict.fromkeys(by_folder, generation))
    stats = {f: d for f, d in last.folder_stats.items() if f not in changed}
    stats.update(stat_fingerprints(jobs))

    file_rows: list[Row] = [row for row in last.file_rows if folder_of(row[0]) not in changed]
    file_rows += rows_of((job.rel, results[job.rel]) for job in jobs)
    suppressions = {
        rel: rows for rel, rows in last.suppressions.items() if folder_of(rel) not in changed
    }
    suppressions.update(
        (job.rel, results[job.rel].suppressions) for job in jobs if results[job.rel].suppressions
    )
    records = last.records - sum(previous[rel][3][4] for rel in old_files)
    records += sum(results[job.rel].records for job in jobs)
    summary = Summary(
        stat_fingerprint=combined_fingerprint(stats),
        trusted_before_ns=trusted_before,
        rows=file_rows + kb_rows,
        suppressions=suppressions,
        files=files,
        records=records,
        kb_rows=kb_rows,
        folder_stats=stats,
        shards=shards,
        xref=xref,
    )
    return engine.conclude(root, options, settings, config_problems, cache, summary, state)


def changed_folders(state: FilesState, last: Summary) -> set[str]:
    """The folders whose files may differ from those the last run checked:
    another digest, a file within that run's racy margin, or new or gone."""
    before, now = last.folders, state.folders
    if not before or not now:
        return set()
    changed = set(before.keys() - now.keys())  # gone
    for folder, (digest, newest) in now.items():
        seen = before.get(folder)
        if seen is None or seen[0] != digest or newest >= last.trusted_before_ns:
            changed.add(folder)
    return changed


def _shards(
    cache: ValidationCache, last: Summary, folders: Collection[str]
) -> dict[str, dict[str, FileEntry]]:
    """The stored entries of these folders, each from the last run's shard."""
    wanted = [folder for folder in folders if folder in last.shards]
    stored = cache.load_folders(wanted)
    generations = cache.generations()
    for folder in wanted:
        if folder not in stored or generations.get(folder) != last.shards[folder]:
            raise _Stale(folder)
    return stored


def _block(files: list[str], folder: str) -> tuple[int, int]:
    """Where the files directly in ``folder`` are in ``files`` (in file order,
    where a folder's files come together, before its sub-folders')."""
    prefix = tuple((1, part) for part in folder.split("/"))
    start = bisect_left(files, (*prefix, (0, "")), key=file_order_key)
    end = bisect_left(files, (*prefix, (1, "")), key=file_order_key)
    return start, end


def _files(before: list[str], blocks: dict[str, tuple[int, int]], jobs: list[Found]) -> list[str]:
    """The last run's files with the changed folders' (``blocks``) replaced by
    those scanned now (``jobs``, a folder's files together)."""
    scanned: dict[str, list[str]] = {folder: [] for folder in blocks}
    for job in jobs:
        scanned[folder_of(job.rel)].append(job.rel)
    files = list(before)
    # From the last block to the first, so that the earlier ones stay in
    # place; new folders' (empty) blocks at the same place in file order.
    last_first = sorted(
        blocks, key=lambda folder: (blocks[folder][0], _folder_order_key(folder)), reverse=True
    )
    for folder in last_first:
        start, end = blocks[folder]
        files[start:end] = scanned[folder]
    return files


def _ids(result: FileResult | None) -> tuple[frozenset[tuple[str, str]], frozenset[str]]:
    """What the cross-references keep of a file's result."""
    if result is None:
        return frozenset(), frozenset()
    return (
        frozenset((row[0], row[1]) for row in result.declarations),
        frozenset(ref[0] for ref in result.references),
    )


def _folder_order_key(folder: str) -> tuple[tuple[int, str], ...]:
    return tuple((1, part) for part in folder.split("/"))


class _Lookup:
    """The knowledge base after the change, for ``crossfile.check_changed``:
    the changed folders' results at hand, the others' read from their shards
    when asked."""

    def __init__(
        self,
        cache: ValidationCache,
        last: Summary,
        changed: set[str],  # the folders re-scanned
        current: dict[str, FileResult],  # the results of their files
        files: int,
    ) -> None:
        self.files = files
        self._cache = cache
        self._last = last
        self._changed = changed
        self._current = current

        self.xref = Xref(self._bucket)

    def _bucket(self, number: int) -> Bucket | None:
        payload = self._cache.load_xref(number, self._last.xref.get(number))
        return bucket_from_payload(payload) if payload is not None else None

    def results(self, rels: Iterable[str]) -> list[tuple[str, FileResult]]:
        current = self._current
        out: dict[str, FileResult] = {}
        elsewhere: dict[str, list[str]] = {}
        for rel in rels:
            if rel in current:
                out[rel] = current[rel]
            else:
                elsewhere.setdefault(folder_of(rel), []).append(rel)
        # A file of a re-scanned folder without a result is gone.
        asked = [folder for folder in elsewhere if folder not in self._changed]
        stored = _shards(self._cache, self._last, asked)
        for folder in asked:
            if folder not in stored:
                raise _Stale(folder)
            for rel in elsewhere[folder]:
                entry = stored[folder].get(rel)
                if entry is None:  # the cross-references name a file its shard lacks
                    raise _Stale(rel)
                out[rel] = FileResult.from_builtin(entry[3])
        return [(rel, out[rel]) for rel in sorted(out, key=file_order_key)]
