"""Parsed files kept between runs of ``coop report all``, by content.

Parsing the YAML is two thirds of loading a knowledge base (~18 s of
processor time for a national one); reading each file's data back from
this store costs a tenth of that. A file is looked up by a digest of its
bytes, so an edited, added or renamed file is simply parsed again; what is
stored depends on nothing else but the code that parsed it, which the key
covers (``coop.validate.cache.tool_fingerprint``: the loader, the models).

Only files that had no problem at all are stored (no YAML problem, no
suppression comment, records built without error): for them the parse's
positions are never read, so a file read from the store is the parsed one
without its positions (``coop.load.positions`` only places errors).

One file per knowledge base, ``<cache home>/report/<digest of its path>``,
like the validation cache and outside the knowledge base for the same
reason (``marshal`` is not meant for data someone else wrote): each file's
data marshalled one after the other, then the index (digest -> offset and
length) and the key, then where the index starts. Written whole into a
temporary file and renamed over the old one, and only when a run parsed
something new or dropped something. A damaged or foreign store is never
an error: the files are parsed again, into a new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import struct
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from coop.load.files import Entry, SourceFile, parse_text, read_raw

# Bump when what is stored, or how, changes.
FORMAT = 1
_MAGIC = b"coop-report-parsed\x00"
_TRAILER = struct.Struct("<Q")  # where the index starts


# A file read, with the digest of its bytes (None if they could not be read).
Read = tuple[SourceFile, bytes | None]


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def store_path(root: Path) -> Path | None:
    """Where the store of the knowledge base at ``root`` lives; None when
    caches are turned off (``COOP_NO_CACHE``)."""
    from coop import cache_place

    if cache_place.cache_disabled_by_env():
        return None
    return Path(cache_place.kb_folder("report", root))


def _key() -> str:
    from coop.validate.cache import tool_fingerprint

    return f"{FORMAT}:{tool_fingerprint()}"


class Store:
    """The stored files of one knowledge base: read what the last run kept,
    and write, as this run goes, what the next one will find."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._old: BinaryIO | None = None
        self._index: dict[bytes, tuple[int, int]] = {}
        self._new: BinaryIO | None = None
        self._new_path: str | None = None
        self._new_index: dict[bytes, tuple[int, int]] = {}
        self._offset = 0
        # Files found in the old store while nothing new was written: copied
        # into a new store only if one is written.
        self._hits: dict[bytes, None] = {}
        self._open_old()

    @property
    def warm(self) -> bool:
        """Whether the last run left files here."""
        return bool(self._index)

    def data(self, key: bytes) -> Any | None:
        """The data stored for a file with this digest; None if there is
        none (or it cannot be read). The file stays stored for the next run."""
        where = self._index.get(key)
        if where is None or self._old is None:
            return None
        offset, length = where
        try:
            blob = os.pread(self._old.fileno(), length, offset)
            if len(blob) != length:
                raise ValueError("short read")
            data = marshal.loads(blob)
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if key not in self._new_index:
            if self._new is None:
                # Nothing new so far: the old store may well stay as it is.
                self._hits[key] = None
            else:
                self._write(key, blob)
        return data

    def keep(self, key: bytes, data: Any) -> None:
        """Store this file's data (parsed by this run) for the next run."""
        if key in self._new_index or key in self._hits:
            return
        try:
            blob = marshal.dumps(data)
        except ValueError:  # not made by the YAML reader: never stored
            return
        if self._writer() is not None:
            self._write(key, blob)

    def commit(self) -> None:
        """Put what this run kept in place of the old store, unless that
        holds the same files already (then nothing is written)."""
        if self._new is None and len(self._hits) < len(self._index):
            self._writer()  # files gone since: a smaller store
        out = self._new
        self._close_old()
        if out is None or self._new_path is None:
            return
        try:
            out.write(marshal.dumps((_key(), self._new_index)))
            out.write(_TRAILER.pack(self._offset))
            out.close()
            os.replace(self._new_path, self.path)
        except OSError:
            self._abandon()
            return
        self._new = None
        self._new_path = ""

    def close(self) -> None:
        """Forget this run's writes (an error or an interrupt): the old
        store, if any, stays."""
        self._close_old()
        self._abandon()

    # -- files ----------------------------------------------------------------

    def _open_old(self) -> None:
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 - kept open for the load
        except OSError:
            return
        try:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(len(_MAGIC))
            if head != _MAGIC or size < len(_MAGIC) + _TRAILER.size:
                raise ValueError("not a store")
            (start,) = _TRAILER.unpack(
                os.pread(handle.fileno(), _TRAILER.size, size - _TRAILER.size)
            )
            if not len(_MAGIC) <= start <= size - _TRAILER.size:
                raise ValueError("bad index offset")
            key, index = marshal.loads(
                os.pread(handle.fileno(), size - _TRAILER.size - start, start)
            )
            if key != _key() or not isinstance(index, dict):
                raise ValueError("another version's store")
        except (OSError, ValueError, EOFError, TypeError):
            handle.close()
            return
        self._old = handle
        self._index = index

    def _close_old(self) -> None:
        if self._old is not None:
            self._old.close()
            self._old = None

    def _writer(self) -> BinaryIO | None:
        if self._new is not None:
            return self._new
        if self._new_path is not None:  # failed once: no store this run
            return None
        try:
            folder = self.path.parent
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        except OSError:
            self._new_path = ""
            return None
        self._new_path = name
        self._new = os.fdopen(fd, "wb")
        try:
            self._new.write(_MAGIC)
        except OSError:
            self._abandon()
            return None
        self._offset = len(_MAGIC)
        hits, self._hits = self._hits, {}
        for key in hits:  # found in the old store before anything new
            offset, length = self._index[key]
            try:
                assert self._old is not None
                self._write(key, os.pread(self._old.fileno(), length, offset))
            except (OSError, AssertionError):
                self._abandon()
                return None
        return self._new

    def _write(self, key: bytes, blob: bytes) -> None:
        if self._new is None:
            return
        try:
            self._new.write(blob)
        except OSError:
            self._abandon()
            return
        self._new_index[key] = (self._offset, len(blob))
        self._offset += len(blob)

    def _abandon(self) -> None:
        if self._new is not None:
            with contextlib.suppress(OSError):
                self._new.close()
            self._new = None
        if self._new_path:
            with contextlib.suppress(OSError):
                os.unlink(self._new_path)
        self._new_path = ""  # nothing more is written this run
        self._new_index = {}


def open_store(root: Path) -> Store | None:
    path = store_path(root)
    return Store(path) if path is not None else None


def read_file(entry: Entry, max_size: int, store: Store | None = None) -> Read:
    """``read_source``'s file, and the digest of its bytes; its data taken
    from ``store`` if it holds them (a clean file: no positions needed)."""
    source, raw = read_raw(entry, max_size)
    if raw is None:
        return source, None
    key = digest(raw)
    data = store.data(key) if store is not None else None
    if data is not None:
        source.data = data
        source.readable = True
    else:
        parse_text(source, raw)
    return source, key
