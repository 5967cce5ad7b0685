"""``coop validate``: check the knowledge base; exit 1 on findings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from coop.cli.errors import EXIT_FINDINGS, EXIT_OK, UsageError, find_kb_root, parse_date
from coop.cli.options import KB_OPTION

FORMATS = ["text", "json", "github", "junit", "sarif", "gitlab"]


def validate(
    paths: list[Path] = typer.Argument(
        None,
        help="Files or folders to report on (default: the whole knowledge base). "
        "Everything is still cross-checked.",
        show_default=False,
    ),
    format: str = typer.Option(
        None,
        "--format",
        "-f",
        help="Output: text, json, github, junit, sarif or gitlab. Default: text on a terminal, "
        "github under GitHub Actions.",
        show_default=False,
    ),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) on warnings too."),
    select: list[str] = typer.Option(
        None,
        "--select",
        help="Only these rule codes or families (D002, D, date-order). Repeatable, or "
        "comma-separated: --select D,G001.",
        show_default=False,
    ),
    ignore: list[str] = typer.Option(
        None,
        "--ignore",
        help="Skip these rule codes or families. Repeatable, or comma-separated.",
        show_default=False,
    ),
    as_of: str = typer.Option(
        None,
        "--as-of",
        help="Evaluation date for status rules, YYYY-MM-DD (default: today).",
        show_default=False,
    ),
    kb: Path = KB_OPTION,
    jobs: int = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        help="Worker processes for parsing (default: one per core).",
        show_default=False,
    ),
    no_cache: bool = typer.Option(
        False,
        "--no-cache",
        help="Check every file again, ignoring and not writing the cache "
        "(kept per user in $COOP_CACHE_DIR, else ~/.cache/coop).",
    ),
    output: Path = typer.Option(
        None, "--output", "-o", help="Write the report to this file.", show_default=False
    ),
) -> None:
    """Check the knowledge base: YAML, schema, references, dates, identifiers, sources.

    Every problem is reported at once, at file:line:col with a rule code.
    Exit status: 0 clean, 1 findings (warnings only with --strict), 2 usage
    error, 3 internal error. Silence one line with a comment:
    "# coop: ignore[CODE]".

    Examples:

      coop validate

      coop validate data/agreements --format json

      coop validate --strict --as-of 2024-03-01 --ignore P004
    """
    from coop import reporters
    from coop.validate.engine import Options
    from coop.validate.engine import validate as run

    chosen = format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if chosen not in FORMATS:
        raise UsageError(
            f"--format {chosen!r}: unknown format", f"choose one of {', '.join(FORMATS)}"
        )
    try:
        reporter = reporters.get(chosen)
    except (KeyError, ImportError):
        raise UsageError(f"--format {chosen!r} is not available in this version") from None
    from coop.rule_catalog import matching

    select = [code for item in select or [] for code in item.split(",") if code.strip()]
    ignore = [code for item in ignore or [] for code in item.split(",") if code.strip()]
    for selector in [*select, *ignore]:
        if not matching([selector]):
            raise UsageError(f"no rule matches {selector!r}", "`coop rules` lists every code")
    root = find_kb_root(paths, kb)
    options = Options(
        as_of=parse_date(as_of),
        select=select or [],
        ignore=ignore or [],
        only=list(paths or []),
        strict=strict,
        jobs=jobs,
        use_cache=not no_cache,
    )
    result = run(root, options)
    _warn_if_parsing_was_slow()
    if output is not None:
        import io

        from coop.writing import atomic_write_text

        buffer = io.StringIO()
        reporter(result, buffer)
        atomic_write_text(output, buffer.getvalue())
    else:
        reporter(result, sys.stdout)
    raise typer.Exit(EXIT_FINDINGS if result.failed(strict) else EXIT_OK)


def _warn_if_parsing_was_slow() -> None:
    # Only a run that parsed files imported the reader: a run answered from the
    # cache parsed nothing, and importing PyYAML just to ask would cost ~25 ms.
    reader = sys.modules.get("coop.load.yaml_reader")
    if reader is not None and not reader.C_PARSER:
        sys.stderr.write("warning: PyYAML's C parser (libyaml) is missing; parsing is slower\n")
