"""The files' state of a query's knowledge base, taken while coop starts.

A warm ``coop query`` on a national knowledge base is two serial parts of
similar size: starting (Python, typer, the CLI: ~0.13 s) and one ``stat`` per
file (``coop.load.state``: ~0.2 s for 56,000 files). Neither needs the other
until the image is opened, so the entry point calls :func:`start` before it
imports the CLI: a forked child (``coop.load.beside``) guesses the
knowledge base's root from the arguments (``--kb``, else upward from the
current folder, as ``coop.cli.errors.find_kb_root`` does) and takes the
state of its files on the other processor, while this process starts.

The guess is only a guess: :func:`take` hands the state over only for the
root the CLI settled on, else (or if the child failed) the query stats the
files itself. So the child can make a query faster, never change its
answer. A command that never asks (``--help``, an error in the options,
``COOP_NO_CACHE``) ends the child at exit.
"""

from __future__ import annotations

import atexit
import marshal
import os
import time

from coop.load.beside import Beside, can_fork

# Not from typing: imported before the fork, on a warm query's critical path.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from coop.load.state import FilesState

# Arguments after which a query (or a validation) reads no knowledge base, or
# no stored state.
_NO_FILES = frozenset({"--help", "-h", "--schema", "--no-cache"})

_pending: tuple[Beside, int] | None = None  # the child, and when it started (ns)
_guessed = False  # start() guessed that the files changed (coop.validate.hint)


@atexit.register
def _forget() -> None:
    global _pending
    if _pending is not None:
        _pending[0].stop()
        _pending = None


def start(args: list[str], command: str = "query") -> bool:
    """Start taking the files' state for ``coop COMMAND ARGS``, where it can help.

    ``coop validate`` checks the state against its last run's summary
    (coop.validate.quick); ``coop validate PATH`` looks for the knowledge base
    from PATH, which this guess does not follow (then nothing is taken).

    True when this is a validation whose files most likely changed since its
    last run (coop.validate.hint): the child then takes the state alone,
    leaving the other processor to the caller, which imports meanwhile what
    checking the changed files takes.
    """
    global _pending, _guessed
    _forget()  # a state taken for earlier arguments is no answer to these
    _guessed = False
    if command == "query" and not args:
        return False  # `coop query` alone prints its help
    if _NO_FILES.intersection(args) or not can_fork():
        return False
    root = _guessed_root(args)
    if root is None:
        return False  # no knowledge base here: the command will say so
    # Imported here, not in the child: the child is the longer of the two.
    from coop.load.state import files_state  # noqa: F401

    likely = False
    if command == "validate":
        from coop.validate.hint import likely_changed

        likely = likely_changed(root)
    started = time.time_ns()
    try:
        child = Beside(lambda: _state_of(root, split=not likely))
    except OSError:  # no process or pipe to spare: the command stats the files itself
        return False
    _pending = (child, started)
    _guessed = likely
    return likely


def guessed_changed() -> bool:
    """Whether :func:`start` guessed that the files changed since the last
    validation (and so had the state taken by the child alone)."""
    return _guessed


def take(root: str) -> tuple[FilesState, int] | None:
    """The state of ``root``'s files if the child took it, and when it
    started (what a racy edit is measured against); None otherwise."""
    global _pending
    if _pending is None:
        return None
    child, started = _pending
    _pending = None
    answer = child.result()
    if not answer:
        return None
    guessed, state = _decode(answer)
    return (state, started) if guessed == root and state is not None else None


def _guessed_root(args: list[str]) -> str | None:
    """The root ``coop.cli.errors.find_kb_root`` would find for these
    arguments: ``--kb``, else the knowledge base holding the current folder.
    With ``os.path`` only: this runs before the fork."""
    from coop.layout import find_root_folder

    kb = _kb_option(args)
    if kb is not None:
        return os.path.realpath(kb)
    try:
        return find_root_folder(os.getcwd())
    except OSError:  # the current folder was deleted
        return None


def _state_of(root: str, split: bool) -> bytes:
    """In the child: the state of ``root``'s files, with the root it is of."""
    from coop.load.state import files_state

    state = files_state(root, split=split)
    return marshal.dumps((root, state.digest, state.newest_ns, state.files, state.folders))


def _kb_option(args: list[str]) -> str | None:
    """The last ``--kb`` value among ``args`` (as click keeps the last one)."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--kb" and index + 1 < len(args):
            found = args[index + 1]
        elif arg.startswith("--kb="):
            found = arg[len("--kb=") :]
    return found


def _decode(answer: bytes) -> tuple[str, FilesState | None]:
    from coop.load.state import FilesState

    try:
        root, digest, newest, files, folders = marshal.loads(answer)
        state = FilesState(digest, newest, files, folders)
    except (EOFError, ValueError, TypeError):
        return "", None
    return (root, state) if isinstance(root, str) and isinstance(folders, dict) else ("", None)
