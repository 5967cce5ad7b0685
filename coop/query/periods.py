"""The dates a query may give; when an agreement is in force is
``coop.kb.in_force`` (one rule for queries, reports and exports)."""

from __future__ import annotations

from coop.kb.in_force import (
    EFFECTIVE_STATUSES,
    OPEN_END_STATUSES,
    Span,
    force_span,
    in_force_during,
)
from coop.query.spans import query_days, query_period

__all__ = [
    "EFFECTIVE_STATUSES",
    "OPEN_END_STATUSES",
    "Span",
    "force_span",
    "in_force_during",
    "parse_query_date",
    "parse_query_period",
]


def parse_query_date(value: str, option: str) -> Span:
    """A date option (YYYY-MM-DD, YYYY-MM or YYYY) as the span of days it covers."""
    return Span(*query_days(value, option))


def parse_query_period(first: str, last: str, option: str = "--between") -> Span:
    return Span(*query_period(first, last, option))
