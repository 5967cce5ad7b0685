"""coop rename: file, id and every reference rewritten, nothing else touched."""

from __future__ import annotations

import textwrap
from pathlib import Path

from rules.helpers import write_kb

AGREEMENT = """\
    # L'accord de test
    id: accord
    title: Accord-cadre
    kind: accord_cadre
    status: signed
    themes: [mobilite, culture]
    parties:
      - territory: sicoval   # la CA
        signed_by: ["jean-dupont"]
      - territory: 'toulouse-metropole'
    signature:
      date: 2016-01-29
    sources:
      - document: deliberation.txt
    """


def _kb(tmp_path: Path) -> Path:
    return write_kb(tmp_path, {"data/agreements/accord.yaml": AGREEMENT})


def test_renames_file_id_and_references_keeping_comments(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _kb(tmp_path)
    result = coop("rename", "sicoval", "ca-sicoval", cwd=root)
    assert result.code == 0, result.err
    assert "renamed data/territories/sicoval.yaml -> data/territories/ca-sicoval.yaml" in result.out
    assert "data/agreements/accord.yaml:8:16 parties[0].territory" in result.out
    assert "data/bodies/dialogue-metropolitain.yaml" in result.out
    assert not (root / "data/territories/sicoval.yaml").exists()
    assert (root / "data/territories/ca-sicoval.yaml").read_text().startswith("id: ca-sicoval\n")
    expected = textwrap.dedent(AGREEMENT).replace("territory: sicoval", "territory: ca-sicoval")
    assert (root / "data/agreements/accord.yaml").read_text() == expected
    assert coop("validate", cwd=root).code == 0


def test_quoted_references_and_people(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _kb(tmp_path)
    assert coop("rename", "jean-dupont", "jean-dupond", cwd=root).code == 0
    assert coop("rename", "toulouse-metropole", "tm", cwd=root).code == 0
    text = (root / "data/agreements/accord.yaml").read_text()
    assert 'signed_by: ["jean-dupond"]' in text and "territory: 'tm'" in text
    assert coop("validate", cwd=root).code == 0


def test_theme_rename(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _kb(tmp_path)
    result = coop("rename", "mobilite", "mobilites", cwd=root)
    assert result.code == 0, result.err
    assert "themes: [mobilites, culture]" in (root / "data/agreements/accord.yaml").read_text()
    assert "id: mobilites" in (root / "data/vocabulary/themes.yaml").read_text()
    assert coop("validate", cwd=root).code == 0


def test_refusals_change_nothing(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _kb(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    exists = coop("rename", "sicoval", "toulouse-metropole", cwd=root)
    assert exists.code == 2 and "already exists" in exists.err
    invalid = coop("rename", "sicoval", "CA Sicoval", cwd=root)
    assert invalid.code == 2 and "not a valid id" in invalid.err
    missing = coop("rename", "sicovale", "x", cwd=root)
    assert missing.code == 2 and "did you mean sicoval" in missing.err
    dry = coop("rename", "sicoval", "ca-sicoval", "--dry-run", cwd=root)
    assert dry.code == 0 and "would rename" in dry.out
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    assert "Traceback" not in exists.err + invalid.err + missing.err


def test_a_write_that_fails_midway_changes_nothing(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _kb(tmp_path)
    # The last file to rewrite has a name so long that no temporary file can
    # be made beside it (ENAMETOOLONG, even for root): the write fails after
    # the agreement's was done.
    long = root / "data/people" / ("p" * 245 + ".yaml")
    long.write_text("id: p\nname: P\nmandates:\n  - territory: sicoval\n    role: member\n")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = coop("rename", "sicoval", "ca-sicoval", cwd=root)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    assert "nothing was changed" in result.err
    assert "changed 3 values" not in result.out  # no claim of a change that did not happen
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after == before


def test_a_file_edited_after_the_plan_stops_the_rename(tmp_path: Path) -> None:
    from coop.authoring.rename import RenameError, apply, plan
    from coop.kb.config import Settings

    root = _kb(tmp_path)
    change = plan(root, Settings(), "sicoval", "ca-sicoval")
    edited = root / "data/agreements/accord.yaml"
    edited.write_text(edited.read_text() + "# ajouté pendant le renommage\n")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    try:
        apply(root, change)
    except RenameError as exc:
        assert "data/agreements/accord.yaml changed" in str(exc)
    else:
        raise AssertionError("the rename went ahead over an edited file")
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_a_record_in_a_subfolder_stays_there(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _kb(tmp_path)
    sub = root / "data/territories/haute-garonne"
    sub.mkdir()
    (root / "data/territories/sicoval.yaml").rename(sub / "sicoval.yaml")
    result = coop("rename", "sicoval", "ca-sicoval", cwd=root)
    assert result.code == 0, result.err
    assert "-> data/territories/haute-garonne/ca-sicoval.yaml" in result.out
    assert [p.name for p in sub.iterdir()] == ["ca-sicoval.yaml"]
    assert not (root / "data/territories/ca-sicoval.yaml").exists()
    assert coop("validate", cwd=root).code == 0


def test_a_file_that_does_not_parse_and_names_the_id_stops_the_rename(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Its references cannot be found, so they would be left pointing at the
    # old id, to surface as R002 once the file is mended.
    root = _kb(tmp_path)
    broken = root / "data/agreements/broken.yaml"
    broken.write_text("id: broken\nparties:\n  - territory: sicoval\n    role: [party\n")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = coop("rename", "sicoval", "ca-sicoval", cwd=root)
    assert result.code == 2, result.out
    assert "data/agreements/broken.yaml" in result.err and "Traceback" not in result.err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    # A broken file that does not name it is no obstacle.
    broken.write_text("id: broken\nparties: [\n")
    assert coop("rename", "sicoval", "ca-sicoval", cwd=root).code == 0
