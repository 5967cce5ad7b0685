"""Rule tests in the manner of yamllint's RuleTestCase: a snippet, the expected
(line, column) of each diagnostic of one code, run in-process on a small valid
knowledge base built in ``tmp_path``.

The base knowledge base is itself checked clean (tests/rules/test_base_kb.py),
so any diagnostic a test sees comes from its snippet.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping
from pathlib import Path

from coop.diagnostics import Diagnostic
from coop.validate.engine import Options, validate

# The evaluation date of every rule test: fixed, so that temporal rules do not
# change their verdict as the calendar moves.
AS_OF = dt.date(2026, 1, 1)

DOCUMENT = "deliberation.txt"

# Official names, kinds and codes from the COG 2026 (../shared/reference/cog-2026).
BASE: dict[str, str] = {
    "coop.yaml": "documents: documents\n",
    f"documents/{DOCUMENT}": "Délibération du conseil.\n",
    "data/territories/toulouse-metropole.yaml": """\
        id: toulouse-metropole
        name: Toulouse Métropole
        kind: metropole
        identifiers:
          siren: "243100518"
        sources:
          - document: deliberation.txt
        """,
    "data/territories/sicoval.yaml": """\
        id: sicoval
        name: CA du Sicoval
        kind: ca
        identifiers:
          siren: "243100633"
        sources:
          - document: deliberation.txt
        """,
    "data/territories/montpellier-mediterranee-metropole.yaml": """\
        id: montpellier-mediterranee-metropole
        name: Montpellier Méditerranée Métropole
        kind: metropole
        identifiers:
          siren: "243400017"
        sources:
          - document: deliberation.txt
        """,
    "data/territories/toulouse.yaml": """\
        id: toulouse
        name: Toulouse
        kind: commune
        identifiers:
          siren: "213105554"
          insee: "31555"
        sources:
          - document: deliberation.txt
        """,
    "data/people/jean-dupont.yaml": """\
        id: jean-dupont
        name: Jean Dupont
        sources:
          - document: deliberation.txt
        """,
    "data/people/marie-martin.yaml": """\
        id: marie-martin
        name: Marie Martin
        sources:
          - document: deliberation.txt
        """,
    "data/bodies/dialogue-metropolitain.yaml": """\
        id: dialogue-metropolitain
        name: Dialogue métropolitain
        kind: association
        members:
          - territory: toulouse-metropole
          - territory: sicoval
        sources:
          - document: deliberation.txt
        """,
    "data/vocabulary/themes.yaml": """\
        themes:
          - id: mobilite
            label: Mobilité
          - id: culture
            label: Culture
        """,
}

# A valid agreement between two base territories, for snippets to vary.
AGREEMENT = """\
    id: accord
    title: Accord-cadre de coopération
    kind: accord_cadre
    status: signed
    parties:
      - territory: toulouse-metropole
      - territory: sicoval
    signature:
      date: 2016-01-29
    sources:
      - document: deliberation.txt
    """


def write_kb(
    root: Path, files: Mapping[str, str | bytes | None] = {}, *, base: bool = True
) -> Path:
    """Write the base knowledge base plus ``files`` under ``root``.

    Text is dedented, so snippets can be indented in the test source; bytes are
    written as they are; ``None`` removes a base file.
    """
    merged: dict[str, str | bytes | None] = {**(BASE if base else {}), **files}
    for rel, content in merged.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def run(
    root: Path,
    files: Mapping[str, str | bytes | None] = {},
    *,
    as_of: dt.date = AS_OF,
    base: bool = True,
    only: list[Path] | None = None,
) -> list[Diagnostic]:
    """Every diagnostic of a validation of the base KB plus ``files``."""
    write_kb(root, files, base=base)
    result = validate(root, Options(as_of=as_of, only=only or []))
    return result.diagnostics


def found(diagnostics: list[Diagnostic], code: str) -> list[tuple[str, int, int]]:
    """The (file, line, column) of each diagnostic with ``code``."""
    return [(d.path, d.line, d.col) for d in diagnostics if d.code == code]


def check(
    root: Path,
    code: str,
    files: Mapping[str, str | bytes | None],
    expected: list[tuple[str, int, int]] | list[tuple[int, int]],
    **options: object,
) -> list[Diagnostic]:
    """Assert that ``code`` is reported exactly at ``expected``.

    ``expected`` holds (line, col) pairs when ``files`` has a single file, or
    (file, line, col) triples. Returns the diagnostics, for further checks on
    messages and hints.
    """
    diagnostics = run(root, files, **options)  # type: ignore[arg-type]
    wanted: list[tuple[str, int, int]] = []
    for item in expected:
        if len(item) == 2:
            (only_file,) = files
            wanted.append((only_file, *item))  # type: ignore[arg-type]
        else:
            wanted.append(item)  # type: ignore[arg-type]
    got = found(diagnostics, code)
    assert sorted(got) == sorted(wanted), "\n".join(
        f"{d.location} {d.code} {d.message}" for d in diagnostics
    )
    return [d for d in diagnostics if d.code == code]
