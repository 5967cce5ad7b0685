"""Storing a full run's entries and index of ids, beside the cross-file rules.

A run that checked files stores every file's entry (one shard per folder)
and, unless it is unchanged, the index of ids (``coop.validate.xref``): on
the national benchmark, ~0.7 s of work that needs nothing of the
knowledge-base rules the run goes on with. So a child forked beside
(``coop.load.beside``) does it on the processor the workers have left, and
answers the generation of each folder's shard. If there is no child (a small
knowledge base, no fork) or it fails, the run stores them itself: the child
can make a run faster, never change what is stored.
"""

from __future__ import annotations

import marshal
from functools import partial
from typing import TYPE_CHECKING

from coop.load.beside import Beside, can_fork
from coop.load.state import SPLIT_FROM
from coop.validate.cache import FileEntry, ValidationCache
from coop.validate.xref import BUCKETS

if TYPE_CHECKING:
    from coop.validate.crossfile import WholeLookup


def store(
    cache: ValidationCache,
    entries: dict[str, FileEntry],
    lookup: WholeLookup | None,
    generation: str,
) -> dict[str, str]:
    """Store every file's entry and, given a lookup, the whole index of ids;
    the generation of each folder's shard."""
    shards = cache.save_entries(entries, generation)
    if lookup is not None:
        cache.save_xref(lookup.xref.payloads(range(BUCKETS)), generation)
    return shards


class Storing:
    """The storing of a run's entries (and index), started now."""

    def __init__(
        self,
        cache: ValidationCache,
        entries: dict[str, FileEntry],
        lookup: WholeLookup | None,  # None: the stored index still holds
        generation: str,
    ) -> None:
        self._enabled = cache.enabled
        self._store = partial(store, cache, entries, lookup, generation)
        self._child: Beside | None = None
        # Below SPLIT_FROM files a fork costs more than it saves.
        if self._enabled and len(entries) >= SPLIT_FROM and can_fork():
            try:
                self._child = Beside(lambda: marshal.dumps(self._store()))
            except OSError:  # no process to spare: stored here
                self._child = None

    def shards(self) -> dict[str, str]:
        """Once stored: each folder's shard generation (nothing without a cache)."""
        if not self._enabled:
            return {}
        child, self._child = self._child, None
        answer = child.result() if child is not None else None
        shards = _decoded(answer) if answer is not None else None
        return shards if shards is not None else self._store()

    def stop(self) -> None:
        """End the child if the run gave up before asking for its answer."""
        if self._child is not None:
            self._child.stop()
            self._child = None


def _decoded(answer: bytes) -> dict[str, str] | None:
    try:
        shards = marshal.loads(answer)
    except (EOFError, ValueError, TypeError):
        return None
    return shards if isinstance(shards, dict) else None
