"""A guess, before any file is stat'ed, whether a knowledge base changed
since its last validation; and what checking it takes, imported early.

After an edit, ``coop validate`` spends ~0.2 s importing what checking a file
needs (pydantic, the models, the rules), and learns that it must only once
the files' state (coop.load.state: one ``stat`` per file, ~0.2 s on a
national knowledge base) differs from the last run's. Imported while the
state is being taken, that time is off the critical path: the state is then
taken by the child alone, on the other processor. Imported when nothing
changed, it would cost a third more (measured on the national benchmark,
alternating runs: one agreement changed 0.72 -> 0.56 s; nothing changed
0.32 -> 0.41 s). Hence a guess first, from what each run records here: when
its state was taken and which folders it found.

A folder's mtime moves when a file in it is created, deleted or renamed:
how git and many editors save (a new file renamed over the old). A file
rewritten in place leaves its folder's time alone; the guess is then
"unchanged", and the run is as fast as it was without a guess. Either way
the state decides what is checked: the guess only changes when modules are
imported, never a result.

Only ``os`` and ``marshal`` at import: the entry point asks before it forks.
"""

from __future__ import annotations

import contextlib
import marshal
import os

from coop import cache_place

TYPE_CHECKING = False  # not from typing: imported before coop forks
if TYPE_CHECKING:
    from collections.abc import Iterable

_FILE = "changes-hint"
_VERSION = 1
_CONFIG = "coop.yaml"


def record(root: str, taken_ns: int, folders: Iterable[str]) -> None:
    """Remember, for the next run's guess, that the files' state was taken
    at ``taken_ns`` and found these folders (paths under ``root``; "" is
    the root, whose coop.yaml is watched too). Never fails the run."""
    from pathlib import Path

    from coop.validate.cache import replace_file

    paths = sorted({*folders, ""})
    paths.append(_CONFIG)
    target = Path(cache_place.validation_folder(root), _FILE)
    # No cache folder (the run wrote no summary), or an unwritable one: no hint.
    with contextlib.suppress(OSError):
        replace_file(target, marshal.dumps((_VERSION, taken_ns, paths)))


def likely_changed(root: str) -> bool:
    """Whether a folder (or coop.yaml) the last run found was modified since
    it took the files' state. False when there is nothing to tell."""
    if cache_place.cache_disabled_by_env():
        return False
    try:
        with open(os.path.join(cache_place.validation_folder(root), _FILE), "rb") as handle:
            version, taken, paths = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return False
    if version != _VERSION or not isinstance(taken, int) or not isinstance(paths, list):
        return False
    for rel in paths:
        try:
            found = os.lstat(os.path.join(root, rel))
        except (OSError, TypeError, ValueError):
            # Gone: its folder's time says so (every parent is watched).
            continue
        if found.st_mtime_ns >= taken or found.st_ctime_ns >= taken:
            return True
    return False


def import_checking() -> None:
    """Import what checking changed files takes (coop.validate.folders, and
    what it imports on demand): what an edit's run imports anyway."""
    import coop.reference.cog
    import coop.rules
    import coop.validate.batch
    import coop.validate.crossfile
    import coop.validate.folders
    import coop.validate.settings  # noqa: F401
