"""An INSEE code of the wrong shape for the territory's kind.

What it checks: ``identifiers.insee`` has the shape of the Code officiel
géographique for its kind: a commune is five characters (two-digit
département, ``2A``/``2B`` for Corsica, or ``97x``/``98x`` overseas, then
the commune number); a département is ``01``–``95`` (not ``20``), ``2A``, ``2B``, ``971``–``978`` or
``984``–``989`` (the COG lists the overseas collectivités with them);
a région is two digits. Quote codes: ``01001`` as a bare number loses its zero.

Why: the INSEE code is the key to every statistical dataset; a malformed one
matches nothing.

Failing example::

    kind: commune
    identifiers:
      insee: "2C004"

Passing example::

    kind: commune
    identifiers:
      insee: "2A004"
"""

import re
from collections.abc import Iterator

from coop.model.vocabulary import TerritoryKind
from coop.rules.base import Context, Finding

CODE = "I002"
NAME = "insee"

# Overseas: départements 971–976, and the collectivités 975, 977, 978, 984–989
# that the COG also codes (Saint-Pierre-et-Miquelon, Polynésie française…).
_COMMUNE = re.compile(
    r"(?:0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5])\d{3}|2[AB]\d{3}|97[1-8]\d{2}|98[4-9]\d{2}"
)
_DEPARTEMENT = re.compile(r"0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5]|2[AB]|97[1-8]|98[4-9]")
_REGION = re.compile(r"\d{2}")

_SHAPES = {
    TerritoryKind.commune: (_COMMUNE, "a commune code is 5 characters: 31555, 2A004, 97411"),
    TerritoryKind.departement: (
        _DEPARTEMENT,
        "a département code is 01–95 (not 20), 2A, 2B, 971–978 or 984–989",
    ),
    TerritoryKind.region: (_REGION, "a région code is 2 digits, e.g. 76"),
}


def insee_problem(value: str, kind: TerritoryKind) -> str | None:
    shape = _SHAPES.get(kind, (_COMMUNE, ""))
    if shape[0].fullmatch(value):
        return None
    return shape[1] or "an INSEE code is 5 characters: 31555, 2A004, 97411"


def check(ctx: Context) -> Iterator[Finding]:
    for territory in ctx.kb.territories.values():
        code = territory.identifiers.insee
        if code is None:
            continue
        text = str(code)
        if isinstance(code, int) and territory.kind == TerritoryKind.commune and len(text) == 4:
            text = text.zfill(5)
            yield Finding(
                territory,
                ("identifiers", "insee"),
                f"INSEE code written as the number {code}: its leading zero is lost",
                f'quote it: insee: "{text}"',
            )
            continue
        problem = insee_problem(text, territory.kind)
        if problem:
            yield Finding(
                territory,
                ("identifiers", "insee"),
                f"INSEE code {text!r} is not a valid {territory.kind.value} code",
                problem,
            )
