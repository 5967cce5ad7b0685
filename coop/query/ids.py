"""Check the ids a query names, suggesting the closest ones when unknown."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Protocol

from coop.query.errors import UnknownId
from coop.query.text import normalise

_NOUNS = {
    "territories": "territory",
    "agreements": "agreement",
    "bodies": "body",
    "people": "person",
    "themes": "theme",
}


class Directory(Protocol):
    """What the checks read: the records in memory, or the stored image."""

    def has(self, collection: str, record_id: str) -> bool: ...

    def names(self, collection: str) -> Iterable[tuple[str, str]]:
        """(id, display name) of every record of ``collection``, in load order."""
        ...


def check_ids(
    directory: Directory, values: Iterable[str], collections: tuple[str, ...], option: str
) -> None:
    """Raise ``UnknownId`` for the first value that names no record of ``collections``."""
    for value in values:
        if not any(directory.has(name, value) for name in collections):
            raise UnknownId(
                f"{option} {value}: no {' or '.join(_NOUNS[c] for c in collections)} has this id",
                _suggestion(directory, value, collections),
            )


def _suggestion(directory: Directory, value: str, collections: tuple[str, ...]) -> str:
    records = [pair for name in collections for pair in directory.names(name)]
    ids = [record_id for record_id, _ in records]
    close = difflib.get_close_matches(value.lower(), ids, n=3, cutoff=0.6)
    # Analysts often type a name ("Sicoval", "Toulouse Métropole"): look there too.
    wanted = normalise(value.replace("-", " "))
    if wanted:
        close += [record_id for record_id, name in records if wanted in normalise(name)][:3]
    close = list(dict.fromkeys(close))[:5]
    if close:
        return f"did you mean {', '.join(close)}?"
    if collections == ("themes",):
        return "data/vocabulary/themes.yaml lists the themes"
    return f"`coop query {collections[0]} --format ids` lists the ids"
