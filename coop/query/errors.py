"""Typed errors of the query layer; the CLI turns each into a usage error (exit 2)."""

from __future__ import annotations


class QueryError(Exception):
    """A question the knowledge base cannot answer as asked: a message and a hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class UnknownId(QueryError):
    """An id that names no record of the expected collections."""


class InvalidQueryDate(QueryError):
    """A date option that is not a full or partial ISO date."""


class FilterNotApplicable(QueryError):
    """A filter that means nothing for the collection asked for."""


class SqlError(QueryError):
    """SQLite refused or failed the statement; the message is SQLite's."""


class WriteRefused(QueryError):
    """A statement that would change the knowledge base's image."""
