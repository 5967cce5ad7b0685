"""The state of a knowledge base's files, from one ``stat`` per file.

A stored image is used only while nothing it was built from has changed:
every YAML file under ``data/`` (what ``coop.load.scan.scan_tree`` finds:
records, the themes vocabulary, misplaced files, folders named like a
record file) and ``coop.yaml``. For each, its path, size, mtime, ctime,
inode and mode: an edit changes size or mtime; ``touch -d``, ``rsync -t`` or
a copy that keeps the mtime still change the ctime or the inode; a file
added, deleted or renamed changes the paths.

This is most of the cost of a warm query on a national knowledge base
(56,000 files), so it does the least work per file: no sorting (a folder
lists its entries in the same order until it changes, and a change is what
we look for), no path objects, files picked, stat'ed and their numbers
gathered by C loops (``map``), digested in C (SHA-256), and each file
stat'ed by its name in an open folder rather than by a path the system
resolves again from the root (~15% less CPU).
"""

from __future__ import annotations

import hashlib
import marshal
import os
from array import array
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import attrgetter, not_

# As coop.load.scan: record files, and the folders they live in.
_SUFFIXES = (".yaml", ".yml")
_CONFIG = "coop.yaml"
_BY_FD = os.scandir in os.supports_fd and os.open in os.supports_dir_fd
_OPEN_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_NAME = attrgetter("name")
_NUMBERS = attrgetter("st_size", "st_ino", "st_mode")
_TIMES = attrgetter("st_mtime_ns", "st_ctime_ns")


@dataclass(frozen=True)
class FilesState:
    digest: str  # of every path and stat
    newest_ns: int  # the latest mtime or ctime among them (0: no file)
    files: int


class _State:
    """What the walk gathers, in walk order."""

    def __init__(self) -> None:
        self.names: list[str] = []  # of files, each folder's path before its files
        # Three numbers per file, and per file or folder that could not be
        # read (the error's number, negative, and two -1).
        self.numbers: list[int] = []  # size, inode and mode of each file
        self.times: list[int] = [0]  # mtime and ctime of each file
        self.files = 0

    def failed(self, exc: OSError) -> None:
        self.numbers += (-(exc.errno or 1), -1, -1)


def files_state(root: str) -> FilesState:
    state = _State()
    _config(os.path.join(root, _CONFIG), state)
    data = os.path.join(root, "data")
    state.names.append("data")
    try:
        opened = os.open(data, _OPEN_FOLDER) if _BY_FD else None
    except OSError as exc:  # no data/ (an empty knowledge base), or unreadable
        state.failed(exc)
    else:
        _folder(data if opened is None else opened, "data", state)
    # SHA-256 runs in hardware on most processors: twice blake2b's speed on
    # the 4 MB that 56,000 files give.
    digest = hashlib.sha256("\0".join(state.names).encode("utf-8", "surrogateescape"))
    try:
        digest.update(array("q", state.numbers))
        digest.update(array("q", state.times))
    except OverflowError:  # an inode number beyond 2**63, on some filesystems
        digest.update(marshal.dumps((state.numbers, state.times)))
    return FilesState(digest.hexdigest()[:32], max(state.times), state.files)


def _config(path: str, state: _State) -> None:
    state.names.append(_CONFIG)
    try:
        st = os.stat(path)
    except OSError as exc:
        state.failed(exc)
        return
    state.numbers += (st.st_size, st.st_ino, st.st_mode)
    state.times += (st.st_mtime_ns, st.st_ctime_ns)


def _folder(folder: int | str, rel: str, state: _State) -> None:
    """The files of ``folder`` (an open folder, closed here; or a path), then
    its sub-folders'."""
    try:
        _walk(folder, rel, state)
    finally:
        if isinstance(folder, int):
            os.close(folder)


def _walk(folder: int | str, rel: str, state: _State) -> None:
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:
        state.failed(exc)
        return
    # A record file, a link to one, or a folder named like one (its stat
    # says which; every kind is a different load). Picked, stat'ed and read
    # by C loops (map, compress): no bytecode per file.
    names = list(map(_NAME, entries))
    wanted = list(map(str.endswith, names, repeat(_SUFFIXES)))
    files = list(compress(entries, wanted))
    if any(map(str.startswith, compress(names, wanted), repeat("."))):
        files = [entry for entry in files if not entry.name.startswith(".")]
    state.names += map(_NAME, files)
    state.files += len(files)
    try:
        stats = list(map(os.DirEntry.stat, files))
    except OSError:  # rare (a broken link, a file deleted meanwhile): one by one
        for entry in files:
            _stat(entry, state)
    else:
        state.numbers += chain.from_iterable(map(_NUMBERS, stats))
        state.times += chain.from_iterable(map(_TIMES, stats))
    subfolders = [
        entry.name
        for entry in compress(entries, map(not_, wanted))
        if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)
    ]
    for name in subfolders:
        path = f"{rel}/{name}"
        state.names.append(path)  # marks where the folder's entries start
        if isinstance(folder, str):
            _folder(os.path.join(folder, name), path, state)
            continue
        try:
            sub = os.open(name, _OPEN_FOLDER, dir_fd=folder)
        except OSError as exc:
            state.failed(exc)
            continue
        _folder(sub, path, state)


def _stat(entry: os.DirEntry[str], state: _State) -> None:
    try:
        st = entry.stat()
    except OSError as exc:
        state.failed(exc)
        return
    state.numbers += _NUMBERS(st)
    state.times += _TIMES(st)
