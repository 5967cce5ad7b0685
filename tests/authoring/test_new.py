"""coop new: skeletons with every required key, explained; they validate once filled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coop.authoring.shapes import shapes
from coop.authoring.skeleton import skeleton
from coop.model import COLLECTIONS

# What an analyst would type for each empty key (required keys and the source).
FILL = {
    "agreement": {"title": "Accord de coopération", "kind": "entente", "status": "announced"},
    "body": {"name": "Club des territoires", "kind": "club"},
    "person": {"name": "Paul Durand"},
    "territory": {"name": "Pays Sud Toulousain", "kind": "pays"},
}
COMMAND_COLLECTION = {
    "agreement": "agreements",
    "body": "bodies",
    "person": "people",
    "territory": "territories",
}


def _fill(text: str, values: dict[str, str]) -> str:
    values = {**values, "url": "https://www.example.org/deliberation.pdf", "quote": "« cité »"}
    for key, value in values.items():
        text, count = re.subn(
            rf"^(\s*(?:- )?){key}:(?: \[\])?(\s*#.*)?$", rf"\g<1>{key}: {value}", text, flags=re.M
        )
        assert count == 1, f"no empty {key!r} in the skeleton"
    return text


@pytest.mark.parametrize("collection", list(COLLECTIONS))
def test_skeleton_has_every_required_key_with_a_comment(collection: str) -> None:
    text = skeleton(collection, "exemple")
    lines = text.splitlines()
    for shape in shapes(COLLECTIONS[collection]):
        if shape.required:
            index = next(i for i, line in enumerate(lines) if line.startswith(f"{shape.name}:"))
            assert lines[index - 1].startswith("# "), f"{shape.name} has no comment above it"
    assert "id: exemple" in lines


def test_from_an_empty_folder_to_a_valid_kb(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "kb"
    assert coop("init", str(root)).code == 0
    for command in FILL:
        record_id = f"mon-{command}"
        result = coop("new", command, record_id, cwd=root)
        assert result.code == 0, result.err
        path = root / "data" / COMMAND_COLLECTION[command] / f"{record_id}.yaml"
        assert path.is_file()
    # Unfilled, the skeletons do not validate: the empty keys are reported.
    unfilled = coop("validate", cwd=root)
    assert unfilled.code == 1 and "S003" in unfilled.out
    assert coop("fmt", "--check", cwd=root).code == 0  # written in canonical form
    for command, values in FILL.items():
        path = root / "data" / COMMAND_COLLECTION[command] / f"mon-{command}.yaml"
        path.write_text(_fill(path.read_text(), values))
    result = coop("validate", cwd=root)
    assert result.code == 0, result.out + result.err


def test_new_refuses_a_taken_or_invalid_id(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "kb"
    assert coop("init", str(root)).code == 0
    assert coop("new", "person", "paul", cwd=root).code == 0
    before = (root / "data/people/paul.yaml").read_text()
    taken = coop("new", "body", "paul", cwd=root)
    assert taken.code == 2 and "already exists" in taken.err
    invalid = coop("new", "agreement", "Mon Accord", cwd=root)
    assert invalid.code == 2 and "not a valid id" in invalid.err
    assert (root / "data/people/paul.yaml").read_text() == before
    assert not (root / "data/bodies/paul.yaml").exists()


def test_new_does_not_write_through_a_folder_linked_out_of_the_kb(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "kb"
    assert coop("init", str(root)).code == 0
    outside = tmp_path / "outside"
    outside.mkdir()
    people = root / "data" / "people"
    for child in people.iterdir():
        child.unlink()
    people.rmdir()
    people.symlink_to(outside, target_is_directory=True)
    result = coop("new", "person", "paul", cwd=root)
    assert result.code == 2 and "outside" in result.err
    assert list(outside.iterdir()) == []


def test_new_refuses_an_id_a_theme_has(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "kb"
    assert coop("init", str(root)).code == 0
    themes = (root / "data/vocabulary/themes.yaml").read_text()
    theme = re.search(r"- id: ([a-z0-9-]+)", themes)
    assert theme is not None
    for args in (("agreement", theme[1]), ("territory", "--insee", "31555", "--id", theme[1])):
        result = coop("new", *args, cwd=root)
        assert result.code == 2, result.out
        assert f"{theme[1]!r} is already the id of a theme" in result.err, result.err
    assert not list((root / "data").glob(f"*/{theme[1]}.yaml"))
    assert coop("validate", cwd=root).code == 0


@pytest.mark.parametrize(
    "args", [("agreement", "accord"), ("territory", "pays"), ("territory", "--insee", "31555")]
)
def test_new_that_cannot_write_is_a_usage_error(
    coop, tmp_path: Path, args: tuple[str, ...]
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "kb"
    assert coop("init", str(root)).code == 0
    collection = "agreements" if args[0] == "agreement" else "territories"
    folder = root / "data" / collection
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()
    folder.write_text("not a folder\n")  # where the record's folder goes
    result = coop("new", *args, cwd=root)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and "cannot write" in result.err
    assert folder.read_text() == "not a folder\n"
