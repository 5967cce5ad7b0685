"""A party listed twice in the same agreement.

What it checks: no territory or body appears twice in an agreement's
``parties``.

Why: a repeated party double-counts partners and usually hides a missing one
(a copy-paste left unedited).

Failing example::

    parties:
      - territory: toulouse-metropole
      - territory: toulouse-metropole

Passing example::

    parties:
      - territory: toulouse-metropole
      - territory: montpellier-mediterranee-metropole
"""

from collections.abc import Iterator

from coop.rules.base import Context, Finding

CODE = "A002"
NAME = "duplicate-party"


def check(ctx: Context) -> Iterator[Finding]:
    for agreement in ctx.kb.agreements.values():
        seen: dict[str, int] = {}
        for index, party in enumerate(agreement.parties):
            ref = party.ref
            if ref is None:
                continue
            if ref in seen:
                field = "territory" if party.territory else "body"
                yield Finding(
                    agreement,
                    ("parties", index, field),
                    f"{ref!r} is already a party (parties[{seen[ref]}])",
                    "remove the repeat, or correct it to the missing party",
                )
            else:
                seen[ref] = index
