"""The knowledge-base rules (``SCOPE = "kb"``), over the whole index or only
what a change can affect.

Every finding of these rules is about one reference (R002, R003, I005: the
reference, the declarations of its target and of its owner) or one id (R001:
its declarations), except R002's closest-id hints, which read the list of
every id. So when a few files change, only these findings can change:

- those located in the changed files;
- those about references to, or declarations of, an id the changed files
  declare (before or after the change): such files are *affected* too;
- R002 hints anywhere, if the set of declared ids changed: files holding an
  unknown reference are then affected too.

An incremental run re-runs the rules on the affected files' references and
the full declarations of every id they involve, keeps the findings located
in affected files, and keeps the previous findings of every other file. A
test checks it against a full run after edits of every kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from coop.load.scan import file_order_key
from coop.validate.index import GlobalIndex
from coop.validate.outcome import Row
from coop.validate.results import FileResult
from coop.validate.xref import Xref

if TYPE_CHECKING:
    from coop.kb.config import Settings

# Past this share of changed files, the whole index is cheaper than working out what changed.
INCREMENTAL_LIMIT = 0.05


def check_all(
    ordered: Sequence[tuple[str, FileResult]], root: Path, settings: Settings, as_of: dt.date
) -> list[Row]:
    """The findings of every knowledge-base rule over the whole index."""
    return _run(GlobalIndex.from_results(ordered), root, settings, as_of)


class Lookup(Protocol):
    """What an incremental run reads of the knowledge base after the change."""

    files: int  # how many files it has

    def results(self, rels: Iterable[str]) -> list[tuple[str, FileResult]]:
        """The results of those of ``rels`` that exist, in file order."""
        ...

    @property
    def xref(self) -> Xref:
        """The index after the change (its buckets read when asked)."""
        ...


class WholeLookup:
    """A lookup over every file's result, at hand."""

    def __init__(self, ordered: Sequence[tuple[str, FileResult]]) -> None:
        self.files = len(ordered)
        self._current = dict(ordered)
        self._xref: Xref | None = None

    def results(self, rels: Iterable[str]) -> list[tuple[str, FileResult]]:
        current = self._current
        found = [rel for rel in rels if rel in current]
        return [(rel, current[rel]) for rel in sorted(found, key=file_order_key)]

    @property
    def xref(self) -> Xref:
        if self._xref is None:
            self._xref = Xref.build(self._current.items())
        return self._xref


def check_changed(
    lookup: Lookup,
    previous: dict[str, FileResult],  # the previous results of the changed files
    previous_rows: list[Row],
    changed: set[str],
    root: Path,
    settings: Settings,
    as_of: dt.date,
) -> list[Row] | None:
    """The findings after ``changed`` files (edited, added or deleted) changed,
    from the previous run's results and findings; None when a full run is
    needed (too many changes, or more unknown references than R002 hints)."""
    from coop.rules.r002_unknown_reference import CODE as UNKNOWN
    from coop.rules.r002_unknown_reference import MAX_SUGGESTIONS

    if len(changed) > INCREMENTAL_LIMIT * max(lookup.files, 1):
        return None
    xref = lookup.xref
    touched: set[str] = set()  # ids declared by a changed file, before or after
    for _, result in [*lookup.results(changed), *previous.items()]:
        touched.update(row[0] for row in result.declarations)

    affected = set(changed)
    elsewhere: set[str] = set()  # touched ids that files which did not change declare
    for record_id in touched:
        for rel in xref.declarers(record_id):
            affected.add(rel)
            if rel not in changed:
                elsewhere.add(record_id)
        affected.update(xref.referencers(record_id))
    # An id appears or disappears only through a changed file; then every
    # R002 hint may change.
    known = xref.known
    declared_before = elsewhere.union(
        row[0] for result in previous.values() for row in result.declarations
    )
    if any((record_id in known) != (record_id in declared_before) for record_id in touched):
        affected.update(row[0] for row in previous_rows if row[3] == UNKNOWN)

    involved = set(touched)
    for _, result in lookup.results(affected):
        involved.update(row[0] for row in result.declarations)
        involved.update(ref[0] for ref in result.references)
        involved.update(ref[4] for ref in result.references)
    # The files the index below reads: the affected ones, and every
    # declaration of an id they involve.
    relevant = set(affected)
    for record_id in involved:
        relevant.update(xref.declarers(record_id))
    index = GlobalIndex.from_results(lookup.results(relevant), ids=involved, referencing=affected)
    index.known = known
    rows = [row for row in previous_rows if row[0] not in affected]
    rows += [row for row in _run(index, root, settings, as_of) if row[0] in affected]
    if sum(1 for row in rows if row[3] == UNKNOWN) > MAX_SUGGESTIONS:
        return None  # hints are given to the first ones in file order: only a full run knows
    return rows


def _run(index: GlobalIndex, root: Path, settings: Settings, as_of: dt.date) -> list[Row]:
    from coop.kb.index import KnowledgeBase
    from coop.rules import RULES
    from coop.rules.base import Context
    from coop.validate.batch import locate

    context = Context(KnowledgeBase(root, settings), as_of, index)
    rows: list[Row] = []
    for rule in RULES.values():
        if rule.check is not None and rule.scope == "kb":
            for finding in rule.check(context):
                rel, line, col = locate(finding)
                rows.append((rel, line, col, rule.code, finding.message, finding.hint))
    return rows
