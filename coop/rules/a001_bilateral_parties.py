"""A bilateral agreement with fewer than two parties.

What it checks: an accord-cadre or a contrat de réciprocité lists at least two
parties.

Why: these kinds bind two territories by definition; with one party the
census cannot say who cooperates with whom.

Failing example::

    kind: contrat_reciprocite
    parties:
      - territory: toulouse-metropole

Passing example::

    kind: contrat_reciprocite
    parties:
      - territory: toulouse-metropole
      - territory: pays-portes-de-gascogne
"""

from collections.abc import Iterator

from coop.model.vocabulary import BILATERAL_KINDS
from coop.rules.base import Context, Finding

CODE = "A001"
NAME = "bilateral-parties"


def check(ctx: Context) -> Iterator[Finding]:
    for agreement in ctx.kb.agreements.values():
        if agreement.kind in BILATERAL_KINDS and len(agreement.parties) < 2:
            yield Finding(
                agreement,
                ("parties",) if agreement.parties else ("kind",),
                f"an agreement of kind {agreement.kind.value} binds at least two parties; "
                f"{len(agreement.parties)} listed",
                "add the other party under `parties:`",
            )
