"""The one exception family of the report layer; the CLI maps it to exit 2."""

from __future__ import annotations


class ReportError(Exception):
    """A note could not be produced; the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint
