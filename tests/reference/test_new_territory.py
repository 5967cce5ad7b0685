"""``coop new territory``: files drafted from the COG validate as written;
bad codes are clear usage errors."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import SHARED, run_coop

from coop.cli.app import app
from coop.cli.errors import UsageError
from coop.kb.config import Settings
from coop.reference import cog as reference

RAW_EPCI = SHARED / "reference" / "cog-2026" / "epci.json"


def new_in_process(root: Path, *args: str) -> tuple[int, str, BaseException | None]:
    """The real command, in this process: what ``coop.cli.app.main`` runs, minus
    building the command line parser again each time (typer takes 0.1 s for it)."""
    command = _command()
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            command.main(
                ["new", "territory", *args, "--kb", str(root)],
                prog_name="coop",
                standalone_mode=False,
            )
    except UsageError as exc:
        return 2, out.getvalue(), exc
    return 0, out.getvalue(), None


@functools.cache
def _command() -> Any:
    return typer.main.get_command(app)


def test_every_intercommunality_gives_a_file_that_validates(tmp_path):
    """All 1,255 EPCIs (and the 11 EPTs) in one knowledge base: exit 0, no warning."""
    cog = reference.load(Settings())
    intercommunalities = cog.intercommunalities()
    assert sum(e.kind != "ept" for e in intercommunalities) == 1255
    if RAW_EPCI.is_file():  # the same SIRENs as the official file
        raw = json.loads(RAW_EPCI.read_text(encoding="utf-8"))
        assert {e.siren for e in intercommunalities if e.kind != "ept"} == {r["code"] for r in raw}
    (tmp_path / "data").mkdir()
    homonyms = []
    for entity in intercommunalities:
        assert entity.siren is not None
        code, output, exc = new_in_process(tmp_path, "--siren", entity.siren)
        if isinstance(exc, UsageError) and "already exists" in str(exc):
            # Two intercommunalities with the same name: the hint offers an id.
            match = re.search(r"--id (\S+)", exc.hint or "")
            assert match, exc.hint
            homonyms.append(match.group(1))
            code, output, exc = new_in_process(tmp_path, "--siren", entity.siren, "--id", match[1])
        assert code == 0, (entity, output, exc)
    written = list((tmp_path / "data" / "territories").glob("*.yaml"))
    assert len(written) == 1266
    assert homonyms == ["cc-des-quatre-rivieres-70"] or homonyms == ["cc-des-quatre-rivieres-74"]

    start = time.perf_counter()
    result = run_coop("validate", "--kb", str(tmp_path), timeout=600)
    elapsed = time.perf_counter() - start
    print(f"\nvalidate of {len(written)} drafted territories: {elapsed:.1f} s")
    assert result.code == 0, result.out[-3000:] + result.err
    assert "no problems" in result.out and "warning" not in result.out
    assert "COG 2026" in result.out


def test_a_drafted_file_holds_the_official_facts(tmp_path):
    (tmp_path / "data").mkdir()
    code, output, exc = new_in_process(tmp_path, "--siren", "243 100 633")
    assert code == 0, (output, exc)
    text = (tmp_path / "data" / "territories" / "ca-du-sicoval.yaml").read_text(encoding="utf-8")
    assert "name: CA du Sicoval\nkind: ca\n" in text
    assert 'siren: "243100633"' in text
    assert "member_count: 36\n" in text
    assert "#   - 31254  Labège\n" in text  # members as comments, with INSEE codes
    assert "83 758 habitants" in text  # population as a comment: its year is unknown
    assert "\npopulation:" not in text
    assert "url: https://www.insee.fr/" in text and "COG 2026" in text


def test_communes_departements_regions_validate_through_the_cli(tmp_path):
    (tmp_path / "data").mkdir()
    for args in (
        ["--insee", "31555"],
        ["--siren", "213401722"],  # a commune by its SIREN: Montpellier (34172)
        ["--insee", "31", "--kind", "departement"],
        ["--insee", "76", "--kind", "region"],
        ["--insee", "2A"],
        ["--siren", "200057867"],  # an EPT: Plaine Commune
    ):
        result = run_coop("new", "territory", *args, cwd=tmp_path)
        assert result.code == 0, (args, result.err)
        assert result.out.startswith("wrote data/territories/")
    names = sorted(p.stem for p in (tmp_path / "data" / "territories").glob("*.yaml"))
    assert {"toulouse", "montpellier", "occitanie", "corse-du-sud"} <= set(names)
    result = run_coop("validate", cwd=tmp_path)
    assert result.code == 0 and "no problems" in result.out, result.out
    # Written in canonical form: the CI that `coop init` sets up runs `coop fmt --check`.
    result = run_coop("fmt", "--check", cwd=tmp_path)
    assert result.code == 0, result.out


@pytest.mark.parametrize(
    ("args", "message", "hint"),
    [
        (["--siren", "200000016"], "SIREN 200000016 is not in the COG 2026", "banatic"),
        (["--siren", "24310063"], "must be exactly 9 digits", "9 digits"),
        (["--siren", "abc"], "must be exactly 9 digits", "9 digits"),
        (["--siren", "243100634"], "invalid check digit", "did you mean CA du Sicoval"),
        (["--insee", "76"], "is both the departement Seine-Maritime and the region", "--kind"),
        (["--insee", "31955"], "not a commune, département or région", "Toulouse"),
        (["--insee", "01091"], "not a current commune", "--insee 01033"),
        (["--insee", "x1"], "not an INSEE code", "5 characters"),
        ([], "give one of --siren or --insee", None),
        (["--siren", "243100633", "--id", "Bad Id"], "not a valid id", "lowercase"),
    ],
)
def test_bad_codes_are_usage_errors(tmp_path, args, message, hint):
    (tmp_path / "data").mkdir()
    result = run_coop("new", "territory", *args, cwd=tmp_path)
    assert result.code == 2, result
    assert "Traceback" not in result.err
    assert message in result.err
    if hint:
        assert "hint:" in result.err and hint in result.err
    assert not (tmp_path / "data" / "territories").exists()


def test_an_existing_file_is_never_overwritten(tmp_path):
    target = tmp_path / "data" / "bodies" / "ca-du-sicoval.yaml"  # any collection counts
    target.parent.mkdir(parents=True)
    target.write_text("id: ca-du-sicoval\n", encoding="utf-8")
    result = run_coop("new", "territory", "--siren", "243100633", cwd=tmp_path)
    assert result.code == 2 and "already exists" in result.err and "--id" in result.err
    assert target.read_text(encoding="utf-8") == "id: ca-du-sicoval\n"


def test_outside_a_knowledge_base(tmp_path):
    result = run_coop("new", "territory", "--siren", "243100633", cwd=tmp_path)
    assert result.code == 2 and "no knowledge base found" in result.err


def test_help_has_examples():
    result = run_coop("new", "territory", "--help")
    assert result.code == 0 and "coop new territory --siren 243100633" in result.out


def test_overseas_collectivity_listed_as_departement_validates(tmp_path):
    """Saint-Barthélemy (977) is among the COG's départements: I002 accepts it."""
    (tmp_path / "data").mkdir()
    made = run_coop("new", "territory", "--insee", "977", "--kind", "departement", cwd=tmp_path)
    assert made.code == 0, made
    checked = run_coop("validate", "--strict", "--no-cache", cwd=tmp_path)
    assert checked.code == 0, checked.out
