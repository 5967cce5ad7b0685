"""Command groups that import and build a command only when it is used.

``coop --help`` lists every command with the first sentence of its help,
and nothing more. Typer builds a command by reading its function's
signature and every option, and each command module is one more file to
read (and to compile, where no bytecode is cached): the root group keeps a
table ``name -> Lazy("module:attribute", summary)`` instead, lists the
commands from it, and builds the real command, with typer and the root's
settings, the first time one is asked for. A test checks that each summary
is its command's own first paragraph, so the listing cannot drift.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import Any, ClassVar, NamedTuple

import typer
from typer.core import TyperCommand, TyperGroup


class Group(TyperGroup):
    """A typer group whose ``--help`` flag, left unset, costs nothing.

    Typer coerces each option's value through a pydantic adapter unless it
    is already a bool; the help flag's default is None, so every command run
    under a group imported pydantic (~0.1 s) just to read "not asked for".
    A default of False means the same and is not coerced.
    """

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option


class Lazy(NamedTuple):
    """A command not yet imported: what it runs, and what the listing shows."""

    target: str
    """``"module:attribute"``: a command function or a typer app (a group)."""
    summary: str
    """The first paragraph of the command's help, on one line."""


class LazyCommands(MutableMapping[str, Any]):
    """The group's commands: each built on first access, in the table's order."""

    def __init__(self, table: dict[str, Lazy], build: Any) -> None:
        self._table = dict(table)
        self._build = build
        self._built: dict[str, Any] = {}

    def target(self, name: str) -> Any:
        """The function or typer app that ``name`` runs, its module imported."""
        module, _, attribute = self._table[name].target.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def summary(self, name: str) -> str:
        return self._table[name].summary

    def loaded(self, name: str) -> Any | None:
        return self._built.get(name)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._table:
                raise KeyError(name)
            self._built[name] = self._build(name, self.target(name))
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._table.setdefault(name, Lazy("", ""))
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._table[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


class LazyGroup(Group):
    """A group whose commands are named in ``table`` and built on first use.

    Subclass it with ``table`` set, and pass the subclass as ``cls`` to
    ``typer.Typer``; register no command on that Typer itself.
    """

    table: ClassVar[dict[str, Lazy]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        lazy = LazyCommands(self.table, self._build)
        for name, command in dict(self.commands).items():
            lazy[name] = command
        self.commands = lazy

    def _build(self, name: str, target: Any) -> Any:
        """The command exactly as ``app.command(name)`` or ``app.add_typer(sub,
        name=name)`` on this group's app would give it: built by typer, under a
        stand-in parent with the same settings."""
        parent = typer.Typer(rich_markup_mode=self.rich_markup_mode, add_completion=False)
        if isinstance(target, typer.Typer):
            parent.add_typer(target, name=name)
        else:
            parent.command(name)(target)
        return typer.main.get_group(parent).commands[name]

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """As ``TyperGroup.format_commands``, from each command's help text,
        without building the commands not yet used."""
        commands = [(name, self._summary(name)) for name in self.list_commands(ctx)]
        commands = [(name, cmd) for name, cmd in commands if not cmd.hidden]
        if not commands:
            return
        # Click's layout: room for the help is the width less the longest name.
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        rows = [(name, cmd.get_short_help_str(limit)) for name, cmd in commands]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _summary(self, name: str) -> Any:
        """The built command if there is one, else a stand-in holding its summary."""
        commands = self.commands
        if not isinstance(commands, LazyCommands) or commands.loaded(name) is not None:
            return commands[name]
        return TyperCommand(name=name, help=commands.summary(name))
