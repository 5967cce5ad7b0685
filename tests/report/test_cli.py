"""``coop report`` through the real CLI: targets, outputs, errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from report.helpers import CONTRACT, KB

FIXED = ("--kb", str(KB), "--as-of", "2024-03-01")


def test_note_to_stdout_in_french(coop) -> None:
    result = coop("report", CONTRACT, *FIXED)
    assert result.code == 0, result.err
    assert result.out.startswith("# Contrat de réciprocité ville-campagne")
    assert "En vigueur au 1 mars 2024" in result.out
    assert "Pacte métropolitain d'innovation de Toulouse Métropole" in result.out


def test_lang_en_switches_labels_not_content(coop) -> None:
    result = coop("report", CONTRACT, *FIXED, "--lang", "en")
    assert result.code == 0, result.err
    assert "In force on March 1, 2024" in result.out
    assert "Projet annoncé, à conclure à la fin de l'année 2016" in result.out


def test_unknown_id_names_the_closest(coop) -> None:
    result = coop("report", "toulouse-metropol", *FIXED)
    assert result.code == 2
    assert "no record has id 'toulouse-metropol'" in result.err
    assert "toulouse-metropole" in result.err
    assert "Traceback" not in result.err


def test_note_to_file(coop, tmp_path: Path) -> None:
    out = tmp_path / "note.html"
    result = coop("report", "toulouse-metropole", *FIXED, "--format", "html", "--out", str(out))
    assert result.code == 0, result.err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_site_is_written_then_replaced(coop, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert coop("report", "all", *FIXED, "--format", "html", "--out", str(out)).code == 0
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert "index.html" in pages
    assert f"agreements/{CONTRACT}.html" in pages
    assert len(pages) == 1 + 3 + 5 + 3 + 3 + 6  # index + one page per record
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert coop("report", "all", *FIXED, "--format", "html", "--out", str(out)).code == 0
    assert not (out / "stale.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging left behind


def test_site_refuses_a_folder_it_did_not_make(coop, tmp_path: Path) -> None:
    out = tmp_path / "home"
    out.mkdir()
    (out / "precious.txt").write_text("keep me", encoding="utf-8")
    result = coop("report", "all", *FIXED, "--format", "html", "--out", str(out))
    assert result.code == 2
    assert "not made by coop report" in result.err
    assert (out / "precious.txt").read_text(encoding="utf-8") == "keep me"


def test_unwritable_out_leaves_nothing(coop, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = coop("report", "all", *FIXED, "--format", "html", "--out", str(blocker / "site"))
    assert result.code == 2
    assert "cannot write" in result.err
    assert "Traceback" not in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_parent_leaves_nothing(coop, tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        result = coop("report", "all", *FIXED, "--format", "html", "--out", str(parent / "site"))
    finally:
        parent.chmod(0o755)
    assert result.code == 2
    assert list(parent.iterdir()) == []


def test_all_needs_an_out_folder(coop) -> None:
    result = coop("report", "all", *FIXED)
    assert result.code == 2
    assert "--out" in result.err


def test_bad_options_are_usage_errors(coop) -> None:
    assert coop("report", CONTRACT, *FIXED, "--format", "pdf").code == 2
    assert coop("report", CONTRACT, *FIXED, "--lang", "de").code == 2
    assert coop("report", CONTRACT, "--kb", str(KB), "--as-of", "29/01/2016").code == 2


def test_kb_templates_override_by_name(coop, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(KB, kb)
    (kb / "templates").mkdir()
    (kb / "templates" / "person.md.j2").write_text("Fiche : {{ person.name }}\n", encoding="utf-8")
    result = coop("report", "jean-luc-moudenc", "--kb", str(kb))
    assert result.code == 0, result.err
    assert result.out == "Fiche : Jean-Luc Moudenc\n"


def test_template_with_missing_variable_fails(coop, tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "person.md.j2").write_text("{{ person.name }} {{ no_such_thing }}\n", "utf-8")
    result = coop("report", "jean-luc-moudenc", *FIXED, "--templates", str(folder))
    assert result.code == 2
    assert "no_such_thing" in result.err and "is undefined" in result.err


def test_kb_template_runs_sandboxed(coop, tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "person.md.j2").write_text(
        "{{ person.__class__.__init__.__globals__ }}\n", encoding="utf-8"
    )
    result = coop("report", "jean-luc-moudenc", *FIXED, "--templates", str(folder))
    assert result.code == 2, result.out
    assert "template" in result.err
    assert "__globals__" not in result.out


def test_note_out_errors_are_clear(coop, tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("keep", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(target)
    for out in (tmp_path / "no-such-folder" / "note.md", tmp_path / "link.md"):
        result = coop("report", CONTRACT, *FIXED, "--out", str(out))
        assert result.code == 2, result.err
        assert "cannot write" in result.err and "Traceback" not in result.err
    assert target.read_text(encoding="utf-8") == "keep"


def test_markdown_site(coop, tmp_path: Path) -> None:
    out = tmp_path / "notes"
    result = coop("report", "all", *FIXED, "--out", str(out))
    assert result.code == 0, result.err
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "(territories/toulouse-metropole.md)" in index
    assert (out / "agreements" / f"{CONTRACT}.md").is_file()


@pytest.mark.parametrize(
    ("expression", "error"),
    [
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
        ('{{ 1 + "a" }}', "TypeError"),
        ("{{ range(10 ** 9) | list }}", "OverflowError"),  # the sandbox's limit on range
    ],
)
def test_template_failing_at_run_time_is_a_usage_error(
    coop, tmp_path: Path, expression: str, error: str
) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "person.md.j2").write_text(f"{{{{ person.name }}}}\n{expression}\n", "utf-8")
    result = coop("report", "jean-luc-moudenc", *FIXED, "--templates", str(folder))
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert f"person.md.j2:2: {error}" in result.err
    site = tmp_path / "site"
    (folder / "person.html.j2").write_text(expression, "utf-8")
    result = coop(
        "report", "all", *FIXED, "-f", "html", "--templates", str(folder), "--out", str(site)
    )
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and error in result.err
    assert not site.exists()


@pytest.mark.parametrize("how", ["template", "include"])
def test_kb_template_linked_out_of_its_folder_is_refused(coop, tmp_path: Path, how: str) -> None:
    # A knowledge base is data from anywhere: its templates/ must not read
    # the user's files through a link (the note, or a published site, would
    # show them).
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-TOKEN\n", encoding="utf-8")
    kb = tmp_path / "kb"
    shutil.copytree(KB, kb)
    (kb / "templates").mkdir()
    if how == "template":
        (kb / "templates" / "person.md.j2").symlink_to(secret)
    else:
        (kb / "templates" / "person.md.j2").write_text('{% include "leak.txt" %}\n', "utf-8")
        (kb / "templates" / "leak.txt").symlink_to(secret)
    result = coop("report", "jean-luc-moudenc", "--kb", str(kb))
    assert result.code == 2, result.out
    assert "SECRET-TOKEN" not in result.out + result.err
    assert "link" in result.err and "Traceback" not in result.err


def test_a_record_that_does_not_validate_is_named_as_such(coop, tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(KB, kb)
    path = kb / "data/people/jean-luc-moudenc.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nname:", "\nnom:"), "utf-8")
    result = coop("report", "jean-luc-moudenc", "--kb", str(kb))
    assert result.code == 2, result.out
    assert "data/people/jean-luc-moudenc.yaml" in result.err and "coop validate" in result.err
    assert "closest ids: jean-luc-moudenc" not in result.err  # not offered the id refused


def test_template_that_is_not_utf8_is_a_usage_error(coop, tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "person.md.j2").write_bytes("Fiche : {{ person.name }} é\n".encode("latin-1"))
    result = coop("report", "jean-luc-moudenc", *FIXED, "--templates", str(folder))
    assert result.code == 2, result.err
    assert "Traceback" not in result.err
    assert "person.md.j2" in result.err and "UTF-8" in result.err
