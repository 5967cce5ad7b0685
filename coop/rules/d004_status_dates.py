"""An agreement's status disagrees with its dates on the evaluation date.

What it checks, on the date given by ``--as-of`` (today by default):

- a status that asserts a signature (``signed``, ``in_force``, ``expired``,
  ``terminated``) has a signature date;
- ``in_force``: not ended, and already entered into force;
- ``expired``: its end date is past;
- ``announced`` or ``in_preparation``: no signature date already past.

Why: status is what queries filter on ("in force on 1 March 2024"); a status
left behind by time gives wrong answers.

Failing example (on 2026-11-22)::

    status: in_force
    end: 2020-12-31

Passing example::

    status: expired
    end: 2020-12-31
"""

from collections.abc import Iterator

from coop.model import PartialDate
from coop.model.vocabulary import SIGNED_STATUSES, AgreementStatus
from coop.rules.base import Context, Finding, was_dropped

CODE = "D004"
NAME = "status-dates"


def check(ctx: Context) -> Iterator[Finding]:
    today = PartialDate(ctx.as_of.year, ctx.as_of.month, ctx.as_of.day)
    for agreement in ctx.kb.agreements.values():
        status = agreement.status
        signed = agreement.signature.date if agreement.signature else None
        if status in SIGNED_STATUSES and signed is None and not was_dropped(agreement, "signature"):
            yield Finding(
                agreement,
                ("status",),
                f"status is {status.value!r} but no signature date is given",
                "add signature.date (a year is enough), or use status adopted / in_preparation",
            )
        if status == AgreementStatus.in_force:
            if agreement.end and agreement.end.certainly_before(today):
                yield Finding(
                    agreement,
                    ("status",),
                    f"status is 'in_force' but the agreement ended on {agreement.end}",
                    "set status: expired (or correct the end date)",
                )
            if agreement.entry_into_force and agreement.entry_into_force.certainly_after(today):
                yield Finding(
                    agreement,
                    ("status",),
                    f"status is 'in_force' but it enters into force on {agreement.entry_into_force}",
                    "set status: signed until then",
                )
        if (
            status == AgreementStatus.expired
            and agreement.end
            and agreement.end.certainly_after(today)
        ):
            yield Finding(
                agreement,
                ("status",),
                f"status is 'expired' but the end date {agreement.end} is still ahead",
            )
        not_signed = {AgreementStatus.announced, AgreementStatus.in_preparation}
        if status in not_signed and signed and signed.certainly_before(today):
            yield Finding(
                agreement,
                ("status",),
                f"status is {status.value!r} but it was signed on {signed}",
                "set status: signed or in_force",
            )
