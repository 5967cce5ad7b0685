"""The one value every check produces: a problem at a place in a file."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    off = "off"  # only in settings: the rule is not reported


SEVERITY_RANK = {Severity.error: 3, Severity.warning: 2, Severity.info: 1, Severity.off: 0}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found in the knowledge base.

    ``path`` is relative to the knowledge-base root, with ``/`` separators;
    ``line`` and ``col`` are 1-based. Diagnostics sort by position.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str | None = field(default=None, compare=False)
    severity: Severity = field(default=Severity.error, compare=False)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"
