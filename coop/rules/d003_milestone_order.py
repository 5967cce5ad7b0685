"""Milestones listed out of chronological order.

What it checks: the dated entries of each ``milestones`` list (an
agreement's, a body's, a review's) are in chronological order. Entries with
only a ``date_text`` are skipped.

Why: timelines are read top to bottom; an entry out of place is usually a
wrong year.

Failing example::

    milestones:
      - {date: 2017-01, event: Signature du pacte métropolitain}
      - {date: 2016-07-06, event: Signature du pacte État-métropoles}

Passing example: the same two entries, 2016 first.
"""

from collections.abc import Iterator

from coop.model.agreement import Milestone
from coop.rules.base import Context, Finding

CODE = "D003"
NAME = "milestone-order"


def check(ctx: Context) -> Iterator[Finding]:
    for record in ctx.kb.iter_records():
        last: dict[tuple[str | int, ...], Milestone] = {}
        for path, milestone in ctx.kb.instances(record, Milestone):
            if milestone.date is None:
                continue
            owner = path[:-1]  # the list holding this milestone
            previous = last.get(owner)
            if (
                previous is not None
                and previous.date
                and previous.date.certainly_after(milestone.date)
            ):
                yield Finding(
                    record,
                    (*path, "date"),
                    f"milestone dated {milestone.date} is listed after one dated {previous.date}",
                    "list milestones in chronological order",
                )
            last[owner] = milestone
