"""Page contexts as bytes, from the process that built them to the worker
that lays them out (``coop.report.workers``).

Plain pickle, with one shortcut: a pydantic model travels as its fields
only. Pydantic's own pickling also carries a record's private ``_source``
(the whole parsed file it came from), which no template can read (the
sandbox refuses names starting with ``_``), and rebuilds each model through
Python-level ``__setstate__`` calls; on a national site that was a third of
the cost of a page. The rebuilt model has the same fields, the same set of
fields given, and no source: to a template it is the same record.
"""

from __future__ import annotations

import copyreg
import io
import pickle
import struct
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from coop.report.compact import model_classes

_HEADER = struct.Struct("<I")
_setattr = object.__setattr__
_table: dict[type, Any] | None = None


def dumps(value: Any) -> bytes:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch_table()
    pickler.dump(value)
    return out.getvalue()


def loads(data: bytes | memoryview) -> Any:
    return pickle.loads(data)


def frame(data: bytes) -> bytes:
    """``data`` preceded by its length, so that several travel as one message."""
    return _HEADER.pack(len(data)) + data


def frames(message: bytes) -> Iterator[memoryview]:
    """The ``data`` of each :func:`frame` joined in ``message``."""
    view = memoryview(message)
    offset = 0
    while offset < len(view):
        (size,) = _HEADER.unpack_from(view, offset)
        offset += _HEADER.size
        yield view[offset : offset + size]
        offset += size


def _model(
    cls: type[BaseModel],
    fields: dict[str, Any],
    fields_set: set[str],
    extra: dict[str, Any] | None,
    private: dict[str, Any] | None,
) -> BaseModel:
    # What pydantic's BaseModel.__setstate__ does, without the state dict.
    model = cls.__new__(cls)
    _setattr(model, "__dict__", fields)
    _setattr(model, "__pydantic_fields_set__", fields_set)
    _setattr(model, "__pydantic_extra__", extra)
    _setattr(model, "__pydantic_private__", private)
    return model


def _reduce_model(model: BaseModel) -> tuple[Any, tuple[Any, ...]]:
    private = model.__pydantic_private__
    if private and "_source" in private:
        private = {**private, "_source": None}
    return _model, (
        type(model),
        model.__dict__,
        model.__pydantic_fields_set__,
        model.__pydantic_extra__,
        private,
    )


def _dispatch_table() -> dict[type, Any]:
    """copyreg's table, plus every pydantic model class defined so far."""
    global _table
    if _table is None:
        _table = {**copyreg.dispatch_table, **dict.fromkeys(model_classes(), _reduce_model)}
    return _table
