"""Which files declare, and which files reference, each id.

After an edit, the knowledge-base rules need only the files that declare or
reference the ids the edit touches (``coop.validate.crossfile``). Found by
walking every file's results, that costs reading them all: on a national
knowledge base, ~27 MB of cached results for one edited file. This index
answers instead; it is built by a run that has every result at hand, kept in
the cache and updated by a run that re-checked a few files.

It is cut in buckets by a hash of the id, each stored apart, so that a run
reads and writes only the buckets of the ids it asks about or changes: whole,
the national benchmark's is 7 MB (~157,000 pairs of an id and a file that
references it), and reading it took 0.11 s.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from coop.validate.results import FileResult

BUCKETS = 64

# id -> the (file, collection) of each of its declarations
Declared = dict[str, Sequence[tuple[str, str]]]
# id -> the files that reference it (each once)
Referenced = dict[str, Sequence[str]]
Bucket = tuple[Declared, Referenced]


class MissingBucket(Exception):
    """A bucket to read is not stored (or not of the expected run)."""


def bucket_of(record_id: str) -> int:
    # Not hash(): it differs from one process to the next.
    return zlib.crc32(record_id.encode("utf-8", "surrogateescape")) % BUCKETS


class Xref:
    """The index, whole (:meth:`build`) or read bucket by bucket as asked."""

    def __init__(self, load: Callable[[int], Bucket | None] | None = None) -> None:
        self._load = load  # None: every bucket is here (an absent one is empty)
        self._buckets: dict[int, Bucket] = {}
        self.changed: set[int] = set()  # buckets changed since built or read

    @classmethod
    def build(cls, results: Iterable[tuple[str, FileResult]]) -> Xref:
        """The whole index of these results (each bucket to store)."""
        # Gathered by id first, then cut in buckets: one hash per id rather
        # than per occurrence (213,000 of them on the national benchmark).
        declared: dict[str, list[tuple[str, str]]] = {}
        referenced: dict[str, list[str]] = {}
        for rel, result in results:
            for row in result.declarations:
                found = declared.get(row[0])
                if found is None:
                    declared[row[0]] = [(rel, row[1])]
                else:
                    found.append((rel, row[1]))
            for target in {ref[0] for ref in result.references}:
                files = referenced.get(target)
                if files is None:
                    referenced[target] = [rel]
                else:
                    files.append(rel)
        xref = cls()
        buckets = xref._buckets
        for number in range(BUCKETS):
            buckets[number] = ({}, {})
        for record_id, declarations in declared.items():
            buckets[bucket_of(record_id)][0][record_id] = declarations
        for target, files in referenced.items():
            buckets[bucket_of(target)][1][target] = files
        xref.changed = set(range(BUCKETS))
        return xref

    def _bucket(self, number: int) -> Bucket:
        found = self._buckets.get(number)
        if found is None:
            if self._load is None:
                found = ({}, {})
            else:
                found = self._load(number)
                if found is None:
                    raise MissingBucket(number)
            self._buckets[number] = found
        return found

    def add(self, rel: str, result: FileResult) -> None:
        # Entries read from the cache are tuples: one becomes a list when it
        # first grows (most never do).
        for row in result.declarations:
            number = bucket_of(row[0])
            declared = self._bucket(number)[0]
            found = declared.get(row[0])
            if isinstance(found, list):
                found.append((rel, row[1]))
            else:
                declared[row[0]] = [*(found or ()), (rel, row[1])]
            self.changed.add(number)
        for target in dict.fromkeys(ref[0] for ref in result.references):
            number = bucket_of(target)
            referenced = self._bucket(number)[1]
            files = referenced.get(target)
            if isinstance(files, list):
                files.append(rel)
            else:
                referenced[target] = [*(files or ()), rel]
            self.changed.add(number)

    def remove(self, rel: str, result: FileResult) -> None:
        for record_id in {row[0] for row in result.declarations}:
            number = bucket_of(record_id)
            declared = self._bucket(number)[0]
            kept = [d for d in declared.get(record_id, ()) if d[0] != rel]
            if kept:
                declared[record_id] = kept
            else:
                declared.pop(record_id, None)
            self.changed.add(number)
        for target in {ref[0] for ref in result.references}:
            number = bucket_of(target)
            referenced = self._bucket(number)[1]
            files = [f for f in referenced.get(target, ()) if f != rel]
            if files:
                referenced[target] = files
            else:
                referenced.pop(target, None)
            self.changed.add(number)

    def declarers(self, record_id: str) -> list[str]:
        return [rel for rel, _ in self._bucket(bucket_of(record_id))[0].get(record_id, ())]

    def referencers(self, record_id: str) -> Sequence[str]:
        return self._bucket(bucket_of(record_id))[1].get(record_id, ())

    def is_declared(self, record_id: str) -> bool:
        return record_id in self._bucket(bucket_of(record_id))[0]

    @property
    def known(self) -> Mapping[str, frozenset[str]]:
        """Every declared id and its collections."""
        return _Known(self)

    def every_declared(self) -> Declared:
        """Every declaration of every id (reads every bucket)."""
        out: Declared = {}
        for number in range(BUCKETS):
            out.update(self._bucket(number)[0])
        return out

    def payloads(self, buckets: Iterable[int]) -> dict[int, dict[str, Any]]:
        """What to store of these buckets. A path is one string object however
        often it appears, so ``marshal`` writes it once and refers to it after."""
        return {
            number: {"declared": self._bucket(number)[0], "referenced": self._bucket(number)[1]}
            for number in buckets
        }


def bucket_from_payload(data: Mapping[str, Any]) -> Bucket | None:
    declared, referenced = data.get("declared"), data.get("referenced")
    if not isinstance(declared, dict) or not isinstance(referenced, dict):
        return None
    return declared, referenced


class _Known(Mapping[str, frozenset[str]]):
    """Each declared id's collections. Whether an id is declared reads one
    bucket; only closest-id hints, which list them all, read every bucket."""

    def __init__(self, xref: Xref) -> None:
        self._xref = xref
        self._all: Declared | None = None

    def _every(self) -> Declared:
        if self._all is None:
            self._all = self._xref.every_declared()
        return self._all

    def __getitem__(self, record_id: str) -> frozenset[str]:
        found = self._xref._bucket(bucket_of(record_id))[0][record_id]
        return frozenset(collection for _, collection in found)

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, str) and self._xref.is_declared(record_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())
