"""Read the knowledge base's files as they were at a git revision."""

from __future__ import annotations

import subprocess
from pathlib import Path

from coop.kb.index import ALL_COLLECTIONS
from coop.load.files import discover


class GitError(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return proc.stdout


def resolve(root: Path, rev: str) -> str:
    """The commit ``rev`` names; raises :class:`GitError` if it names none."""
    if rev.startswith("-"):
        raise GitError(f"{rev!r} is not a revision")
    try:
        _git(root, "rev-parse", "--is-inside-work-tree")
    except GitError:
        raise GitError(
            f"{root} is not in a git repository", "coop diff compares git revisions"
        ) from None
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(
            f"{rev!r} is not a revision of this repository",
            "give a commit, branch or tag, e.g. main or HEAD~1",
        ) from None


def files_at(root: Path, commit: str) -> dict[str, bytes]:
    """KB-relative path -> content of every YAML file under data/ at ``commit``."""
    prefix = _git(root, "rev-parse", "--show-prefix").decode().strip()
    listing = _git(root, "ls-tree", "-r", "-z", "--full-name", commit, "--", "data")
    entries = []
    for item in listing.split(b"\0"):
        if not item:
            continue
        meta, _, name = item.partition(b"\t")
        mode, kind, sha = meta.split()
        full = name.decode("utf-8", "surrogateescape")
        if kind != b"blob" or mode == b"120000" or not full.endswith((".yaml", ".yml")):
            continue
        entries.append((full[len(prefix) :], sha.decode()))
    if not entries:
        return {}
    batch = _git(root, "cat-file", "--batch", stdin="".join(f"{s}\n" for _, s in entries).encode())
    out: dict[str, bytes] = {}
    position = 0
    for rel, _sha in entries:
        header_end = batch.index(b"\n", position)
        size = int(batch[position:header_end].split()[2])
        start = header_end + 1
        out[rel] = batch[start : start + size]
        position = start + size + 1
    return out


def files_in_worktree(root: Path) -> dict[str, bytes]:
    """The same, read from the working tree (links out of the KB skipped)."""
    out: dict[str, bytes] = {}
    for entry in discover(root, ALL_COLLECTIONS):
        if entry.problem is None and entry.path.is_file():
            try:
                out[entry.rel] = entry.path.read_bytes()
            except OSError:
                continue
    return out
