"""``coop diff``: records added, removed, renamed and changed between git revisions."""

from __future__ import annotations

from pathlib import Path

import typer

from coop.cli.errors import UsageError, find_kb_root
from coop.cli.options import KB_OPTION


def diff(
    base: str = typer.Argument(
        ..., help="The revision to compare from (commit, branch, tag).", show_default=False
    ),
    head: str = typer.Argument(
        None, help="The revision to compare to (default: the working tree).", show_default=False
    ),
    format: str = typer.Option("markdown", "--format", "-f", help="Output: markdown or json."),
    kb: Path = KB_OPTION,
) -> None:
    """Show the records added, removed, renamed and changed (field by field)
    between two git revisions, and the records that reference a changed one.

    The Markdown is ready to paste into a merge request; the JSON is for tools.

    Examples:

      coop diff main

      coop diff main HEAD --format json

      coop diff HEAD~3 HEAD > changes.md
    """
    from coop.authoring.diff import compare, records
    from coop.authoring.diff_render import markdown, to_json
    from coop.authoring.gitread import GitError, files_at, files_in_worktree, resolve

    if format not in {"markdown", "json"}:
        raise UsageError(f"--format {format!r}: unknown format", "choose markdown or json")
    root = find_kb_root(None, kb)
    try:
        base_commit = resolve(root, base)
        before = records(files_at(root, base_commit))
        if head is None:
            after, head_name = records(files_in_worktree(root)), "working tree"
        else:
            after, head_name = records(files_at(root, resolve(root, head))), head
    except GitError as exc:
        raise UsageError(str(exc), exc.hint) from None
    result = compare(base, head_name, before, after)
    typer.echo(to_json(result) if format == "json" else markdown(result), nl=False)
