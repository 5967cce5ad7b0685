"""The validation cache: per-file results keyed by path, content and context.

Stored per user, outside the knowledge base (``$COOP_CACHE_DIR``, else
``$XDG_CACHE_HOME/coop``, else ``~/.cache/coop``; one folder per knowledge
base, named by a digest of its real path), with ``marshal`` (builtins only,
the fastest reader in the standard library). Outside the knowledge base
because a repository must never be able to ship a cache: a committed one
could serve stale results, and ``marshal`` is not meant for data someone
else wrote. Three kinds of files:

- ``summary``: the last run's whole result, a fingerprint of every file's
  (path, size, mtime), and each folder's state (``coop.load.state``). When
  nothing changed, this is all a run reads.
- ``shards/*``: one per folder of the knowledge base: for each of its files,
  its size, mtime, content digest and FileResult. A run re-checks only files
  whose content digest changed, and after an edit it reads and rewrites only
  the shards of the folders concerned (a national knowledge base's entries
  are ~27 MB in all: reading them all cost more than checking the file).
- ``xref/*``: which files declare and which reference each id, in buckets
  by id, so that after an edit the knowledge-base rules read only the files
  the edit can concern (``coop.validate.xref``).

Every shard and the xref carry the *generation* of the run that wrote them,
which the summary records: files from different runs (one run cut short
between two writes) are never combined.

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
import tempfile
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coop import __version__, cache_place
from coop.load.scan import Found

FORMAT = 5
RACY_MARGIN_NS = 2_000_000_000
SHARDS = "shards"
XREF = "xref"

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
    # any file: while it is unchanged, a later run need not scan at all; and
    # each folder's, so that a later run re-scans only the folders that changed.
    files_state: str | None = None
    folders: dict[str, tuple[str, int]] = field(default_factory=dict)
    folder_stats: dict[str, str] = field(default_factory=dict)  # see stat_fingerprints
    # The generation of the shard holding each folder's entries, and of each
    # bucket of the cross-references.
    shards: dict[str, str] = field(default_factory=dict)
    xref: dict[int, str] = field(default_factory=dict)

    @property
    def file_rows(self) -> list[tuple[str, int, int, str, str, str | None]]:
        """The rows of the files' own findings (``rows`` ends with ``kb_rows``)."""
        return self.rows[: len(self.rows) - len(self.kb_rows)]


@dataclass
class ValidationCache:
    root: Path
    key: str
    enabled: bool = True
    _files: dict[str, FileEntry] | None = field(default=None, repr=False)
    # What was read of each folder's shard: its generation and entries.
    _shards: dict[str, tuple[str, dict[str, FileEntry]]] = field(default_factory=dict, repr=False)

    @functools.cached_property
    def folder(self) -> Path:
        return cache_folder(self.root)  # a real path and a digest: once

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
        """Every file's entry, from every shard."""
        if self._files is None:
            try:
                names = sorted(os.listdir(self.folder / SHARDS)) if self.enabled else []
            except OSError:
                names = []
            for name in names:
                self._load_shard(f"{SHARDS}/{name}")
            self._files = {}
            for _, entries in self._shards.values():
                self._files.update(entries)
        return self._files

    def load_folders(self, folders: Collection[str]) -> dict[str, dict[str, FileEntry]]:
        """The entries of the files of each of ``folders`` that has a shard."""
        for folder in folders:
            if folder not in self._shards:
                self._load_shard(shard_name(folder), folder)
        return {folder: self._shards[folder][1] for folder in folders if folder in self._shards}

    def generations(self) -> dict[str, str]:
        """The generation of each shard read so far."""
        return {folder: generation for folder, (generation, _) in self._shards.items()}

    def save_folders(
        self, entries: dict[str, dict[str, FileEntry]], generation: str, gone: Iterable[str] = ()
    ) -> None:
        """Write the shards of these folders, and drop those of ``gone`` folders.

        Not flushed to the disk one by one (``fsync``): a national knowledge
        base has hundreds of folders. A shard a crash left torn is unreadable
        or of the wrong generation, and then not used."""
        if not self.enabled:
            return
        with contextlib.suppress(OSError):
            shards = _made(self.folder / SHARDS)
            for folder, files in entries.items():
                data = {
                    "format": FORMAT,
                    "key": self.key,
                    "folder": folder,
                    "generation": generation,
                    "files": files,
                }
                replace_file(shards / shard_name(folder).partition("/")[2], marshal.dumps(data))
            for folder in gone:
                with contextlib.suppress(FileNotFoundError):
                    (self.folder / shard_name(folder)).unlink()

    def save_entries(self, entries: dict[str, FileEntry], generation: str) -> dict[str, str]:
        """Store every file's entry: only the shards of the folders whose
        entries changed since read are written (the others keep theirs).
        Returns each folder's shard generation, for the summary."""
        by_folder: dict[str, dict[str, FileEntry]] = {}
        for rel, entry in entries.items():
            folder = folder_of(rel)
            found = by_folder.get(folder)
            if found is None:
                by_folder[folder] = {rel: entry}
            else:
                found[rel] = entry
        generations: dict[str, str] = {}
        changed: dict[str, dict[str, FileEntry]] = {}
        for folder, files in by_folder.items():
            stored = self._shards.get(folder)
            if (
                stored is not None
                and len(stored[1]) == len(files)
                and all(stored[1].get(rel) is entry for rel, entry in files.items())
            ):
                generations[folder] = stored[0]
            else:
                changed[folder] = files
                generations[folder] = generation
        self.save_folders(changed, generation, self._shards.keys() - by_folder.keys())
        return generations

    def save_summary(self, summary: Summary) -> None:
        self._save("summary", {"summary": summary.__dict__})
        for old in ("files", "files-delta"):  # an older coop's entries
            with contextlib.suppress(OSError):
                (self.folder / old).unlink()

    def load_xref(self, bucket: int, generation: str | None) -> dict[str, Any] | None:
        """A bucket of the stored cross-references, if of this generation."""
        data = self._load(f"{XREF}/{bucket}")
        if data is None or generation is None or data.get("generation") != generation:
            return None
        return data

    def save_xref(self, payloads: dict[int, dict[str, Any]], generation: str) -> None:
        """Store buckets of the cross-references (unflushed, as the shards)."""
        if not self.enabled:
            return
        with contextlib.suppress(OSError):
            folder = _made(self.folder / XREF)
            for bucket, payload in payloads.items():
                data = {"format": FORMAT, "key": self.key, "generation": generation, **payload}
                replace_file(folder / str(bucket), marshal.dumps(data))

    def _load_shard(self, name: str, folder: str | None = None) -> None:
        data = self._load(name)
        if data is None:
            return
        files, found, generation = data.get("files"), data.get("folder"), data.get("generation")
        if (
            isinstance(files, dict)
            and isinstance(found, str)
            and isinstance(generation, str)
            and folder in (None, found)
        ):
            self._shards[found] = (generation, files)

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
        # Replaced whole, but not flushed to the disk (fsync: 16 ms against
        # 6 ms for a national summary): after a crash, a torn summary does not
        # load, and a summary with shards of another run is not combined.
        replace_file(self.folder / name, marshal.dumps(data))


def shard_name(folder: str) -> str:
    """The file, under the cache folder, of the entries of ``folder``'s files."""
    digest = hashlib.blake2b(folder.encode("utf-8", "surrogateescape"), digest_size=12)
    return f"{SHARDS}/{digest.hexdigest()}"


def folder_of(rel: str) -> str:
    """The folder of a file found by the scan ("data/agreements/x.yaml" -> "data/agreements")."""
    return rel.rpartition("/")[0]


def new_generation() -> str:
    return os.urandom(8).hex()  # as secrets.token_hex, without importing secrets (~8 ms)


def _made(folder: Path) -> Path:
    """``folder``, made if need be (in place of a file, which a cache may hold)."""
    if folder.is_file() or folder.is_symlink():
        folder.unlink()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def replace_file(path: Path, data: bytes) -> None:
    """Replace ``path`` whole (a temporary file renamed over it), without
    flushing it to the disk: a cache file lost in a crash is only rebuilt."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def context_key(parts: list[str]) -> str:
    """A digest of everything, besides a file itself, that its result depends on."""
    digest = hashlib.blake2b(digest_size=16)
    for part in [tool_fingerprint(), str(FORMAT), *parts]:
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\x00")
    return digest.hexdigest()


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
    return cache_place.code_digest(_VALIDATING)


def stat_fingerprint(found: Iterable[Found]) -> str:
    """A digest of every file's path, size and mtime (and scan problem)."""
    return combined_fingerprint(stat_fingerprints(found))


def stat_fingerprints(found: Iterable[Found]) -> dict[str, str]:
    """Each folder's digest of its files' paths, sizes and mtimes (and scan
    problems): a run that re-scans some folders only recomputes theirs."""
    lines: dict[str, list[str]] = {}
    for f in found:
        text = f"{f.rel}\x00{f.size}\x00{f.mtime_ns}\x00{f.problem.message if f.problem else ''}"
        lines.setdefault(folder_of(f.rel), []).append(text)
    return {
        folder: hashlib.blake2b(
            "\n".join(texts).encode("utf-8", "surrogateescape"), digest_size=16
        ).hexdigest()
        for folder, texts in lines.items()
    }


def combined_fingerprint(by_folder: dict[str, str]) -> str:
    text = "\n".join(f"{folder}\x00{digest}" for folder, digest in sorted(by_folder.items()))
    return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def trusted_before_now() -> int:
    return time.time_ns() - RACY_MARGIN_NS


def cache_home() -> Path:
    """Where coop keeps its caches for this user (coop.cache_place)."""
    return Path(cache_place.cache_home())


def cache_folder(root: Path) -> Path:
    """The validation cache of the knowledge base at ``root``."""
    return Path(cache_place.validation_folder(root))


def cache_disabled_by_env() -> bool:
    return cache_place.cache_disabled_by_env()
