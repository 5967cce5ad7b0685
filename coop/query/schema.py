"""How a table of the knowledge base's image is declared: columns, keys, documentation.

One declaration serves everything: the SQLite ``CREATE TABLE`` statements,
``coop query --schema``, the Frictionless descriptor of the CSV export and the
README's table list, so none of them can drift from the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coop.kb.index import KnowledgeBase

Cell = str | int | bool | None
RowTuple = tuple[Cell, ...]

_SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "boolean": "INTEGER"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # text, integer or boolean (stored 0/1)
    doc: str
    references: str | None = None  # a table whose one-column key this column holds
    required: bool = False


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    target: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[KnowledgeBase], Iterable[RowTuple]]
    composite_keys: tuple[ForeignKey, ...] = ()  # foreign keys over several columns

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def foreign_keys(self, key_of: Callable[[str], tuple[str, ...]]) -> list[ForeignKey]:
        """Every foreign key; ``key_of(table)`` gives a table's primary key."""
        single = [
            ForeignKey((c.name,), c.references, key_of(c.references))
            for c in self.columns
            if c.references
        ]
        return [*single, *self.composite_keys]

    def create_sql(self, key_of: Callable[[str], tuple[str, ...]]) -> str:
        lines = []
        for column in self.columns:
            not_null = " NOT NULL" if column.required or column.name in self.primary_key else ""
            lines.append(f"  {quote(column.name)} {_SQL_TYPES[column.type]}{not_null}")
        lines.append(f"  PRIMARY KEY ({', '.join(map(quote, self.primary_key))})")
        for fk in self.foreign_keys(key_of):
            lines.append(
                f"  FOREIGN KEY ({', '.join(map(quote, fk.columns))}) "
                f"REFERENCES {quote(fk.table)} ({', '.join(map(quote, fk.target))})"
            )
        return f"CREATE TABLE {quote(self.name)} (\n" + ",\n".join(lines) + "\n)"


def quote(name: str) -> str:
    """An SQL identifier, quoted (``end`` and ``date`` are keywords)."""
    return '"' + name.replace('"', '""') + '"'


def describe(tables: Iterable[Table], key_of: Callable[[str], tuple[str, ...]]) -> str:
    """The tables and columns as ``coop query --schema`` prints them."""
    out: list[str] = []
    for table in tables:
        out.append(f"{table.name}: {table.doc}")
        out.append(f"  primary key ({', '.join(table.primary_key)})")
        for column in table.columns:
            ref = (
                f" -> {column.references}.{key_of(column.references)[0]}"
                if column.references
                else ""
            )
            out.append(f"  {column.name:<18} {column.type:<8}{ref:<24} {column.doc}")
        for fk in table.composite_keys:
            out.append(f"  ({', '.join(fk.columns)}) -> {fk.table} ({', '.join(fk.target)})")
        out.append("")
    return "\n".join(out)


def as_cell(value: Any) -> Cell:
    """A model value as a cell: partial dates and codes as text."""
    if isinstance(value, Enum):
        return str(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
