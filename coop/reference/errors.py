"""What can go wrong with reference data, as typed exceptions for the CLI to map."""

from __future__ import annotations


class ReferenceDataError(Exception):
    """Reference data missing, unreadable or malformed: a usage error (exit 2)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def __reduce__(self) -> tuple[type[ReferenceDataError], tuple[str, str | None]]:
        # Raised in validation worker processes: keep the hint across pickling.
        return type(self), (str(self), self.hint)


class CodeError(ReferenceDataError):
    """A SIREN or INSEE code given by the user that is malformed or not in the COG."""
