"""Validate parsed data against the collection's model; errors get positions.

Pydantic reports errors by location (``("parties", 1, "role")``); the file's
positions turn each into a line and column: the offending value, the unknown
key itself, or for a missing key the mapping that lacks it.
"""

from __future__ import annotations

import copy
import difflib
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from coop.load.files import SourceFile
from coop.load.positions import Path
from coop.load.yaml_reader import YamlProblem
from coop.model.annotations import union_members
from coop.model.common import ID_HINT, Record
from coop.model.dates import DATE_FORMS_HINT


def build_record(
    source: SourceFile, model: type[Record], data: dict[str, Any], prefix: Path = ()
) -> tuple[Record | None, list[YamlProblem]]:
    """Validate ``data`` (found at ``prefix`` in ``source``) as a ``model``."""
    record: Record | None
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(source, model, exc, prefix)
        record, dropped = _recover(model, data, exc)
        if record is not None:
            record._source = source
            record._prefix = prefix
            record._dropped = tuple(dropped)
        return record, problems
    record._source = source
    record._prefix = prefix
    return record, []


def _recover(
    model: type[Record], data: dict[str, Any], exc: ValidationError
) -> tuple[Record | None, list[Path]]:
    """The record without its faulty optional keys, so that the knowledge-base
    rules still check the rest of it in the same run.

    Only mapping entries are dropped (never list items, which would shift the
    positions of the items after them): the faulty key itself when the model
    lets it be absent, else the nearest optional key above it (``sources[0]``'s
    bad ``title`` drops only that title, so the record still cites its source).
    Gives up when a required key of the record itself is missing or invalid.
    Also returns the paths it dropped, so that rules do not report a value as
    missing when it was present but invalid (already reported).
    """
    dropped: list[Path] = []
    for _ in range(3):
        data = copy.deepcopy(data)
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            if error["type"] == "missing":
                return None, dropped
            key_path = loc if error["type"] == "extra_forbidden" else _optional_key(model, loc)
            if key_path is None:
                return None, dropped
            _delete(data, key_path)
            if error["type"] != "extra_forbidden":
                dropped.append(key_path)
        try:
            return model.model_validate(data), dropped
        except ValidationError as again:
            exc = again
    return None, dropped


def _optional_key(model: type[BaseModel], loc: Path) -> Path | None:
    """The longest prefix of ``loc`` ending at a key its model may omit."""
    for end in range(len(loc), 0, -1):
        key = loc[end - 1]
        if not isinstance(key, str):
            continue
        owner = _model_at(model, loc[: end - 1])
        if owner is None or key not in owner.model_fields:
            continue  # a union member's name in pydantic's location, not a key
        if not owner.model_fields[key].is_required():
            return loc[:end]
    return None


def _model_at(model: type[BaseModel], path: Path) -> type[BaseModel] | None:
    current: Any = model
    for part in path:
        if isinstance(part, int):
            current = _item_type(current)
            continue
        cls = _model_of(current)
        if cls is None or part not in cls.model_fields:
            return None
        current = cls.model_fields[part].annotation
    return _model_of(current)


def _delete(data: Any, path: tuple[Any, ...]) -> None:
    for part in path[:-1]:
        if (isinstance(data, dict) and part in data) or (
            isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        ):
            data = data[part]
        else:
            return
    if isinstance(data, dict):
        data.pop(path[-1], None)


# "Did you mean" costs a fuzzy match per unknown key: a generated file with
# tens of thousands of keys took minutes. Past this many problems in one
# record, hints list the allowed keys without the guess.
SUGGESTIONS = 100


def validation_problems(
    source: SourceFile, model: type[BaseModel], exc: ValidationError, prefix: Path
) -> list[YamlProblem]:
    problems: list[YamlProblem] = []
    seen: set[tuple[str, Path]] = set()
    for error in exc.errors(include_url=False):
        loc = _data_path(source, prefix, tuple(error["loc"]), error["type"])
        problem = _problem(source, model, error, loc, prefix, suggest=len(problems) < SUGGESTIONS)
        key = (problem.code, loc)
        if key in seen:  # union branches repeat one error per member type
            continue
        seen.add(key)
        problems.append(problem)
    return problems


def _data_path(source: SourceFile, prefix: Path, loc: Path, kind: str) -> Path:
    """Trim pydantic's location to the path that exists in the data.

    Union members add their type name to the location (``('siren', 'str')``).
    """
    path = (*prefix, *loc)
    if kind == "missing":
        return path
    while path and path not in source.positions.values:
        if path[:-1] in source.positions.values and kind == "extra_forbidden":
            break
        path = path[:-1]
    return path


def _problem(
    source: SourceFile,
    model: type[BaseModel],
    error: Any,
    path: Path,
    prefix: Path,
    *,
    suggest: bool = True,
) -> YamlProblem:
    kind = error["type"]
    positions = source.positions
    name = _describe(path[len(prefix) :])
    if kind == "extra_forbidden":
        line, col = positions.key(path)
        key = str(path[-1])
        allowed = _fields_at(model, path[len(prefix) : -1])
        close = difflib.get_close_matches(key, allowed, n=1) if suggest else []
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else (f"allowed keys here: {', '.join(allowed)}" if allowed else None)
        )
        if key == "<<":
            # YAML 1.1 merge keys: the reader keeps them as a plain key, so a
            # record means exactly what its text says and the rewriting tools
            # (ruamel.yaml) and the validator cannot disagree on merged values.
            hint = "YAML merge keys (<<) are not supported: write the keys out in full"
        return YamlProblem("S001", line, col, f"unknown key {key!r}", hint)
    if kind == "missing":
        line, col = positions.value(path[:-1])
        where = _describe(path[len(prefix) : -1])
        return YamlProblem(
            "S002",
            line,
            col,
            f"missing required key {path[-1]!r}" + (f" in {where}" if where else ""),
            "add the key; `coop new` writes a skeleton with every required key",
        )
    line, col = positions.value(path)
    if kind == "partial_date":  # the reason as the message, the accepted forms as the hint
        reason = error.get("ctx", {}).get("reason") or error["msg"]
        return YamlProblem("D001", line, col, f"{name}: {reason}", DATE_FORMS_HINT)
    value = error.get("input")
    shown = _show(value)
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return YamlProblem(
            "S003",
            line,
            col,
            f"{name}: {shown} is not an allowed value",
            f"expected one of {expected}",
        )
    if kind == "string_pattern_mismatch" and path and path[-1] in {"id", "theme"}:
        return YamlProblem("S003", line, col, f"{name}: {shown} is not a valid id", ID_HINT)
    message = error["msg"]
    if kind in {"model_type", "dict_type"}:
        message = f"expected a mapping of keys to values, found {_type_name(value)}"
    elif kind == "list_type":
        message = f"expected a list, found {_type_name(value)}"
    elif kind in {"string_type", "int_type", "int_parsing", "bool_type", "bool_parsing"}:
        found = _type_name(value)
        message = f"{message.rstrip('.')}, found {found}" + ("" if value is None else f" {shown}")
    hint = _TYPE_HINTS.get(kind, _SCHEMA_HINT)
    if kind == "string_type" and isinstance(value, dict | list):
        hint = "write the text on the key's line; quote it if it starts with '[', '{' or '-'"
    return YamlProblem("S003", line, col, f"{name}: {message}", hint)


# What to write instead, by pydantic's error type; any other error points to
# the editor schemas, which give each key's description and allowed values.
_TYPE_HINTS = {
    "string_type": "write text; quote it if it reads as a number, true/false or null",
    "int_type": "write a whole number, without quotes",
    "int_parsing": "write a whole number, without quotes",
    "int_from_float": "write a whole number, without quotes",
    "bool_type": "write true or false",
    "bool_parsing": "write true or false",
    "list_type": "write a list: one item per line, each starting with '- '",
    "model_type": "write the keys on their own lines, indented under this one",
    "dict_type": "write the keys on their own lines, indented under this one",
}
_SCHEMA_HINT = "`coop schema --editor` writes schemas/ with each key's description and values"


def _describe(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "text"


def _fields_at(model: type[BaseModel], path: Path) -> list[str]:
    """The keys a model accepts at ``path`` (walking nested models and lists)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            current = _item_type(current)
            continue
        cls = _model_of(current)
        if cls is None or part not in cls.model_fields:
            return []
        current = cls.model_fields[part].annotation
    cls = _model_of(current)
    return list(cls.model_fields) if cls is not None else []


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for candidate in union_members(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _item_type(annotation: Any) -> Any:
    for candidate in union_members(annotation):
        if typing.get_origin(candidate) is list:
            return typing.get_args(candidate)[0]
    return None


def enum_values(enum: type[Enum]) -> list[str]:
    return [str(member.value) for member in enum]
