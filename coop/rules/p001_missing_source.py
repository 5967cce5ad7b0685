"""A record, commitment or post without a source.

What it checks: every record, every commitment of an agreement and every post
of a body has at least one entry in ``sources``.

Why: the census is only as good as its evidence: a reader must be able to
check every fact against the document it comes from.

Failing example::

    id: sicoval
    name: Sicoval
    kind: ca

Passing example::

    id: sicoval
    name: Sicoval
    kind: ca
    sources:
      - document: 002_224ff159bc164a52.txt
        quote: "Jacques Oberti, Président du Sicoval"
"""

from collections.abc import Iterator

from coop.model import COLLECTIONS
from coop.rules.base import Context, Finding, was_dropped

CODE = "P001"
NAME = "missing-source"

_HINT = "add `sources:` with a `document:` (file name) or `url:`, and a short `quote:`"


def check(ctx: Context) -> Iterator[Finding]:
    kb = ctx.kb
    for record in kb.iter_records(COLLECTIONS):
        if not record.sources and not was_dropped(record, "sources"):
            yield Finding(record, ("id",), f"{record.id!r} cites no source", _HINT)
    for agreement in kb.agreements.values():
        for index, commitment in enumerate(agreement.commitments):
            if not commitment.sources:
                yield Finding(
                    agreement,
                    ("commitments", index),
                    f"commitment {commitment.id!r} cites no source",
                    _HINT,
                )
    for body in kb.bodies.values():
        for index, post in enumerate(body.posts):
            if not post.sources:
                yield Finding(body, ("posts", index), "post cites no source", _HINT)
