"""``coop rename``: rename a record and rewrite every reference to it."""

from __future__ import annotations

from pathlib import Path

import typer

from coop.cli.errors import UsageError, find_kb_root
from coop.cli.options import KB_OPTION


def rename(
    old: str = typer.Argument(..., help="The record's current id.", show_default=False),
    new: str = typer.Argument(..., help="Its new id.", show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show what would change, write nothing."),
    kb: Path = KB_OPTION,
) -> None:
    """Rename a record: its file, its id, and every reference to it, comments kept.

    Refuses when NEW is not a valid id or already exists. Works for themes too
    (the id in data/vocabulary/themes.yaml and every theme reference).

    Examples:

      coop rename ca-sicoval sicoval

      coop rename mobilite mobilites --dry-run
    """
    from coop.authoring.rename import RenameError, apply, plan
    from coop.validate.settings import load_settings

    root = find_kb_root(None, kb)
    settings, _ = load_settings(root)
    try:
        change = plan(root, settings, old, new)
        if not dry_run:  # before saying what changed: a failed write changes nothing
            apply(root, change)
    except RenameError as exc:
        raise UsageError(str(exc), exc.hint) from None
    verb = "would rename" if dry_run else "renamed"
    if change.new_file != change.old_file:
        typer.echo(f"{verb} {change.old_file} -> {change.new_file}")
    for edit in sorted(change.edits, key=lambda e: (e.rel, e.line, e.col)):
        typer.echo(f"  {edit.rel}:{edit.line}:{edit.col} {edit.where}: {old} -> {new}")
    files = len(change.texts)
    typer.echo(
        f"{'would change' if dry_run else 'changed'} {len(change.edits)} value"
        f"{'s' * (len(change.edits) != 1)} in {files} file{'s' * (files != 1)}"
    )
    if change.collection == "themes":
        typer.echo("run `coop schema` to update the editor schemas' list of themes", err=True)
