"""Compact, per-file results of validation: what the cache stores and workers return.

Only builtins (tuples, strings, ints), so ``marshal`` can store them and
processes can exchange them cheaply; no pydantic objects cross a process.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

# (line, col, code, message, hint)
DiagnosticRow = tuple[int, int, str, str, str | None]
# (id, collection, line, col, kind, siren, insee, COG entity key): kind, codes and
# the COG entry its codes designate (coop.reference.cog.entity_key) for territories
DeclarationRow = tuple[str, str, int, int, str | None, str | None, str | None, str | None]
# (target id, accepted collections, line, col, owner record id, field path "members.2")
ReferenceRow = tuple[str, tuple[str, ...], int, int, str, str]
# (line, codes or None for all)
SuppressionRow = tuple[int, tuple[str, ...] | None]


class FileResult(NamedTuple):
    """Everything validation needs to know about one file, once it was checked."""

    diagnostics: tuple[DiagnosticRow, ...]  # file-level and record-level findings
    declarations: tuple[DeclarationRow, ...]
    references: tuple[ReferenceRow, ...]
    suppressions: tuple[SuppressionRow, ...]
    records: int  # valid records the file holds

    def to_builtin(self) -> tuple[object, ...]:
        return tuple(self)

    @classmethod
    def from_builtin(cls, value: tuple[object, ...]) -> FileResult:
        return cls(*value)  # type: ignore[arg-type]


def rows_of(
    results: Iterable[tuple[str, FileResult]],
) -> list[tuple[str, int, int, str, str, str | None]]:
    """The files' own findings as a summary stores them, each with its path."""
    return [(rel, *diagnostic) for rel, result in results for diagnostic in result.diagnostics]
