"""The query image of a knowledge base, kept in the user's cache between runs.

A filtered query (or ``--sql``) on a national knowledge base spends tens of
seconds loading and validating 56,000 files into models; the answer itself
takes milliseconds. So the first run keeps what queries read, as SQLite files in
``<cache home>/query/<digest of the knowledge base's real path>/``:

- ``KEY.facts.sqlite``: what filtered queries read (``coop.query.facts``);
- ``KEY.sql.sqlite``: the image that ``coop query --sql`` reads
  (``coop.query.image``), made the first time ``--sql`` is used.

KEY digests the state of every file the load reads (``coop.load.state``),
the tool's version and code, and this format. Any file edited, added,
deleted or renamed, ``coop.yaml`` changed, or coop upgraded, gives another
KEY: the image is rebuilt from the files, written whole (``coop.writing``;
the facts record by record as the files are read, ``coop.query.stream``),
and the images of older keys are deleted. Like the
validation cache, the images live outside the knowledge base: a repository
must never be able to ship one.

Racy edits: a file edited within the same clock tick as the image was built
could keep its size and mtime (git's "racy" problem). The image records the
time its build started, less a margin (``coop.validate.cache``'s); it is
trusted only while every file is older than that.

A damaged or unreadable image is never an error: the query reads the
files again, into a new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import coop

if TYPE_CHECKING:
    from coop.kb.index import KnowledgeBase
    from coop.query.filters import Filters
    from coop.query.rows import Row

# Bump when the facts' tables, the stored rows or the naming of files change.
FORMAT = 1
_FACTS = "facts"
_SQL = "sql"
# A temporary file this old is a build that was killed, not one under way.
ABANDONED_AFTER_S = 3600

Warn = Callable[[int], None]  # told how many files have problems


def filtered_rows(root: Path, collection: str, filters: Filters, warn: Warn) -> list[Row]:
    """``coop query COLLECTION`` with filters: from the stored image when it is
    fresh, else from a new one, written as the files are read; without a
    cache, from facts written the same way to a temporary file; if none can
    be written, from the records loaded whole."""
    store = Store.at(root)
    conn = store.open(_FACTS) if store else None
    if conn is not None:
        with contextlib.closing(conn):
            rows = _answer_from_facts(conn, None, collection, filters, warn)
        if rows is not None:
            return rows
    if store is not None:
        built = store.write_facts(root)
        if built is not None:
            # Answered from the facts just written, as every later query will be.
            conn, broken = built
            with contextlib.closing(conn):
                rows = _answer_from_facts(conn, broken, collection, filters, warn)
            if rows is not None:
                return rows
    else:
        rows = _answer_in_passing(root, collection, filters, warn)
        if rows is not None:
            return rows
    from coop.query.select import select

    kb = _load(root, warn)
    return select(kb, collection, filters)


def _answer_in_passing(
    root: Path, collection: str, filters: Filters, warn: Warn
) -> list[Row] | None:
    """Without a cache: the facts written as the files are read, to a
    temporary file deleted once the query is answered (on a national
    knowledge base, the records loaded whole held ~550 MB); None if it cannot
    be written."""
    from coop.query.facts import FactsWriter
    from coop.query.scratch import scratch_database
    from coop.query.stream import write_facts

    try:
        with scratch_database("coop-query-") as conn:
            writer = FactsWriter(conn, {"format": str(FORMAT), "key": "", "trusted_before_ns": "0"})
            broken = write_facts(root, writer)
            writer.finish()
            conn.commit()
            return _answer_from_facts(conn, broken, collection, filters, warn)
    except (OSError, sqlite3.Error):
        return None


def _answer_from_facts(
    conn: sqlite3.Connection, broken: int | None, collection: str, filters: Filters, warn: Warn
) -> list[Row] | None:
    """The query answered from a facts image, its count of broken files (read
    from the image when ``broken`` is None) told; None when the image proves
    damaged: the caller answers from the files, and the image is replaced."""
    from coop.query.answer import BrokenFacts, answer
    from coop.query.errors import QueryError

    try:
        count = _broken(conn) if broken is None else broken
        rows = answer(conn, collection, filters)
    except QueryError:  # the question's fault, not the image's
        warn(count)
        raise
    except (sqlite3.Error, BrokenFacts):
        return None
    warn(count)
    return rows


def sql_rows(root: Path, statement: str, warn: Warn) -> tuple[list[str], list[Row]]:
    """``coop query --sql``: over the stored image when it is fresh, else over
    one built from a full load (and stored)."""
    from coop.query.errors import QueryError, SqlError
    from coop.query.sql import run_sql

    store = Store.at(root)
    stored = _stored_sql(store) if store else None
    if store is not None and stored is not None:
        conn, broken = stored
        with contextlib.closing(conn):
            try:
                result = run_sql(conn, statement)
            except QueryError as exc:
                if not isinstance(exc, SqlError) or _healthy(conn):
                    warn(broken)
                    raise
                # SQLite's complaint was about a damaged file, not the
                # statement: answered below from the files, and replaced.
            else:
                warn(broken)
                return result
    if store is not None:
        built = store.write_sql(root)
        if built is not None:
            conn, broken = built
            with contextlib.closing(conn):
                warn(broken)
                return run_sql(conn, statement)
    return _sql_in_passing(root, statement, warn)


def _sql_in_passing(root: Path, statement: str, warn: Warn) -> tuple[list[str], list[Row]]:
    """Without a cache: the image written as the files are read, to a
    temporary file deleted once the statement has run (in memory if no
    temporary file can be written)."""
    import tempfile

    from coop.query.image import write_image
    from coop.query.sql import run_sql
    from coop.query.stream import FileByFile

    with contextlib.ExitStack() as stack:
        try:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="coop-query-"))
            conn = sqlite3.connect(os.path.join(folder, f"{_SQL}.sqlite"))
            conn.execute("PRAGMA journal_mode = OFF")
        except (OSError, sqlite3.Error):
            conn = sqlite3.connect(":memory:")
        stack.enter_context(contextlib.closing(conn))
        files = FileByFile(root)
        write_image(conn, files)
        warn(files.broken)
        return run_sql(conn, statement)
    raise AssertionError("unreachable")  # pragma: no cover - for mypy


def _stored_sql(store: Store) -> tuple[sqlite3.Connection, int] | None:
    """The stored image for --sql and the count of broken files, if fresh."""
    from coop.query.answer import BrokenFacts

    facts = store.open(_FACTS)
    if facts is None:
        return None
    with contextlib.closing(facts):
        try:
            broken = _broken(facts)
        except (sqlite3.Error, BrokenFacts):
            return None
    conn = store.open(_SQL)
    return None if conn is None else (conn, broken)


def _healthy(conn: sqlite3.Connection) -> bool:
    """Whether SQLite finds the file sound and it holds every declared table
    as declared (read only after an error): an empty file is a sound
    database with no table, and would answer "no such table" until the
    files change."""
    from coop.query.tables import TABLES, key_of

    try:
        conn.set_authorizer(None)
        if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
            return False
        found = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    except sqlite3.Error:
        return False
    return all(found.get(table.name) == table.create_sql(key_of) for table in TABLES)


@dataclass
class Store:
    """The image folder of one knowledge base, and the key of its files' present state."""

    folder: Path
    key: str
    newest_ns: int  # the latest mtime or ctime among the files
    scanned_ns: int  # when the files were looked at

    @classmethod
    def at(cls, root: Path) -> Store | None:
        """The store of the knowledge base at ``root``; None when caching is off."""
        from coop import cache_place  # not coop.validate.cache: ~11 ms of imports
        from coop.load import prefetch

        if cache_place.cache_disabled_by_env():
            return None
        # Taken while coop started, when the entry point could guess the root.
        taken = prefetch.take(str(root))
        if taken is not None:
            state, scanned = taken
        else:
            from coop.load.state import files_state

            scanned = time.time_ns()
            state = files_state(str(root))
        folder = Path(cache_place.kb_folder("query", root))
        return cls(folder, _key(state.digest), state.newest_ns, scanned)

    def path(self, kind: str) -> Path:
        return self.folder / f"{self.key}.{kind}.sqlite"

    def open(self, kind: str) -> sqlite3.Connection | None:
        """The stored image of this kind, read-only, if it is there and fresh."""
        path = self.path(kind)
        if not path.is_file():
            return None
        try:
            conn = sqlite3.connect(
                f"{Path(os.path.abspath(path)).as_uri()}?mode=ro&immutable=1", uri=True
            )
        except sqlite3.Error:
            return None
        if kind == _FACTS:
            try:
                meta = dict(conn.execute("SELECT name, value FROM meta").fetchall())
                fresh = (
                    meta.get("format") == str(FORMAT)
                    and meta.get("key") == self.key
                    and self.newest_ns < int(meta.get("trusted_before_ns", "0"))
                )
            except (sqlite3.Error, ValueError, TypeError):
                fresh = False
            if not fresh:
                conn.close()
                return None
        return conn

    def write_facts(self, root: Path) -> tuple[sqlite3.Connection, int] | None:
        """Read the files of the knowledge base at ``root`` and store this
        key's facts as they come, record by record (none kept: a national
        knowledge base's records would take ~500 MB); the facts, open, and
        the number of files with problems. None when the image cannot be
        written: the caller loads the records instead."""
        from coop.query.facts import FactsWriter
        from coop.query.stream import write_facts
        from coop.validate.cache import RACY_MARGIN_NS
        from coop.writing import UnsafePath, atomic_replace

        meta = {
            "format": str(FORMAT),
            "key": self.key,
            "trusted_before_ns": str(self.scanned_ns - RACY_MARGIN_NS),
        }
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            # The --sql image of this key may come from an earlier build: only
            # the facts vouch for it.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path(_SQL))
            with atomic_replace(self.path(_FACTS)) as tmp:
                conn = sqlite3.connect(tmp)
                try:
                    conn.execute("PRAGMA journal_mode = OFF")  # a new file, renamed when whole
                    writer = FactsWriter(conn, meta)
                    broken = write_facts(root, writer)
                    writer.finish()
                    conn.execute("INSERT INTO meta VALUES ('broken', ?)", (str(broken),))
                    conn.commit()
                except BaseException:
                    conn.close()
                    raise
        except (OSError, sqlite3.Error, UnsafePath):
            return None
        # Still open on the file renamed into place: read whatever another
        # run does to the folder meanwhile.
        with contextlib.suppress(OSError):
            self._forget_other_keys()
        return conn, broken

    def write_sql(self, root: Path) -> tuple[sqlite3.Connection, int] | None:
        """Read the files of the knowledge base at ``root`` and store this
        key's image for --sql as they come (and its facts, in the same pass,
        unless they are stored and fresh); the image, open, and the number of
        files with problems. None when it cannot be written."""
        from coop.query.answer import BrokenFacts
        from coop.query.facts import FactsWriter
        from coop.query.image import ImageWriter
        from coop.query.stream import FileByFile, hand_on
        from coop.validate.cache import RACY_MARGIN_NS
        from coop.writing import UnsafePath, atomic_replace

        broken: int | None = None
        stored = self.open(_FACTS)
        if stored is not None:
            with contextlib.closing(stored), contextlib.suppress(sqlite3.Error, BrokenFacts):
                broken = _broken(stored)
        meta = {
            "format": str(FORMAT),
            "key": self.key,
            "trusted_before_ns": str(self.scanned_ns - RACY_MARGIN_NS),
        }
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with contextlib.ExitStack() as stack:
                if broken is None:
                    # Only the facts vouch for an image: none stays from an
                    # earlier build while they are written.
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(self.path(_SQL))
                    facts_tmp = stack.enter_context(atomic_replace(self.path(_FACTS)))
                    facts = stack.enter_context(contextlib.closing(sqlite3.connect(facts_tmp)))
                    facts.execute("PRAGMA journal_mode = OFF")  # a new file, renamed when whole
                    facts_writer: FactsWriter | None = FactsWriter(facts, meta)
                else:
                    facts_writer = None
                # Entered last, so renamed into place first: the facts, renamed
                # after it, vouch for it.
                sql_tmp = stack.enter_context(atomic_replace(self.path(_SQL)))
                conn = sqlite3.connect(sql_tmp)
                stack.callback(conn.close)
                conn.execute("PRAGMA journal_mode = OFF")
                image = ImageWriter(conn)
                files = FileByFile(root)
                for part in files:
                    if facts_writer is not None:
                        hand_on(part, facts_writer)
                    image.add(part)
                image.finish()
                if facts_writer is not None:
                    facts_writer.finish()
                    facts.execute("INSERT INTO meta VALUES ('broken', ?)", (str(files.broken),))
                    facts.commit()
                    broken = files.broken
                conn.commit()
        except (OSError, sqlite3.Error, UnsafePath):
            return None
        with contextlib.suppress(OSError):
            self._forget_other_keys()
        written = self.open(_SQL)
        return None if written is None or broken is None else (written, broken)

    def _forget_other_keys(self) -> None:
        """Delete the images of other keys, and the half-built ones of runs
        killed long ago (a build being written now is minutes old at most)."""
        abandoned = time.time() - ABANDONED_AFTER_S
        for entry in os.scandir(self.folder):
            name = entry.name
            with contextlib.suppress(OSError):
                other_key = name.endswith(".sqlite") and not name.startswith(f"{self.key}.")
                if other_key or (name.endswith(".tmp") and entry.stat().st_mtime < abandoned):
                    os.unlink(entry.path)


def _load(root: Path, warn: Warn) -> KnowledgeBase:
    """The full load: when no facts could be written, even to a temporary file."""
    from coop.query.loading import load_for_reading

    kb, broken = load_for_reading(root)
    warn(broken)
    return kb


def _broken(conn: sqlite3.Connection) -> int:
    from coop.query.answer import BrokenFacts

    found = conn.execute("SELECT value FROM meta WHERE name = 'broken'").fetchone()
    try:
        return int(found[0])
    except (TypeError, ValueError):
        raise BrokenFacts("no count of broken files") from None


def _key(files_digest: str) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for part in (str(FORMAT), coop.__version__, _code_digest(), files_digest):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\x00")
    return digest.hexdigest()


# The parts of coop that a query's answer comes from (its loading, model,
# index and the query code itself); editing a report template or a rule
# must not throw a national knowledge base's image away.
_ANSWERING = (
    "__init__.py",
    "diagnostics.py",
    "layout.py",
    "kb",
    "load",
    "model",
    "query",
    "validate",
)


def _code_digest() -> str:
    """Every module that answers a query: a checkout edited, or an upgrade
    that keeps the version, must not answer with the old code's image."""
    from coop import cache_place

    return cache_place.code_digest(_ANSWERING)
