"""The dates a query gives (--in-force-on, --between), as the days they cover.

Without the model: a filtered query answered from the stored image must not
import pydantic. A well-formed date is read here; anything else goes to the
model's ``PartialDate.parse``, so that a bad date gets exactly the message
the model gives (and the model is imported only then).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from coop.query.errors import InvalidQueryDate

# coop.model.dates' pattern: YYYY, YYYY-MM or YYYY-MM-DD.
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Days = tuple[dt.date, dt.date | None]  # first and last day; None: no end


def query_days(value: str, option: str) -> tuple[dt.date, dt.date]:
    """A date option (YYYY-MM-DD, or YYYY-MM / YYYY) as its first and last day."""
    text = value.strip()
    match = _PATTERN.match(text)
    if match:
        year, month, day = (int(group) if group else None for group in match.groups())
        assert year is not None
        try:
            last_month = month or 12
            first = dt.date(year, month or 1, day or 1)
            last = dt.date(year, last_month, day or calendar.monthrange(year, last_month)[1])
        except ValueError:  # month 13, 30 February, year 0: the model says which
            pass
        else:
            return first, last
    return _by_the_model(text, option)


def query_period(first: str, last: str, option: str = "--between") -> Days:
    start = query_days(first, option)
    end = query_days(last, option)
    if start[0] > end[1]:
        raise InvalidQueryDate(
            f"{option} {first} {last}: the period ends before it starts",
            "give the earlier date first",
        )
    return start[0], end[1]


def _by_the_model(text: str, option: str) -> tuple[dt.date, dt.date]:
    from coop.model.dates import DATE_FORMS_HINT, InvalidDate, PartialDate

    try:
        date = PartialDate.parse(text)
        return date.earliest, date.latest
    except InvalidDate as exc:
        raise InvalidQueryDate(f"{option}: {exc}", DATE_FORMS_HINT) from None
    except ValueError:  # a well-formed date the calendar has not: year 0
        raise InvalidQueryDate(f"{option}: {text!r} is not a date", DATE_FORMS_HINT) from None
