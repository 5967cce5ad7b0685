"""A party or a membership names neither or both of ``territory`` and ``body``.

What it checks: each entry of an agreement's ``parties`` and of a body's
``members`` names exactly one of ``territory:`` or ``body:``.

Why: the entry says *who* is bound or sits; with neither it says nothing, with
both it is ambiguous.

Failing example::

    parties:
      - role: signatory

Passing example::

    parties:
      - territory: toulouse-metropole
        role: signatory
"""

from collections.abc import Iterator

from coop.rules.base import Context, Finding

CODE = "S005"
NAME = "party-target"


def check(ctx: Context) -> Iterator[Finding]:
    for agreement in ctx.kb.agreements.values():
        for index, party in enumerate(agreement.parties):
            if (party.territory is None) == (party.body is None):
                yield Finding(
                    agreement,
                    ("parties", index),
                    "a party must name exactly one of 'territory' or 'body'",
                    "write `territory: <id>` for a collectivity, `body: <id>` for an organisation",
                )
    for body in ctx.kb.bodies.values():
        for index, member in enumerate(body.members):
            if (member.territory is None) == (member.body is None):
                yield Finding(
                    body,
                    ("members", index),
                    "a member must name exactly one of 'territory' or 'body'",
                    "write `territory: <id>` or `body: <id>`",
                )
