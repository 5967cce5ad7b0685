"""What each model field holds, read from the type hints: the one place that
knows how the authoring tools see a model.

The formatter orders keys by it, the schema generator describes fields with it,
and the skeletons pick their keys from it.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

from pydantic import BaseModel

from coop.model.common import Record, Ref


@dataclass(frozen=True)
class FieldShape:
    name: str
    required: bool
    is_list: bool
    nested: type[BaseModel] | None  # a model the value (or each item) is
    enum: type[Enum] | None  # a vocabulary the value (or each item) comes from
    ref: Ref | None  # the value (or each item) is the id of a record


@cache
def shapes(model: type[BaseModel]) -> tuple[FieldShape, ...]:
    """The fields of ``model`` in canonical order (see :func:`canonical_order`)."""
    out = []
    for name in canonical_order(model):
        info = model.model_fields[name]
        ref, nested, enum, is_list = _inspect(info.annotation, info.metadata)
        out.append(FieldShape(name, info.is_required(), is_list, nested, enum, ref))
    return tuple(out)


def canonical_order(model: type[BaseModel]) -> list[str]:
    """Field order as files should show it: the model's declaration order, except
    that a record's shared ``sources`` and ``notes`` (declared on the base class,
    hence first) go last, after the fields that say what the record is."""
    names = list(model.model_fields)
    if issubclass(model, Record):
        tail = [n for n in names if n in {"sources", "notes"}]
        names = [n for n in names if n not in tail] + tail
    return names


def nested_models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from ``root`` (included), by class name."""
    found: dict[str, type[BaseModel]] = {}

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in found:
            return
        found[model.__name__] = model
        for shape in shapes(model):
            if shape.nested is not None:
                visit(shape.nested)

    visit(root)
    return found


def iter_fields(root: type[BaseModel]) -> Iterator[tuple[type[BaseModel], FieldShape]]:
    """Every (model, field) reachable from ``root``."""
    for model in nested_models(root).values():
        for shape in shapes(model):
            yield model, shape


def _inspect(
    annotation: Any, metadata: list[Any]
) -> tuple[Ref | None, type[BaseModel] | None, type[Enum] | None, bool]:
    ref = next((m for m in metadata if isinstance(m, Ref)), None)
    nested: type[BaseModel] | None = None
    enum: type[Enum] | None = None
    is_list = False
    for candidate in _members(annotation):
        origin = typing.get_origin(candidate)
        if origin is list:
            is_list = True
            item_ref, item_nested, item_enum, _ = _inspect(typing.get_args(candidate)[0], [])
            ref, nested, enum = ref or item_ref, nested or item_nested, enum or item_enum
        elif origin is typing.Annotated:
            found = next((m for m in candidate.__metadata__ if isinstance(m, Ref)), None)
            ref = ref or found
        elif isinstance(candidate, type) and issubclass(candidate, BaseModel):
            nested = candidate
        elif isinstance(candidate, type) and issubclass(candidate, Enum):
            enum = candidate
    return ref, nested, enum, is_list


def _members(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_members(arg))
        return out
    return [annotation]
