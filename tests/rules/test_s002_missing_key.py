"""S002 missing-key: reported at the mapping that lacks the key."""

import pytest

from rules.helpers import check


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        ("data/territories/x.yaml", "id: x\nname: X\nsources: [{document: a}]\n", [(1, 1)]),
        (
            "data/agreements/a.yaml",
            "id: a\nkind: entente\nstatus: signed\nsignature: {date: 2020}\nmilestones:\n  - date: 2020\n",
            [(1, 1), (6, 5)],
        ),
        (
            "data/bodies/b.yaml",
            "id: b\nname: B\nkind: club\nposts:\n  - label: Président\n    person: jean-dupont\n",
            [(5, 5)],
        ),
        ("data/vocabulary/themes.yaml", "themes:\n  - id: mobilite\n", [(2, 5)]),
    ],
)
def test_missing(tmp_path, file, text, expected):
    diagnostics = check(tmp_path, "S002", {file: text}, expected)
    assert all("missing required key" in d.message for d in diagnostics)


def test_message_names_the_key_and_where(tmp_path):
    text = "id: b\nname: B\nkind: club\nposts:\n  - person: jean-dupont\n"
    (d,) = check(tmp_path, "S002", {"data/bodies/b.yaml": text}, [(5, 5)])
    assert "'role'" in d.message
    assert "posts[0]" in d.message


def test_complete_record_passes(tmp_path):
    text = "id: x\nname: X\nkind: ca\nsources: [{document: deliberation.txt}]\n"
    check(tmp_path, "S002", {"data/territories/x.yaml": text}, [])
