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

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Any

from pydantic import BaseModel

from coop.model import PartialDate

_setattr = object.__setattr__


def share_fields_sets(records: Iterable[BaseModel]) -> None:
    """Make the records and their nested models share equal fields sets."""
    models = model_classes()
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


def model_classes() -> set[type]:
    """Every pydantic model class defined so far (for tables looked up by
    exact type: each subclass is listed)."""
    found: set[type] = set()
    pending: list[type] = [BaseModel]
    while pending:
        sub: type
        for sub in pending.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                pending.append(sub)
    return found


def _scalar_classes() -> frozenset[type]:
    """Field values a shared model may hold: immutable, and equal only to
    values of the same type once the type is part of the key (True == 1).
    Not floats: -0.0 == 0.0, and they print differently."""
    enums: set[type] = set()
    pending: list[type] = [Enum]
    while pending:
        sub: type
        for sub in pending.pop().__subclasses__():
            if sub not in enums:
                enums.add(sub)
                pending.append(sub)
    return frozenset({str, int, bool, type(None), PartialDate, dt.date, *enums})


class Compactor:
    """Records made smaller as they are loaded, for a site's run.

    On a national knowledge base (420,000 models) most values repeat: the
    same source cited by 39,000 territories, the same few words, hundreds
    of thousands of empty lists. Each :meth:`compact` call makes, in the
    records it is given, equal values one object, kept in tables shared by
    the run's calls:

    - fields sets, as :func:`share_fields_sets`;
    - strings, and empty lists (one for all);
    - nested models whose fields are such values (or such models): a model
      equal to one seen before, of the same class with the same fields
      given and no private or extra attributes, is replaced by that one.

    Safe for the same reason as sharing fields sets: ``coop report`` never
    changes a record once loaded, and equal values lay out alike (citations
    are numbered by their sources' fields, not by identity).
    """

    def __init__(self) -> None:
        self._classes = model_classes()
        self._scalars = _scalar_classes()
        self._sets: dict[frozenset[str], set[str]] = {}
        self._strings: dict[str, str] = {}
        self._models: dict[tuple[Any, ...], BaseModel] = {}
        self._empty: list[Any] = []

    def compact(self, records: Iterable[BaseModel]) -> None:
        for record in records:
            self._model(record)

    def _model(self, model: BaseModel) -> BaseModel:
        """``model`` made compact in place; the equal model seen before, if
        any and if ``model`` may be replaced by it, else ``model``."""
        fields = model.__pydantic_fields_set__
        one = self._sets.setdefault(frozenset(fields), fields)
        if one is not fields:
            _setattr(model, "__pydantic_fields_set__", one)
        values = model.__dict__
        # The key of an equal model, or None once a value cannot be shared.
        key: list[Any] | None = (
            [type(model), id(one)]
            if model.__pydantic_private__ is None and model.__pydantic_extra__ is None
            else None
        )
        strings = self._strings
        classes = self._classes
        for name, value in values.items():
            kind: type | None = type(value)
            if kind is str:
                value = values[name] = strings.setdefault(value, value)
            elif kind is list:
                if not value:
                    values[name] = self._empty
                    value = ()
                else:
                    items = self._items(value)
                    if items is None:
                        key = None
                    value = items
            elif kind in classes:
                value = values[name] = self._model(value)
                kind = None  # one object per equal model: its identity is its value
                value = id(value)
            elif kind not in self._scalars:
                key = None
            if key is not None:
                key += (kind, value)
        if key is None:
            return model
        return self._models.setdefault(tuple(key), model)

    def _items(self, items: list[Any]) -> tuple[Any, ...] | None:
        """The list's items made compact in place; their key, or None if an
        item cannot be shared."""
        key: list[Any] | None = []
        for index, item in enumerate(items):
            kind: type | None = type(item)
            if kind is str:
                item = items[index] = self._strings.setdefault(item, item)
            elif kind in self._classes:
                item = items[index] = self._model(item)
                kind = None
                item = id(item)
            elif kind not in self._scalars:
                key = None
            if key is not None:
                key += (kind, item)
        return None if key is None else tuple(key)
