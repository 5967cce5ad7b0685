"""The checks every filtered query makes before it looks at any record.

Shared by the in-memory answer (``select``) and the stored image's
(``answer``), so that both refuse the same questions with the same words,
in the same order; nothing here imports the model.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from coop.query.errors import FilterNotApplicable, QueryError
from coop.query.filters import FILTERS, QUERY_COLLECTIONS, Filters


def check_collection(collection: str) -> None:
    if collection not in QUERY_COLLECTIONS:
        close = difflib.get_close_matches(collection, QUERY_COLLECTIONS, n=1)
        raise QueryError(
            f"no collection {collection!r}",
            (f"did you mean {close[0]}? " if close else "")
            + f"choose one of {', '.join(QUERY_COLLECTIONS)}",
        )


def check_applicable(collection: str, filters: Filters) -> None:
    """Refuse a filter that means nothing for ``collection``."""
    for name in filters.given():
        spec = FILTERS[name]
        if collection not in spec.applies_to:
            raise FilterNotApplicable(
                f"{spec.option} does not apply to {collection}",
                f"{spec.option} applies to {', '.join(sorted(spec.applies_to))}; "
                "`coop query --help` lists which filter applies where",
            )


def check_values(
    values: list[str], choices: Sequence[str], option: str, collection: str
) -> set[str]:
    """``values`` if each is one of ``choices`` (a vocabulary's values)."""
    for value in values:
        if value not in choices:
            close = difflib.get_close_matches(value.lower(), choices, n=2)
            raise QueryError(
                f"{option} {value}: not a value {collection} can have",
                (f"did you mean {' or '.join(close)}? " if close else "")
                + f"choose among {', '.join(choices)}",
            )
    return set(values)
