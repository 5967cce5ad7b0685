"""SQL over the image: answers, refused writes, errors shown with SQLite's words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coop.query.errors import SqlError, WriteRefused
from coop.query.image import build_image
from coop.query.sql import run_sql
from coop.query.tables import TABLES
from query.helpers import FIXTURE, load


@pytest.fixture(scope="module")
def conn():  # type: ignore[no-untyped-def]
    return build_image(load(FIXTURE)).conn


def test_select(conn) -> None:  # type: ignore[no-untyped-def]
    names, rows = run_sql(
        conn,
        "SELECT a.id, p.territory FROM agreements a JOIN agreement_parties p ON p.agreement = a.id "
        "WHERE a.kind = 'accord_cadre' ORDER BY p.position",
    )
    assert names == ["id", "territory"]
    assert [r["territory"] for r in rows] == ["alpha-metropole", "beta-metropole"]


def test_duplicate_column_names_are_made_unique(conn) -> None:  # type: ignore[no-untyped-def]
    names, _ = run_sql(conn, "SELECT a.id, b.id FROM themes a, themes b WHERE a.id = b.id LIMIT 1")
    assert names == ["id", "id_2"]


def test_in_force_columns_follow_the_query_rule(conn) -> None:  # type: ignore[no-untyped-def]
    _, rows = run_sql(conn, "SELECT id, in_force_from, in_force_until FROM agreements ORDER BY id")
    spans = {r["id"]: (r["in_force_from"], r["in_force_until"]) for r in rows}
    assert spans["pacte-etat-alpha"] == ("2017-01-01", None)
    assert spans["projet-reseau-alpha-2023"] == ("2023-06-01", "2026-12-31")
    assert spans["entente-gamma-beta"] == (None, None)


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM agreements",
        "UPDATE territories SET name = 'x'",
        "INSERT INTO themes VALUES ('x', 'x', NULL)",
        "CREATE TABLE t (x)",
        "CREATE TEMP TABLE t (x)",
        "DROP TABLE notes",
        "PRAGMA query_only = OFF",
        "PRAGMA foreign_keys = ON",
    ],
)
def test_writes_are_refused(conn, statement: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WriteRefused, match="read-only"):
        run_sql(conn, statement)
    assert run_sql(conn, "SELECT count(*) AS n FROM agreements")[1] == [{"n": 7}]


def test_attach_is_refused_and_creates_no_file(conn, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "x.db"
    with pytest.raises(WriteRefused):
        run_sql(conn, f"ATTACH DATABASE '{target}' AS x")
    assert not target.exists()


def test_reading_pragmas_are_allowed(conn) -> None:  # type: ignore[no-untyped-def]
    names, rows = run_sql(conn, "PRAGMA table_info(agreements)")
    assert "name" in names and rows[0]["name"] == "id"
    assert run_sql(conn, "PRAGMA foreign_key_check")[1] == []


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("SELECT nope FROM agreements", "no such column: nope"),
        ("SELEC 1", "syntax error"),
        ("SELECT 1; SELECT 2", "one statement at a time"),
    ],
)
def test_errors_carry_sqlites_message_and_the_query(conn, statement: str, words: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SqlError) as caught:
        run_sql(conn, statement)
    assert words in str(caught.value)
    assert statement in str(caught.value)


def test_schema_lists_every_table_and_column(coop) -> None:  # type: ignore[no-untyped-def]
    run = coop("query", "--schema")
    assert run.code == 0
    for table in TABLES:
        assert f"\n{table.name}: " in "\n" + run.out
        for column in table.columns:
            assert f"  {column.name} " in run.out


def test_sql_through_the_cli(coop) -> None:  # type: ignore[no-untyped-def]
    run = coop(
        "query",
        "--kb",
        str(FIXTURE),
        "--sql",
        "SELECT id FROM territories WHERE kind = 'metropole' ORDER BY id",
        "-f",
        "json",
    )
    assert json.loads(run.out) == [{"id": "alpha-metropole"}, {"id": "beta-metropole"}]
    run = coop("query", "--kb", str(FIXTURE), "--sql", "DELETE FROM territories")
    assert run.code == 2
    assert "statement refused: the knowledge base is read-only here" in run.err
    run = coop("query", "--kb", str(FIXTURE), "--sql", "SELECT * FROM nowhere")
    assert run.code == 2
    assert "no such table: nowhere" in run.err and "SELECT * FROM nowhere" in run.err
    assert "Traceback" not in run.err


def test_blobs_come_out_as_hex_text(conn) -> None:  # type: ignore[no-untyped-def]
    assert run_sql(conn, "SELECT x'c0ffee' AS b")[1] == [{"b": "c0ffee"}]


def test_a_runaway_statement_stops_with_a_message(conn, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import coop.query.sql as sql

    monkeypatch.setattr(sql, "MAX_ROWS", 1000)
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"
    with pytest.raises(SqlError, match="more than 1,000 rows"):
        run_sql(conn, endless)


@pytest.mark.parametrize(
    ("statement", "action"),
    [
        ("DELETE FROM agreements", "(delete agreements)"),
        ("INSERT INTO themes VALUES ('x', 'x', NULL)", "(insert themes)"),
        ("UPDATE territories SET name = 'x'", "(update territories)"),
        ("DETACH main", "(detach main)"),
        ("BEGIN", "(transaction BEGIN)"),
    ],
)
def test_a_refusal_names_the_action(conn, statement: str, action: str) -> None:  # type: ignore[no-untyped-def]
    # The sqlite3 module's result codes share numbers with the authorizer's
    # actions: DELETE once read "limit variable number", INSERT "toobig".
    with pytest.raises(WriteRefused) as caught:
        run_sql(conn, statement)
    assert str(caught.value).endswith(action)
