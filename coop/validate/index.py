"""The cross-file view that knowledge-base rules need: every declared id and
every reference, with their positions, gathered from per-file results.

It is small (no records), so it can be rebuilt from the cache on every run
while only changed files are parsed again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from coop.validate.results import FileResult


@dataclass(frozen=True)
class Site:
    """A position in a file, for findings that are not about a parsed record."""

    rel: str
    line: int
    col: int


@dataclass(frozen=True)
class Declaration:
    id: str
    collection: str
    site: Site  # where the id is written
    kind: str | None = None  # territories: kind and official codes, for COG rules
    siren: str | None = None
    insee: str | None = None


@dataclass(frozen=True)
class ReferenceSite:
    target: str
    collections: tuple[str, ...]
    site: Site  # where the referencing value is written
    owner: str  # id of the record holding the reference
    field: str  # dotted path inside that record, e.g. "members.2" or "parties.0.territory"


@dataclass
class GlobalIndex:
    declarations: dict[str, list[Declaration]] = field(default_factory=lambda: defaultdict(list))
    references: list[ReferenceSite] = field(default_factory=list)

    @classmethod
    def from_results(cls, results: Iterable[tuple[str, FileResult]]) -> GlobalIndex:
        index = cls()
        for rel, result in results:
            for record_id, collection, line, col, kind, siren, insee in result.declarations:
                index.declarations[record_id].append(
                    Declaration(record_id, collection, Site(rel, line, col), kind, siren, insee)
                )
            for target, collections, line, col, owner, path in result.references:
                index.references.append(
                    ReferenceSite(target, collections, Site(rel, line, col), owner, path)
                )
        return index

    def collections_of(self, record_id: str) -> set[str]:
        return {d.collection for d in self.declarations.get(record_id, ())}

    def ids_in(self, collections: tuple[str, ...]) -> list[str]:
        return sorted(
            record_id
            for record_id, found in self.declarations.items()
            if any(d.collection in collections for d in found)
        )
