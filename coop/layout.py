"""Where a knowledge base keeps its parts, and how to find its root.

Kept apart from ``coop.kb.config`` (which declares the settings' model):
finding the knowledge base is the first step of every command, and must
not import pydantic, so that a command answered from a cache starts fast.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not from typing: coop.load.prefetch asks before it forks
if TYPE_CHECKING:
    from pathlib import Path

CONFIG_FILE = "coop.yaml"
DATA_DIR = "data"


def find_root(start: Path) -> Path | None:
    """The knowledge base holding ``start``: the nearest folder upward with
    ``coop.yaml`` or a ``data/`` folder."""
    import pathlib

    found = find_root_folder(os.fspath(start))
    return pathlib.Path(found) if found is not None else None


def find_root_folder(start: str) -> str | None:
    """:func:`find_root` with ``os.path`` alone, for the entry point's
    guess before it forks (``coop.load.prefetch``)."""
    folder = os.path.realpath(start)
    while True:
        if os.path.isfile(os.path.join(folder, CONFIG_FILE)) or os.path.isdir(
            os.path.join(folder, DATA_DIR)
        ):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
