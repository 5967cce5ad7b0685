"""Dates in the wrong order.

What it checks: for an agreement, each deliberation ≤ signature ≤ entry
into force ≤ end; for every period (a body's activity, a post, a mandate),
start ≤ end; for a milestone, ``date`` ≤ ``until``. Partial dates are
compared as intervals: ``2017`` is not after ``2017-06-03``, only dates that
are certainly out of order are reported.

Why: an inversion is a typo in one of the two dates, and every timeline drawn
from them would be wrong.

Failing example::

    signature: {date: 2016-01-29}
    entry_into_force: 2015-12-01

Passing example::

    signature: {date: 2016-01-29}
    entry_into_force: 2016-02
"""

from collections.abc import Iterator

from coop.model import Agreement, PartialDate, Period
from coop.model.agreement import Milestone
from coop.rules.base import Context, Finding

CODE = "D002"
NAME = "date-order"


def check(ctx: Context) -> Iterator[Finding]:
    for agreement in ctx.kb.agreements.values():
        yield from _agreement_chain(agreement)
    for record in ctx.kb.iter_records():
        for path, period in ctx.kb.instances(record, Period):
            if period.start and period.end and period.start.certainly_after(period.end):
                yield Finding(
                    record,
                    (*path, "end"),
                    f"period ends ({period.end}) before it starts ({period.start})",
                    "swap the dates or correct the typo",
                )
        for path, milestone in ctx.kb.instances(record, Milestone):
            if (
                milestone.date
                and milestone.until
                and milestone.date.certainly_after(milestone.until)
            ):
                yield Finding(
                    record,
                    (*path, "until"),
                    f"milestone ends ({milestone.until}) before it starts ({milestone.date})",
                )


def _agreement_chain(agreement: Agreement) -> Iterator[Finding]:
    chain: list[tuple[tuple[str | int, ...], str, PartialDate]] = []
    for index, deliberation in enumerate(agreement.deliberations):
        if deliberation.date and not deliberation.scheduled:
            chain.append((("deliberations", index, "date"), "deliberation", deliberation.date))
    stages = [
        (
            ("signature", "date"),
            "signature",
            agreement.signature.date if agreement.signature else None,
        ),
        (("entry_into_force",), "entry into force", agreement.entry_into_force),
        (("end",), "end", agreement.end),
    ]
    for path, label, date in stages:
        if date is None:
            continue
        for prev_path, prev_label, prev in chain:
            if prev.certainly_after(date):
                yield Finding(
                    agreement,
                    path,
                    f"{label} ({date}) comes before {prev_label} ({prev}) at "
                    f"{'.'.join(str(p) for p in prev_path)}",
                    "expected order: deliberation ≤ signature ≤ entry into force ≤ end",
                )
                break
        chain.append((path, label, date))
