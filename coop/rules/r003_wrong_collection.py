"""A reference names a record of the wrong collection.

What it checks: each reference points into the collection its key expects: a
``territory:`` to a territory, a ``body:`` to a body, a ``person:`` to a
person, a ``theme`` to a theme of the vocabulary.

Why: the id exists, so the mistake is easy to miss, but the relation is wrong
(an association recorded as a territory party, a club as a person).

Failing example (``dialogue-metropolitain`` is a body)::

    parties:
      - territory: dialogue-metropolitain

Passing example::

    parties:
      - body: dialogue-metropolitain
"""

from collections.abc import Iterator

from coop.rules.base import Context, Finding

CODE = "R003"
NAME = "wrong-collection"
SCOPE = "kb"

_KEY = {
    "territories": "territory",
    "bodies": "body",
    "people": "person",
    "agreements": "parent",
    "themes": "theme",
}


def check(ctx: Context) -> Iterator[Finding]:
    index = ctx.index
    assert index is not None
    collections = index.collections_by_id
    for ref in index.references:
        found = collections.get(ref.target)
        if not found or not found.isdisjoint(ref.collections):
            continue
        actual = sorted(found)[0]
        singular = _KEY.get(actual, actual)
        yield Finding(
            ref.site,
            (),
            f"{ref.target!r} is in {actual}, but this key expects {' or '.join(ref.collections)}",
            f"use the key for {actual} (`{singular}:`) if one exists here, or another id",
        )
