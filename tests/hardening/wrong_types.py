"""Generate, from the models themselves, one record per field with a value of
the wrong type in that field, and the line:col where coop must report it.

For each collection, every field reachable from the record (nested models and
the items of lists of models included) gets a case: a minimal valid record
(required keys only, plus ``sources`` wherever a model has them, so that
provenance rules stay quiet) extended along the path to the field, with the
field set to a value of a type it does not accept:

- a scalar field (text, number, boolean, enum, date, reference) gets a mapping;
- a list or a nested model gets a plain text.

The YAML is written by :func:`emit`, which records where it puts the wrong
value: the expected position comes from the writer, not from coop's reader.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from coop.model import COLLECTIONS, PartialDate, Period
from coop.model.common import Ref

# Ids of the baseline knowledge base (tests/corpus/baseline), one per collection.
EXISTING = {
    "territories": "sicoval",
    "bodies": "dialogue-metropolitain",
    "people": "jean-dupont",
    "agreements": "accord-cadre",
    "themes": "mobilite",
}
SOURCE = {"url": "https://example.org/source"}
WRONG_SCALAR = {"wrong": 1}
WRONG_CONTAINER = "wrong"

# Values chosen so that the minimal record passes every rule: an agreement of
# kind "other" needs no two parties; status "unknown" asserts no dates.
OVERRIDES: dict[tuple[str, str], Any] = {
    ("Agreement", "kind"): "other",
    ("Agreement", "status"): "unknown",
    ("Body", "kind"): "other",
    ("Territory", "kind"): "other",
    ("Population", "year"): 2020,
}
# Optional keys that a rule wants present (P002: a source's locator; G001: the
# territory a pilot represents), filled in every minimal instance.
ALWAYS: dict[str, dict[str, Any]] = {
    "Source": SOURCE,
    "Pilot": {"on_behalf_of": EXISTING["territories"]},
}
# Models that a rule requires to name a territory or a body (S005).
NEEDS_TARGET = {"Party", "Membership"}


@dataclass(frozen=True)
class Case:
    collection: str
    path: tuple[str | int, ...]  # where the wrong value sits, in the record
    wrong: Any
    expected_code: str  # S003, or D001 for dates

    @property
    def record_id(self) -> str:
        parts = [str(p) for p in self.path]
        return "wt-" + "-".join([self.collection, *parts]).replace("_", "-")

    @property
    def rel(self) -> str:
        return f"data/{self.collection}/{self.record_id}.yaml"


def _members(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _members(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            out.extend(_members(arg))
        return out
    return [annotation]


def _non_null(annotation: Any) -> list[Any]:
    return [m for m in _members(annotation) if m is not type(None)]


def _ref_collection(info: FieldInfo) -> str | None:
    for meta in info.metadata:  # pydantic moves a top-level Annotated here
        if isinstance(meta, Ref):
            return meta.collections[0]
    return _ref_in(info.annotation)


def _ref_in(annotation: Any) -> str | None:
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            if isinstance(meta, Ref):
                return meta.collections[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _ref_in(arg)
            if found is not None:
                return found
    return None


def _model(annotation: Any) -> type[BaseModel] | None:
    for member in _non_null(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def _list_item(annotation: Any) -> Any | None:
    for member in _non_null(annotation):
        if typing.get_origin(member) is list:
            return typing.get_args(member)[0]
    return None


def _valid_value(model: type[BaseModel], name: str, info: FieldInfo) -> Any:
    if (model.__name__, name) in OVERRIDES:
        return OVERRIDES[(model.__name__, name)]
    ref = _ref_collection(info)
    if ref is not None:
        return EXISTING[ref]
    if name == "id":
        return "valid-id"
    annotation = info.annotation
    nested = _model(annotation)
    if nested is not None:
        return minimal(nested)
    item = _list_item(annotation)
    if item is not None:
        return []
    for member in _non_null(annotation):
        if isinstance(member, type) and issubclass(member, Enum):
            return next(iter(member)).value
        if member is PartialDate:
            return "2016"
        if member is bool:
            return False
        if member is int:
            return 1
        if member is str:
            return "texte"
    raise AssertionError(f"no valid value known for {model.__name__}.{name}: {annotation}")


def minimal(model: type[BaseModel]) -> dict[str, Any]:
    """The smallest valid data for ``model``: required keys, sources, targets."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.is_required():
            data[name] = _valid_value(model, name, info)
    if "sources" in model.model_fields:
        data["sources"] = [SOURCE]
    if model.__name__ in NEEDS_TARGET:
        data["territory"] = EXISTING["territories"]
    data.update(ALWAYS.get(model.__name__, {}))
    return data


def _wrong_for(annotation: Any) -> tuple[Any, str]:
    if _model(annotation) is not None or _list_item(annotation) is not None:
        return WRONG_CONTAINER, "S003"
    is_date = any(m is PartialDate for m in _non_null(annotation))
    return WRONG_SCALAR, "D001" if is_date else "S003"


def _fields(
    model: type[BaseModel], prefix: tuple[str | int, ...], seen: frozenset[type]
) -> typing.Iterator[tuple[tuple[str | int, ...], Any]]:
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        yield path, info.annotation
        nested = _model(info.annotation)
        item = _list_item(info.annotation)
        if nested is not None and nested not in seen and nested is not Period:
            yield from _fields(nested, path, seen | {nested})
        elif nested is Period:
            yield from _fields(Period, path, seen)
        elif item is not None:
            item_model = _model(item)
            if item_model is not None and item_model not in seen:
                yield from _fields(item_model, (*path, 0), seen | {item_model})


def cases() -> list[Case]:
    out: list[Case] = []
    for collection, model in COLLECTIONS.items():
        for path, annotation in _fields(model, (), frozenset({model})):
            wrong, code = _wrong_for(annotation)
            out.append(Case(collection, path, wrong, code))
    return out


def record_for(case: Case) -> dict[str, Any]:
    """The minimal record of the case's collection, extended down to the field."""
    model = COLLECTIONS[case.collection]
    data = minimal(model)
    data["id"] = case.record_id
    container: Any = data
    current: type[BaseModel] = model
    for step, following in zip(case.path, case.path[1:], strict=False):
        if isinstance(step, int):
            continue
        info = current.model_fields[step]
        nested = _model(info.annotation)
        if isinstance(following, int):
            item_model = _model(_list_item(info.annotation))
            assert item_model is not None
            container[step] = [minimal(item_model)]
            container = container[step][0]
            current = item_model
        else:
            assert nested is not None
            container.setdefault(step, minimal(nested))
            container = container[step]
            current = nested
    container[case.path[-1]] = case.wrong
    return data


def emit(data: dict[str, Any], target: tuple[str | int, ...]) -> tuple[str, tuple[int, int]]:
    """Block-style YAML for ``data``, and the (line, col) of the value at ``target``."""
    lines: list[str] = []
    found: list[tuple[int, int]] = []

    def scalar(value: Any) -> str:
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'

    def mapping(
        value: dict[str, Any], indent: int, path: tuple[str | int, ...], first: str
    ) -> None:
        prefix = first
        for key, item in value.items():
            here = (*path, key)
            head = f"{prefix}{key}:"
            prefix = " " * indent
            if here == target:
                found.append((len(lines) + 1, len(head) + 2))
                lines.append(f"{head} {scalar(item)}")
            elif isinstance(item, dict) and item:
                lines.append(head)
                mapping(item, indent + 2, here, " " * (indent + 2))
            elif isinstance(item, list) and item:
                lines.append(head)
                for index, element in enumerate(item):
                    dash = " " * (indent + 2) + "- "
                    if isinstance(element, dict) and element:
                        mapping(element, indent + 4, (*here, index), dash)
                    else:
                        lines.append(dash + scalar(element))
            elif isinstance(item, list):
                lines.append(f"{head} []")
            else:
                lines.append(f"{head} {scalar(item)}")

    mapping(data, 0, (), "")
    assert len(found) == 1, (target, lines)
    return "\n".join(lines) + "\n", found[0]
