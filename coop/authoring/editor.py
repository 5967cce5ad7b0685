"""Write the schemas and the editor settings that map each data folder to its schema."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from coop.authoring.schema import SCHEMA_DIR, editor_settings, generate_all, kb_themes
from coop.writing import atomic_write_text, safe_join

SETTINGS_FILE = ".vscode/settings.json"
EXTENSIONS_FILE = ".vscode/extensions.json"
YAML_EXTENSION = "redhat.vscode-yaml"


class EditorSettingsError(Exception):
    """The existing editor settings cannot be read, so they are not rewritten."""


@dataclass
class SchemaReport:
    written: list[str] = field(default_factory=list)  # paths relative to the KB root
    unchanged: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # with check=True: would change


def write_schemas(root: Path, out: Path | None = None, *, check: bool = False) -> SchemaReport:
    """Generate every schema (with the KB's themes) into ``out`` (default ``root/schemas``)."""
    folder = out if out is not None else root / SCHEMA_DIR
    report = SchemaReport()
    for name, text in generate_all(kb_themes(root)).items():
        path = folder / name
        shown = _shown(path, root)
        current = path.read_text("utf-8") if path.is_file() else None
        if current == text:
            report.unchanged.append(shown)
        elif check:
            report.stale.append(shown)
        else:
            # The default folder is joined from the root: a schemas/ link out is refused.
            target = (
                safe_join(folder, name) if out is not None else safe_join(root, SCHEMA_DIR, name)
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(target, text)
            report.written.append(shown)
    return report


def write_editor_settings(root: Path, schema_dir: str = SCHEMA_DIR) -> list[str]:
    """Add the schema mapping to ``.vscode/settings.json`` (other settings kept) and
    recommend the YAML extension. Returns the files written."""
    written = []
    settings_path = root / SETTINGS_FILE
    settings = _read_json(settings_path)
    settings.update(editor_settings(schema_dir))
    extensions_path = root / EXTENSIONS_FILE
    extensions = _read_json(extensions_path)
    found = extensions.get("recommendations")
    recommended = list(found) if isinstance(found, list) else []
    if YAML_EXTENSION not in recommended:
        recommended.append(YAML_EXTENSION)
    extensions["recommendations"] = recommended
    (root / ".vscode").mkdir(exist_ok=True)
    for path, content in ((settings_path, settings), (extensions_path, extensions)):
        text = json.dumps(content, ensure_ascii=False, indent=2) + "\n"
        if not path.is_file() or path.read_text("utf-8") != text:
            atomic_write_text(safe_join(root, path.relative_to(root).as_posix()), text)
            written.append(path.relative_to(root).as_posix())
    return written


def check_editor_settings(root: Path) -> None:
    """Raise :class:`EditorSettingsError` if :func:`write_editor_settings`
    could not merge into the existing files (before anything is written)."""
    for rel in (SETTINGS_FILE, EXTENSIONS_FILE):
        _read_json(root / rel)


def _read_json(path: Path) -> dict[str, object]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
    except (ValueError, OSError) as exc:
        raise EditorSettingsError(
            f"{path}: cannot read it as plain JSON ({exc}); add the settings by hand"
        ) from None
    if not isinstance(data, dict):
        raise EditorSettingsError(f"{path}: expected a JSON object")
    return data


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
