"""Every format parses back with its standard library, with the table's rows."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml

from coop.query.output import FORMATS, cell, render
from coop.query.rows import FIELDS, LIST_SEPARATOR, row_key
from query.helpers import FIXTURE, rows


def _rows(collection: str, via: str = "records") -> list[dict[str, object]]:
    return rows(FIXTURE, collection, via)  # type: ignore[return-value]


def _render(collection: str, fmt: str, via: str = "records") -> str:
    out = io.StringIO()
    render(_rows(collection, via), FIELDS[collection], fmt, out, row_key(collection))  # type: ignore[arg-type]
    return out.getvalue()


def _as_text(rows: list[dict[str, object]]) -> list[list[str]]:
    """Rows as the table and CSV show them."""
    return [[cell(v) for v in row.values()] for row in rows]  # type: ignore[arg-type]


@pytest.mark.parametrize("collection", list(FIELDS))
def test_row_fields_are_the_declared_ones(collection: str, via: str) -> None:
    for row in _rows(collection, via):
        assert tuple(row) == FIELDS[collection]


@pytest.mark.parametrize("collection", list(FIELDS))
def test_formats_parse_back_with_the_same_rows(collection: str, via: str) -> None:
    expected = _rows(collection, via)
    assert expected, "the fixture has records of every collection"
    assert json.loads(_render(collection, "json", via)) == expected
    lines = _render(collection, "jsonl", via).splitlines()
    assert [json.loads(line) for line in lines] == expected
    assert yaml.safe_load(_render(collection, "yaml", via)) == expected
    table = list(csv.reader(io.StringIO(_render(collection, "csv", via))))
    assert table[0] == list(FIELDS[collection])
    assert table[1:] == _as_text(expected)
    # Lists survive the CSV: ids never hold the separator.
    for row, parsed in zip(expected, table[1:], strict=True):
        for name, text in zip(FIELDS[collection], parsed, strict=True):
            if isinstance(row[name], list):
                assert (text.split(LIST_SEPARATOR) if text else []) == row[name]
    assert _render(collection, "ids", via).splitlines() == [
        row_key(collection)(r)  # type: ignore[arg-type]
        for r in expected
    ]


@pytest.mark.parametrize("collection", list(FIELDS))
def test_table_shows_the_same_rows(collection: str, via: str) -> None:
    lines = _render(collection, "table", via).splitlines()
    assert lines[0].split() == list(FIELDS[collection])
    body = lines[1:]
    assert len(body) == len(_rows(collection, via))
    for line, row in zip(body, _as_text(_rows(collection, via)), strict=True):
        position = 0
        for text in row:  # every cell, in order, on the row's line
            position = line.index(text, position) + len(text)


def test_empty_answer_in_every_format() -> None:
    for fmt in FORMATS:
        out = io.StringIO()
        render([], FIELDS["agreements"], fmt, out, row_key("agreements"))
        text = out.getvalue()
        if fmt in ("json", "yaml"):
            assert (json.loads(text) if fmt == "json" else yaml.safe_load(text)) == []
        elif fmt in ("jsonl", "ids"):
            assert text == ""
        elif fmt == "csv":
            assert text.splitlines() == [",".join(FIELDS["agreements"])]


def test_cli_formats_agree(coop) -> None:  # type: ignore[no-untyped-def]
    args = ("query", "territories", "--kind", "metropole", "--kb", str(FIXTURE))
    as_json = json.loads(coop(*args, "-f", "json").out)
    as_csv = list(csv.DictReader(io.StringIO(coop(*args, "-f", "csv").out)))
    assert (
        [r["id"] for r in as_json]
        == [r["id"] for r in as_csv]
        == ["alpha-metropole", "beta-metropole"]
    )
    assert as_json[0]["members"] == ["alpha-ville"] and as_csv[0]["members"] == "alpha-ville"


def test_terminal_table_shows_every_row(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "300")
    out = io.StringIO()
    rows = _rows("territories")
    render(rows, FIELDS["territories"], "table", out, row_key("territories"), terminal=True)  # type: ignore[arg-type]
    text = out.getvalue()
    assert f"{len(rows)} rows" in text
    for row in rows:
        assert str(row["id"]) in text


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_stays_json_when_sql_computes_an_infinity(coop, fmt: str) -> None:  # type: ignore[no-untyped-def]
    # SQLite's REAL overflows to an infinity, which Python's json writes as
    # the bare word Infinity: not JSON, and jq or a browser refuse the file.
    statement = "SELECT 1e999 AS up, -1e999 AS down, 0.5 AS half"
    run = coop("query", "--kb", str(FIXTURE), "--sql", statement, "-f", fmt)
    assert run.code == 0, run.err

    def strict(text: str) -> object:
        return json.loads(text, parse_constant=lambda word: pytest.fail(f"{word} is not JSON"))

    parsed = strict(run.out) if fmt == "json" else [strict(line) for line in run.out.splitlines()]
    assert parsed == [{"up": None, "down": None, "half": 0.5}]
