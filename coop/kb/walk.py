"""Walk a record's nested models, yielding those of a given type with their paths."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

from coop.load.positions import Path
from coop.model.annotations import union_members

M = TypeVar("M", bound=BaseModel)


def iter_instances(model: BaseModel, cls: type[M], path: Path = ()) -> Iterator[tuple[Path, M]]:
    """Every instance of ``cls`` inside ``model`` (``model`` included), depth first.

    Only fields whose type can hold a ``cls`` are visited (a plan computed once
    per model class): rules walk every record, so this is a hot path.
    """
    if isinstance(model, cls):
        yield path, model
    for name, is_list in _plan(type(model), cls):
        value = getattr(model, name)
        if value is None:
            continue
        if is_list:
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from iter_instances(item, cls, (*path, name, index))
        elif isinstance(value, BaseModel):
            yield from iter_instances(value, cls, (*path, name))


@cache
def _plan(model: type[BaseModel], target: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    steps = []
    for name, info in model.model_fields.items():
        nested, is_list = _nested_models(info.annotation)
        if any(_can_hold(n, target, frozenset()) for n in nested):
            steps.append((name, is_list))
    return tuple(steps)


def _can_hold(model: type[BaseModel], target: type[BaseModel], seen: frozenset[type]) -> bool:
    if issubclass(model, target):
        return True
    if model in seen:
        return False
    for info in model.model_fields.values():
        nested, _ = _nested_models(info.annotation)
        if any(_can_hold(n, target, seen | {model}) for n in nested):
            return True
    return False


def _nested_models(annotation: Any) -> tuple[list[type[BaseModel]], bool]:
    found: list[type[BaseModel]] = []
    is_list = False
    for member in union_members(annotation):
        if typing.get_origin(member) is list:
            is_list = True
            inner, _ = _nested_models(typing.get_args(member)[0])
            found.extend(inner)
        elif isinstance(member, type) and issubclass(member, BaseModel):
            found.append(member)
    return found, is_list
