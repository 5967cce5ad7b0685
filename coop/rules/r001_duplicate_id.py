"""Two records share an id.

What it checks: ids are unique across the whole knowledge base, all
collections together (a territory and a body cannot both be ``sicoval``).

Why: references are by id alone; a shared id makes every reference to it
ambiguous.

Failing example: ``data/territories/sicoval.yaml`` and
``data/bodies/sicoval.yaml``, both ``id: sicoval``.

Passing example: ``id: sicoval`` for the territory and ``id: sicoval-conseil``
for the body.
"""

from collections.abc import Iterator

from coop.rules.base import Context, Finding

CODE = "R001"
NAME = "duplicate-id"
SCOPE = "kb"


def check(ctx: Context) -> Iterator[Finding]:
    assert ctx.index is not None
    for record_id, declarations in ctx.index.declarations.items():
        if len(declarations) < 2:
            continue
        first = declarations[0]
        for other in declarations[1:]:
            yield Finding(
                other.site,
                (),
                f"id {record_id!r} is already used by {first.site.rel}",
                "give one of the two records another id (`coop rename` updates references)",
            )
