"""S001 unknown-key: a key the model does not define, reported at the key."""

import pytest

from rules.helpers import AGREEMENT, check

FILE = "data/agreements/accord.yaml"


@pytest.mark.parametrize(
    ("old", "new", "position", "hint"),
    [
        ("title:", "title: X\ntitel:", (3, 1), "did you mean 'title'?"),
        ("  date: 2016-01-29", "  date: 2016-01-29\n  plac: Toulouse", (10, 3), "'place'"),
        ("  - territory: sicoval", "  - territory: sicoval\n    rol: party", (8, 5), "'role'"),
        (
            "  - document: deliberation.txt",
            "  - document: deliberation.txt\n    xyz: 1",
            (12, 5),
            "quote",
        ),
    ],
)
def test_unknown_key(tmp_path, old, new, position, hint):
    import textwrap

    text = textwrap.dedent(AGREEMENT).replace(old, new, 1)
    (d,) = check(tmp_path, "S001", {FILE: text}, [position])
    assert hint in (d.hint or "")


def test_unknown_theme_key(tmp_path):
    themes = "themes:\n  - id: mobilite\n    label: Mobilité\n    lable: x\n"
    check(tmp_path, "S001", {"data/vocabulary/themes.yaml": themes}, [(4, 5)])


def test_known_keys_pass(tmp_path):
    check(tmp_path, "S001", {FILE: AGREEMENT}, [])
