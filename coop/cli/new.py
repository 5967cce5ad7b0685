"""``coop new``: create a record file, ready to edit.

A sub-app, one command per collection: ``coop new territory`` fills a
territory from the COG. Other collections add their command beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from coop.cli.errors import UsageError
from coop.cli.lazy import Group
from coop.cli.options import KB_OPTION

if TYPE_CHECKING:
    from coop.reference.cog import Cog, Entity

app = typer.Typer(
    name="new",
    help=(
        "Create a record file in data/, ready to edit.\n\n"
        "Example: coop new territory --siren 243100633"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    cls=Group,
)

KINDS = ("commune", "departement", "region")


@app.command("territory")
def territory(
    record: str = typer.Argument(
        None,
        metavar="ID",
        help="Record id. Without --siren or --insee: a skeleton to fill in by hand.",
        show_default=False,
    ),
    siren: str = typer.Option(
        None,
        "--siren",
        help="SIREN of an intercommunality (EPCI, EPT) or a commune (9 digits, spaces allowed).",
        show_default=False,
    ),
    insee: str = typer.Option(
        None,
        "--insee",
        help="INSEE code of a commune (31555), a département (31) or a région (76).",
        show_default=False,
    ),
    kind: str = typer.Option(
        None,
        "--kind",
        help="With --insee: commune, departement or region, when a code is both "
        "(76 is Seine-Maritime and Occitanie).",
        show_default=False,
    ),
    record_id: str = typer.Option(
        None,
        "--id",
        help="Record id and file name (default: the official name as a slug, e.g. ca-du-sicoval).",
        show_default=False,
    ),
    kb: Path = KB_OPTION,
) -> None:
    """Write data/territories/ID.yaml filled from the COG (or, given only an ID, a skeleton).

    Name, kind, SIREN and INSEE code, member count and member communes (as a
    comment list with their INSEE codes), the population (as a comment while
    the COG does not state its year) and the COG as source: the file
    validates as written. An existing file is never overwritten. The COG is
    the one `coop validate` uses (see `coop reference --help`).

    Examples:

      coop new territory --siren 243100633

      coop new territory --insee 31555

      coop new territory --insee 76 --kind region --id occitanie

      coop new territory pays-sud-toulousain   (a skeleton to fill in)
    """
    from coop.cli.errors import find_kb_root
    from coop.kb.config import Settings
    from coop.reference import cog as reference
    from coop.reference.draft import draft, find_by_insee, find_by_siren
    from coop.reference.errors import ReferenceDataError
    from coop.validate.settings import load_settings

    if record is not None and siren is None and insee is None and kind is None:
        _write_skeleton("territories", record, kb)
        return
    record_id = record_id or record
    if (siren is None) == (insee is None):
        raise UsageError(
            "give one of --siren or --insee, or an ID for a skeleton",
            "e.g. coop new territory --siren 243100633, --insee 31555, or coop new territory my-id",
        )
    if kind is not None and kind not in KINDS:
        raise UsageError(
            f"--kind {kind!r}: not a kind with an INSEE code", f"use {', '.join(KINDS)}"
        )
    if kind is not None and insee is None:
        raise UsageError("--kind goes with --insee", "a SIREN designates one territory only")
    root = find_kb_root(None, kb)
    settings, problems = load_settings(root)
    if problems:
        settings = Settings()  # a broken coop.yaml is validate's to report; use the default COG
    cog = reference.load(settings, root)
    try:
        if siren is not None:
            entity = find_by_siren(cog, _siren(siren, cog))
            option = f"--siren {entity.siren}"
        else:
            entity = find_by_insee(cog, _insee(insee, kind), kind)
            option = f"--insee {entity.insee}" + (f" --kind {kind}" if kind else "")
    except ReferenceDataError as exc:
        raise UsageError(str(exc), exc.hint) from None
    result = draft(cog, entity, _record_id(record_id), f"coop new territory {option}")
    _check_shape(entity)
    # Homonyms (two "CC des Quatre Rivières") are told apart by their département.
    first = cog.commune(entity.members[0]) if entity.members else None
    place = entity.departement or (first.departement if first else None) or entity.code
    homonym_id = f"{result.id}-{place.lower()}"
    path = _free_path(root, result.id, homonym_id)
    from coop.authoring.skeleton import SkeletonError, write_record

    try:
        write_record(root, path, _canonical(result.text))
    except SkeletonError as exc:
        raise UsageError(str(exc), exc.hint) from None
    typer.echo(f"wrote {path.relative_to(root).as_posix()}: {entity.describe()}, COG {cog.vintage}")


def _canonical(text: str) -> str:
    """The drafted file as `coop fmt` would write it (keys in the model's
    order), so that it passes `coop fmt --check` in CI as written."""
    from coop.authoring.fmt import FormatRefused, format_text
    from coop.model import Territory

    try:
        return format_text(text, Territory)
    except FormatRefused:  # pragma: no cover - drafts always parse
        return text


def _check_shape(entity: Entity) -> None:
    """Refuse a code the COG lists but rule I002 rejects for that kind (the
    collectivités d'outre-mer 977, 984–989 among départements): the file
    would not validate as written."""
    from coop.model.vocabulary import TerritoryKind
    from coop.rules.i002_insee import insee_problem

    if entity.insee and insee_problem(entity.insee, TerritoryKind(entity.kind)):
        raise UsageError(
            f"the COG lists {entity.describe()}, but coop does not accept {entity.insee} "
            f"as a {entity.kind} code (rule I002)",
            "write this territory by hand with kind: other",
        )


_ID = typer.Argument(..., metavar="ID", help="Record id and file name, e.g. accord-cadre-a-b.")
_KB = KB_OPTION


@app.command("agreement")
def agreement(record: str = _ID, kb: Path = _KB) -> None:
    """Write data/agreements/ID.yaml: every required key with a comment saying
    what goes there; it validates once filled in.

    Example: coop new agreement accord-cadre-toulouse-montpellier
    """
    _write_skeleton("agreements", record, kb)


@app.command("body")
def body(record: str = _ID, kb: Path = _KB) -> None:
    """Write data/bodies/ID.yaml: every required key with a comment saying
    what goes there; it validates once filled in.

    Example: coop new body dialogue-metropolitain-toulouse
    """
    _write_skeleton("bodies", record, kb)


@app.command("person")
def person(record: str = _ID, kb: Path = _KB) -> None:
    """Write data/people/ID.yaml: every required key with a comment saying
    what goes there; it validates once filled in.

    Example: coop new person jean-luc-moudenc
    """
    _write_skeleton("people", record, kb)


def _write_skeleton(collection: str, record: str, kb: Path | None) -> None:
    from coop.authoring.skeleton import SkeletonError, write_skeleton
    from coop.cli.errors import find_kb_root

    root = find_kb_root(None, kb)
    try:
        path = write_skeleton(root, collection, record)
    except SkeletonError as exc:
        raise UsageError(str(exc), exc.hint) from None
    typer.echo(
        f"wrote {path.relative_to(root.resolve()).as_posix()}: fill in each key, then coop validate"
    )


def _siren(value: str, cog: Cog) -> str:
    from coop.reference.cog import INTERCOMMUNAL
    from coop.rules.i001_siren import siren_problem

    digits = "".join(value.split())
    problem = siren_problem(digits)
    if problem:
        close = cog.similar_codes(digits, INTERCOMMUNAL | {"commune"}) if len(digits) == 9 else []
        hint = (
            "did you mean " + " or ".join(e.describe() for e in close[:3]) + "?"
            if close
            else "a SIREN is 9 digits, e.g. 243100633"
        )
        raise UsageError(f"--siren: {problem}", hint)
    return digits


def _insee(value: str, kind: str | None) -> str:
    import re

    code = value.strip().upper()
    if not re.fullmatch(r"\d{2,3}|2[AB]|[0-9][0-9AB]\d{3}", code):
        raise UsageError(
            f"--insee {value!r}: not an INSEE code",
            "a commune is 5 characters (31555, 2A004), a département 2 or 3 (31, 2A, 974), "
            "a région 2 (76)",
        )
    if kind == "commune" and len(code) != 5:
        raise UsageError(f"--insee {value!r}: a commune code is 5 characters, e.g. 31555")
    return code


def _record_id(value: str | None) -> str | None:
    if value is None:
        return None
    import re

    from coop.model.common import ID_HINT, ID_PATTERN

    if not re.fullmatch(ID_PATTERN, value) or len(value) > 120:
        raise UsageError(f"--id {value!r}: not a valid id", ID_HINT)
    return value


def _free_path(root: Path, record_id: str, homonym_id: str) -> Path:
    """``data/territories/<id>.yaml``, refusing an id any record already has
    or that `coop report` reserves."""
    from coop.authoring.skeleton import id_taken
    from coop.reserved import longer_id, reserved_why
    from coop.writing import safe_join

    why = reserved_why(record_id)  # the default id, a slug of the name, could be one
    if why is not None:
        raise UsageError(
            why, f"choose a longer id, e.g. --id {longer_id(record_id, 'territories')}"
        )
    taken = id_taken(root, record_id)
    if taken is not None:
        raise UsageError(taken, f"edit it, or choose another id, e.g. --id {homonym_id}")
    return safe_join(root / "data", "territories", f"{record_id}.yaml")
