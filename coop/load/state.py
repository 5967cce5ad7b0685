"""The state of a knowledge base's files, from one ``stat`` per file.

A stored image is used only while nothing it was built from has changed:
every YAML file under ``data/`` (what ``coop.load.scan.scan_tree`` finds:
records, the themes vocabulary, misplaced files, folders named like a
record file) and ``coop.yaml``. For each, its path, size, mtime, ctime,
inode and mode: an edit changes size or mtime; ``touch -d``, ``rsync -t`` or
a copy that keeps the mtime still change the ctime or the inode; a file
added, deleted or renamed changes the paths.

This is most of the cost of a warm query on a national knowledge base
(56,000 files, ~3 µs each, half of it in the system). So:

- the folders are listed first (names and types come with the listing,
  picked by C loops: ``map``, ``compress``), then their files are stat'ed
  in two halves, the second by a forked child on the other processor
  (``coop.load.beside``) when there are enough files to repay the fork; the
  state is the same either way. On a warm query this runs in the child the
  entry point forked (``coop.load.prefetch``): while the CLI starts, two
  processes stat the files;
- each file is stat'ed by its name in its open folder rather than by a path
  the system resolves again from the root (~15% less CPU);
- no sorting (a folder lists its entries in the same order until it
  changes, and a change is what we look for), no path objects, and the
  numbers gathered in flat lists and digested in C (SHA-256).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat as _stat
from array import array
from itertools import chain, compress, repeat
from operator import attrgetter, not_

from coop.load.beside import Beside, can_fork

# Neither ``typing`` nor ``dataclasses`` here: this module is imported before
# the entry point forks its child (coop.load.prefetch), and those two took
# ~20 ms of a warm query's critical path (dataclasses imports inspect).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

# As coop.load.scan: record files, and the folders they live in.
_SUFFIXES = (".yaml", ".yml")
_CONFIG = "coop.yaml"
_BY_FD = (
    os.scandir in os.supports_fd and os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd
)
_OPEN_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
# Fewer files than this are stat'ed by one process: below, a fork (a few
# milliseconds) costs more than half the stats save.
SPLIT_FROM = 4000
# Five numbers per file; a file that could not be stat'ed has the error's
# number, negative (no size is), and four -1.
_NUMBERS = attrgetter("st_size", "st_ino", "st_mode", "st_mtime_ns", "st_ctime_ns")
_WIDTH = 5

Folder = tuple[str, list[str]]  # its path under the root ("data/agreements"), its files' names


# A folder's state: a digest of its files' names and numbers, and the newest
# mtime or ctime among them (0: no file).
FolderState = tuple[str, int]


class FilesState:
    """The state of a knowledge base's files; equal states have equal
    digest, newest time and count (``folders`` details the digest)."""

    __slots__ = ("digest", "files", "folders", "newest_ns")

    def __init__(
        self,
        digest: str,  # of every path and stat
        newest_ns: int,  # the latest mtime or ctime among them (0: no file)
        files: int,
        # Each folder's own state, by its path under the root
        # ("data/agreements"): a later run compares them to check only the
        # folders that changed (coop.validate.folders). A folder that could
        # not be listed is in it too.
        folders: dict[str, FolderState] | None = None,
    ) -> None:
        self.digest = digest
        self.newest_ns = newest_ns
        self.files = files
        self.folders: dict[str, FolderState] = {} if folders is None else folders

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FilesState):
            return NotImplemented
        return (self.digest, self.newest_ns, self.files) == (
            other.digest,
            other.newest_ns,
            other.files,
        )

    def __hash__(self) -> int:
        return hash((self.digest, self.newest_ns, self.files))

    def __repr__(self) -> str:
        return f"FilesState({self.digest!r}, {self.newest_ns}, {self.files} files)"


class _Listing:
    """What listing the folders finds, in walk order."""

    __slots__ = ("failures", "files", "folders", "names")

    def __init__(self) -> None:
        self.names: list[str] = []  # each folder's path, then its files
        self.folders: list[Folder] = []
        self.failures: list[int] = []  # (index in names, -errno) of each
        self.files = 0

    def failed(self, exc: OSError) -> None:
        self.failures += (len(self.names) - 1, -(exc.errno or 1))


def files_state(root: str, split: bool = True) -> FilesState:
    """The state of the files under ``root``; ``split=False`` stats them all
    in this process (its caller keeps the other processor busy)."""
    try:
        base: int | str = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        base = root  # not a folder, or unreadable: every path below fails the same way
    try:
        return _state(base if _BY_FD else root, split)
    finally:
        if isinstance(base, int):
            os.close(base)


def _state(base: int | str, split: bool) -> FilesState:
    listing = _list(base)
    config = _part(base, [("", [_CONFIG])])
    first, second = _halves(listing.folders, listing.files)
    child = None
    if split and listing.files >= SPLIT_FROM and can_fork():
        try:
            child = Beside(lambda: _encode(_part(base, second)))
        except OSError:  # no process to spare: both halves here
            child = None
    try:
        pieces = config + _part(base, first)
        answer = child.result() if child is not None else None
        # The child failed (or was not needed): its half is stat'ed here.
        told = _decode(answer) if answer is not None else None
        pieces += told if told is not None else _part(base, second)
    finally:
        if child is not None:
            child.stop()  # only if our own part raised: it has answered otherwise
    digest = hashlib.sha256(hashlib.sha256(_joined(listing.names)).digest())
    digest.update(_digest(listing.failures))
    folders: dict[str, list[Piece]] = {}
    for piece in pieces:
        digest.update(piece[1])
        folders.setdefault(piece[0], []).append(piece)
    for index, errno in zip(listing.failures[::2], listing.failures[1::2], strict=True):
        folders[listing.names[index]] = [(listing.names[index], str(errno).encode(), 0)]
    newest = max((piece[2] for piece in pieces), default=0)
    return FilesState(
        digest.hexdigest()[:32],
        newest,
        listing.files,
        {rel: _folder_state(found) for rel, found in folders.items()},
    )


def _folder_state(pieces: list[Piece]) -> FolderState:
    """One folder's state from its pieces (two when the halves cut it)."""
    if len(pieces) == 1:
        return pieces[0][1].hex(), pieces[0][2]
    joined = hashlib.sha256(b"".join(piece[1] for piece in pieces)).digest()
    return joined.hex(), max(piece[2] for piece in pieces)


# -- listing -------------------------------------------------------------------


def _list(base: int | str) -> _Listing:
    listing = _Listing()
    if not isinstance(base, int):
        _list_folder(os.path.join(base, "data"), "data", listing)
        return listing
    try:
        data = os.open("data", _OPEN_FOLDER, dir_fd=base)
    except OSError as exc:  # no data/ (an empty knowledge base), or unreadable
        listing.names.append("data")
        listing.failed(exc)
        return listing
    try:
        _list_folder(data, "data", listing)
    finally:
        os.close(data)
    return listing


def _list_folder(folder: int | str, rel: str, listing: _Listing) -> None:
    """The files of ``folder`` (open, or a path), then its sub-folders'."""
    listing.names.append(rel)
    try:
        # Names only (``listdir``): ~25% cheaper than ``scandir``'s entries,
        # whose types only the few other names need.
        names = os.listdir(folder)
    except OSError as exc:
        listing.failed(exc)
        return
    # A record file, a link to one, or a folder named like one (its stat
    # says which; every kind is a different load). Name by name in C.
    wanted = list(map(str.endswith, names, repeat(_SUFFIXES)))
    files = list(compress(names, wanted))
    if any(map(str.startswith, files, repeat("."))):
        files = [name for name in files if not name.startswith(".")]
    listing.names += files
    listing.folders.append((rel, files))
    listing.files += len(files)
    if len(files) == len(names):
        return
    for name in compress(names, map(not_, wanted)):
        if name.startswith(".") or not _is_folder(folder, name):
            continue
        path = f"{rel}/{name}"
        if not isinstance(folder, int):
            _list_folder(os.path.join(folder, name), path, listing)
            continue
        try:
            sub = os.open(name, _OPEN_FOLDER, dir_fd=folder)
        except OSError as exc:
            listing.names.append(path)
            listing.failed(exc)
            continue
        try:
            _list_folder(sub, path, listing)
        finally:
            os.close(sub)


def _is_folder(folder: int | str, name: str) -> bool:
    """Whether ``name`` in ``folder`` is a folder itself (not a link to one)."""
    try:
        if isinstance(folder, int):
            mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
        else:
            mode = os.lstat(os.path.join(folder, name)).st_mode
    except OSError:  # gone meanwhile, or unreadable: not walked, as scandir would
        return False
    return _stat.S_ISDIR(mode)


def _halves(folders: list[Folder], files: int) -> tuple[list[Folder], list[Folder]]:
    """The folders' files cut in two halves, a folder cut in two if need be."""
    half = files // 2
    seen = 0
    for index, (rel, names) in enumerate(folders):
        if seen + len(names) >= half:
            cut = half - seen
            return [*folders[:index], (rel, names[:cut])], [
                (rel, names[cut:]),
                *folders[index + 1 :],
            ]
        seen += len(names)
    return folders, []


# -- stats -----------------------------------------------------------------------

# Some files of one folder: its path, the digest of their names and numbers,
# and their newest mtime or ctime.
Piece = tuple[str, bytes, int]


def _part(base: int | str, folders: Iterable[Folder]) -> list[Piece]:
    pieces: list[Piece] = []
    for rel, names in folders:
        numbers = _folder_numbers(base, rel, names) if names else []
        newest = max(max(numbers[3::_WIDTH], default=0), max(numbers[4::_WIDTH], default=0))
        digest = hashlib.sha256(_joined(names))
        digest.update(_digest(numbers))
        pieces.append((rel, digest.digest()[:16], newest))
    return pieces


def _folder_numbers(base: int | str, rel: str, names: list[str]) -> list[int]:
    if not isinstance(base, int):
        folder = os.path.join(base, rel)
        return _numbers([os.path.join(folder, name) for name in names], None)
    if not rel:
        return _numbers(names, base)
    try:
        fd = os.open(rel, _OPEN_FOLDER, dir_fd=base)
    except OSError as exc:
        return [-(exc.errno or 1), -1, -1, -1, -1] * len(names)
    try:
        return _numbers(names, fd)
    finally:
        os.close(fd)


def _numbers(names: list[str], folder: int | None) -> list[int]:
    stat = os.stat
    try:
        stats = [stat(name, dir_fd=folder) for name in names]
    except OSError:  # rare (a file deleted meanwhile, a broken link): one by one
        return [number for name in names for number in _one(name, folder)]
    return list(chain.from_iterable(map(_NUMBERS, stats)))


def _one(name: str, folder: int | None) -> tuple[int, ...]:
    try:
        numbers: tuple[int, ...] = _NUMBERS(os.stat(name, dir_fd=folder))
    except OSError as exc:
        return (-(exc.errno or 1), -1, -1, -1, -1)
    return numbers


def _digest(numbers: list[int]) -> bytes:
    # SHA-256 runs in hardware on most processors: twice blake2b's speed on
    # the 4 MB that 56,000 files give.
    try:
        packed = array("q", numbers).tobytes()
    except OverflowError:  # an inode number beyond 2**63, on some filesystems
        packed = marshal.dumps(numbers)
    return hashlib.sha256(packed).digest()


def _joined(names: list[str]) -> bytes:
    return "\0".join(names).encode("utf-8", "surrogateescape")


def _encode(pieces: list[Piece]) -> bytes:
    return marshal.dumps(pieces)


def _decode(data: bytes) -> list[Piece] | None:
    """The child's pieces; None for anything else (it failed half-way)."""
    try:
        pieces = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(pieces, list) or not all(_is_piece(p) for p in pieces):
        return None
    return pieces


def _is_piece(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 3
        and isinstance(value[0], str)
        and isinstance(value[1], bytes)
        and isinstance(value[2], int)
    )
