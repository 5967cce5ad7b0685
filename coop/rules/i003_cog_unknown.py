"""A territory's SIREN or INSEE code that does not exist in the COG.

What it checks: for territories of a kind the Code officiel géographique
describes (commune, metropole, cu, ca, cc, ept, departement, region), a
well-formed ``identifiers.siren`` is the SIREN of an intercommunality or a
commune of the COG, and ``identifiers.insee`` the code of a current commune,
département or région (by the territory's kind). Départements and régions
have no SIREN in the COG: theirs is not checked. Territories of other kinds
(pays, petr, pole_metropolitain, syndicat_mixte, etat, other) are not checked.
The COG used is the packaged copy, or the vintage chosen by ``cog_vintage``
in ``coop.yaml`` (see ``coop reference --help``); malformed codes are I001
and I002.

Why: a code that designates nothing links the record to no official
dataset; most often it is a typo, or the code of a commune merged into a
commune nouvelle.

Failing example::

    kind: ca
    identifiers:
      siren: "200000016"

Passing example::

    kind: ca
    identifiers:
      siren: "243100633"
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from coop.model import Territory
from coop.model.vocabulary import TerritoryKind
from coop.rules.base import Context, Finding
from coop.rules.i001_siren import siren_problem
from coop.rules.i002_insee import insee_problem

CODE = "I003"
NAME = "cog-unknown"


# I003, I004 and the workers' COG keys (for I005) ask for the same territories.
@functools.lru_cache(maxsize=65536)
def territory_codes(
    kind: str, siren: object | None, insee: object | None
) -> tuple[str | None, str | None]:
    """A territory's SIREN and INSEE code, each kept only when well formed."""
    siren_text = None if siren is None else str(siren)
    insee_text = None if insee is None else str(insee)
    if siren_text is not None and siren_problem(siren_text):
        siren_text = None
    if insee_text is not None and (
        kind not in TerritoryKind.__members__ or insee_problem(insee_text, TerritoryKind(kind))
    ):
        insee_text = None
    return siren_text, insee_text


def candidates(ctx: Context) -> Iterator[tuple[Territory, str | None, str | None]]:
    """Territories with a COG entry to agree with, and their well-formed codes."""
    from coop.reference.cog import COG_KINDS

    for territory in ctx.kb.territories.values():
        kind = territory.kind.value
        if kind not in COG_KINDS:
            continue
        ids = territory.identifiers
        siren, insee = territory_codes(kind, ids.siren, ids.insee)
        if siren is not None or insee is not None:
            yield territory, siren, insee


def check(ctx: Context) -> Iterator[Finding]:
    from coop.reference import cog as reference
    from coop.reference.match import identify

    found = list(candidates(ctx))
    if not found:
        return  # nothing to look up: the COG is not even read
    cog = reference.load(ctx.kb.settings, ctx.kb.root)
    for territory, siren, insee in found:
        for problem in identify(cog, territory.kind.value, siren, insee).unknown:
            yield Finding(territory, problem.path, problem.message, problem.hint)
