"""``coop schema``: JSON Schemas of the record files, for editors."""

from __future__ import annotations

from pathlib import Path

import typer

from coop.cli.errors import EXIT_FINDINGS, EXIT_OK, UsageError, find_kb_root
from coop.cli.options import KB_OPTION


def schema(
    out: Path = typer.Option(
        None,
        "--out",
        "-o",
        help="Folder to write the schemas to (default: schemas/ at the knowledge-base root).",
        show_default=False,
    ),
    check: bool = typer.Option(
        False, "--check", help="Write nothing; exit 1 if a schema is missing or out of date."
    ),
    editor: bool = typer.Option(
        False,
        "--editor",
        help="Also map each data/ folder to its schema in .vscode/settings.json.",
    ),
    kb: Path = KB_OPTION,
) -> None:
    """Write a JSON Schema for each collection, generated from the data model.

    Editors with yaml-language-server (VS Code's YAML extension) use them to
    complete keys, list allowed values with their French labels and flag
    mistakes while typing. Theme ids come from data/vocabulary/themes.yaml, so
    run it again after adding a theme.

    Examples:

      coop schema

      coop schema --editor

      coop schema --check
    """
    from coop.authoring.editor import EditorSettingsError, write_editor_settings, write_schemas

    root = find_kb_root(None, kb)
    if out is not None and out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    from coop.authoring.schema import ThemesUnreadable

    try:
        report = write_schemas(root, out, check=check)
    except ThemesUnreadable as exc:
        raise UsageError(
            f"{exc}; the schemas need its theme ids, so none was written",
            "fix the themes file first (`coop validate` says where)",
        ) from None
    except OSError as exc:
        raise _cannot_write(exc) from None
    for path in report.written:
        typer.echo(f"wrote {path}")
    if check:
        for path in report.stale:
            typer.echo(f"out of date: {path}")
        if report.stale:
            typer.echo("run `coop schema` to regenerate", err=True)
            raise typer.Exit(EXIT_FINDINGS)
        typer.echo(f"{len(report.unchanged)} schemas up to date")
        raise typer.Exit(EXIT_OK)
    if editor:
        try:
            for path in write_editor_settings(root):
                typer.echo(f"wrote {path}")
        except EditorSettingsError as exc:
            raise UsageError(str(exc)) from None
        except OSError as exc:
            raise _cannot_write(exc) from None
    if not report.written:
        typer.echo(f"{len(report.unchanged)} schemas already up to date")


def _cannot_write(exc: OSError) -> UsageError:
    return UsageError(
        f"cannot write {exc.filename or 'the schemas'}: {exc.strerror or exc}",
        "schemas/ and .vscode/ must be writable folders",
    )
