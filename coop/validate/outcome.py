"""What a validation run is asked (Options) and what it answers (Result).

Kept apart from the engine, which imports the data model and every rule:
reporters, the CLI and a run answered from the cache need only these.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from coop.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from coop.kb.index import KnowledgeBase

# Below this many files to check, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 2000

# A diagnostic as stored: (path, line, col, code, message, hint)
Row = tuple[str, int, int, str, str, str | None]


@dataclass
class Options:
    as_of: dt.date = field(default_factory=dt.date.today)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    only: list[Path] = field(default_factory=list)  # report on these paths only
    strict: bool = False
    jobs: int | None = None  # worker processes; None: one per available core
    use_cache: bool = True
    min_parallel: int = PARALLEL_THRESHOLD  # fewer files to check than this: one process


@dataclass
class Result:
    root: Path
    diagnostics: list[Diagnostic]
    files_checked: int
    records: int
    files: list[str] = field(default_factory=list)
    lines: dict[str, list[str]] = field(default_factory=dict)  # source lines, for display
    reference: str | None = None  # reference data used (COG vintage), if any
    kb: KnowledgeBase | None = None  # kept for callers of the previous API; not filled

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def failed(self, strict: bool) -> bool:
        worst = {Severity.error} | ({Severity.warning} if strict else set())
        return any(d.severity in worst for d in self.diagnostics)
