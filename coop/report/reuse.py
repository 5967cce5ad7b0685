"""Pages of the site being replaced, kept when a new page is the same.

``coop report all`` writes a whole new site and then deletes the old one.
On a national site (56,000 pages) the old one's deletion alone took ~5 s,
after every page was written: freeing the blocks of files already on
disk. When a re-run lays out a page byte for byte as the old site holds it
(the same day, the records unchanged: most pages after an edit), the new
site takes a hard link to the old page instead of a copy. The old site's
deletion then only drops names, and the page is not written again.

A page is taken only if it is exactly what this run would write: a regular
file (opened without following a link, in folders opened the same way), with
the same bytes, owned by this user, with the permissions a new page gets,
and with no other name (a link count of one), so the new site shares its
file with nothing but the old site, which is deleted once the new one is
in place. The new name is checked to be the very file that was read (a
file swapped in meanwhile is unlinked again). Anything else, or any error,
and the page is written as usual.
"""

from __future__ import annotations

import contextlib
import os
import stat

_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_OPEN_FOLDER = _OPEN_FILE | getattr(os, "O_DIRECTORY", 0)


def can_link_in_folders() -> bool:
    """Whether this system can name files relative to an open folder."""
    return os.link in os.supports_dir_fd and os.open in os.supports_dir_fd


class PreviousSite:
    """The old site's pages, looked up by the new page's path."""

    def __init__(self, root: str, mode: int) -> None:
        """``root``: the old site's folder; ``mode``: the permission bits
        a new page gets (``0o666`` less the umask)."""
        self.root = root
        self.mode = mode
        self.uid = os.geteuid()
        self._folders: dict[tuple[str, ...], int | None] = {}

    def link_same(self, parts: list[str], data: bytes, target: str) -> bool:
        """Make ``target`` a new name of the old page at ``parts`` if it
        holds exactly ``data``; False (and nothing done) otherwise."""
        folder = self._folder(tuple(parts[:-1]))
        if folder is None:
            return False
        try:
            fd = os.open(parts[-1], _OPEN_FILE, dir_fd=folder)
        except OSError:
            return False
        try:
            info = os.fstat(fd)
            if not (
                stat.S_ISREG(info.st_mode)
                and info.st_nlink == 1
                and info.st_size == len(data)
                and info.st_uid == self.uid
                and stat.S_IMODE(info.st_mode) == self.mode
            ):
                return False
            if _read_all(fd, len(data)) != data:
                return False
            os.link(parts[-1], target, src_dir_fd=folder, follow_symlinks=False)
        except OSError:
            return False
        finally:
            os.close(fd)
        # The name may have been given to another file since it was opened:
        # the new name must be the file that was read.
        try:
            linked = os.lstat(target)
            if (linked.st_dev, linked.st_ino) == (info.st_dev, info.st_ino):
                return True
            os.unlink(target)
        except OSError:
            pass
        return False

    def close(self) -> None:
        for fd in self._folders.values():
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._folders = {}

    def _folder(self, parts: tuple[str, ...]) -> int | None:
        """An open folder of the old site, each step opened without following
        a link; None if there is no such folder."""
        if parts in self._folders:
            return self._folders[parts]
        fd: int | None
        try:
            if parts:
                parent = self._folder(parts[:-1])
                fd = None if parent is None else os.open(parts[-1], _OPEN_FOLDER, dir_fd=parent)
            else:
                fd = os.open(self.root, _OPEN_FOLDER)
        except OSError:
            fd = None
        self._folders[parts] = fd
        return fd


def _read_all(fd: int, size: int) -> bytes:
    """Up to ``size + 1`` bytes: one more than expected shows a file that
    grew since it was measured."""
    chunks = []
    left = size + 1
    while left > 0:
        chunk = os.read(fd, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
