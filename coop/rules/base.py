"""What a rule is: a module with a code, a name, a default severity, a
docstring that documents it, and (for knowledge-base rules) a ``check``.

Rules never print and never decide their own severity at run time: they yield
:class:`Finding` values; the engine turns them into diagnostics with the
severity the rule's default and the KB's settings give.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from coop.diagnostics import Severity
from coop.kb.index import KnowledgeBase
from coop.load.files import SourceFile
from coop.load.positions import Path
from coop.model import Record
from coop.validate.index import GlobalIndex, Site


@dataclass(frozen=True)
class Finding:
    """A problem at ``path`` inside a record, or at a :class:`Site` (``path`` empty)."""

    target: Record | SourceFile | Site
    path: Path
    message: str
    hint: str | None = None
    at_key: bool = False  # point at the key rather than its value


@dataclass(frozen=True)
class Context:
    """What a rule sees.

    Record-scope rules (the default) read ``kb``, which may hold only a batch of
    records: validation checks files in parallel batches and caches each file's
    findings, so such a rule must judge each record on its own (plus ``as_of``,
    the KB settings and reference data), and report only on that record.

    Knowledge-base rules (``SCOPE = "kb"`` in the module) read ``index``, the
    ids and references of every file, and report at a :class:`Site`.
    """

    kb: KnowledgeBase
    as_of: dt.date
    index: GlobalIndex | None = None


Check = Callable[[Context], Iterable[Finding]]


def was_dropped(record: Record, *path: str | int) -> bool:
    """True when the value at ``path`` (or below it) was present but invalid.

    Such a value was reported by the schema rules and dropped so that the rest
    of the record could be checked; a rule should not also call it missing.
    """
    return any(d[: len(path)] == path for d in record.dropped_paths)


def follows_from_dropped(finding: Finding) -> bool:
    """A finding on the parent of a dropped value: a consequence, not a new problem."""
    target = finding.target
    if not isinstance(target, Record) or not target.dropped_paths:
        return False
    return was_dropped(target, *finding.path)


FAMILIES = {
    "Y": "YAML",
    "S": "schema",
    "R": "references",
    "D": "dates",
    "I": "identifiers",
    "P": "provenance",
    "A": "agreements",
    "G": "governance",
    "C": "configuration",
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: Check | None  # None: emitted while loading files
    scope: str = "record"  # "record": judged record by record; "kb": over the index

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[0], "other")

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        doc = inspect.cleandoc(module.__doc__ or "")
        summary = doc.splitlines()[0] if doc else ""
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=getattr(module, "SEVERITY", Severity.error),
            summary=summary,
            doc=doc,
            check=getattr(module, "check", None),
            scope=getattr(module, "SCOPE", "record"),
        )
