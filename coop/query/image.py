"""The SQLite image of the knowledge base: every table of ``tables.TABLES``, filled.

For ``coop query --sql`` and the exports. An :class:`ImageWriter` takes the
records a few at a time (one file's worth, from ``coop.query.stream``) and
writes their rows as they come, into a database on disk: on the 56,000-file
benchmark the records loaded whole held ~550 MB, and the image built from
them in memory took the export past 850 MB.

The rows are the same whatever order the records come in: each table's rows
are staged, then copied in the order of the records' ids (the collection
first, for the tables over several), each record's rows in the order the
table gives them. Keys are declared and always hold: a row whose primary key
was seen before (an id listed twice) is left out; a reference to a record
that is missing (a broken file, a typo that ``coop validate`` reports) is
left empty, or its row left out when the reference is required. Both are
counted in ``dropped`` so that the caller can say so.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from coop.kb.index import KnowledgeBase
from coop.query.schema import ForeignKey, RowTuple, Table, quote
from coop.query.tables import TABLES, TABLES_BY_NAME, key_of

# Rows of a table held before they are written.
_BATCH = 5000
# Tables over several collections start with the collection's name; their
# rows are ordered by collection in this order (as ``tables`` lists them).
_COLLECTION_COLUMN = "collection"
_COLLECTION_ORDER = {
    name: rank
    for rank, name in enumerate(("territories", "agreements", "bodies", "people", "themes"))
}
# The staging columns: collection rank, record id, order of arrival.
_ORDER = ("_c", "_r", "_n")


@dataclass
class Image:
    """An image built in memory (a small knowledge base, tests)."""

    conn: sqlite3.Connection
    dropped: Counter[str] = field(default_factory=Counter)  # table -> values or rows dropped

    @property
    def problems(self) -> int:
        return sum(self.dropped.values())

    @property
    def rows(self) -> Mapping[str, list[RowTuple]]:
        """Each table's rows, read when asked for."""
        return _Rows(self.conn)


class _Rows(Mapping[str, list[RowTuple]]):
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __getitem__(self, table: str) -> list[RowTuple]:
        if table not in TABLES_BY_NAME:
            raise KeyError(table)
        return self._conn.execute(f"SELECT * FROM {quote(table)}").fetchall()

    def __iter__(self) -> Iterator[str]:
        return iter(TABLES_BY_NAME)

    def __len__(self) -> int:
        return len(TABLES_BY_NAME)


def build_image(kb: KnowledgeBase) -> Image:
    """The image of ``kb``, in memory."""
    conn = sqlite3.connect(":memory:")
    writer = ImageWriter(conn)
    writer.add(kb)
    return Image(conn, writer.finish())


class ImageWriter:
    """Fills ``conn``, a new empty database, with the image of the records
    it is handed; ``finish`` makes the keys hold and says what it dropped.

    Each record's id must come once (``coop.query.stream`` hands on the
    first record of each id, as the knowledge base keeps it).
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._arrived = 0
        self._pending: dict[str, list[RowTuple]] = {table.name: [] for table in TABLES}
        for table in TABLES:
            conn.execute(table.create_sql(key_of))
            # TEMP: the staged rows stay out of the file written.
            conn.execute(
                f"CREATE TEMP TABLE {_staged(table)} "
                f"({', '.join((*_ORDER, *map(quote, table.column_names)))})"
            )

    def add(self, kb: KnowledgeBase) -> None:
        """Stage the rows of ``kb``'s records."""
        for table in TABLES:
            pending = self._pending[table.name]
            several = table.columns[0].name == _COLLECTION_COLUMN
            for row in table.rows(kb):
                self._arrived += 1
                if several:
                    pending.append((_COLLECTION_ORDER[str(row[0])], row[1], self._arrived, *row))
                else:  # the first column holds the record's id
                    pending.append((0, row[0], self._arrived, *row))
            if len(pending) >= _BATCH:
                self._flush(table)

    def finish(self) -> Counter[str]:
        """Copy the staged rows into the tables, keys made to hold; the
        values or rows dropped, by table."""
        dropped: Counter[str] = Counter()
        for table in TABLES:
            self._flush(table)
            columns = ", ".join(map(quote, table.column_names))
            staged = self.conn.execute(f"SELECT count(*) FROM {_staged(table)}").fetchone()[0]
            # OR IGNORE: the first row of each primary key, in the order of the ids.
            copied = self.conn.execute(
                f"INSERT OR IGNORE INTO {quote(table.name)} ({columns}) "
                f"SELECT {columns} FROM {_staged(table)} ORDER BY {', '.join(_ORDER)}"
            ).rowcount
            dropped[table.name] += staged - copied
            self.conn.execute(f"DROP TABLE {_staged(table)}")
        # Rows are only left out of tables that no reference targets, so
        # this needs no order: nothing that a reference found goes away.
        for table in TABLES:
            for fk in table.foreign_keys(key_of):
                dropped[table.name] += self._resolve(table, fk)
        self.conn.commit()
        return +dropped

    def _resolve(self, table: Table, fk: ForeignKey) -> int:
        """Empty the dangling values of ``fk`` in ``table``, or leave out the
        rows when they need them; how many."""
        given = " AND ".join(f"{quote(c)} IS NOT NULL" for c in fk.columns)
        match = " AND ".join(
            f"k.{quote(t)} = {quote(table.name)}.{quote(c)}"
            for c, t in zip(fk.columns, fk.target, strict=True)
        )
        dangling = f"{given} AND NOT EXISTS (SELECT 1 FROM {quote(fk.table)} AS k WHERE {match})"
        count: int = self.conn.execute(
            f"SELECT count(*) FROM {quote(table.name)} WHERE {dangling}"
        ).fetchone()[0]
        if not count:
            return 0
        optional = [
            c
            for c in table.columns
            if c.name in fk.columns and not c.required and c.name not in table.primary_key
        ]
        if not optional:  # every column of the reference is required
            self.conn.execute(f"DELETE FROM {quote(table.name)} WHERE {dangling}")
        else:
            cleared = ", ".join(f"{quote(c.name)} = NULL" for c in optional)
            self.conn.execute(f"UPDATE {quote(table.name)} SET {cleared} WHERE {dangling}")
        return count

    def _flush(self, table: Table) -> None:
        pending = self._pending[table.name]
        if pending:
            marks = ", ".join("?" * (len(_ORDER) + len(table.columns)))
            self.conn.executemany(f"INSERT INTO {_staged(table)} VALUES ({marks})", pending)
            pending.clear()


def write_image(conn: sqlite3.Connection, parts: Iterable[KnowledgeBase]) -> Counter[str]:
    """Fill ``conn`` with the image of ``parts`` (the records of a knowledge
    base, a file's worth at a time); what was dropped, by table."""
    writer = ImageWriter(conn)
    for part in parts:
        writer.add(part)
    return writer.finish()


def _staged(table: Table) -> str:
    return quote(f"staged_{table.name}")
