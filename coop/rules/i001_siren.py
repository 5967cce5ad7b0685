"""A SIREN that is not 9 digits with a valid check digit.

What it checks: ``identifiers.siren`` is nine digits whose Luhn checksum is
valid (La Poste's 356000000, the one registered exception, is accepted).
Write it quoted: as a bare number YAML drops leading zeros.

Why: the SIREN is how every other dataset (INSEE, BANATIC, budgets) names an
intercommunality; a typo disconnects the record from all of them.

Failing example::

    identifiers:
      siren: 243100634

Passing example::

    identifiers:
      siren: "243100633"
"""

from collections.abc import Iterator

from coop.rules.base import Context, Finding

CODE = "I001"
NAME = "siren"

_LA_POSTE = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren_problem(value: str) -> str | None:
    """Why ``value`` is not a valid SIREN, or None if it is."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return f"SIREN {value!r} must be exactly 9 digits"
    if value != _LA_POSTE and not luhn_valid(value):
        return f"SIREN {value!r} has an invalid check digit (Luhn)"
    return None


def check(ctx: Context) -> Iterator[Finding]:
    for territory in ctx.kb.territories.values():
        siren = territory.identifiers.siren
        if siren is None:
            continue
        problem = siren_problem(str(siren))
        if problem:
            hint = (
                "quote the SIREN so leading zeros are kept"
                if isinstance(siren, int) and len(str(siren)) < 9
                else "copy it from the official register (COG, BANATIC)"
            )
            yield Finding(territory, ("identifiers", "siren"), problem, hint)
