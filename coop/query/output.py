"""Render rows: a table on a terminal, JSON, JSON lines, CSV, YAML, or bare ids.

Every format shows the same field names in the same order; the rows keep the
order they were given in.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Sequence
from typing import TextIO

from coop.query.rows import LIST_SEPARATOR, Row, Value

FORMATS = ("table", "json", "jsonl", "csv", "yaml", "ids")


def render(
    rows: Sequence[Row],
    fields: Sequence[str],
    fmt: str,
    out: TextIO,
    key: Callable[[Row], str],
    terminal: bool = False,
) -> None:
    """Write ``rows`` (whose keys are ``fields``) to ``out`` in format ``fmt``."""
    if fmt == "ids":
        for row in rows:
            out.write(key(row) + "\n")
    elif fmt == "json":
        json.dump([_json_row(row) for row in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(_json_row(row), ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        writer.writerows([cell(row[name]) for name in fields] for row in rows)
    elif fmt == "yaml":
        import yaml

        if rows:
            yaml.safe_dump(
                [dict(row) for row in rows],
                out,
                allow_unicode=True,
                sort_keys=False,
                default_flow_style=False,
                width=1_000_000,
            )
        else:
            out.write("[]\n")
    elif fmt == "table":
        _table(rows, fields, out, terminal)
    else:  # the CLI checks the name first
        raise ValueError(f"unknown format {fmt!r}")


def _json_row(row: Row) -> dict[str, Value]:
    """``row`` as JSON can hold it: an infinity (an SQL ``1e999``) becomes null,
    as SQLite makes a NaN NULL; Python would write the bare word Infinity,
    which no JSON reader accepts."""
    return {
        name: None if isinstance(value, float) and not math.isfinite(value) else value
        for name, value in row.items()
    }


def cell(value: Value) -> str:
    """A value as the table and CSV show it: lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _table(rows: Sequence[Row], fields: Sequence[str], out: TextIO, terminal: bool) -> None:
    if not terminal:
        _plain_table(rows, fields, out)
        return
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=out, highlight=False, force_terminal=True)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name in fields:
        table.add_column(name, overflow="fold")  # wrap on a narrow terminal, never cut an id
    for row in rows:
        table.add_row(*(escape(cell(row[name])) for name in fields))
    console.print(table)
    console.print(f"[dim]{len(rows)} row{'s' if len(rows) != 1 else ''}[/]")


def _plain_table(rows: Sequence[Row], fields: Sequence[str], out: TextIO) -> None:
    """Columns aligned with two spaces, never cut: for pipes, files and tests.

    (rich lays out a table to fit a terminal's width, slowly for thousands of
    rows, and folds cells off a terminal; a pipe needs neither.)
    """
    texts = [[" ".join(cell(row[name]).split()) for name in fields] for row in rows]
    widths = [max([len(name), *(len(line[i]) for line in texts)]) for i, name in enumerate(fields)]
    for line in [list(fields), *texts]:
        out.write(
            "  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)).rstrip()
            + "\n"
        )
