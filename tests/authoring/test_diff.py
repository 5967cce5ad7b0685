"""coop diff on a real git repository: added, removed, renamed and edited records."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from rules.helpers import write_kb


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def _repo(tmp_path: Path) -> Path:
    root = write_kb(tmp_path / "kb")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "base")
    return root


def _change(coop, root: Path) -> None:  # type: ignore[no-untyped-def]
    # Edited: a territory's name and population.
    path = root / "data/territories/sicoval.yaml"
    path.write_text(
        path.read_text().replace("CA du Sicoval", "Communauté d'agglomération du Sicoval")
        + "population:\n  value: 80000\n  year: 2021\n"
    )
    # Removed: a person still referenced nowhere; added: a new person.
    (root / "data/people/marie-martin.yaml").unlink()
    (root / "data/people/paul-durand.yaml").write_text(
        "id: paul-durand\nname: Paul <b>Durand</b>\nsources:\n  - url: https://example.org\n"
    )
    # Renamed (with its references) through coop itself.
    assert coop("rename", "dialogue-metropolitain", "dialogue-toulouse", cwd=root).code == 0


def test_diff_between_two_commits(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _repo(tmp_path)
    _change(coop, root)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "edit")
    result = coop("diff", "HEAD~1", "HEAD", "--format", "json", cwd=root)
    assert result.code == 0, result.err
    diff = json.loads(result.out)
    assert [(r["collection"], r["id"]) for r in diff["added"]] == [("people", "paul-durand")]
    assert [(r["collection"], r["id"]) for r in diff["removed"]] == [("people", "marie-martin")]
    assert [(r["old"], r["new"]) for r in diff["renamed"]] == [
        ("dialogue-metropolitain", "dialogue-toulouse")
    ]
    (changed,) = diff["changed"]
    assert changed["id"] == "sicoval"
    fields = {c["field"]: c for c in changed["changes"]}
    assert fields["name"]["before"] == "CA du Sicoval"
    assert fields["name"]["after"] == "Communauté d'agglomération du Sicoval"
    assert (
        fields["population.value"]["kind"] == "added"
        and fields["population.value"]["after"] == 80000
    )
    # The renamed body's members point at sicoval: it is listed as referencing it.
    assert {"collection": "bodies", "id": "dialogue-toulouse", "field": "members[1].territory"} in (
        changed["referenced_by"]
    )


def test_markdown_against_the_working_tree(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _repo(tmp_path)
    _change(coop, root)
    result = coop("diff", "main", cwd=root)
    assert result.code == 0, result.err
    out = result.out
    assert "1 added, 1 removed, 1 renamed, 1 changed" in out
    assert (
        "**bodies/dialogue-metropolitain** — Dialogue métropolitain → **dialogue-toulouse**" in out
    )
    assert "| `name` | CA du Sicoval | Communauté d'agglomération du Sicoval |" in out
    assert "Paul &lt;b&gt;Durand&lt;/b&gt;" in out and "<b>" not in out  # inert markup


def test_a_removed_record_still_referenced_is_flagged(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _repo(tmp_path)
    (root / "data/territories/sicoval.yaml").unlink()
    out = coop("diff", "HEAD", cwd=root).out
    assert "still referenced by bodies/dialogue-metropolitain (members\\[1\\].territory)" in out


def test_bad_revision_and_no_repository(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _repo(tmp_path)
    bad = coop("diff", "nope", cwd=root)
    assert bad.code == 2 and "'nope' is not a revision" in bad.err
    plain = write_kb(tmp_path / "plain")
    outside = coop("diff", "HEAD", cwd=plain)
    assert outside.code == 2 and "not in a git repository" in outside.err
    assert "Traceback" not in bad.err + outside.err


def test_another_commune_in_place_of_one_is_not_a_rename(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Two communes drafted from the COG share most of their text (kind, the
    # COG as source): the official codes tell them apart.
    root = _repo(tmp_path)
    assert coop("new", "territory", "--insee", "31069", cwd=root).code == 0
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "blagnac")
    (root / "data/territories/blagnac.yaml").unlink()
    assert coop("new", "territory", "--insee", "31044", cwd=root).code == 0  # Balma
    result = coop("diff", "HEAD", "--format", "json", cwd=root)
    assert result.code == 0, result.err
    diff = json.loads(result.out)
    assert diff["renamed"] == []
    assert [r["id"] for r in diff["removed"]] == ["blagnac"]
    assert [r["id"] for r in diff["added"]] == ["balma"]


def test_a_key_with_a_pipe_or_backtick_keeps_the_table_whole(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _repo(tmp_path)
    path = root / "data/territories/sicoval.yaml"
    path.write_text(path.read_text() + '"a|b`c": 1\n')
    result = coop("diff", "HEAD", cwd=root)
    assert result.code == 0, result.err
    (row,) = [line for line in result.out.splitlines() if "a\\|b" in line]
    # Three cells: the key as code (pipe escaped, a fence longer than its
    # backtick), before, after.
    assert row == "| ``a\\|b`c`` | — | 1 |"


def test_a_file_that_no_longer_parses_is_said_so(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _repo(tmp_path)
    (root / "data/territories/sicoval.yaml").write_text("id: sicoval\nname: [CA du Sicoval\n")
    result = coop("diff", "HEAD", "--format", "json", cwd=root)
    assert result.code == 0, result.err
    (changed,) = json.loads(result.out)["changed"]
    # Its fields are unknown, not removed: one line says why.
    assert changed["changes"] == [
        {"field": "(file)", "kind": "changed", "before": "parses", "after": "does not parse"}
    ]
    markdown = coop("diff", "HEAD", cwd=root).out
    assert "| `(file)` | parses | does not parse |" in markdown
    assert "| `` |" not in markdown
