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
from coop.model import PartialDate
from coop.model.dates import DATE_FORMS_HINT, InvalidDate
from coop.query.errors import InvalidQueryDate

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
    try:
        date = PartialDate.parse(value.strip())
    except InvalidDate as exc:
        raise InvalidQueryDate(f"{option}: {exc}", DATE_FORMS_HINT) from None
    return Span(date.earliest, date.latest)


def parse_query_period(first: str, last: str, option: str = "--between") -> Span:
    start = parse_query_date(first, option)
    end = parse_query_date(last, option)
    if end.last is not None and start.first > end.last:
        raise InvalidQueryDate(
            f"{option} {first} {last}: the period ends before it starts",
            "give the earlier date first",
        )
    return Span(start.first, end.last)
