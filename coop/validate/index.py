"""The cross-file view that knowledge-base rules need: every declared id and
every reference, with their positions, gathered from per-file results.

It is small (no records), so it can be rebuilt from the cache on every run
while only changed files are parsed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import NamedTuple

from coop.validate.results import FileResult

# Named tuples rather than frozen dataclasses: a national knowledge base has
# ~300,000 references, and a tuple is built several times faster.


class Site(NamedTuple):
    """A position in a file, for findings that are not about a parsed record."""

    rel: str
    line: int
    col: int


class Declaration(NamedTuple):
    id: str
    collection: str
    site: Site  # where the id is written
    kind: str | None = None  # territories: kind and official codes, for COG rules
    siren: str | None = None
    insee: str | None = None
    entity: str | None = None  # territories: the COG entry their codes designate (its key)


class ReferenceSite(NamedTuple):
    target: str
    collections: tuple[str, ...]
    rel: str  # where the referencing value is written
    line: int
    col: int
    owner: str  # id of the record holding the reference
    field: str  # dotted path inside that record, e.g. "members.2" or "parties.0.territory"

    @property
    def site(self) -> Site:
        # Built only for a finding: most of ~300,000 references never need one.
        return Site(self.rel, self.line, self.col)


@dataclass
class GlobalIndex:
    """Declarations and references of the files, in file order.

    It may hold only part of the knowledge base (see coop.validate.crossfile):
    then ``declarations`` holds every declaration of the ids it names, and
    ``known`` still names every declared id of the knowledge base, with its
    collections, for rules that need them all (closest-id hints).
    """

    declarations: dict[str, list[Declaration]] = field(default_factory=lambda: defaultdict(list))
    references: list[ReferenceSite] = field(default_factory=list)
    known: Mapping[str, AbstractSet[str]] | None = None  # None: ``declarations`` holds every id
    _collections: dict[str, frozenset[str]] | None = field(default=None, repr=False)

    @classmethod
    def from_results(
        cls,
        results: Iterable[tuple[str, FileResult]],
        ids: Container[str] | None = None,
        referencing: Container[str] | None = None,
    ) -> GlobalIndex:
        """The index of ``results``; only the declarations of ``ids`` and the
        references of the files ``referencing`` when they are given."""
        index = cls()
        declarations = index.declarations
        references = index.references
        for rel, result in results:
            for record_id, collection, line, col, kind, siren, insee, entity in result.declarations:
                if ids is None or record_id in ids:
                    declarations[record_id].append(
                        Declaration(
                            record_id, collection, Site(rel, line, col), kind, siren, insee, entity
                        )
                    )
            if referencing is None or rel in referencing:
                for target, collections, line, col, owner, path in result.references:
                    references.append(
                        ReferenceSite(target, collections, rel, line, col, owner, path)
                    )
        return index

    def collections_of(self, record_id: str) -> frozenset[str]:
        return self.collections_by_id.get(record_id, frozenset())

    @property
    def collections_by_id(self) -> dict[str, frozenset[str]]:
        """Each declared id's collections, computed once (R003 asks for every reference)."""
        if self._collections is None:
            self._collections = {
                record_id: frozenset(d.collection for d in found)
                for record_id, found in self.declarations.items()
            }
        return self._collections

    def ids_in(self, collections: tuple[str, ...]) -> list[str]:
        if self.known is not None:
            return sorted(i for i, found in self.known.items() if not found.isdisjoint(collections))
        return sorted(
            record_id
            for record_id, found in self.declarations.items()
            if any(d.collection in collections for d in found)
        )
