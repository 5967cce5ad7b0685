"""Starting coop for a small command imports none of the heavy libraries.

``coop --help`` must stay fast (issue 7: at most 0.15 s, measured in bench/,
not here). What keeps it fast is a behaviour this file checks: the root
group lists the commands from its table (coop.cli.lazy) and builds a command
only when it runs, and command modules import their core inside the command.
Each check runs coop's real entry point in a fresh interpreter and reads
``sys.modules`` afterwards.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from typing import Any

import pytest
import typer
from conftest import REPO

from coop.cli.app import Commands, app
from coop.cli.lazy import LazyCommands

HEAVY = ("pydantic", "jinja2", "ruamel", "rich", "yaml", "babel", "coop.model", "coop.rules")

PROBE = """
import contextlib, gc, io, json, sys
sys.argv = ["coop", *json.loads(sys.argv[1])]
from coop.cli.entry import main
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({
    "code": code, "out": out.getvalue(), "modules": sorted(sys.modules), "gc": gc.isenabled()
}))
"""


def start(*args: str) -> dict[str, Any]:
    """Run ``coop ARGS`` through the console script's entry point in a new
    interpreter: its exit status, what it printed (standard output and
    error), the modules it imported and whether the garbage collector runs."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"COLUMNS": "100", "NO_COLOR": "1", "PATH": ""},
        timeout=60,
        check=True,
    )
    result: dict[str, Any] = json.loads(proc.stdout.splitlines()[-1])
    return result


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["-h"],
        ["--version"],
        [],
        ["validate", "--help"],
        ["rules", "--help"],
        ["query", "--help"],
        ["report", "--help"],
        ["reference", "--help"],
        ["new", "--help"],
        ["new", "territory", "--help"],
        ["reference", "info", "--help"],
    ],
    ids=lambda args: " ".join(args) or "no arguments",
)
def test_a_small_command_imports_no_heavy_library(args):
    run = start(*args)
    assert run["code"] in (0, 2)  # no arguments: the help, as a usage error
    assert "coop" in run["out"]
    assert heavy(run["modules"]) == []


def test_the_top_level_help_imports_no_command_module():
    run = start("--help")
    assert run["code"] == 0
    commands = [m for m in run["modules"] if m.startswith("coop.cli.")]
    assert sorted(commands) == [
        "coop.cli.app",
        "coop.cli.entry",
        "coop.cli.errors",
        "coop.cli.lazy",
    ]
    for name in Commands.table:
        assert f"\n  {name} " in run["out"]


def test_a_command_builds_only_itself():
    run = start("validate", "--help")
    assert "Check the knowledge base" in run["out"]
    assert "coop.cli.validate" in run["modules"]
    others = {f"coop.cli.{n}" for n in Commands.table} - {"coop.cli.validate"}
    assert others.isdisjoint(run["modules"])


def test_the_heavy_libraries_are_there_when_a_command_needs_them():
    """The probe sees imports: a command that runs the core shows them."""
    run = start("rules", "D002")
    assert run["code"] == 0
    assert "D002" in run["out"]
    assert "rich" in run["modules"]
    assert run["gc"], "the garbage collector is paused for the imports only"


def test_each_listed_summary_is_the_commands_own_first_paragraph():
    group: Any = typer.main.get_command(app)
    assert isinstance(group.commands, LazyCommands)
    for name, entry in Commands.table.items():
        command = group.commands[name]
        first = " ".join(inspect.cleandoc(command.help).split("\n\n")[0].split())
        assert entry.summary == first, f"coop {name}: the table's summary is not its help's"


def test_the_listing_is_the_same_once_every_command_is_built():
    """Stand-ins and built commands give the same ``--help``, at any width."""
    for width in (40, 80, 200):
        lazy = _help(built=False, width=width)
        assert lazy == _help(built=True, width=width)
        assert "Commands:" in lazy


def _help(*, built: bool, width: int) -> str:
    group: Any = typer.main.get_command(app)
    if built:
        for name in Commands.table:
            group.commands[name]
    ctx = group.make_context("coop", ["--version"], resilient_parsing=True)
    ctx.terminal_width = width
    ctx.max_content_width = width
    return str(group.get_help(ctx))


def test_an_unknown_command_is_a_usage_error_naming_close_ones():
    run = start("validat")
    assert run["code"] == 2
    assert heavy(run["modules"]) == []
