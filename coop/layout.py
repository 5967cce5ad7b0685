"""Where a knowledge base keeps its parts, and how to find its root.

Kept apart from ``coop.kb.config`` (which declares the settings' model):
finding the knowledge base is the first step of every command, and must
not import pydantic, so that a command answered from a cache starts fast.
"""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "coop.yaml"
DATA_DIR = "data"


def find_root(start: Path) -> Path | None:
    """The knowledge base holding ``start``: the nearest folder upward with
    ``coop.yaml`` or a ``data/`` folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file() or (folder / DATA_DIR).is_dir():
            return folder
    return None
