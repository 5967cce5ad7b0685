"""JSON Schemas for editors, generated from the models.

yaml-language-server (VS Code's YAML extension and others) reads them to
complete keys, list allowed values and flag mistakes as the analyst types.
Pydantic writes the structure; this module adds what an analyst needs: French
descriptions, the labels of every vocabulary value, the id pattern on every
reference, and the knowledge base's own themes as the allowed theme ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from coop.authoring.describe import field_description, value_label, values_text
from coop.authoring.shapes import FieldShape, nested_models, shapes
from coop.kb.config import CONFIG_FILE, Settings
from coop.model import COLLECTIONS
from coop.model.common import ID_PATTERN
from coop.model.theme import Theme, ThemeList
from coop.reserved import REPORT_KEYWORDS

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_DIR = "schemas"


@dataclass(frozen=True)
class Target:
    """One kind of file and the schema that describes it."""

    name: str  # schema file stem
    model: type[BaseModel]
    title: str
    globs: tuple[str, ...]  # files it applies to, relative to the KB root


TARGETS: tuple[Target, ...] = (
    Target("territories", COLLECTIONS["territories"], "Territoire", ("data/territories/*.yaml",)),
    Target("agreements", COLLECTIONS["agreements"], "Accord", ("data/agreements/*.yaml",)),
    Target("bodies", COLLECTIONS["bodies"], "Instance", ("data/bodies/*.yaml",)),
    Target("people", COLLECTIONS["people"], "Personne", ("data/people/*.yaml",)),
    Target("themes", ThemeList, "Thèmes", ("data/vocabulary/themes.yaml",)),
    Target("coop", Settings, "Réglages de la base (coop.yaml)", (CONFIG_FILE,)),
)


def schema_file(target: Target) -> str:
    return f"{target.name}.schema.json"


def generate(target: Target, themes: Iterable[str] = ()) -> dict[str, Any]:
    """The JSON Schema of ``target``'s files; ``themes`` are the allowed theme ids."""
    theme_ids = sorted(set(themes))
    raw = target.model.model_json_schema(ref_template="#/definitions/{model}")
    definitions: dict[str, Any] = raw.pop("$defs", {})
    models = nested_models(target.model)
    enums = {
        shape.enum.__name__: shape.enum
        for model in models.values()
        for shape in shapes(model)
        if shape.enum is not None
    }
    _annotate(raw, target.model, theme_ids)
    for name, definition in definitions.items():
        if name in models:
            _annotate(definition, models[name], theme_ids)
        elif name in enums:
            _label_values(definition, enums[name])
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"coop:{schema_file(target)}",
        **raw,
        "title": target.title,
    }
    if definitions:
        schema["definitions"] = {name: definitions[name] for name in sorted(definitions)}
    return schema


def _label_values(definition: dict[str, Any], enum: type[Enum]) -> None:
    """French labels of a vocabulary's values, for hovers and completion lists."""
    definition.pop("title", None)
    definition["description"] = values_text(enum)
    definition["enumDescriptions"] = [value_label(enum, m) or str(m.value) for m in enum]


def _annotate(schema: dict[str, Any], model: type[BaseModel], themes: list[str]) -> None:
    """French descriptions, id patterns and vocabularies on ``model``'s properties."""
    schema.pop("description", None)  # a docstring in English, for developers
    properties: dict[str, Any] = schema.get("properties", {})
    ordered: dict[str, Any] = {}
    for shape in shapes(model):
        prop = properties.get(shape.name)
        if prop is None:
            continue
        prop.pop("title", None)  # pydantic's English "Short Title"; descriptions say it
        prop.pop("default", None)  # "default: []" would be offered as a completion
        ordered[shape.name] = _property(prop, model, shape, themes)
    # Key order in the schema is the order editors complete them in.
    schema["properties"] = ordered


# The models whose ``id`` names a record (a declaration, not a reference).
_RECORDS: frozenset[type[BaseModel]] = frozenset({*COLLECTIONS.values(), Theme})


def _property(
    prop: dict[str, Any], model: type[BaseModel], shape: FieldShape, themes: list[str]
) -> dict[str, Any]:
    text = field_description(model, shape.name) or ""
    if shape.enum is not None:
        text = f"{text}. Valeurs : {values_text(shape.enum)}" if text else values_text(shape.enum)
    if shape.name == "id" and model in _RECORDS:
        # Rule S007: `coop report` reads these words as keywords.
        prop["not"] = {"enum": list(REPORT_KEYWORDS)}
        words = " ni ".join(f"« {word} »" for word in REPORT_KEYWORDS)
        text = f"{text} ; ni {words}, mots réservés de coop report" if text else text
    if shape.ref is not None:
        for target in _strings(prop):
            target["pattern"] = ID_PATTERN
            if shape.ref.collections == ("themes",) and themes:
                target["enum"] = themes
    if text:
        prop["description"] = text
    return prop


def _strings(prop: dict[str, Any]) -> list[dict[str, Any]]:
    """The string sub-schemas of a property: itself, its items, its anyOf members."""
    out: list[dict[str, Any]] = []
    candidates = [prop, prop.get("items", {})]
    for candidate in list(candidates):
        candidates.extend(candidate.get("anyOf", []))
    for candidate in candidates:
        if candidate.get("type") == "string":
            out.append(candidate)
    return out


def generate_all(themes: Iterable[str] = ()) -> dict[str, str]:
    """File name -> JSON text, for every target."""
    theme_ids = list(themes)
    return {schema_file(t): dump(generate(t, theme_ids)) for t in TARGETS}


def dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


class ThemesUnreadable(Exception):
    """The themes file is there but cannot be read: schemas made now would
    hold no theme at all, so none are."""


def kb_themes(root: Path) -> list[str]:
    """The theme ids declared in the knowledge base at ``root`` (none without a
    themes file). Raises :class:`ThemesUnreadable` if the file does not parse."""
    from coop.load.files import Entry, read_source

    path = root / "data" / "vocabulary" / "themes.yaml"
    if not path.is_file():
        return []
    source = read_source(Entry(path, "data/vocabulary/themes.yaml", "themes"), 1024 * 1024)
    items = source.data.get("themes") if isinstance(source.data, dict) else None
    if not isinstance(items, list):
        first = source.problems[0] if source.problems else None
        where = f":{first.line}:{first.col}: {first.message}" if first else ": no list of themes"
        raise ThemesUnreadable(f"{source.rel}{where}")
    return [
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def editor_settings(schema_dir: str = SCHEMA_DIR) -> dict[str, Any]:
    """``.vscode/settings.json``: each data folder mapped to its schema."""
    return {
        "yaml.schemas": {f"./{schema_dir}/{schema_file(t)}": list(t.globs) for t in TARGETS},
        "yaml.validate": True,
        "yaml.completion": True,
        "files.associations": {"*.yaml": "yaml"},
        "editor.insertSpaces": True,
        "[yaml]": {"editor.tabSize": 2, "editor.detectIndentation": False},
    }
