"""One CSV file per table of the image, and a Frictionless ``datapackage.json``.

The descriptor is a Tabular Data Package (the convention of French open-data
schemas): each resource has its Table Schema with types, required fields,
primary key and foreign keys, so ``frictionless validate datapackage.json``
checks the files against the same keys as the SQLite export.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from coop import __version__
from coop.export import Records, Summary
from coop.export.paths import Content, check_folder_target, write_folder
from coop.query.image import write_image
from coop.query.schema import Cell, Table, quote
from coop.query.scratch import scratch_database
from coop.query.tables import TABLES, key_of

DESCRIPTOR = "datapackage.json"
_TYPES = {"text": "string", "integer": "integer", "boolean": "boolean"}


def export(records: Records, out: Path) -> Summary:
    check_folder_target(out, DESCRIPTOR)
    # The image is written as the files are read into a temporary database
    # (coop.query.image), then each table copied out of it as it is read.
    with scratch_database("coop-export-") as conn:
        dropped = write_image(conn, records.file_by_file())
        counts = [0]
        files: dict[str, Content] = {
            f"{table.name}.csv": _writer(conn, table, counts) for table in TABLES
        }
        files[DESCRIPTOR] = (json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n").encode()
        write_folder(out, files, DESCRIPTOR)
    return Summary(
        f"{len(TABLES)} CSV files, {counts[0]} rows, and {DESCRIPTOR}", sum(dropped.values())
    )


def descriptor() -> dict[str, Any]:
    """The Data Package descriptor, from the same declarations as the tables."""
    return {
        "profile": "tabular-data-package",
        "name": "coop-knowledge-base",
        "title": "Recensement des coopérations entre collectivités territoriales",
        "description": "Export of a coop knowledge base: one CSV file per table.",
        "created_by": f"coop {__version__}",
        "resources": [_resource(table) for table in TABLES],
    }


def _resource(table: Table) -> dict[str, Any]:
    fields = []
    for column in table.columns:
        spec: dict[str, Any] = {
            "name": column.name,
            "type": _TYPES[column.type],
            "description": column.doc,
        }
        if column.required or column.name in table.primary_key:
            spec["constraints"] = {"required": True}
        fields.append(spec)
    foreign_keys = [
        {
            "fields": list(fk.columns),
            # "" is the Table Schema's way to say "this same resource".
            "reference": {
                "resource": "" if fk.table == table.name else fk.table,
                "fields": list(fk.target),
            },
        }
        for fk in table.foreign_keys(key_of)
    ]
    schema: dict[str, Any] = {
        "fields": fields,
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table.doc,
        "schema": schema,
    }


def _writer(
    conn: sqlite3.Connection, table: Table, counts: list[int]
) -> Callable[[BinaryIO], None]:
    """What writes ``table``'s CSV file from the image in ``conn``, counting its rows."""

    def write(handle: BinaryIO) -> None:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(table.column_names)
        # SQLite gives booleans back as 1 and 0; the CSV writes true and false.
        flags = [column.type == "boolean" for column in table.columns]
        cursor = conn.execute(f"SELECT * FROM {quote(table.name)}")
        while batch := cursor.fetchmany(1000):
            writer.writerows(
                [
                    _text(bool(v) if flag and v is not None else v)
                    for v, flag in zip(row, flags, strict=True)
                ]
                for row in batch
            )
            counts[0] += len(batch)
        text.flush()
        text.detach()  # the caller closes the file

    return write


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
