"""The knowledge base of a site, its files parsed by this process and the
site's workers at once.

The workers are forked before the load (``coop.report.workers``) and would
otherwise wait through it; parsing is nearly nine tenths of a load. This is
``coop.validate.engine.load_kb`` with the parsing shared: the same files in
the same order (``scan_tree``, as ``discover``), each read by ``read_source``,
handed in that order to the index (``build_file`` and
``KnowledgeBase.index_file``, as ``add_file``) and dropped once its records
are built;
the files are cut into chunks, most of them parsed by the workers and sent
back whole (data and positions, as ``read_source`` made them). Tests check
that the knowledge base and the problems are ``load_kb``'s.

A worker that fails (a file that breaks the parser, a kill) leaves its
chunks to this process, so such a file fails here as it does in ``load_kb``.

With a store of what an earlier run built of each file
(``coop.report.stored``), this process takes the records of the files it
holds from there, without reading an unchanged file (its size and mtime
tell) nor building or compacting anything; it parses and builds only the
others, and stores the clean ones for the next run.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

from coop.kb.config import Settings
from coop.kb.index import ALL_COLLECTIONS, KnowledgeBase, build_file
from coop.load.files import SourceFile
from coop.load.positions import Positions
from coop.load.scan import Found, scan_tree
from coop.load.yaml_reader import YamlProblem
from coop.model import Record
from coop.report.compact import Compactor
from coop.report.pool import Pool, Worker
from coop.report.stored import Store, Taken, read_file, take_file
from coop.validate.engine import load_kb

# Files per chunk: a worker's message of parsed files is then ~170 kB, and
# its pipe holds a few, so that it can parse ahead.
CHUNK = 100
# This process's share of the parsing, against 1 for each worker.
OWN_SHARE = 0.5

Problems = list[tuple[SourceFile, YamlProblem]]


def load(
    root: Path,
    settings: Settings,
    pool: Pool | None,
    compactor: Compactor | None = None,
    store: Store | None = None,
) -> tuple[KnowledgeBase, Problems]:
    """The knowledge base and its problems; with ``compactor``, its records
    made compact (``coop.report.compact``), as they are built when ``pool``
    parses files or ``store`` is given; with ``store`` (made before this
    call: see ``Store``), files taken from it where it holds them, and the
    clean files built kept in it."""
    if store is None and (pool is None or not pool.workers):
        kb, problems = load_kb(root, settings)
        if compactor is not None:
            compactor.compact(kb.iter_records())
        return kb, problems
    was_enabled = gc.isenabled()
    # As load_kb: millions of long-lived objects, no cycles; and the records
    # taken from the store are there already, which every collection the
    # scan's allocations set off would walk.
    gc.disable()
    try:
        kb, record_problems = _load(root, settings, pool, compactor, store)
    finally:
        if was_enabled:
            gc.enable()
    problems = [(s, p) for s in kb.files for p in s.problems] + record_problems
    return kb, problems


def _load(
    root: Path,
    settings: Settings,
    pool: Pool | None,
    compactor: Compactor | None,
    store: Store | None,
) -> tuple[KnowledgeBase, Problems]:
    # The scan's stat of each file, which the store compares with its own.
    found = list(scan_tree(root, ALL_COLLECTIONS))
    chunks = [found[start : start + CHUNK] for start in range(0, len(found), CHUNK)]
    del found
    if (store is not None and store.warm) or pool is None or not pool.workers:
        # Most files are stored: parsing the few others is not worth a
        # worker's time (nor its messages).
        owners = [0] * len(chunks)
    else:
        owners = _owners(len(chunks), len(pool.workers))
    workers = pool.workers if pool is not None else []
    for number, worker in enumerate(workers, start=1):
        given = [
            [each.entry() for each in chunk]
            for chunk, owner in zip(chunks, owners, strict=True)
            if owner == number
        ]
        if given:
            worker.parse(given, settings.max_file_size)
        del given  # its feeder holds them until they are sent
    parties: list[Worker | None] = [None, *workers]
    sources = _sources(chunks, owners, parties, settings.max_file_size, store)
    built = _build(root, settings, sources, compactor, store)
    if store is not None:
        store.settle()
    return built


def _build(
    root: Path,
    settings: Settings,
    sources: Iterator[tuple[Found, Taken]],
    compactor: Compactor | None,
    store: Store | None,
) -> tuple[KnowledgeBase, Problems]:
    """``KnowledgeBase.build``, the records built made compact every
    ``CHUNK`` files: the peak is then the compact records, not the loaded
    ones. Each file built without any problem is kept in ``store``; those
    taken from it were compact already."""
    kb = KnowledgeBase(root, settings)
    problems: Problems = []
    fresh: list[Record] = []
    for found, (source, key, built) in sources:
        if built is not None:
            kb.index_file(source, built)
            continue
        built, found_problems = build_file(source)
        kb.index_file(source, built)
        problems.extend((source, p) for p in found_problems)
        if store is not None and key is not None and _clean(source) and not found_problems:
            store.keep(found, key, built)
        if compactor is not None:
            fresh += built.records
            if len(fresh) >= CHUNK:
                compactor.compact(fresh)
                fresh = []
    if compactor is not None:
        compactor.compact(fresh)
    return kb, problems


def _clean(source: SourceFile) -> bool:
    """A file whose parse's positions no one will ever read: it has no
    problem, and no suppression comment (which only the parse finds)."""
    return source.readable and not source.problems and not source.suppressions


def _owners(chunks: int, workers: int) -> list[int]:
    """Who parses each chunk: 0 for this process, n for the n-th worker.

    This process also builds every record and unpickles what the workers
    parsed (a third of parsing a file, positions included), so it takes
    fewer chunks: ``OWN_SHARE`` of a worker's, spread evenly.
    """
    weights = [OWN_SHARE] + [1.0] * workers
    given = [0] * len(weights)
    owners = []
    for _ in range(chunks):
        owner = min(range(len(weights)), key=lambda n: ((given[n] + 1) / weights[n], n))
        given[owner] += 1
        owners.append(owner)
    return owners


def _sources(
    chunks: list[list[Found]],
    owners: list[int],
    parties: list[Worker | None],
    max_size: int,
    store: Store | None,
) -> Iterator[tuple[Found, Taken]]:
    """Every file in order, each dropped (data, positions) once the index
    has built its records and asks for the next; so is its path (a site
    never reads it again: ~35 MB of paths on a national knowledge base),
    and its empty problems and suppressions are made one object."""
    empty = Positions()
    no_problems: list[YamlProblem] = []
    no_suppressions: dict[int, frozenset[str] | None] = {}
    failed: set[int] = set()
    for index, party in enumerate(owners):
        chunk, chunks[index] = chunks[index], []  # its entries go once read
        worker = parties[party]
        parsed = None
        if worker is not None and party not in failed:
            parsed = worker.parsed()
            if parsed is None:
                failed.add(party)
        taken: Iterator[Taken]
        if parsed is not None:
            for (source, _), each in zip(parsed, chunk, strict=True):
                source.path = Path(each.path)  # sent without it
            taken = ((source, key, None) for source, key in parsed)
        else:
            # This process's own files are read one at a time, as load_kb does.
            taken = _read(chunk, max_size, store)
        for each, item in zip(chunk, taken, strict=True):
            yield each, item
            source = item[0]
            source.data = None
            source.positions = empty
            source.path = None  # type: ignore[assignment]
            if not source.problems:
                source.problems = no_problems
            if not source.suppressions:
                source.suppressions = no_suppressions


def _read(chunk: list[Found], max_size: int, store: Store | None) -> Iterator[Taken]:
    for each in chunk:
        if store is not None:
            yield take_file(each, max_size, store)
        else:
            source, key = read_file(each.entry(), max_size)
            yield source, key, None
