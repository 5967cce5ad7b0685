"""``coop init``: create a new knowledge base."""

from __future__ import annotations

from pathlib import Path

import typer

from coop.cli.errors import UsageError


def init(
    folder: Path = typer.Argument(
        ..., help="Folder to create it in (created if missing).", show_default=False
    ),
    install: str = typer.Option(
        "coop",
        "--install",
        help="What CI installs with pip to get coop (a package name, a git URL, a wheel).",
    ),
) -> None:
    """Create a new, valid knowledge base: coop.yaml, the data folders, a theme
    vocabulary, editor schemas and settings, a GitHub Actions workflow, a GitLab
    CI job and a pre-commit configuration. Nothing existing is overwritten.

    Examples:

      coop init cooperations

      coop init . --install "git+https://example.org/coop.git"
    """
    from coop.authoring.init import InitError
    from coop.authoring.init import init as create

    try:
        report = create(folder, install)
    except InitError as exc:
        raise UsageError(str(exc), exc.hint) from None
    except OSError as exc:
        raise UsageError(
            f"cannot write {exc.filename or folder}: {exc.strerror or exc}",
            "give a folder that can be created, or an existing one you can write to",
        ) from None
    for rel in report.written:
        typer.echo(f"wrote {rel}")
    for rel in report.kept:
        typer.echo(f"kept {rel} (already there)")
    typer.echo(
        f"new knowledge base in {folder}: add records with `coop new`, check with `coop validate`"
    )
