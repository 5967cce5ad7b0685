"""``coop validate``: check the knowledge base; exit 1 on findings, whether
or not the report was read."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
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
        None,
        "--output",
        "-o",
        help="Write the report to this file ('-': standard output).",
        show_default=False,
    ),
) -> None:
    """Check the knowledge base: YAML, schema, references, dates, identifiers, sources.

    Every problem is reported at once, at file:line:col with a rule code.
    Exit status: 0 clean, 1 findings (warnings only with --strict), 2 usage
    error, 3 internal error; the same when the report's reader stops early
    (coop validate | head -1). Silence one line with a comment:
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
    _check_paths(paths or [], root)
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
    status = EXIT_FINDINGS if result.failed(strict) else EXIT_OK
    if output is not None and str(output) != "-":
        import io

        from coop.writing import UnsafePath, atomic_write_text

        buffer = io.StringIO()
        reporter(result, buffer)
        if output.is_dir():
            raise UsageError(
                f"--output {output}: is a folder", "give the path of a file, e.g. report.json"
            )
        try:
            atomic_write_text(output, buffer.getvalue())
        except UnsafePath as exc:  # a link, a pipe, a device: never replaced
            raise UsageError(f"--output {output}: {exc}", exc.hint) from None
        except OSError as exc:  # a missing folder, a full disk: the user's path to fix
            raise UsageError(
                f"--output {output}: {exc.strerror or exc}", "check the path and its permissions"
            ) from None
    else:
        _report_to_stdout(lambda: reporter(result, sys.stdout), status)
    raise typer.Exit(status)


def _report_to_stdout(write: Callable[[], None], status: int) -> None:
    """Write the report; if its reader has gone (``coop validate | head -1``),
    end quietly all the same, with ``status``: the verdict stands whether or
    not the report was read, and a CI step under ``set -o pipefail`` must not
    pass on findings because the report was cut short."""
    from coop.cli.app import closed_output_ends_with

    with closed_output_ends_with(status):
        write()
        sys.stdout.flush()  # what is still buffered: a reader gone is caught here


def _check_paths(paths: list[Path], root: Path) -> None:
    """Refuse a path that names nothing in the knowledge base: it would narrow
    the report to nothing, and a typo in CI would pass as a clean run.

    A relative path is taken from the current folder, or else from the
    knowledge base's root (``--kb KB data/agreements`` from anywhere)."""
    inside = root.resolve()
    for path in paths:
        if os.path.lexists(path):
            # Inside by its name (a link in the knowledge base is one of its
            # files, wherever it points: Y013 reports it) or by its target.
            lexical = Path(os.path.abspath(path))
            if lexical.is_relative_to(inside) or path.resolve().is_relative_to(inside):
                continue
            if path.is_absolute() or not os.path.lexists(root / path):
                raise UsageError(
                    f"{path}: outside the knowledge base {root}",
                    "give paths inside it, or pass --kb with the knowledge base that holds them",
                )
        elif path.is_absolute() or not os.path.lexists(root / path):
            raise UsageError(
                f"{path}: no such file or folder",
                "a path is taken from the current folder, or from the knowledge base's root",
            )


def _warn_if_parsing_was_slow() -> None:
    # Only a run that parsed files imported the reader: a run answered from the
    # cache parsed nothing, and importing PyYAML just to ask would cost ~25 ms.
    reader = sys.modules.get("coop.load.yaml_reader")
    if reader is not None and not reader.C_PARSER:
        sys.stderr.write("warning: PyYAML's C parser (libyaml) is missing; parsing is slower\n")
