"""Errors the CLI maps to exit codes, and the shared option parsers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit status 2."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def parse_date(value: str | None, option: str = "--as-of") -> dt.date:
    """A full ISO date for a command-line option (default: today)."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            f"{option}: {value!r} is not a date",
            "write it as YYYY-MM-DD, e.g. 2024-03-01",
        ) from None


def find_kb_root(paths: list[Path] | None = None, kb: Path | None = None) -> Path:
    from coop.layout import CONFIG_FILE, DATA_DIR, find_root  # not coop.kb.config: the model

    if kb is not None:
        if not kb.is_dir():
            raise UsageError(f"--kb {kb}: no such folder")
        # An empty folder (a typo, a mount not made) read as an empty knowledge
        # base would pass validation, answer queries with nothing, export nothing.
        if not (kb / CONFIG_FILE).is_file() and not (kb / DATA_DIR).is_dir():
            raise UsageError(
                f"--kb {kb}: not a knowledge base (no {CONFIG_FILE}, no {DATA_DIR}/ folder)",
                f"give the folder that holds {CONFIG_FILE} or {DATA_DIR}/; "
                f"`coop init {kb}` creates a new knowledge base there",
            )
        return kb.resolve()

    start = paths[0] if paths else Path.cwd()
    if paths:
        for path in paths:
            if not path.exists():
                raise UsageError(f"{path}: no such file or folder")
    folder = start if start.is_dir() else start.parent
    root = find_root(folder)
    if root is None:
        raise UsageError(
            f"no knowledge base found in {folder.resolve()} or its parents",
            "run coop inside a knowledge base (a folder with coop.yaml or data/), or pass --kb DIR",
        )
    return root


def fail(message: str, hint: str | None = None, code: int = EXIT_USAGE) -> typer.Exit:
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    console.print(f"[bold red]error:[/] {escape(message)}")
    if hint:
        console.print(f"[green]hint:[/] {escape(hint)}")
    return typer.Exit(code)
