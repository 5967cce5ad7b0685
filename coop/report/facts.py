"""Facts the notes state about agreements: in force on a date, when it starts.

Sources are often partial ("signé en janvier 2017", "depuis 2012"), so the
answer may be unknown (``None``) rather than a guess.
"""

from __future__ import annotations

import datetime as dt

from coop.kb.in_force import in_force_verdict
from coop.model import Agreement, PartialDate


def start_of(agreement: Agreement) -> PartialDate | None:
    """When the agreement took effect: entry into force, else signature."""
    if agreement.entry_into_force is not None:
        return agreement.entry_into_force
    if agreement.signature is not None:
        return agreement.signature.date
    return None


def first_date(agreement: Agreement) -> PartialDate | None:
    """The earliest date known of the agreement, to place it on a timeline."""
    dates = [d.date for d in agreement.deliberations if d.date]
    dates += [m.date for m in agreement.milestones if m.date]
    start = start_of(agreement)
    if start is not None:
        dates.append(start)
    return min(dates, key=PartialDate.sort_key, default=None)


def in_force_on(agreement: Agreement, day: dt.date) -> bool | None:
    """Whether ``agreement`` binds its parties on ``day``; ``None`` if the
    knowledge base cannot tell. The rule is the one ``coop query`` uses."""
    return in_force_verdict(agreement, day)
