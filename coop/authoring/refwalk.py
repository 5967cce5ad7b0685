"""References in raw parsed data (valid or not), found from the models' Ref markers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from coop.authoring.shapes import shapes
from coop.load.positions import Path as DataPath


def raw_references(
    data: Any, model: type[BaseModel], path: DataPath = ()
) -> Iterator[tuple[DataPath, str]]:
    """Every reference in ``data`` read as a ``model``, with its path.

    The same walk as :func:`coop.kb.refs.iter_references`, over raw data, so
    that a record that does not validate yet still shows its references.
    """
    if not isinstance(data, dict):
        return
    for shape in shapes(model):
        if shape.ref is None and shape.nested is None:
            continue
        value = data.get(shape.name)
        if shape.is_list and isinstance(value, list):
            items: list[tuple[DataPath, Any]] = [
                ((*path, shape.name, i), item) for i, item in enumerate(value)
            ]
        else:
            items = [((*path, shape.name), value)]
        for item_path, item in items:
            if isinstance(item, str) and shape.ref is not None:
                yield item_path, item
            elif isinstance(item, dict) and shape.nested is not None:
                yield from raw_references(item, shape.nested, item_path)


def describe(path: DataPath) -> str:
    """``("parties", 0, "territory")`` -> ``parties[0].territory``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
