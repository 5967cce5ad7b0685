"""Skeletons for ``coop new``: every required key, each with a French comment.

Generated from the models: a required field added to a model appears in the
skeleton with no change here. ``sources`` is added although the model allows
none, because rule P001 asks every record to cite one. The values are left
empty (null): the file validates once the analyst has filled them in.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from coop.authoring.describe import field_description, values_text
from coop.authoring.shapes import FieldShape, shapes
from coop.model import COLLECTIONS
from coop.model.common import ID_HINT, ID_PATTERN, Source
from coop.reserved import longer_id, reserved_why
from coop.writing import atomic_write_text, safe_join

TITLES = {
    "territories": "Territoire",
    "agreements": "Accord",
    "bodies": "Instance",
    "people": "Personne",
}

# Optional keys worth knowing about, shown commented out below the skeleton.
SUGGESTED = {
    "territories": ["identifiers", "parent", "members", "aliases"],
    "agreements": ["parties", "signature", "entry_into_force", "end", "themes", "commitments"],
    "bodies": ["parent", "members", "posts", "meets"],
    "people": ["mandates", "aliases"],
}

_SOURCE_KEYS = ("document", "url", "quote")


def skeleton(collection: str, record_id: str) -> str:
    model = COLLECTIONS[collection]
    lines = [
        f"# {TITLES.get(collection, collection)} : remplir chaque clé, puis lancer `coop validate`.",
    ]
    for shape in shapes(model):
        if shape.name == "id":
            lines += [*_comment(model, shape), f"id: {record_id}"]
        elif shape.required:
            lines += [*_comment(model, shape), f"{shape.name}:" + (" []" if shape.is_list else "")]
        elif shape.name == "sources":
            lines += [*_comment(model, shape), "sources:", "  - " + _source_lines()[0]]
            lines += ["    " + line for line in _source_lines()[1:]]
    suggested = [s for s in shapes(model) if s.name in SUGGESTED.get(collection, [])]
    if suggested:
        lines += ["", "# Clés facultatives fréquentes (voir le schéma dans l'éditeur) :"]
        lines += [
            f"#   {s.name} : {field_description(model, s.name) or ''}".rstrip() for s in suggested
        ]
    return "\n".join(lines) + "\n"


def _comment(model: type[BaseModel], shape: FieldShape) -> list[str]:
    text = field_description(model, shape.name) or shape.name
    out = [f"# {text}"]
    if shape.enum is not None:
        out.append(f"# Valeurs : {values_text(shape.enum)}")
    return out


def _source_lines() -> list[str]:
    out = []
    for name in _SOURCE_KEYS:
        description = field_description(Source, name) or name
        out.append(f"{name}:  # {description}")
    return out


class SkeletonError(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def write_skeleton(root: Path, collection: str, record_id: str) -> Path:
    """Write ``data/<collection>/<id>.yaml``; never overwrites, refuses a taken id."""
    if not re.fullmatch(ID_PATTERN, record_id) or len(record_id) > 120:
        raise SkeletonError(f"{record_id!r} is not a valid id", ID_HINT)
    why = reserved_why(record_id)
    if why is not None:
        raise SkeletonError(why, f"choose a longer id, e.g. {longer_id(record_id, collection)}")
    taken = id_taken(root, record_id)
    if taken is not None:
        raise SkeletonError(taken, "edit it, or choose another id")
    # Joined from the root, so a data folder that is a link out of the KB is refused.
    path = safe_join(root, "data", collection, f"{record_id}.yaml")
    write_record(root, path, skeleton(collection, record_id))
    return path


def write_record(root: Path, path: Path, text: str) -> None:
    """Create ``path`` (and its folder) holding ``text``; a failure is a
    :class:`SkeletonError` naming the file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
    except OSError as exc:
        shown = path.relative_to(root.resolve()).as_posix()
        raise SkeletonError(
            f"cannot write {shown}: {exc.strerror or exc}",
            "data/ and its collection folders must be writable folders",
        ) from None


THEMES_FILE = "data/vocabulary/themes.yaml"


def id_taken(root: Path, record_id: str) -> str | None:
    """Why ``record_id`` cannot be a new record's id, or None if it is free.

    Ids are unique across the knowledge base (R001): a record's file is named
    by its id, and a theme's id is in the themes file.
    """
    data = root / "data"
    for other in COLLECTIONS:
        taken = data / other / f"{record_id}.yaml"
        if taken.exists() or taken.is_symlink():
            return f"data/{other}/{record_id}.yaml already exists: not overwritten"
    if record_id in _theme_ids(root / THEMES_FILE):
        return f"{record_id!r} is already the id of a theme ({THEMES_FILE})"
    return None


def _theme_ids(path: Path) -> set[str]:
    from coop.load.reading import decode
    from coop.load.yaml_reader import YamlError, parse_yaml

    try:
        data = parse_yaml(decode(path.read_bytes()).text).data
    except (OSError, YamlError):
        return set()  # no themes, or a broken file that validate reports
    items = data.get("themes") if isinstance(data, dict) else None
    return {
        item["id"]
        for item in (items if isinstance(items, list) else [])
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
