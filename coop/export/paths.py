"""Where an export may write: a file beside existing ones, or a folder it replaces whole."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from coop.export import ExportError
from coop.layout import CONFIG_FILE, DATA_DIR
from coop.writing import atomic_write_bytes, safe_join


def check_outside_kb(out: Path, root: Path) -> None:
    """Refuse an ``out`` that the knowledge base at ``root`` is made of: its
    ``data/`` folder or ``coop.yaml``. An export written there would replace
    a record or the settings, or be read as a (broken) record by every later
    command."""
    target = out.resolve()  # through symbolic links: data/ reached by a link is data/
    data = (root / DATA_DIR).resolve()
    config = (root / CONFIG_FILE).resolve()
    if target in (config, data) or data in target.parents:
        raise ExportError(
            f"--out {out}: inside the knowledge base "
            f"({CONFIG_FILE if target == config else DATA_DIR + '/'})",
            f"write the export outside {DATA_DIR}/ and {CONFIG_FILE}, e.g. --out coop.db "
            "in the knowledge base's folder",
        )


def check_file_target(out: Path) -> None:
    """``out`` must be a (new or existing) regular file in an existing folder."""
    if str(out) == "-":  # coop report's standard output: a file named "-" would surprise
        raise ExportError(
            "--out -: an export is written to a file, not to the standard output",
            "give a file name, e.g. --out coop.json",
        )
    if out.is_dir():
        raise ExportError(f"--out {out}: is a folder", "give a file name, e.g. --out coop.db")
    if out.exists() and not out.is_file():
        # The export is renamed over its target: a device (/dev/null, as root)
        # or a named pipe would be replaced by a regular file.
        raise ExportError(
            f"--out {out}: not a regular file (a device, a pipe or a socket)",
            "give the name of a new or existing regular file; coop replaces it whole",
        )
    if not out.parent.is_dir():
        raise ExportError(f"--out {out}: no folder {out.parent}", "create the folder first")


def write_file(out: Path, data: bytes) -> None:
    check_file_target(out)
    atomic_write_bytes(out, data)


def check_folder_target(out: Path, marker: str) -> None:
    """``out`` must be a new folder in an existing one, an empty folder, or
    an earlier export (it holds ``marker``)."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ExportError(f"--out {out}: exists and is not a folder", "give a folder path")
    if not out.parent.is_dir():
        raise ExportError(f"--out {out}: no folder {out.parent}", "create the parent folder first")
    if out.is_dir() and any(out.iterdir()) and not (out / marker).is_file():
        raise ExportError(
            f"--out {out}: folder not empty and not an earlier export (no {marker})",
            "give a new or empty folder; coop only replaces a folder it wrote",
        )


# A file's content, or what writes it into the open file (a big one, as it comes).
Content = bytes | Callable[[BinaryIO], None]


def write_folder(out: Path, files: Mapping[str, Content], marker: str) -> None:
    """Replace folder ``out`` with exactly ``files``, all or nothing.

    The files are written into a new folder beside ``out``, which then takes
    its place by renames: a reader sees the old export or the new one, never
    a mix. An existing folder is replaced only if it is empty or holds
    ``marker`` (an earlier export), so that no other folder is ever wiped.
    """
    check_folder_target(out, marker)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        for name, content in files.items():
            if isinstance(content, bytes):
                atomic_write_bytes(safe_join(staging, name), content)
            else:
                # A new file in the private staging folder: no reader sees it
                # before the folder is renamed into place.
                with open(safe_join(staging, name), "xb") as handle:
                    content(handle)
                    handle.flush()
                    os.fsync(handle.fileno())
        if out.is_dir():
            old = staging.with_name(staging.name + ".old")
            os.rename(out, old)
            try:
                os.rename(staging, out)
            except BaseException:
                os.rename(old, out)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(staging, out)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
