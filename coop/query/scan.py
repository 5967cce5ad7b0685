"""The state of a knowledge base's files, from one ``stat`` per file.

A stored image is used only while nothing it was built from has changed:
every YAML file under ``data/`` (what ``coop.load.files.scan_tree`` finds:
records, the themes vocabulary, misplaced files, folders named like a
record file) and ``coop.yaml``. For each, its path, size, mtime, ctime and
inode: an edit changes size or mtime; ``touch -d``, ``rsync -t`` or a copy
that keeps the mtime still change the ctime or the inode; a file added,
deleted or renamed changes the paths.

This is the whole cost of a warm query on a national knowledge base, so it
does the least Python work per file: no sorting (a folder lists its entries
in the same order until it changes, and a change is what we look for),
no path objects, numbers gathered in flat lists and digested in C.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from dataclasses import dataclass

# As coop.load.files: record files, and the folders they live in.
_SUFFIXES = (".yaml", ".yml")
_CONFIG = "coop.yaml"


@dataclass(frozen=True)
class FilesState:
    digest: str  # of every path and stat
    newest_ns: int  # the latest mtime or ctime among them (0: no file)
    files: int


def files_state(root: str) -> FilesState:
    names: list[str] = []
    numbers: list[int] = []  # size and inode of each file, or an error number
    times: list[int] = [0]  # mtime and ctime of each file
    _entry(os.path.join(root, _CONFIG), _CONFIG, names, numbers, times)
    _folder(os.path.join(root, "data"), "data", names, numbers, times)
    payload = marshal.dumps((names, numbers, times))
    digest = hashlib.blake2b(payload, digest_size=16).hexdigest()
    return FilesState(digest, max(times), len(names))


def _entry(path: str, name: str, names: list[str], numbers: list[int], times: list[int]) -> None:
    names.append(name)
    try:
        st = os.stat(path)
    except OSError as exc:
        numbers.append(-(exc.errno or 1))
        return
    numbers += (st.st_size, st.st_ino)
    times += (st.st_mtime_ns, st.st_ctime_ns)


def _folder(folder: str, rel: str, names: list[str], numbers: list[int], times: list[int]) -> None:
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:  # no data/ (an empty knowledge base), or unreadable
        names.append(rel)
        numbers.append(-(exc.errno or 1))
        return
    subfolders = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if name.endswith(_SUFFIXES):
            # A record file, a link to one, or a folder named like one (its
            # stat says which; every kind is a different load).
            names.append(name)
            try:
                st = entry.stat()
            except OSError as exc:
                numbers.append(-(exc.errno or 1))
                continue
            numbers += (st.st_size, st.st_ino, st.st_mode)
            times += (st.st_mtime_ns, st.st_ctime_ns)
        elif entry.is_dir(follow_symlinks=False):
            subfolders.append(entry)
    for entry in subfolders:
        path = f"{rel}/{entry.name}"
        names.append(path)  # marks where the folder's entries start
        _folder(entry.path, path, names, numbers, times)
