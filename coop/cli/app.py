"""The ``coop`` command: names each subcommand and maps errors to exit codes.

Command modules import only typer at module level; the core is imported
inside each command. A command's module is imported, and typer builds the
command, only when that command runs (``coop.cli.lazy``): ``coop --help``
reads the commands' help texts and nothing else.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import typer

from coop import __version__
from coop.cli.entry import interrupted, say_interrupted
from coop.cli.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, UsageError, fail
from coop.cli.lazy import Lazy, LazyGroup


class _Interrupted(Exception):
    """Ctrl-C, carried past typer: it would make it a silent exit 130."""


class OutputClosed(Exception):
    """The reader of standard output went away (``| head -1``), carried past
    typer: it would make it exit 1, which means "findings". The command ends
    quietly with ``status``: 0 for a command whose output was all it had to
    give; ``coop validate`` gives its verdict, which stands unread."""

    def __init__(self, status: int = EXIT_OK) -> None:
        super().__init__(status)
        self.status = status


class Commands(LazyGroup):
    """Every command, in the order ``coop --help`` lists them, with the first
    paragraph of its help (tests/test_cli_startup.py checks each against the
    command's own): a command's module is imported, and typer builds the
    command, only when that command is used."""

    table = {
        "validate": Lazy(
            "coop.cli.validate:validate",
            "Check the knowledge base: YAML, schema, references, dates, identifiers, sources.",
        ),
        "rules": Lazy(
            "coop.cli.rules:rules",
            "List every validation rule, or show one rule's documentation.",
        ),
        "fmt": Lazy(
            "coop.cli.fmt:fmt",
            "Format YAML files: keys in the model's order, two-space indents, comments kept.",
        ),
        "schema": Lazy(
            "coop.cli.schema:schema",
            "Write a JSON Schema for each collection, generated from the data model.",
        ),
        "rename": Lazy(
            "coop.cli.rename:rename",
            "Rename a record: its file, its id, and every reference to it, comments kept.",
        ),
        "diff": Lazy(
            "coop.cli.diff:diff",
            "Show the records added, removed, renamed and changed (field by field) between "
            "two git revisions, and the records that reference a changed one.",
        ),
        "init": Lazy(
            "coop.cli.init:init",
            "Create a new, valid knowledge base: coop.yaml, the data folders, a theme "
            "vocabulary, editor schemas and settings, a GitHub Actions workflow, a GitLab CI "
            "job and a pre-commit configuration. Nothing existing is overwritten.",
        ),
        "query": Lazy(
            "coop.cli.query:query",
            "Ask the knowledge base a question: filtered records, or SQL.",
        ),
        "export": Lazy(
            "coop.cli.export:export",
            "Export the knowledge base for other tools.",
        ),
        "report": Lazy(
            "coop.cli.report:report",
            "Write briefing notes from the knowledge base, in French by default.",
        ),
        "new": Lazy(
            "coop.cli.new:app",
            "Create a record file in data/, ready to edit.",
        ),
        "reference": Lazy(
            "coop.cli.reference:app",
            "The official reference data (Code officiel géographique, COG) that territories "
            "are checked against.",
        ),
    }

    # Typer's main loop catches KeyboardInterrupt and EPIPE itself and turns
    # them into exit statuses main cannot tell from a command's own: they
    # leave the group (its options, --help included, then the command) as
    # exceptions typer lets through.

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _carried_past_typer():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with _carried_past_typer():
            return super().invoke(ctx)


@contextlib.contextmanager
def _carried_past_typer() -> Iterator[None]:
    try:
        with closed_output_ends_with(EXIT_OK):
            yield
    except KeyboardInterrupt:
        raise _Interrupted from None


@contextlib.contextmanager
def closed_output_ends_with(status: int) -> Iterator[None]:
    """A reader of standard output gone within the block ends the command
    quietly with ``status`` (:class:`OutputClosed`)."""
    try:
        yield
    except BrokenPipeError:
        raise OutputClosed(status) from None
    except SystemExit as exc:
        # rich's Console meets a closed pipe with its own exit 1 (on_broken_pipe),
        # raised while handling the BrokenPipeError.
        if isinstance(exc.__context__, BrokenPipeError):
            raise OutputClosed(status) from None
        raise


app = typer.Typer(
    name="coop",
    help=(
        "A census of cooperation between French local authorities, kept as code.\n\n"
        "Knowledge base: YAML records in data/ (territories, agreements, bodies, people).\n\n"
        "Example: coop validate"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # plain help: rich.markdown and markdown_it cost ~0.1 s to import
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=Commands,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"coop {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """A census of cooperation between French local authorities, kept as code."""


def main() -> None:
    """Entry point: every failure ends here as a message and an exit status."""
    try:
        code = _run()
        # Output still buffered is written here, where a reader gone is
        # caught, not at interpreter exit ("Exception ignored…", exit 120).
        sys.stdout.flush()
    except OutputClosed as exc:
        _discard_output()
        code = exc.status
    except BrokenPipeError:
        _discard_output()
        code = EXIT_OK
    except (_Interrupted, KeyboardInterrupt):
        code = say_interrupted()
    raise SystemExit(code)


def _run() -> int:
    """Run the command; its exit status, with any error it raised printed."""
    try:
        code = app(standalone_mode=False)
    except UsageError as exc:
        return _exit(fail(str(exc), exc.hint))
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        raise _Interrupted from None
    except typer.TyperException as exc:  # bad options, missing arguments: click's usage errors
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        return int(getattr(exc, "exit_code", 2))
    except (_Interrupted, OutputClosed, BrokenPipeError):  # main's to answer
        raise
    except Exception as exc:
        if interrupted(exc):  # Ctrl-C wrapped in another error (see coop.cli.entry)
            raise _Interrupted from None
        return _failure(exc)
    if code == EXIT_INTERRUPTED:
        # No command returns 130: typer's answer to a Ctrl-C landing outside
        # coop's wrappers (entering them, or leaving the click context),
        # which it catches and turns into that number, silently.
        raise _Interrupted
    return code if isinstance(code, int) else EXIT_OK


def _discard_output() -> None:
    """Point standard output at the null device, as the Python documentation
    advises on SIGPIPE: what is still buffered is dropped there at exit
    instead of failing once more on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real standard output: nothing to flush
        pass


def _failure(exc: Exception) -> int:
    """The exit status for an error no handler above took, its message printed.

    The core's exception types are imported here, when one is raised, so that
    starting coop imports none of the core."""
    from coop.reference.errors import ReferenceDataError
    from coop.writing import UnsafePath

    if isinstance(exc, ReferenceDataError):  # a missing or broken COG copy: the user can fix it
        return _exit(fail(str(exc), exc.hint))
    if isinstance(exc, UnsafePath):  # a write coop.writing refused: the user's path to fix
        return _exit(fail(str(exc), exc.hint))
    import traceback

    traceback.print_exc()
    return _exit(
        fail(
            f"internal error: {type(exc).__name__}: {exc}",
            "this is a bug in coop, not in your data; please report it with the trace above",
            EXIT_INTERNAL,
        )
    )


def _exit(exc: typer.Exit) -> int:
    return exc.exit_code
