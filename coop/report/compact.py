"""A loaded knowledge base made smaller for a site's run.

Pydantic gives every model it builds a set of the fields given
(``__pydantic_fields_set__``): on a national knowledge base, some 420,000
sets, a quarter of the records' memory, nearly all alike (a source gives its
title and URL, a party its ref and role…). Records of the same class with
the same fields given can share one set: ``coop report`` only reads records
once they are loaded (templates cannot assign, the sandbox is immutable), and
pydantic copies the set before changing a copied record's. A shared set also
travels once in a message to a worker (pickle keeps the sharing).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

_setattr = object.__setattr__


def share_fields_sets(records: Iterable[BaseModel]) -> None:
    """Make the records and their nested models share equal fields sets."""
    models = _model_classes()
    shared: dict[frozenset[str], set[str]] = {}
    pending: list[BaseModel] = list(records)
    while pending:
        model = pending.pop()
        fields = model.__pydantic_fields_set__
        one = shared.setdefault(frozenset(fields), fields)
        if one is not fields:
            _setattr(model, "__pydantic_fields_set__", one)
        for value in model.__dict__.values():
            kind = type(value)
            if kind is list:
                # Exact types: isinstance of a pydantic class is an ABC check.
                pending += [item for item in value if type(item) in models]
            elif kind in models:
                pending.append(value)


def _model_classes() -> set[type]:
    """Every pydantic model class defined so far."""
    found: set[type] = set()
    pending: list[type] = [BaseModel]
    while pending:
        sub: type
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                pending.append(sub)
    return found
