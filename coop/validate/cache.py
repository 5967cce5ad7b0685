"""The validation cache: per-file results keyed by path, content and context.

Stored per user, outside the knowledge base (``$COOP_CACHE_DIR``, else
``$XDG_CACHE_HOME/coop``, else ``~/.cache/coop``; one folder per knowledge
base, named by a digest of its real path), with ``marshal`` (builtins only,
the fastest reader in the standard library). Outside the knowledge base
because a repository must never be able to ship a cache: a committed one
could serve stale results, and ``marshal`` is not meant for data someone
else wrote. Three files:

- ``summary``: the last run's whole result and a fingerprint of every file's
  (path, size, mtime). When nothing changed, this is all a run reads.
- ``files``: for each path, its size, mtime, content digest and FileResult.
  A run re-checks only files whose content digest changed.
- ``files-delta``: the entries changed by the runs since ``files`` was
  written, applied on top of it, until they are 5% of it.

Staleness: an entry is reused only under the same *context key* (tool
version, cache format, evaluation date, settings, documents folder listing,
reference data). A file's stat is trusted only if its mtime is older than
the cache by a safety margin (the "racy git" problem: an edit within the
same clock tick as the cache write would keep size and mtime); otherwise its
content is hashed again. Deleted and renamed files simply have no entry.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coop import __version__
from coop.load.scan import Found
from coop.writing import atomic_write_bytes

FORMAT = 4
RACY_MARGIN_NS = 2_000_000_000
# Past this share of changed entries, the base file is written again whole.
DELTA_LIMIT = 0.05

# (size, mtime_ns, digest, FileResult as a tuple)
FileEntry = tuple[int, int, str, tuple[Any, ...]]


@dataclass
class Summary:
    stat_fingerprint: str
    trusted_before_ns: int
    rows: list[tuple[str, int, int, str, str, str | None]]  # (rel, line, col, code, message, hint)
    suppressions: dict[str, tuple[Any, ...]]
    files: list[str]
    records: int
    # What a later run needs to answer from this summary alone, without
    # importing the engine (coop.validate.quick): the run's inputs besides the
    # files, and what the settings and reference data made of them.
    kb_rows: list[tuple[str, int, int, str, str, str | None]] = field(default_factory=list)
    tool: str = ""  # tool_fingerprint()
    as_of: str = ""
    watched: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, path, signature)
    config_rows: list[tuple[str, int, int, str, str, str | None]] = field(default_factory=list)
    severities: dict[str, str] = field(default_factory=dict)  # coop.yaml's severity table
    reference: str | None = None  # label of the reference data used
    # The files' state (coop.load.state.files_state) taken before the run read
    # any file: while it is unchanged, a later run need not scan at all.
    files_state: str | None = None


@dataclass
class ValidationCache:
    root: Path
    key: str
    enabled: bool = True
    _files: dict[str, FileEntry] | None = field(default=None, repr=False)
    files_generation: str | None = None  # stat fingerprint of the run that wrote ``files``
    _base_generation: str | None = field(default=None, repr=False)
    _delta: dict[str, FileEntry | None] = field(default_factory=dict, repr=False)

    @property
    def folder(self) -> Path:
        return cache_folder(self.root)

    def load_summary(self, keyed: bool = True) -> Summary | None:
        """The last run's summary; ``keyed=False`` skips the context check,
        for a caller that checks the summary's own record of its inputs."""
        data = self._load("summary", keyed)
        if data is None:
            return None
        try:
            return Summary(**data["summary"])
        except (KeyError, TypeError):
            return None

    def load_files(self) -> dict[str, FileEntry]:
        """Every file's entry: the base file, with the changes of later runs applied."""
        if self._files is None:
            data = self._load("files")
            files = data.get("files") if data else None
            self._files = dict(files) if isinstance(files, dict) else {}
            generation = data.get("generation") if data else None
            self._base_generation = generation if isinstance(generation, str) else None
            self.files_generation = self._base_generation
            delta = self._load("files-delta") if self._base_generation else None
            changes = delta.get("changes") if delta else None
            if (
                delta is not None
                and delta.get("base") == self._base_generation
                and isinstance(changes, dict)
                and isinstance(delta.get("generation"), str)
            ):
                for rel, entry in changes.items():
                    if entry is None:
                        self._files.pop(rel, None)
                    else:
                        self._files[rel] = entry
                self._delta = changes
                self.files_generation = delta["generation"]
        return self._files

    def save_files(self, files: dict[str, FileEntry], generation: str) -> None:
        """Store every file's entry. When few changed since the base file was
        written, only the changes are written (a national knowledge base's
        base file is ~27 MB: rewriting it for one edited file cost more than
        checking the file)."""
        if not self.enabled:
            return
        previous = self._files
        if previous is not None and self._base_generation is not None:
            changes = dict(self._delta)
            for rel, entry in files.items():
                if previous.get(rel) is not entry:
                    changes[rel] = entry
            for rel in previous.keys() - files.keys():
                changes[rel] = None
            if len(changes) <= DELTA_LIMIT * max(len(files), 1):
                payload = {"base": self._base_generation, "generation": generation}
                self._save("files-delta", {**payload, "changes": changes})
                return
        self._save("files", {"files": files, "generation": generation})
        with contextlib.suppress(OSError):
            (self.folder / "files-delta").unlink()

    def save_summary(self, summary: Summary) -> None:
        self._save("summary", {"summary": summary.__dict__})

    def _save(self, name: str, payload: dict[str, Any]) -> None:
        if not self.enabled:
            return
        with contextlib.suppress(OSError):
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._dump(name, payload)

    def _load(self, name: str, keyed: bool = True) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        try:
            data = marshal.loads((self.folder / name).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or (keyed and data.get("key") != self.key)
        ):
            return None
        return data

    def _dump(self, name: str, payload: dict[str, Any]) -> None:
        data = {"format": FORMAT, "key": self.key, **payload}
        atomic_write_bytes(self.folder / name, marshal.dumps(data))


def context_key(parts: list[str]) -> str:
    """A digest of everything, besides a file itself, that its result depends on."""
    digest = hashlib.blake2b(digest_size=16)
    for part in [tool_fingerprint(), str(FORMAT), *parts]:
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\x00")
    return digest.hexdigest()


_PACKAGE = Path(__file__).resolve().parent.parent
# What validation results are computed by (the CLI, reports and queries are not).
_VALIDATING = (
    "__init__.py",
    "diagnostics.py",
    "data",
    "kb",
    "load",
    "model",
    "reference",
    "rules",
    "text",
    "validate",
)


def tool_fingerprint() -> str:
    """The tool's version and the size and mtime of every file of the package.

    The version alone would let a changed rule (an upgrade that keeps the
    version, an edited checkout) serve results computed by the old code; the
    ~150 stats this takes cost about a millisecond, once per process. Only
    the parts of the package that compute results count, so that editing a
    report template does not throw a national knowledge base's cache away.
    """
    return f"{__version__}:{_package_fingerprint()}"


@functools.lru_cache(maxsize=1)
def _package_fingerprint() -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in _validating_files():
        try:
            st = os.stat(path)
        except OSError:
            continue
        digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(errors="replace"))
    return digest.hexdigest()


def _validating_files() -> list[str]:
    files: list[str] = []
    for part in _VALIDATING:
        top = os.path.join(_PACKAGE, part)
        if not os.path.isdir(top):
            files.append(top)
            continue
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            files.extend(
                os.path.join(folder, n) for n in sorted(names) if not n.endswith((".pyc", ".pyo"))
            )
    return files


def stat_fingerprint(found: Iterable[Found]) -> str:
    """A digest of every file's path, size and mtime (and scan problem)."""
    text = "\n".join(
        f"{f.rel}\x00{f.size}\x00{f.mtime_ns}\x00{f.problem.message if f.problem else ''}"
        for f in found
    )
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def trusted_before_now() -> int:
    return time.time_ns() - RACY_MARGIN_NS


def cache_home() -> Path:
    """Where coop keeps its caches for this user."""
    explicit = os.environ.get("COOP_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "coop"


def cache_folder(root: Path) -> Path:
    """The validation cache of the knowledge base at ``root``."""
    real = os.path.realpath(root)
    name = hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return cache_home() / "validate" / name


def cache_disabled_by_env() -> bool:
    return os.environ.get("COOP_NO_CACHE", "") not in {"", "0"}
