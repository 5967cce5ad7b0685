"""Find every reference in a record, generically, from the models' ``Ref`` markers."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from pydantic import BaseModel

from coop.load.positions import Path
from coop.model.annotations import union_members
from coop.model.common import Ref


class Reference(NamedTuple):
    """A named tuple: every record of a national knowledge base is walked, and
    a tuple is built several times faster than a frozen dataclass."""

    path: Path  # inside the record
    target: str
    collections: tuple[str, ...]


# A plan says, for one model class, which fields hold references and which
# hold nested models to walk into: (field, Ref | None, nested model | None, is_list)
_Plan = tuple[tuple[str, Ref | None, type[BaseModel] | None, bool], ...]


@cache
def _plan(model: type[BaseModel]) -> _Plan:
    steps = []
    for name, info in model.model_fields.items():
        ref, nested, is_list = _inspect(info.annotation, info.metadata)
        if ref is not None or nested is not None:
            steps.append((name, ref, nested, is_list))
    return tuple(steps)


def _inspect(
    annotation: Any, metadata: list[Any]
) -> tuple[Ref | None, type[BaseModel] | None, bool]:
    ref = next((m for m in metadata if isinstance(m, Ref)), None)
    is_list = False
    nested: type[BaseModel] | None = None
    for candidate in union_members(annotation, keep_annotated=True):
        origin = typing.get_origin(candidate)
        if origin is list:
            is_list = True
            (item,) = typing.get_args(candidate)
            item_ref, item_nested, _ = _inspect(item, [])
            ref = ref or item_ref
            nested = nested or item_nested
        elif origin is typing.Annotated:
            found = next((m for m in candidate.__metadata__ if isinstance(m, Ref)), None)
            ref = ref or found
        elif isinstance(candidate, type) and issubclass(candidate, BaseModel):
            nested = candidate
    return ref, nested, is_list


def iter_references(model: BaseModel, path: Path = ()) -> Iterator[Reference]:
    """Every reference in ``model`` and the models nested in it, with its path."""
    for name, ref, _nested, is_list in _plan(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if not is_list:
            if isinstance(value, str) and ref is not None:
                yield Reference((*path, name), value, ref.collections)
            elif isinstance(value, BaseModel):
                yield from iter_references(value, (*path, name))
            continue
        for index, item in enumerate(value):
            if isinstance(item, str) and ref is not None:
                yield Reference((*path, name, index), item, ref.collections)
            elif isinstance(item, BaseModel):
                yield from iter_references(item, (*path, name, index))
