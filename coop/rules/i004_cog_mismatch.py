"""A territory whose name, kind, population or member count disagrees with the COG.

What it checks: for a territory whose SIREN or INSEE code designates an
entry of the Code officiel géographique (see I003), that

- ``name`` is the official name (typographic apostrophes and spacing aside;
  other spellings belong in ``aliases``);
- ``kind`` is the entry's kind (a SIREN of a commune on a ``metropole``…);
- ``population.value`` is the official population municipale, when
  ``population.year`` is the year the COG copy's populations refer to (when
  the copy does not state that year, as the packaged one, populations are
  not compared: figures of different years cannot be);
- ``member_count`` of an intercommunality is its number of member communes;
- its SIREN and INSEE code designate the same entry.

The hint gives the official value.

Why: the knowledge base is read next to official statistics; a name or a
count that differs silently from the official one misleads the reader, or
reveals that the record describes another territory.

Failing example::

    name: Sicoval
    kind: ca
    identifiers:
      siren: "243100633"

Passing example::

    name: CA du Sicoval
    kind: ca
    aliases: [Sicoval]
    identifiers:
      siren: "243100633"
"""

from __future__ import annotations

from collections.abc import Iterator

from coop.diagnostics import Severity
from coop.rules.base import Context, Finding
from coop.rules.i003_cog_unknown import candidates

CODE = "I004"
NAME = "cog-mismatch"
SEVERITY = Severity.warning


def check(ctx: Context) -> Iterator[Finding]:
    from coop.reference import cog as reference
    from coop.reference.match import disagreements, identify

    found = list(candidates(ctx))
    if not found:
        return
    cog = reference.load(ctx.kb.settings, ctx.kb.root)
    for territory, siren, insee in found:
        identification = identify(cog, territory.kind.value, siren, insee)
        problems = list(identification.conflicts)
        if identification.entity is not None:
            problems += disagreements(cog, territory, identification.entity)
        for problem in problems:
            yield Finding(territory, problem.path, problem.message, problem.hint)
