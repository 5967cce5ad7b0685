"""Reading the models' type annotations: the members of ``X | Y | None``."""

from __future__ import annotations

import types
import typing
from typing import Any


def union_members(annotation: Any, *, keep_annotated: bool = False) -> list[Any]:
    """The types a field may hold: the members of a union, recursively.

    ``Annotated[T, …]`` is unwrapped to ``T`` unless ``keep_annotated`` (the
    reference walker reads the ``Ref`` marker from the annotation itself).
    """
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated and not keep_annotated:
        return union_members(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(union_members(arg, keep_annotated=keep_annotated))
        return out
    return [annotation]
