"""``coop init``: a new knowledge base that validates as it is."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from coop.authoring import kb_template as t
from coop.authoring.editor import (
    EXTENSIONS_FILE,
    SETTINGS_FILE,
    EditorSettingsError,
    check_editor_settings,
    write_editor_settings,
    write_schemas,
)
from coop.model import COLLECTIONS
from coop.writing import atomic_write_text, safe_join

DEFAULT_INSTALL = "coop"


class InitError(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass
class InitReport:
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # existing files left as they were


def files(install: str = DEFAULT_INSTALL) -> dict[str, str]:
    """Relative path -> content of every file ``coop init`` writes (schemas aside)."""
    out = {
        "coop.yaml": t.COOP_YAML,
        "data/vocabulary/themes.yaml": t.THEMES_YAML,
        "documents/.gitkeep": "",
        ".github/workflows/coop.yml": t.GITHUB_WORKFLOW.format(install=install),
        ".gitlab-ci.yml": t.GITLAB_CI.format(install=install),
        ".pre-commit-config.yaml": t.PRE_COMMIT_CONFIG,
        ".gitignore": t.GITIGNORE,
        "README.md": t.README,
    }
    for collection in COLLECTIONS:
        out[f"data/{collection}/.gitkeep"] = ""
    return out


# Files a folder may already have (a fresh git repository's README, .gitignore):
# they are kept, never overwritten.
_OPTIONAL = {"README.md", ".gitignore"}


def init(target: Path, install: str = DEFAULT_INSTALL) -> InitReport:
    """Create the knowledge base in ``target``; refuses to overwrite anything."""
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} exists and is not a folder")
    if any(not character.isprintable() for character in install):
        raise InitError(
            f"--install {install!r}: control characters (a line break) would break the CI files",
            "give one pip requirement, e.g. coop or git+https://example.org/coop.git",
        )
    planned = files(install)
    clashes = _in_the_way(target, [*planned, "schemas", SETTINGS_FILE, EXTENSIONS_FILE])
    if clashes:
        raise InitError(
            f"{target} already holds {', '.join(sorted(clashes)[:4])}"
            + ("…" if len(clashes) > 4 else ""),
            "coop init never overwrites: choose an empty folder",
        )
    try:
        check_editor_settings(target)
    except EditorSettingsError as exc:
        raise InitError(str(exc), "fix or remove it, then run coop init again") from None
    target.mkdir(parents=True, exist_ok=True)
    report = InitReport()
    for rel, content in planned.items():
        if rel in _OPTIONAL and os.path.lexists(target / rel):
            report.kept.append(rel)
            continue
        path = safe_join(target, *rel.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, content)
        report.written.append(rel)
    report.written += write_schemas(target).written
    report.written += write_editor_settings(target)
    return report


def _in_the_way(target: Path, planned: list[str]) -> list[str]:
    """What stops writing ``planned`` without overwriting: a file that is
    there already (even a dangling link, which ``exists()`` does not see),
    or anything but a plain folder where a folder goes. Found before the
    first write, so that a refusal leaves the folder as it was."""
    clashes: set[str] = set()
    for rel in planned:
        parts = rel.split("/")
        for depth in range(1, len(parts)):
            folder = target.joinpath(*parts[:depth])
            if os.path.lexists(folder) and (folder.is_symlink() or not folder.is_dir()):
                clashes.add("/".join(parts[:depth]))
                break
        else:
            path = target / rel
            if rel == EXTENSIONS_FILE:  # merged into: in the way only as a link
                blocked = path.is_symlink()
            else:
                blocked = rel not in _OPTIONAL and os.path.lexists(path)
            if blocked:
                clashes.add(rel)
    return sorted(clashes)
