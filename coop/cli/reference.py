"""``coop reference``: the COG copy that validation and ``coop new`` use."""

from __future__ import annotations

from pathlib import Path

import typer

from coop.cli.errors import UsageError
from coop.cli.lazy import Group
from coop.cli.options import KB_OPTION

app = typer.Typer(
    name="reference",
    help=(
        "The official reference data (Code officiel géographique, COG) that territories "
        "are checked against.\n\n"
        "coop ships a compact copy of the COG it was built with. A newer vintage is "
        "imported into the knowledge base (reference/cog-YYYY.json.gz, to commit with "
        'it) and selected in coop.yaml with cog_vintage: "YYYY"; without cog_vintage '
        "the packaged copy is used.\n\n"
        "Example: coop reference info"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    cls=Group,
)


@app.command("import")
def import_(
    folder: Path = typer.Argument(
        ...,
        help="Folder with communes.json, epci.json, ept.json, departements.json, regions.json "
        "and LICENSE of @etalab/decoupage-administratif (or the npm package folder).",
        show_default=False,
    ),
    vintage: str = typer.Option(
        None,
        "--vintage",
        help="Year of the COG, e.g. 2027 (default: read from a folder named cog-YYYY).",
        show_default=False,
    ),
    commune_year: int = typer.Option(
        None,
        "--commune-population-year",
        help="Year the communes' populations refer to, if you have established it "
        "(populations are compared only when their year is known).",
        show_default=False,
    ),
    intercommunality_year: int = typer.Option(
        None,
        "--intercommunality-population-year",
        help="Year the intercommunalities' populations refer to, if established.",
        show_default=False,
    ),
    kb: Path = KB_OPTION,
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="Write the copy to this file instead of the knowledge base "
        "(used to rebuild the packaged copy).",
        show_default=False,
    ),
) -> None:
    """Rebuild the compact COG copy from the raw files of a (newer) vintage.

    Writes KB/reference/cog-YYYY.json.gz (atomically); select it with
    cog_vintage: "YYYY" in coop.yaml, then run coop validate. Importing the
    same files again gives the same bytes. Files that cannot be the COG as
    published (one emptied or cut short, an entry edited) are refused, exit 2,
    and nothing is written.

    Examples:

      coop reference import ~/decoupage-administratif/data --vintage 2027

      coop reference import ../shared/reference/cog-2026 --output coop/data/cog/cog-2026.json.gz
    """
    import re

    from coop.reference import compact
    from coop.reference.cog import KB_DIR, file_name
    from coop.reference.errors import ReferenceDataError
    from coop.writing import atomic_write_bytes

    if not folder.is_dir():
        raise UsageError(
            f"{folder}: no such folder",
            "give the folder holding communes.json, epci.json, ept.json, departements.json, "
            "regions.json and LICENSE",
        )
    if vintage is None:
        match = re.search(r"(\d{4})\D*$", folder.resolve().name)
        if match is None:
            raise UsageError(
                f"{folder}: cannot tell the vintage from the folder name",
                "give it: --vintage YYYY",
            )
        vintage = match.group(1)
    for option, year in [
        ("--commune-population-year", commune_year),
        ("--intercommunality-population-year", intercommunality_year),
    ]:
        if year is not None and not 1800 <= year <= 2100:
            raise UsageError(f"{option} {year}: not a plausible year")
    try:
        data = compact.build(folder, vintage, commune_year, intercommunality_year)
    except ReferenceDataError as exc:
        raise UsageError(str(exc), exc.hint) from None
    if output is not None:
        target = output
        if not target.parent.is_dir():
            raise UsageError(f"--output {output}: no such folder {target.parent}")
    else:
        from coop.cli.errors import find_kb_root

        root = find_kb_root(None, kb)
        target = root / KB_DIR / file_name(vintage)
    try:
        target.parent.mkdir(exist_ok=True)
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise UsageError(
            f"cannot write {target}: {exc.strerror or exc}",
            "give a writable file with --output, or make the reference/ folder writable",
        ) from None
    typer.echo(f"wrote {target} (COG {vintage}, {len(data):,} bytes)")
    if output is None:
        typer.echo(f'to use it, set in coop.yaml: cog_vintage: "{vintage}"')


@app.command("info")
def info(
    kb: Path = KB_OPTION,
) -> None:
    """Say which COG copy the knowledge base uses, and what it holds.

    Example:

      coop reference info
    """
    from coop.cli.errors import find_kb_root
    from coop.kb.config import Settings
    from coop.kb.config import find_root as _find_root
    from coop.reference import cog as reference
    from coop.validate.settings import load_settings

    # Outside a knowledge base, the packaged copy.
    root = find_kb_root(None, kb) if kb is not None else _find_root(Path.cwd())
    settings = load_settings(root)[0] if root is not None else Settings()
    cog = reference.load(settings, root)
    loc = cog.location
    intercommunalities = cog.intercommunalities()

    def year(value: int | None) -> str:
        return str(value) if value is not None else "not stated by the files"

    typer.echo(f"COG {cog.vintage} ({loc.where}): {loc.path}")
    typer.echo(f"  communes: {len(cog.communes()):,}")
    typer.echo(
        f"  intercommunalities: {len(intercommunalities):,} "
        f"({sum(e.kind != 'ept' for e in intercommunalities):,} EPCI, "
        f"{sum(e.kind == 'ept' for e in intercommunalities)} EPT)"
    )
    typer.echo(
        f"  population year: communes {year(cog.commune_population_year)}, "
        f"intercommunalities {year(cog.intercommunality_population_year)}"
    )
    typer.echo(f"  packaged vintages: {', '.join(reference.packaged_vintages()) or 'none'}")
