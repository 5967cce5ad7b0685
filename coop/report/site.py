"""Write a site into a folder, whole or not at all.

Pages are written, as they are rendered, into a fresh private temporary
folder beside the target (a national site does not fit in memory); once all
are there the folder is flushed to disk and swapped into place by renames. A
template error, a failed write or an interrupt midway deletes the temporary
folder, so the target is left as it was. An existing folder is replaced only if a previous run of
``coop report`` made it (it holds the marker file); anything else is refused,
so ``--out ~`` can never wipe a home folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from coop.report.errors import ReportError
from coop.report.reuse import PreviousSite, can_link_in_folders
from coop.writing import (
    UnsafePath,
    _signals_deferred,  # the one way coop holds Ctrl-C back
    safe_join,
    write_new_bytes,
    write_new_chunks,
)

MARKER = ".coop-site"
# Characters of a big page's piece encoded at once (see Staging.write_pieces).
_SLICE = 1 << 20


class SiteError(ReportError):
    """The site could not be written; nothing was changed."""


class Staging:
    """The temporary folder of a site being written, one page at a time.

    The folder is private (``mkdtemp``: mode 0700) and only this run creates
    anything in it (folders, and files that refuse to follow a link), so it
    holds no symbolic link: a path made of plain names (no ``..``, no empty
    or ``.`` part) stays inside it, which is what :func:`safe_join` would
    find by resolving both paths, at a quarter of a page's writing cost.
    Any other path goes through ``safe_join``.

    ``previous``: the folder of the site this one will replace; a page it
    holds exactly as this run lays it out is linked, not written again
    (``coop.report.reuse``).
    """

    def __init__(self, root: Path, previous: str | None = None) -> None:
        self.root = root
        self.previous = previous
        self._real = os.path.realpath(root)
        self._folders: set[str] = set()
        self._old = (
            PreviousSite(previous, 0o666 & ~_umask())
            if previous is not None and can_link_in_folders()
            else None
        )

    def write(self, rel: str, text: str) -> None:
        """Write page ``rel`` ('/'-separated); refuses a path leaving the folder."""
        data = text.encode("utf-8")
        path = self._path(rel)
        if self._old is not None:
            parts = rel.split("/")
            if all(_plain(part) for part in parts) and self._old.link_same(parts, data, path):
                return
        write_new_chunks(path, (data,))

    def close(self) -> None:
        """Let go of the previous site's folders (kept open while writing)."""
        if self._old is not None:
            self._old.close()

    def write_pieces(self, rel: str, pieces: Iterable[str]) -> None:
        """Write page ``rel`` from pieces of text, as they come; a big piece
        encoded a slice at a time (UTF-8 encodes each character on its own,
        so the bytes are the same)."""
        write_new_chunks(
            self._path(rel),
            (
                piece[start : start + _SLICE].encode("utf-8")
                for piece in pieces
                for start in range(0, max(len(piece), 1), _SLICE)
            ),
        )

    def _path(self, rel: str) -> str:
        parts = rel.split("/")
        if all(_plain(part) for part in parts):
            folder = os.path.join(self._real, *parts[:-1])
            path = os.path.join(folder, parts[-1])
        else:
            safe = safe_join(self.root, *parts)
            folder, path = str(safe.parent), str(safe)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        return path


def _plain(name: str) -> bool:
    """A file or folder name that cannot lead out of its folder."""
    return name not in ("", ".", "..") and "\0" not in name and os.sep not in name


def write_site(out: Path, pages: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
    """Put ``pages`` (relative path -> text, or such pairs as they come) in
    folder ``out``, replacing a previous site there."""
    items = pages.items() if isinstance(pages, Mapping) else pages

    def fill(staging: Staging) -> None:
        for rel, text in items:
            staging.write(rel, text)

    build_site(out, fill)


def build_site(out: Path, fill: Callable[[Staging], None]) -> None:
    """Let ``fill`` write the pages into a staging folder, then put that
    folder in place of ``out``; if ``fill`` raises, nothing changes."""
    out = Path(os.path.abspath(out))
    parent = out.parent
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SiteError(f"{out} exists and is not a folder", "choose a new folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(
            f"{out} is not empty and was not made by coop report",
            "choose a new or empty folder; coop only replaces a site it wrote",
        )
    if not parent.is_dir():
        raise SiteError(f"cannot write to {out}: folder {parent} does not exist")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise SiteError(f"cannot write to {out}: {exc.strerror or exc}") from None
    # Only a site coop wrote lends its pages (see coop.report.reuse).
    previous = str(out) if (out / MARKER).is_file() else None
    pages = Staging(staging, previous)
    try:
        fill(pages)
        pages.close()
        write_new_bytes(staging / MARKER, b"Written by coop report; safe to delete.\n")
        # One flush for the whole site instead of an fsync per page: after a
        # crash the renamed folder never holds empty pages.
        if hasattr(os, "sync"):
            os.sync()
        os.chmod(staging, 0o755 & ~_umask())
        _swap(staging, out)
    except UnsafePath as exc:
        raise SiteError(str(exc)) from None
    except OSError as exc:
        raise SiteError(f"cannot write to {out}: {exc.strerror or exc}") from None
    finally:
        pages.close()
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(staging)


def _swap(staging: Path, out: Path) -> None:
    """Rename ``staging`` to ``out``; an old site is moved aside first and
    put back if the rename fails."""
    if not out.exists():
        os.rename(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    os.rmdir(old)
    swapped = False
    try:
        # Ctrl-C between the two renames would leave no site at all (and the
        # new one deleted with the staging folder): it waits for both.
        with _signals_deferred():
            os.rename(out, old)
            try:
                os.rename(staging, out)
            except OSError:
                os.rename(old, out)
                raise
            swapped = True
    finally:
        if swapped:  # a Ctrl-C held back lands here: the old site still goes
            shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
