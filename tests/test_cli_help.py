"""Every command's help says what it does and shows an example.

The commands are read from the registered application, so a command added
later is checked without touching this file.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from coop.cli.app import app


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand, as the words typed after ``coop``."""
    root = typer.main.get_command(app)
    paths: list[tuple[str, ...]] = []

    # Typer vendors its own click: groups are recognised by their commands.
    def walk(command: Any, path: tuple[str, ...]) -> None:
        if getattr(command, "commands", None):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        if path:
            paths.append(path)

    walk(root, ())
    return sorted(paths)


PATHS = command_paths()


def help_text(*words: str) -> str:
    result = CliRunner().invoke(
        app, [*words, "--help"], env={"NO_COLOR": "1", "COLUMNS": "200", "TERM": "dumb"}
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_the_registered_commands_are_found():
    assert ("validate",) in PATHS
    assert ("rules",) in PATHS


@pytest.mark.parametrize("words", PATHS, ids=" ".join)
def test_command_help_says_what_it_does_with_an_example(words):
    command: Any = typer.main.get_command(app)
    for word in words:
        command = command.commands[word]
    summary = (command.help or command.short_help or "").strip()
    assert len(summary.split()) >= 4, f"coop {' '.join(words)}: no description"
    text = help_text(*words)
    assert summary.splitlines()[0].strip()[:40] in text
    assert re.search(r"(?i)\bexamples?\b", text), f"coop {' '.join(words)}: no example"
    # An example is a command line of this very command.
    assert f"coop {' '.join(words)}" in text, f"coop {' '.join(words)}: no example of its use"


def test_top_level_help_through_the_real_cli(coop):
    run = coop("--help")
    assert run.code == 0
    assert "census of cooperation" in run.out
    assert "Example" in run.out
    for (name,) in [p for p in PATHS if len(p) == 1]:
        assert name in run.out


def test_no_arguments_shows_the_help(coop):
    run = coop()
    assert "Usage" in run.out + run.err
    assert "Traceback" not in run.out + run.err


def test_subcommand_help_through_the_real_cli(coop):
    run = coop("validate", "--help")
    assert run.code == 0
    assert "Check the knowledge base" in run.out
    assert "coop validate --strict" in run.out
