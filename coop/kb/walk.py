"""Walk a record's nested models, yielding those of a given type with their paths."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from pydantic import BaseModel

from coop.load.positions import Path

M = TypeVar("M", bound=BaseModel)


def iter_instances(model: BaseModel, cls: type[M], path: Path = ()) -> Iterator[tuple[Path, M]]:
    """Every instance of ``cls`` inside ``model`` (``model`` included), depth first."""
    if isinstance(model, cls):
        yield path, model
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from iter_instances(value, cls, (*path, name))
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            for index, item in enumerate(value):
                yield from iter_instances(item, cls, (*path, name, index))
