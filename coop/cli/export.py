"""``coop export``: write the knowledge base for other tools (JSON, CSV, SQLite, Popolo)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from coop.cli.errors import UsageError, find_kb_root
from coop.cli.options import KB_OPTION

FORMATS = ("json", "csv", "sqlite", "popolo")


def export(
    format: str = typer.Option(
        ...,
        "--format",
        "-f",
        metavar="FORMAT",
        help="json (the whole knowledge base), csv (a folder: one file per table and a "
        "Frictionless datapackage.json), sqlite (keys declared, for Datasette) or popolo.",
        show_default=False,
    ),
    out: Path = typer.Option(
        ...,
        "--out",
        "-o",
        metavar="PATH",
        help="File to write (a folder for csv), outside data/ and coop.yaml. An existing "
        "file is replaced whole (a folder: only if empty or an earlier export), never left "
        "half-written.",
        show_default=False,
    ),
    kb: Path = KB_OPTION,
) -> None:
    """Export the knowledge base for other tools.

    The SQLite and CSV exports hold the tables that `coop query --schema`
    documents, with primary and foreign keys; a reference to a missing record
    (which `coop validate` reports) is left empty there, and counted.

    Examples:

    \b
      coop export --format sqlite --out coop.db      # then: datasette coop.db
      coop export --format csv --out coop-csv/       # then: frictionless validate coop-csv/datapackage.json
      coop export --format json --out coop.json
      coop export --format popolo --out popolo.json
    """  # fmt: skip
    # (The \b line before the examples has them printed as written, not
    # wrapped at 78 columns: each can be copied whole into a shell.)
    from coop import export as exporters
    from coop.writing import UnsafePath

    if format not in FORMATS:
        raise UsageError(
            f"--format {format!r}: unknown format", f"choose one of {', '.join(FORMATS)}"
        )
    root = find_kb_root(None, kb)
    try:
        _check_out(out, root, format)
    except exporters.ExportError as exc:
        raise UsageError(str(exc), exc.hint) from None
    records = exporters.Records(root)
    try:
        summary = exporters.get(format)(records, out)
    except exporters.ExportError as exc:
        raise UsageError(str(exc), exc.hint) from None
    except UnsafePath as exc:
        raise UsageError(
            f"--out {out}: {exc}", "write to the file the link points to, or remove the link"
        ) from None
    except OSError as exc:
        raise UsageError(
            f"--out {out}: {exc.strerror or exc}", "check the path and its permissions"
        ) from None
    broken = records.broken
    if broken:
        sys.stderr.write(
            f"warning: {broken} file{'s' if broken > 1 else ''} of the knowledge base "
            "have problems and may be missing from the export; run coop validate\n"
        )
    if summary.dropped:
        sys.stderr.write(
            f"warning: {summary.dropped} references to missing records or repeated keys "
            "were left out; run coop validate\n"
        )
    sys.stderr.write(f"wrote {out}: {summary.what}\n")


def _check_out(out: Path, root: Path, format: str) -> None:
    """Refuse a bad --out before the load, which takes half a minute on a
    national knowledge base; the exporter checks again as it writes."""
    from coop.export import paths

    paths.check_outside_kb(out, root)
    if format == "csv":
        from coop.export.to_csv import DESCRIPTOR

        paths.check_folder_target(out, DESCRIPTOR)
    else:
        paths.check_file_target(out)
