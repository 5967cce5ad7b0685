"""The ``coop`` command: registers each subcommand and maps errors to exit codes.

Command modules import only typer at module level; the core is imported
inside each command, so ``coop --help`` stays fast.
"""

from __future__ import annotations

import sys

import typer

from coop import __version__
from coop.cli import diff as diff_cmd
from coop.cli import export as export_cmd
from coop.cli import fmt as fmt_cmd
from coop.cli import init as init_cmd
from coop.cli import new as new_cmd
from coop.cli import query as query_cmd
from coop.cli import reference as reference_cmd
from coop.cli import rename as rename_cmd
from coop.cli import report as report_cmd
from coop.cli import rules as rules_cmd
from coop.cli import schema as schema_cmd
from coop.cli import validate as validate_cmd
from coop.cli.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, UsageError, fail
from coop.reference.errors import ReferenceDataError
from coop.writing import UnsafePath

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
)

app.command("validate")(validate_cmd.validate)
app.command("rules")(rules_cmd.rules)
app.command("fmt")(fmt_cmd.fmt)
app.command("schema")(schema_cmd.schema)
app.command("rename")(rename_cmd.rename)
app.command("diff")(diff_cmd.diff)
app.command("init")(init_cmd.init)
app.command("query")(query_cmd.query)
app.command("export")(export_cmd.export)
app.command("report")(report_cmd.report)
app.add_typer(new_cmd.app, name="new")
app.add_typer(reference_cmd.app, name="reference")


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
        code = app(standalone_mode=False)
    except UsageError as exc:
        raise SystemExit(_exit(fail(str(exc), exc.hint))) from None
    except ReferenceDataError as exc:  # a missing or broken COG copy: the user can fix it
        raise SystemExit(_exit(fail(str(exc), exc.hint))) from None
    except UnsafePath as exc:  # a write refused by coop.writing: the path is the user's to fix
        hint = "write to a plain file or folder; coop never writes through a symbolic link"
        raise SystemExit(_exit(fail(str(exc), hint))) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write("interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        raise SystemExit(0) from None
    except typer.TyperException as exc:  # bad options, missing arguments: click's usage errors
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        raise SystemExit(getattr(exc, "exit_code", 2)) from None
    except Exception as exc:
        import traceback

        traceback.print_exc()
        raise SystemExit(
            _exit(
                fail(
                    f"internal error: {type(exc).__name__}: {exc}",
                    "this is a bug in coop, not in your data; please report it with the trace above",
                    EXIT_INTERNAL,
                )
            )
        ) from None
    raise SystemExit(code if isinstance(code, int) else 0)


def _exit(exc: typer.Exit) -> int:
    return exc.exit_code
