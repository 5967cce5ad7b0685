"""Write a site into a folder, whole or not at all.

Pages are rendered in memory first (a template error writes nothing), then
written into a fresh temporary folder beside the target, then swapped into
place by renames. An existing folder is replaced only if a previous run of
``coop report`` made it (it holds the marker file); anything else is refused,
so ``--out ~`` can never wipe a home folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from coop.report.errors import ReportError
from coop.writing import UnsafePath, atomic_write_text, safe_join

MARKER = ".coop-site"


class SiteError(ReportError):
    """The site could not be written; nothing was changed."""


def write_site(out: Path, pages: dict[str, str]) -> None:
    """Put ``pages`` (relative path -> text) in folder ``out``, replacing a
    previous site there."""
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
    try:
        for rel, text in pages.items():
            path = safe_join(staging, *rel.split("/"))
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, text)
        atomic_write_text(staging / MARKER, "Written by coop report; safe to delete.\n")
        os.chmod(staging, 0o755 & ~_umask())
        _swap(staging, out)
    except UnsafePath as exc:
        raise SiteError(str(exc)) from None
    except OSError as exc:
        raise SiteError(f"cannot write to {out}: {exc.strerror or exc}") from None
    finally:
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
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
