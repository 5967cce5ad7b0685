"""Writing files without ever leaving one half-written.

Every command that writes goes through here: the new content goes to a
temporary file in the same folder, is flushed to disk, then renamed over the
target (an atomic operation on POSIX), keeping the old file's permissions.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class UnsafePath(Exception):
    """A path that would escape its allowed folder or go through a symlink."""


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    folder = path.parent
    if path.is_symlink():
        raise UnsafePath(f"{path} is a symbolic link; refusing to write through it")
    mode = None
    with contextlib.suppress(FileNotFoundError):
        mode = stat.S_IMODE(path.stat().st_mode)
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


def safe_join(base: Path, *parts: str) -> Path:
    """``base/parts…``, refusing any result outside ``base``."""
    base_real = base.resolve()
    candidate = base_real.joinpath(*parts).resolve()
    if candidate != base_real and base_real not in candidate.parents:
        raise UnsafePath(f"{'/'.join(parts)!r} would be written outside {base}")
    return candidate
