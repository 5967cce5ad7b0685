"""When an agreement is in force: one rule for queries, reports and exports.

The rule, as ``coop query --help`` and the README state it:

- Only an agreement whose status says it took effect can be in force:
  ``signed``, ``in_force``, ``expired``, ``terminated``, or ``adopted``
  (an association's programme, say, takes effect by its adoption). An
  ``announced``, ``in_preparation``, ``abandoned`` or ``unknown`` agreement
  is never in force.
- It is in force from its ``entry_into_force``; failing that, from its
  signature date (a signed one) or from the last attested (not
  ``scheduled``) deliberation that adopted it (an ``adopted`` one); failing
  that, from the first year of a ``duration`` written as two years
  ("2023-2026"). Without any of these it has no known start and is in force
  on no date we can name.
- It stays in force until its ``end`` (inclusive); failing that, until the
  last year of a ``duration`` written as two years; failing that,
  indefinitely — except that an ``expired`` or ``terminated`` agreement with
  no end date has no known end and is in force on no date we can name.
- A partial date stands for its whole span, read generously: signed in
  "2017-01" counts as in force on every day of January 2017; ending in
  "2026" counts as in force until 31 December 2026. A query date may be
  partial too: ``--in-force-on 2024`` means "at some time in 2024".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from coop.model import Agreement, PartialDate
from coop.model.vocabulary import SIGNED_STATUSES, AgreementStatus

EFFECTIVE_STATUSES = SIGNED_STATUSES | {AgreementStatus.adopted}
OPEN_END_STATUSES = frozenset(
    {AgreementStatus.signed, AgreementStatus.in_force, AgreementStatus.adopted}
)
# "2023-2026", as programmes name their span; any other wording is not read.
_YEARS = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")


@dataclass(frozen=True)
class Span:
    """A closed interval of days; ``last`` None means no end."""

    first: dt.date
    last: dt.date | None

    def overlaps(self, other: Span) -> bool:
        if other.last is not None and self.first > other.last:
            return False
        return self.last is None or other.first <= self.last


def force_span(agreement: Agreement) -> Span | None:
    """The days ``agreement`` may be in force, or None if no date can be named."""
    if agreement.status not in EFFECTIVE_STATUSES:
        return None
    years = _duration_years(agreement.duration)
    start = agreement.entry_into_force or _act_date(agreement)
    if start is None and years is not None:
        start = years[0]
    if start is None:
        return None
    end = agreement.end or (years[1] if years else None)
    if end is not None:
        return Span(start.earliest, end.latest)
    if agreement.status in OPEN_END_STATUSES:
        return Span(start.earliest, None)
    return None


def _act_date(agreement: Agreement) -> PartialDate | None:
    """The date of the act that made it take effect: signature, or adoption."""
    if agreement.status in SIGNED_STATUSES:
        return agreement.signature.date if agreement.signature else None
    votes = [d.date for d in agreement.deliberations if d.date and not d.scheduled]
    return max(votes, key=PartialDate.sort_key) if votes else None


def _duration_years(duration: str | None) -> tuple[PartialDate, PartialDate] | None:
    match = _YEARS.match(duration or "")
    if not match:
        return None
    first, last = (PartialDate(int(year)) for year in match.groups())
    return (first, last) if first.year <= last.year else None


def in_force_during(agreement: Agreement, span: Span) -> bool:
    """True when ``agreement`` may be in force on some day of ``span``."""
    force = force_span(agreement)
    return force is not None and force.overlaps(span)


def in_force_verdict(agreement: Agreement, day: dt.date) -> bool | None:
    """In force on ``day``: True, False, or None when the knowledge base cannot
    tell (unknown status; a start or end known only to the year or month that
    holds ``day``; an end date missing on an ended agreement)."""
    status = agreement.status
    if status == AgreementStatus.unknown:
        return None
    if status not in EFFECTIVE_STATUSES:
        return False
    span = force_span(agreement)
    if span is None:
        return None
    if day < span.first or (span.last is not None and day > span.last):
        return False
    start = _start(agreement)
    end = _end(agreement)
    if start is not None and start.precision != "day" and start.latest >= day:
        return None  # "signé en 2017" and the day falls within 2017
    if end is not None and end.precision != "day" and end.earliest <= day:
        return None
    return True


def _start(agreement: Agreement) -> PartialDate | None:
    years = _duration_years(agreement.duration)
    return agreement.entry_into_force or _act_date(agreement) or (years[0] if years else None)


def _end(agreement: Agreement) -> PartialDate | None:
    years = _duration_years(agreement.duration)
    return agreement.end or (years[1] if years else None)
