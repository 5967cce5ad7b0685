"""``coop query``: ask the knowledge base a question; rows out in the format asked."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from coop.cli.errors import UsageError, find_kb_root
from coop.cli.options import KB_OPTION

if TYPE_CHECKING:
    from coop.query.filters import Filters
    from coop.query.rows import Row

FORMATS = ("table", "json", "jsonl", "csv", "yaml", "ids")


def query(
    collection: str = typer.Argument(
        None,
        help="agreements, commitments, territories, bodies or people.",
        show_default=False,
    ),
    party: list[str] = typer.Option(
        None,
        "--party",
        metavar="ID",
        help="(agreements, commitments) ID is a party, or a member of a body that is a party.",
        show_default=False,
    ),
    theme: list[str] = typer.Option(
        None,
        "--theme",
        metavar="ID",
        help="(agreements, commitments) On this theme (an "
        "agreement: its themes or a commitment's).",
        show_default=False,
    ),
    kind: list[str] = typer.Option(
        None,
        "--kind",
        metavar="KIND",
        help="(agreements, commitments, territories, bodies) Of this kind (a "
        "commitment: its agreement's).",
        show_default=False,
    ),
    status: list[str] = typer.Option(
        None,
        "--status",
        metavar="STATUS",
        help="(agreements, commitments) With this status (signed, in_force, adopted…).",
        show_default=False,
    ),
    in_force_on: list[str] = typer.Option(
        None,
        "--in-force-on",
        metavar="DATE",
        help="(agreements, commitments) In force on DATE: "
        "YYYY-MM-DD, or YYYY-MM / YYYY for at some time in it.",
        show_default=False,
    ),
    between: tuple[str, str] | None = typer.Option(
        None,
        "--between",
        metavar="DATE DATE",
        help="(agreements, commitments) In force at some time in this period (inclusive).",
        show_default=False,
    ),
    member_of: list[str] = typer.Option(
        None,
        "--member-of",
        metavar="ID",
        help="(territories, bodies, people) Member of body or "
        "territory ID (people: hold a post or mandate in it).",
        show_default=False,
    ),
    partner_of: list[str] = typer.Option(
        None,
        "--partner-of",
        metavar="ID",
        help="(territories, bodies) Named as a party on at least one agreement with ID.",
        show_default=False,
    ),
    without_agreement_with: list[str] = typer.Option(
        None,
        "--without-agreement-with",
        metavar="ID",
        help="(territories, bodies) Named as a party on no agreement with ID.",
        show_default=False,
    ),
    text: list[str] = typer.Option(
        None,
        "--text",
        metavar="WORDS",
        help="(all) Every word occurs in names, titles or "
        "commitment text; accents and case ignored.",
        show_default=False,
    ),
    sql: str = typer.Option(
        None,
        "--sql",
        metavar="SELECT…",
        help="Run one read-only SQL statement over the SQLite image of the knowledge base.",
        show_default=False,
    ),
    schema: bool = typer.Option(
        False, "--schema", help="Print the tables and columns that --sql can read."
    ),
    format: str = typer.Option(
        None,
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (default), json, jsonl, csv, yaml or ids (one per line).",
        show_default=False,
    ),
    kb: Path = KB_OPTION,
) -> None:
    """Ask the knowledge base a question: filtered records, or SQL.

    Filters combine with AND; a filter given several times matches any of its
    values (OR). A filter that does not apply to the collection is an error;
    the (parentheses) in each option's help say where it applies.

    In force (--in-force-on, --between): the status says it took
    effect (adopted, signed, in_force, expired, terminated); from its
    entry_into_force, else its signature (signed) or the deliberation that
    adopted it (adopted), else the first year of a duration "2023-2026";
    until its end, else that duration's last year, else indefinitely (but
    expired or terminated with no end date: never matched). A partial date
    counts whole: "2017-01" covers all of January.

    Examples:

    \b
      coop query agreements --party sicoval --in-force-on 2024-03-01 --theme mobilites
      coop query territories --partner-of toulouse-metropole
      coop query territories --member-of dialogue-metropolitain-toulouse --without-agreement-with toulouse-metropole
      coop query commitments --text reciprocite --format json
      coop query --sql "SELECT kind, count(*) AS n FROM agreements GROUP BY kind"
    """  # fmt: skip
    # (The \b line before the examples has them printed as written, not
    # wrapped at 78 columns: each can be copied whole into a shell.)
    from coop.query.errors import QueryError

    chosen = format or "table"
    if chosen not in FORMATS:
        raise UsageError(
            f"--format {chosen!r}: unknown format", f"choose one of {', '.join(FORMATS)}"
        )
    filters = _filters(
        party, theme, kind, status, in_force_on, between, member_of, partner_of,
        without_agreement_with, text,
    )  # fmt: skip
    modes = [name for name, on in (("--sql", sql is not None), ("--schema", schema)) if on]
    if modes and (len(modes) > 1 or collection or filters.given()):
        raise UsageError(
            f"{modes[0]} goes alone",
            "filters go with a collection: coop query agreements --party ID; "
            'SQL goes alone: coop query --sql "SELECT …"',
        )
    try:
        if schema:
            _print_schema()
            return
        if sql is not None:
            names, rows = _run_sql(kb, sql)
            _render(rows, names, chosen, lambda row: str(next(iter(row.values()), "")))
            return
        if collection is None:
            raise UsageError(
                "name a collection, or give --sql or --schema",
                "coop query agreements|commitments|territories|bodies|people [filters]; "
                "coop query --help",
            )
        _run_filters(kb, collection, filters, chosen)
    except QueryError as exc:
        raise UsageError(str(exc), exc.hint) from None


def _filters(
    party: list[str] | None,
    theme: list[str] | None,
    kind: list[str] | None,
    status: list[str] | None,
    in_force_on: list[str] | None,
    between: tuple[str, str] | None,
    member_of: list[str] | None,
    partner_of: list[str] | None,
    without_agreement_with: list[str] | None,
    text: list[str] | None,
) -> Filters:
    from coop.query.filters import Filters

    return Filters(
        party=party or [], theme=theme or [], kind=kind or [], status=status or [],
        in_force_on=in_force_on or [],
        between=between if between and between[0] is not None else None,
        member_of=member_of or [], partner_of=partner_of or [],
        without_agreement_with=without_agreement_with or [], text=text or [],
    )  # fmt: skip


def _warn_broken(broken: int) -> None:
    if broken:
        sys.stderr.write(
            f"warning: {broken} file{'s' if broken > 1 else ''} of the knowledge base "
            "have problems and may be missing from the answer; run coop validate\n"
        )


def _run_filters(kb_option: Path | None, collection: str, filters: Filters, fmt: str) -> None:
    # The stored image answers when the files have not changed since a
    # previous query (coop.query.store); else the files are loaded.
    from coop.query.checks import check_collection
    from coop.query.rows import FIELDS, row_key
    from coop.query.store import filtered_rows

    check_collection(collection)  # before the load: a typo answers at once
    rows = filtered_rows(find_kb_root(None, kb_option), collection, filters, _warn_broken)
    _render(rows, FIELDS[collection], fmt, row_key(collection))


def _run_sql(kb_option: Path | None, statement: str) -> tuple[list[str], list[Row]]:
    from coop.query.store import sql_rows

    return sql_rows(find_kb_root(None, kb_option), statement, _warn_broken)


def _print_schema() -> None:
    from coop.query.schema import describe
    from coop.query.tables import TABLES, key_of

    sys.stdout.write(describe(TABLES, key_of))


def _render(
    rows: Sequence[Row], fields: Sequence[str], fmt: str, key: Callable[[Row], str]
) -> None:
    from coop.query.output import render

    render(rows, fields, fmt, sys.stdout, key, terminal=sys.stdout.isatty())
