"""Options shared by several commands, declared once."""

from __future__ import annotations

import typer

KB_OPTION = typer.Option(
    None,
    "--kb",
    help="Knowledge-base root (default: found upward from the current folder).",
    show_default=False,
)
