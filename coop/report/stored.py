"""Built records kept between runs of ``coop report``, per file.

Even with each file's parsed data kept, loading a national knowledge base
was reading and hashing every file, building every record (pydantic) and
making the records compact (``coop.report.compact``): ~7 s, for records
that come out the same from an unchanged file. This store keeps, for each
file (by its path from the knowledge base's root), what the last run built
of it (``coop.kb.index.Built``: the ids it declares and its records, made
compact) with the file's size and mtime and a digest of its bytes. A later
run takes a file's entry:

- without reading the file, when its size and mtime are the stored ones and
  the stored mtime was already older than the "racy git" margin when the
  entry was made (``coop.validate.cache.RACY_MARGIN_NS``, as the validation
  cache: an edit within the same clock tick as the read would keep both);
- else when its bytes have the stored digest (a file touched or checked out
  again, or stored within the margin): the file is read, not parsed;

and otherwise parses and builds the file as usual. An entry is found by its
file's own path only, so an edited, added, deleted or renamed file is never
served stale. What is stored depends on nothing else but the file and the
code that built and compacted it, which the key covers
(``coop.validate.cache.tool_fingerprint``: the loader and the models; and
this module and the compactor).

Only files that had no problem at all are stored (no YAML problem, no
suppression comment, records built without error): for them nothing that
only the parse knows (positions, suppressions) is ever read.

The records are pickled in one stream, so that what the compactor made one
object stays one object (pickle's memo) and the whole store loads in one
``pickle.load`` (~1 s for a national knowledge base). A model is pickled as
its class, its fields given and its fields (``_made``, ``_fill``): none of
its private values (a record's source file, which the index gives back,
its place in the file, which is the top but for themes, whose index gives
it), and no object made for the pickle alone: the memos of the pickle and
of its reader keep each one to the end (~20 MB more to load a national
knowledge base with ``coop.report.transport``'s way). ``pickle``, like
``marshal`` for the validation cache, is no format for data someone else
wrote: the store lives in the user's cache folder (``<cache home>/report/
<digest of the knowledge base's path>``), outside the knowledge base, and
no repository ever ships one. It is read with an unpickler that makes
nothing but coop's models and dates, and its bytes must match the digest
written after them.

Layout: a magic string, then the key and the entries (two pickles), then a
digest of both. Written whole into a temporary file renamed over the old
one, and only when an entry changed (a file built, one gone, a stat
updated). A damaged, foreign or truncated store is never an error: the
files are parsed again, into a new one.
"""

from __future__ import annotations

import contextlib
import copyreg
import functools
import gc
import hashlib
import io
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from coop.kb.index import Built
from coop.load.files import Entry, Found, SourceFile, parse_text, read_raw
from coop.model import COLLECTIONS, Record, Theme
from coop.report.compact import model_classes

# Bump when what is stored, or how, changes.
FORMAT = 2
_MAGIC = b"coop-report-built\x00"
_DIGEST_SIZE = 16

# A file read and parsed (by a worker: coop.report.pool), with the digest of
# its bytes (None if they could not be read).
Read = tuple[SourceFile, bytes | None]
# A file as this process takes it: read and parsed (the digest of its bytes,
# or None), or built by an earlier run (what it built).
Taken = tuple[SourceFile, bytes | None, Built | None]
# What is stored of a file: its size; its mtime, or None if it was too recent
# to be trusted when stored; the digest of its bytes; the ids it declares
# (None: its one record's id, at the top of the file); then its records.
Kept = tuple[Any, ...]


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=_DIGEST_SIZE).digest()


def store_path(root: Path) -> Path | None:
    """Where the store of the knowledge base at ``root`` lives; None when
    caches are turned off (``COOP_NO_CACHE``)."""
    from coop import cache_place

    if cache_place.cache_disabled_by_env():
        return None
    return Path(cache_place.kb_folder("report", root))


def _key() -> str:
    from coop.validate.cache import tool_fingerprint

    return f"{FORMAT}:{tool_fingerprint()}:{_code()}"


@functools.lru_cache(maxsize=1)
def _code() -> str:
    """What, besides the loader and the models, makes what is stored."""
    from coop import cache_place

    return cache_place.code_digest(("report/stored.py", "report/compact.py"))


class Store:
    """The built files of one knowledge base: what the last run kept, and
    what this run keeps for the next one.

    Made before the knowledge base's files are scanned: ``trusted_before``
    (by default the racy margin before now) then comes before every stat
    the run takes, and a file whose mtime is older was not changed since
    without its mtime changing too.
    """

    def __init__(self, path: Path, trusted_before: int | None = None) -> None:
        from coop.validate.cache import trusted_before_now

        self.path = path
        self.trusted_before = trusted_before_now() if trusted_before is None else trusted_before
        self._old = _load(path)
        self._new: dict[str, Kept] = {}
        self._changed = False

    @property
    def warm(self) -> bool:
        """Whether the last run left files here."""
        return bool(self._old)

    def unchanged(self, found: Found, max_size: int) -> Built | None:
        """What an earlier run built of this file, if its size and mtime say
        it is the file stored (then it need not be read)."""
        kept = self._entry(found.rel)
        if (
            kept is None
            or found.problem is not None
            or found.size > max_size
            or kept[0] != found.size
            or kept[1] != found.mtime_ns  # never equal when stored too recent
        ):
            return None
        built = _built(kept, found.collection)
        if built is not None:
            self._new[found.rel] = kept
        return built

    def same_content(self, found: Found, key: bytes) -> Built | None:
        """What an earlier run built of this file, if its bytes (read after
        ``found``'s stat, their digest ``key``) are the ones stored."""
        kept = self._entry(found.rel)
        if kept is None or kept[2] != key:
            return None
        built = _built(kept, found.collection)
        if built is None:
            return None
        stat = (found.size, self._trusted(found.mtime_ns))
        if kept[:2] != stat:  # touched, or now old enough to be trusted
            kept = (*stat, *kept[2:])
            self._changed = True
        self._new[found.rel] = kept
        return built

    def keep(self, found: Found, key: bytes, built: Built) -> None:
        """Store what this run built of a file (read after ``found``'s stat,
        the digest of its bytes ``key``) for the next run."""
        records = built.records
        declared = (
            None
            if len(records) == 1 and built.declared == ((records[0].id, ()),)
            else built.declared
        )
        self._new[found.rel] = (found.size, self._trusted(found.mtime_ns), key, declared, *records)
        self._changed = True

    def settle(self) -> None:
        """The load is over: let the old entries go, and the new ones too
        unless they are to be written (a file built, one gone, a stat
        updated); they would otherwise stay through a site's pages."""
        if not self._changed and len(self._new) == len(self._old):
            self._new = {}
        else:
            self._changed = True
        self._old = {}

    def commit(self) -> None:
        """Put what this run kept in place of the old store, unless that
        holds the same entries already (then nothing is written). The
        records kept are written as they are now: made compact."""
        self.settle()
        entries, changed = self._new, self._changed
        self._forget()
        if changed:
            _write(self.path, entries)

    def close(self) -> None:
        """Forget this run's entries (an error or an interrupt): the old
        store, if any, stays."""
        self._forget()

    def _forget(self) -> None:
        self._old = {}
        self._new = {}
        self._changed = False

    def _entry(self, rel: str) -> Kept | None:
        kept = self._old.get(rel)
        return kept if type(kept) is tuple and len(kept) >= 4 else None

    def _trusted(self, mtime_ns: int) -> int | None:
        return mtime_ns if mtime_ns < self.trusted_before else None


def open_store(root: Path) -> Store | None:
    path = store_path(root)
    return Store(path) if path is not None else None


def read_file(entry: Entry, max_size: int) -> Read:
    """``read_source``'s file, and the digest of its bytes."""
    source, raw = read_raw(entry, max_size)
    if raw is None:
        return source, None
    parse_text(source, raw)
    return source, digest(raw)


def take_file(found: Found, max_size: int, store: Store) -> Taken:
    """A file as this run takes it: what an earlier run built of it, or the
    file read and parsed (as ``read_file``)."""
    built = store.unchanged(found, max_size)
    if built is not None:
        # Nothing read: no path needed either (see coop.report.loading).
        source = SourceFile(None, found.rel, found.collection)  # type: ignore[arg-type]
        source.readable = True
        return source, None, built
    source, raw = read_raw(found.entry(), max_size)
    if raw is None:
        return source, None, None
    key = digest(raw)
    built = store.same_content(found, key)
    if built is not None:
        source.readable = True
    else:
        parse_text(source, raw)
    return source, key, built


def _built(kept: Kept, collection: str | None) -> Built | None:
    """A stored entry as ``KnowledgeBase.index_file`` takes it, its records
    given back their private values; None if it is not one for a file of
    this collection."""
    model = Theme if collection == "themes" else COLLECTIONS.get(collection or "")
    if model is None:
        return None
    declared, records = kept[3], kept[4:]
    for record in records:
        if type(record) is not model:
            return None
        if record.__pydantic_private__ is None:  # not given back by an earlier lookup
            _setattr(record, "__pydantic_private__", dict(_private_defaults(model)))
    if declared is None:
        if len(records) != 1:
            return None
        declared = ((records[0].id, ()),)
    elif type(declared) is not tuple:
        return None
    return Built(declared, records)


# -- the file -------------------------------------------------------------


class _Hashed:
    """A file read or written through, a digest of its bytes kept as they
    go (pickle reads and writes frames of 64 kB: a few hundred calls)."""

    def __init__(self, file: io.BufferedIOBase) -> None:
        self.file = file
        self.hash = hashlib.blake2b(digest_size=_DIGEST_SIZE)

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.hash.update(data)
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:
        count = self.file.readinto(buffer)
        self.hash.update(memoryview(buffer)[:count])
        return count

    def readline(self) -> bytes:
        data = self.file.readline()
        self.hash.update(data)
        return data

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        return self.file.write(data)


class _Unpickler(pickle.Unpickler):
    """Makes nothing but what a store holds: coop's models, enums and
    partial dates, dates, and models made as :func:`_reduce` says."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in {(__name__, "_made"), (__name__, "_fill"), ("datetime", "date")} or (
            module.startswith("coop.model.") and not name.startswith("_")
        ):
            found = super().find_class(module, name)
            if not module.startswith("coop.model.") or isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a stored value")


_setattr = object.__setattr__


def _made(cls: type[BaseModel], fields_set: set[str]) -> BaseModel:
    """A model of ``cls`` with these fields given, its fields to come
    (``_fill``); as pydantic's ``__setstate__`` makes one."""
    model = cls.__new__(cls)
    _setattr(model, "__pydantic_fields_set__", fields_set)
    _setattr(model, "__pydantic_extra__", None)
    _setattr(model, "__pydantic_private__", None)
    return model


def _fill(model: BaseModel, fields: dict[str, Any]) -> None:
    _setattr(model, "__dict__", fields)


class _Reducer:
    """How each model is pickled: ``_made`` with one tuple of arguments for
    each class and fields set (the compactor shares the sets: a few hundred
    tuples), then ``_fill`` with the model's own fields."""

    def __init__(self) -> None:
        self._arguments: dict[tuple[type, int], tuple[type, set[str]]] = {}

    def __call__(self, model: BaseModel) -> tuple[Any, ...]:
        private = model.__pydantic_private__
        if model.__pydantic_extra__ is not None or (
            private is not None
            and not (
                isinstance(model, Record)
                and private.get("_dropped") == ()
                and (type(model) is Theme or private.get("_prefix") == ())
            )
        ):
            # Not given back whole by _made and _built: no store at all.
            raise pickle.PicklingError(f"a {type(model).__name__} cannot be stored")
        cls, fields_set = type(model), model.__pydantic_fields_set__
        key = (cls, id(fields_set))
        arguments = self._arguments.get(key)
        if arguments is None:
            arguments = self._arguments[key] = (cls, fields_set)  # keeps the set: its id stays
        return _made, arguments, model.__dict__, None, None, _fill


def _dispatch_table() -> dict[type, Any]:
    """copyreg's table, plus every pydantic model class defined so far."""
    return {**copyreg.dispatch_table, **dict.fromkeys(model_classes(), _Reducer())}


_defaults: dict[type, dict[str, Any]] = {}


def _private_defaults(cls: type[BaseModel]) -> dict[str, Any]:
    """The private values a model of ``cls`` starts with."""
    found = _defaults.get(cls)
    if found is None:
        found = _defaults[cls] = {
            name: value.get_default() for name, value in cls.__private_attributes__.items()
        }
    return found


def _load(path: Path) -> dict[str, Kept]:
    """The entries of the store at ``path``; none if it is missing, of
    another version, damaged or not a store."""
    was_enabled = gc.isenabled()
    # Hundreds of thousands of objects made and kept, no cycles: the
    # collector would walk them again and again as they come.
    gc.disable()
    try:
        with open(path, "rb") as handle:
            if handle.read(len(_MAGIC)) != _MAGIC:
                return {}
            hashed = _Hashed(handle)
            if _Unpickler(hashed).load() != _key():
                return {}
            entries = _Unpickler(hashed).load()
            if handle.read() != hashed.hash.digest() or type(entries) is not dict:
                return {}
            return entries
    # A damaged pickle can raise nearly anything (a truncated frame, a bad
    # opcode, a class called with the wrong arguments): none is an error.
    except Exception:
        return {}
    finally:
        if was_enabled:
            gc.enable()


def _write(path: Path, entries: dict[str, Kept]) -> None:
    """Write a store of ``entries`` at ``path``, whole or not at all; a
    failure only means no store for the next run."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(_MAGIC)
            hashed = _Hashed(out)
            pickle.Pickler(hashed, pickle.HIGHEST_PROTOCOL).dump(_key())
            pickler = pickle.Pickler(hashed, pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = _dispatch_table()
            pickler.dump(entries)
            del pickler  # its memo holds every object stored
            out.write(hashed.hash.digest())
        os.replace(name, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(name)
        if not isinstance(exc, Exception):
            raise  # an interrupt: the old store stays
    finally:
        if was_enabled:
            gc.enable()
