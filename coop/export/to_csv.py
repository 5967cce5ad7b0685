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
from pathlib import Path
from typing import Any

from coop import __version__
from coop.export import Summary
from coop.export.paths import write_folder
from coop.kb.index import KnowledgeBase
from coop.query.image import build_image
from coop.query.schema import Cell, Table
from coop.query.tables import TABLES, key_of

DESCRIPTOR = "datapackage.json"
_TYPES = {"text": "string", "integer": "integer", "boolean": "boolean"}


def export(kb: KnowledgeBase, out: Path) -> Summary:
    image = build_image(kb)
    files = {f"{table.name}.csv": _csv(table, image.rows[table.name]) for table in TABLES}
    files[DESCRIPTOR] = (json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n").encode()
    write_folder(out, files, DESCRIPTOR)
    rows = sum(len(r) for r in image.rows.values())
    return Summary(f"{len(TABLES)} CSV files, {rows} rows, and {DESCRIPTOR}", image.problems)


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


def _csv(table: Table, rows: list[tuple[Cell, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.column_names)
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
