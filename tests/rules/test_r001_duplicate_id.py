"""R001 duplicate-id: ids are unique across every collection."""

from rules.helpers import check

BODY = "id: sicoval\nname: Conseil\nkind: council\nsources: [{document: deliberation.txt}]\n"


def test_same_id_in_two_collections(tmp_path):
    # Files are read in path order: bodies/ before territories/, so the
    # territory is the repeat.
    (d,) = check(
        tmp_path,
        "R001",
        {"data/bodies/sicoval.yaml": BODY},
        [("data/territories/sicoval.yaml", 1, 5)],
    )
    assert "data/bodies/sicoval.yaml" in d.message


def test_same_id_in_a_subfolder(tmp_path):
    territory = "id: sicoval\nname: X\nkind: ca\nsources: [{document: deliberation.txt}]\n"
    check(
        tmp_path,
        "R001",
        {"data/territories/sub/sicoval.yaml": territory},
        [("data/territories/sub/sicoval.yaml", 1, 5)],
    )


def test_theme_declared_twice(tmp_path):
    themes = "themes:\n  - id: mobilite\n    label: M\n  - id: mobilite\n    label: N\n"
    check(tmp_path, "R001", {"data/vocabulary/themes.yaml": themes}, [(4, 9)])


def test_invalid_record_still_declares_its_id(tmp_path):
    # A body with an error keeps its id: a second record with it is reported.
    broken = "id: sicoval\nname: Conseil\nkind: nonsense\n"
    check(
        tmp_path,
        "R001",
        {"data/bodies/sicoval.yaml": broken},
        [("data/territories/sicoval.yaml", 1, 5)],
    )


def test_distinct_ids_pass(tmp_path):
    check(
        tmp_path,
        "R001",
        {"data/bodies/sicoval-conseil.yaml": BODY.replace("sicoval", "sicoval-conseil")},
        [],
    )
