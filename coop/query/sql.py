"""Run one SQL statement over the image, read-only.

Two locks: ``PRAGMA query_only`` refuses writes inside SQLite, and an
authorizer refuses, before anything runs, every action that is not reading
(INSERT, UPDATE, CREATE, ATTACH — which would create a file —, PRAGMAs that
set a value…), so that the user hears "refused", not a cryptic failure.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from coop.query.errors import SqlError, WriteRefused
from coop.query.rows import Row, Value

_READ_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
# PRAGMAs that only describe the database: their argument is a table name or a
# limit, never a setting.
_READ_PRAGMAS = {
    "table_info",
    "table_xinfo",
    "table_list",
    "index_list",
    "index_info",
    "index_xinfo",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
    "collation_list",
    "function_list",
    "pragma_list",
}
# The authorizer's action codes, named: only these, since the sqlite3 module
# also exports result codes and limits whose numbers collide with them
# (SQLITE_TOOBIG is 18, as SQLITE_INSERT is).
_ACTIONS = [
    "CREATE_INDEX",
    "CREATE_TABLE",
    "CREATE_TEMP_INDEX",
    "CREATE_TEMP_TABLE",
    "CREATE_TEMP_TRIGGER",
    "CREATE_TEMP_VIEW",
    "CREATE_TRIGGER",
    "CREATE_VIEW",
    "CREATE_VTABLE",
    "DELETE",
    "DROP_INDEX",
    "DROP_TABLE",
    "DROP_TEMP_INDEX",
    "DROP_TEMP_TABLE",
    "DROP_TEMP_TRIGGER",
    "DROP_TEMP_VIEW",
    "DROP_TRIGGER",
    "DROP_VIEW",
    "DROP_VTABLE",
    "INSERT",
    "PRAGMA",
    "TRANSACTION",
    "UPDATE",
    "ATTACH",
    "DETACH",
    "ALTER_TABLE",
    "REINDEX",
    "ANALYZE",
    "SAVEPOINT",
]
_ACTION_NAMES = {
    getattr(sqlite3, f"SQLITE_{name}"): name.lower().replace("_", " ")
    for name in _ACTIONS
    if hasattr(sqlite3, f"SQLITE_{name}")
}

SCHEMA_HINT = "`coop query --schema` lists the tables and their columns"
# A runaway statement (an endless WITH RECURSIVE, a cross join of big tables)
# must stop with a message before it fills the memory.
MAX_ROWS = 1_000_000


def run_sql(conn: sqlite3.Connection, statement: str) -> tuple[list[str], list[Row]]:
    """Column names (made unique) and rows of ``statement``'s result."""
    refused: list[str] = []

    def authorize(action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
        if action in _READ_ACTIONS:
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _READ_PRAGMAS:
            return sqlite3.SQLITE_OK
        refused.append(_ACTION_NAMES.get(action, f"action {action}") + (f" {arg1}" if arg1 else ""))
        return sqlite3.SQLITE_DENY

    conn.execute("PRAGMA query_only = ON")
    conn.set_authorizer(authorize)
    try:
        cursor = conn.execute(statement)
        data = cursor.fetchmany(MAX_ROWS + 1)
    except (sqlite3.Error, sqlite3.Warning) as exc:
        if refused:
            raise WriteRefused(
                f"statement refused: the knowledge base is read-only here ({refused[0]})",
                "coop query --sql runs SELECT statements only; "
                "to change the knowledge base, edit its YAML files",
            ) from None
        raise SqlError(f"SQL error: {exc}; in: {_one_line(statement)}", SCHEMA_HINT) from None
    finally:
        conn.set_authorizer(None)
    if cursor.description is None:
        # Every reading statement has columns, even with no row: this one had
        # nothing to run ("", a comment, ";"), and would print a blank line.
        raise SqlError(
            f"no statement to run in {statement!r}",
            'write one SELECT, e.g. coop query --sql "SELECT id, title FROM agreements"',
        )
    if len(data) > MAX_ROWS:
        raise SqlError(
            f"the statement gives more than {MAX_ROWS:,} rows; in: {_one_line(statement)}",
            "add a LIMIT or a WHERE clause",
        )
    names = _unique_names([d[0] for d in cursor.description or ()])
    return names, [dict(zip(names, map(_value, values), strict=True)) for values in data]


def _value(value: object) -> Value:
    """A cell as every format can write it: BLOBs (x'00', zeroblob) as hex text."""
    if isinstance(value, bytes):
        return value.hex()
    return value  # type: ignore[return-value]


def _unique_names(names: Sequence[str]) -> list[str]:
    """``SELECT a.id, b.id`` gives two ``id`` columns: the second becomes ``id_2``."""
    out: list[str] = []
    for name in names:
        candidate, n = name, 1
        while candidate in out:
            n += 1
            candidate = f"{name}_{n}"
        out.append(candidate)
    return out


def _one_line(statement: str) -> str:
    return " ".join(statement.split())
