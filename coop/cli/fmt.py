"""``coop fmt``: canonical key order and layout, comments kept."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from coop.cli.errors import EXIT_FINDINGS, EXIT_OK, UsageError, find_kb_root
from coop.cli.options import KB_OPTION


def fmt(
    paths: list[Path] = typer.Argument(
        None,
        help="Files or folders to format (default: every record, the themes and coop.yaml).",
        show_default=False,
    ),
    check: bool = typer.Option(
        False,
        "--check",
        help="Write nothing: list the files that would change, show the diff, exit 1 if any.",
    ),
    kb: Path = KB_OPTION,
) -> None:
    """Format YAML files: keys in the model's order, two-space indents, comments kept.

    The data never changes: a file whose formatted text would read back
    differently, or lose a comment, is refused and left as it is, and so is a
    file that does not parse (fix it first: `coop validate` says where).
    Running it twice changes nothing the second time. Files formatted
    before, byte for byte, are not formatted again: their digests are kept
    in the user's cache (`$COOP_CACHE_DIR`, else ~/.cache/coop;
    `COOP_NO_CACHE=1` bypasses it).

    Examples:

      coop fmt

      coop fmt data/agreements/accord-cadre-toulouse-montpellier.yaml

      coop fmt --check
    """
    from coop.authoring.fmt_files import format_files, kb_files
    from coop.authoring.fmt_known import Known
    from coop.validate.settings import load_settings

    for path in paths or []:
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder")
    root = find_kb_root(paths, kb)
    for path in paths or []:
        real = path.resolve()
        if real != root and root not in real.parents:
            raise UsageError(
                f"{path}: outside the knowledge base at {root}",
                "run coop fmt once per knowledge base (--kb DIR)",
            )
    settings, _ = load_settings(root)
    files = kb_files(root, list(paths or []))
    if paths and not files:
        raise UsageError(
            "no YAML file of the knowledge base under the given paths",
            "records live in data/<collection>/*.yaml",
        )
    known = Known.open()
    report = format_files(files, check=check, max_size=settings.max_file_size, known=known)
    known.save()
    for refusal in report.refused:
        p = refusal.problem
        sys.stderr.write(f"{refusal.rel}:{p.line}:{p.col}: {p.code} {p.message} (not formatted)\n")
    if check:
        for rel in report.changed:
            sys.stdout.write(report.diffs[rel])
        for rel in report.changed:
            unseen = f" ({report.unseen[rel]})" if rel in report.unseen else ""
            typer.echo(f"would reformat {rel}{unseen}")
    else:
        for rel in report.changed:
            typer.echo(f"formatted {rel}")
    verb = "would be formatted" if check else "formatted"
    typer.echo(
        f"{len(report.changed)} {verb}, {len(report.unchanged)} unchanged"
        + (f", {len(report.refused)} refused" if report.refused else ""),
        err=True,
    )
    failed = bool(report.refused) or (check and bool(report.changed))
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)
