"""The key order `coop fmt` gives each generated file, read from coop itself.

The formatter puts every mapping's keys in its model's canonical order
(coop.authoring.shapes) and picks the model by the file's path
(coop.authoring.fmt.model_for). The generator asks the same two functions, so
that its files come out already formatted and a change to a model's fields
moves the generated keys with it, with no second copy of the rules to keep.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel

from coop.authoring.fmt import model_for
from coop.authoring.shapes import shapes


class KeyOrder:
    """The canonical order of one model's keys, and of the models nested in it."""

    __slots__ = ("_arranged", "_inner", "_rank", "model")

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self._rank = {shape.name: index for index, shape in enumerate(shapes(model))}
        # The records of a model come with a few sets of keys, each sorted once:
        # sorting every mapping again made the generator a third slower.
        self._arranged: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._inner: dict[str, KeyOrder] | None = None

    def arrange(self, mapping: dict[str, Any]) -> tuple[str, ...]:
        """``mapping``'s keys in canonical order. Keys the model does not know go
        last, in their order, as the formatter leaves them (sorted() is stable)."""
        keys = tuple(mapping)
        found = self._arranged.get(keys)
        if found is None:
            rank, last = self._rank, len(self._rank)
            found = self._arranged[keys] = tuple(sorted(keys, key=lambda k: rank.get(k, last)))
        return found

    def inner(self, key: str) -> KeyOrder | None:
        """The order inside the value of ``key`` (or each of its items), if a model."""
        if self._inner is None:
            # Filled on first use, not in __init__: a model nesting itself must
            # not recurse while its order is being built.
            self._inner = {
                s.name: key_order(s.nested) for s in shapes(self.model) if s.nested is not None
            }
        return self._inner.get(key)


@cache
def key_order(model: type[BaseModel]) -> KeyOrder:
    return KeyOrder(model)


def for_file(rel: str) -> KeyOrder | None:
    """The order `coop fmt` applies to the file at ``rel`` (KB-relative), if any."""
    model = model_for(rel)
    return key_order(model) if model is not None else None
