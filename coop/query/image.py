"""The SQLite image of the knowledge base: every table of ``tables.TABLES``, filled.

Built in memory, for ``coop query --sql`` and the exports. Keys are declared
and always hold: a row whose primary key was seen before (an id listed twice)
is left out; a reference to a record that is missing (a broken file, a typo
that ``coop validate`` reports) is left empty, or its row left out when the
reference is required. Both are counted in ``Image.dropped`` so that the
caller can say so.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from coop.kb.index import KnowledgeBase
from coop.query.schema import RowTuple, Table, quote
from coop.query.tables import TABLES, key_of


@dataclass
class Image:
    """Rows per table, consistent with the declared keys."""

    rows: dict[str, list[RowTuple]]
    dropped: Counter[str] = field(default_factory=Counter)  # table -> values or rows dropped

    @property
    def problems(self) -> int:
        return sum(self.dropped.values())


def build_image(kb: KnowledgeBase) -> Image:
    """Every table's rows, with primary keys unique and foreign keys resolved."""
    image = Image({})
    for table in TABLES:
        image.rows[table.name] = _unique(table, kb, image.dropped)
    keys = {
        table.name: {
            _project(row, _indexes(table, table.primary_key)) for row in image.rows[table.name]
        }
        for table in TABLES
    }
    for table in TABLES:
        image.rows[table.name] = _resolve(table, image.rows[table.name], keys, image.dropped)
    return image


def connect(image: Image) -> sqlite3.Connection:
    """A new in-memory SQLite database holding ``image``, keys declared."""
    conn = sqlite3.connect(":memory:")
    for table in TABLES:
        conn.execute(table.create_sql(key_of))
        marks = ", ".join("?" * len(table.columns))
        conn.executemany(
            f"INSERT INTO {quote(table.name)} VALUES ({marks})", image.rows[table.name]
        )
    conn.commit()
    return conn


def _unique(table: Table, kb: KnowledgeBase, dropped: Counter[str]) -> list[RowTuple]:
    seen: set[RowTuple] = set()
    key = _indexes(table, table.primary_key)
    out = []
    for row in table.rows(kb):
        value = _project(row, key)
        if value in seen:
            dropped[table.name] += 1
            continue
        seen.add(value)
        out.append(row)
    return out


def _resolve(
    table: Table, rows: list[RowTuple], keys: dict[str, set[RowTuple]], dropped: Counter[str]
) -> list[RowTuple]:
    """Empty the dangling references of ``rows``; leave out rows that need them."""
    checks = []
    for fk in table.foreign_keys(key_of):
        columns = _indexes(table, fk.columns)
        required = all(
            table.columns[i].required or table.columns[i].name in table.primary_key for i in columns
        )
        checks.append((columns, keys[fk.table], required))
    if not checks:
        return rows
    out = []
    for row in rows:
        cells = list(row)
        keep = True
        for columns, targets, required in checks:
            value = tuple(cells[i] for i in columns)
            if any(v is None for v in value) or value in targets:
                continue
            dropped[table.name] += 1
            if required:
                keep = False
                break
            for i in columns:
                if not table.columns[i].required and table.columns[i].name not in table.primary_key:
                    cells[i] = None
        if keep:
            out.append(tuple(cells))
    return out


def _project(row: RowTuple, indexes: list[int]) -> RowTuple:
    return tuple(row[i] for i in indexes)


def _indexes(table: Table, columns: tuple[str, ...]) -> list[int]:
    names = table.column_names
    return [names.index(name) for name in columns]
