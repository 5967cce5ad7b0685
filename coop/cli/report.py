"""``coop report``: briefing notes in Markdown or HTML, or a whole static site."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from coop.cli.errors import UsageError, find_kb_root, parse_date
from coop.cli.options import KB_OPTION


def report(
    target: str = typer.Argument(
        ...,
        help="A record id (agreement, territory, body, person, theme), 'overview', "
        "or 'all' for every page.",
        show_default=False,
    ),
    format: str = typer.Option("md", "--format", "-f", help="md (Markdown) or html."),
    out: str = typer.Option(
        None,
        "--out",
        "-o",
        help="Where to write: a file for one note ('-' or nothing: standard output); "
        "a folder for 'all' (required).",
        show_default=False,
    ),
    as_of: str = typer.Option(
        None,
        "--as-of",
        help="Date for 'in force' verdicts, YYYY-MM-DD (default: today).",
        show_default=False,
    ),
    lang: str = typer.Option(
        None,
        "--lang",
        help="Language of the labels: fr or en (default: coop.yaml's language, else fr). "
        "Content stays as written.",
        show_default=False,
    ),
    templates: Path = typer.Option(
        None,
        "--templates",
        help="Folder of templates overriding the defaults by file name "
        "(the knowledge base's own templates/ is used too).",
        show_default=False,
    ),
    jobs: int = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        help="Processes rendering the pages of 'all' (default: one per core; "
        "a site under 2,000 pages uses one).",
        show_default=False,
    ),
    kb: Path = KB_OPTION,
) -> None:
    """Write briefing notes from the knowledge base, in French by default.

    One record gives one note; 'all' with --format html gives a static site
    (index, one page per record, cross-links, search box) that works opened
    from disk, with no network.

    Examples:

      coop report contrat-reciprocite-toulouse-portes-de-gascogne

      coop report toulouse-metropole --format html --out note.html --as-of 2024-03-01

      coop report all --format html --out site/
    """
    from coop.report.messages import LANGUAGES
    from coop.report.render import FORMATS
    from coop.reserved import ALL

    if format not in FORMATS:
        raise UsageError(f"--format {format!r}: unknown format", "choose md or html")
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(f"--lang {lang!r}: unknown language", "choose fr or en")
    if templates is not None and not templates.is_dir():
        raise UsageError(f"--templates {templates}: no such folder")
    if target == ALL and (out is None or out == "-"):
        raise UsageError("'all' writes a folder of pages", "pass --out FOLDER, e.g. --out site/")
    day = parse_date(as_of)
    root = find_kb_root(None, kb)

    from coop.report.api import ReportRequest, run
    from coop.report.errors import ReportError

    request = ReportRequest(
        root=root,
        target=target,
        fmt=format,
        as_of=day,
        lang=lang,
        templates=templates,
        out=None if out in (None, "-") else Path(out),
        jobs=jobs,
    )
    try:
        result = run(request)
    except ReportError as exc:
        raise UsageError(str(exc), exc.hint) from None
    if result.text is not None:
        sys.stdout.write(result.text)
    for warning in result.warnings:
        sys.stderr.write(f"warning: {warning}\n")
    if result.written is not None:
        sys.stderr.write(f"wrote {result.written}\n")
