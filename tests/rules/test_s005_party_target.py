"""S005 party-target: a party or member names neither or both of territory/body."""

import textwrap

import pytest

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)


@pytest.mark.parametrize(
    ("new", "position"),
    [
        ("  - role: signatory\n", (7, 5)),
        ("  - territory: sicoval\n    body: dialogue-metropolitain\n", (7, 5)),
    ],
)
def test_party(tmp_path, new, position):
    text = AG.replace("  - territory: sicoval\n", new)
    check(tmp_path, "S005", {"data/agreements/accord.yaml": text}, [position])


def test_member(tmp_path):
    text = (
        "id: b\nname: B\nkind: club\nsources: [{document: deliberation.txt}]\n"
        "members:\n  - territory: sicoval\n  - {role: member}\n"
    )
    check(tmp_path, "S005", {"data/bodies/b.yaml": text}, [(7, 5)])


def test_one_target_passes(tmp_path):
    text = AG.replace("territory: sicoval", "body: dialogue-metropolitain")
    check(tmp_path, "S005", {"data/agreements/accord.yaml": text}, [])
