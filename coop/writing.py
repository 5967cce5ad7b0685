"""Writing files without ever leaving one half-written.

Every command that writes goes through here: the new content goes to a
temporary file in the same folder, is flushed to disk, then renamed over the
target (an atomic operation on POSIX), keeping the old file's permissions.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path


class UnsafePath(Exception):
    """A path that would escape its allowed folder, go through a symlink, or
    replace what is not a regular file; ``hint`` says what to do instead."""

    hint = "write to a plain file or folder; coop never writes through a symbolic link"

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


_SPECIAL_HINT = (
    "give the name of a new or existing regular file; coop replaces its target whole, "
    "which would turn a device, a pipe or a socket into a plain file"
)


def _existing_mode(path: Path) -> int | None:
    """The permission bits of ``path`` if it is an existing regular file,
    None if it does not exist; anything else is refused.

    A write is a rename over the target: a symbolic link would be replaced
    (or, followed, write out of its folder), and a named pipe, a socket, a
    device (/dev/null, as root) or a folder replaced by a plain file.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        raise UnsafePath(f"{path} is a symbolic link; refusing to write through it")
    if stat.S_ISDIR(mode):
        raise UnsafePath(f"{path} is a folder", "give the path of a file inside it")
    if not stat.S_ISREG(mode):
        raise UnsafePath(
            f"{path} is not a regular file (a device, a pipe or a socket)", _SPECIAL_HINT
        )
    return stat.S_IMODE(mode)


# Ctrl-C (and a polite kill) between creating the temporary file and renaming
# it would leave a stray temporary file, or none of the cleanup done: they are
# held back for the few milliseconds of one write, and delivered right after.
_DEFERRED = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` whole, or leave it as it was.

    Refuses (:class:`UnsafePath`) when ``path`` is a symbolic link, a folder
    or any other file that is not a regular one. A new file gets the umask's
    mode, an existing one keeps its mode.
    """
    with _signals_deferred():
        _write(Path(path), data)


def _write(path: Path, data: bytes) -> None:
    folder = path.parent
    mode = _existing_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def atomic_replace(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` for a writer that needs a path (SQLite);
    renamed over ``path`` whole when the block ends, deleted if it fails.

    Refuses (:class:`UnsafePath`) what :func:`atomic_write_bytes` refuses.
    The new file gets the umask's mode.
    """
    path = Path(path)
    _existing_mode(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with _signals_deferred():
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_new_bytes(path: Path, data: bytes) -> None:
    """Create ``path`` (which must not exist yet) holding ``data``.

    Only for a file inside a private staging folder that is renamed into
    place whole once complete (``coop report all``'s site): no reader can see
    it half-written, so the temporary file and fsync that
    :func:`atomic_write_bytes` spends on every file are not needed (on a
    56,000-page site they cost minutes); the caller makes the folder durable
    once, before the rename. Refuses to follow a symbolic link or to
    overwrite anything.
    """
    write_new_chunks(path, (data,))


def write_new_chunks(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> None:
    """:func:`write_new_bytes` for data that comes in pieces (a big page
    written as it is laid out, never held whole)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o666)  # the umask applies, as for any new file
    try:
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def safe_join(base: Path, *parts: str) -> Path:
    """``base/parts…``, refusing any result outside ``base``."""
    base_real = base.resolve()
    candidate = base_real.joinpath(*parts).resolve()
    if candidate != base_real and base_real not in candidate.parents:
        raise UnsafePath(f"{'/'.join(parts)!r} would be written outside {base}")
    return candidate
