"""Check the ids a query names, suggesting the closest ones when unknown."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from coop.kb.index import KnowledgeBase
from coop.query.errors import UnknownId
from coop.query.text import normalise

_NOUNS = {
    "territories": "territory",
    "agreements": "agreement",
    "bodies": "body",
    "people": "person",
    "themes": "theme",
}


def check_ids(
    kb: KnowledgeBase, values: Iterable[str], collections: tuple[str, ...], option: str
) -> None:
    """Raise ``UnknownId`` for the first value that names no record of ``collections``."""
    for value in values:
        if not any(value in kb.records[name] for name in collections):
            raise UnknownId(
                f"{option} {value}: no {' or '.join(_NOUNS[c] for c in collections)} has this id",
                _suggestion(kb, value, collections),
            )


def _suggestion(kb: KnowledgeBase, value: str, collections: tuple[str, ...]) -> str:
    records = [r for name in collections for r in kb.records[name].values()]
    ids = [r.id for r in records]
    close = difflib.get_close_matches(value.lower(), ids, n=3, cutoff=0.6)
    # Analysts often type a name ("Sicoval", "Toulouse Métropole"): look there too.
    wanted = normalise(value.replace("-", " "))
    if wanted:
        close += [r.id for r in records if wanted in normalise(r.display_name)][:3]
    close = list(dict.fromkeys(close))[:5]
    if close:
        return f"did you mean {', '.join(close)}?"
    if collections == ("themes",):
        return "data/vocabulary/themes.yaml lists the themes"
    return f"`coop query {collections[0]} --format ids` lists the ids"
