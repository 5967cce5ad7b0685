"""R003 wrong-collection: the id exists, in another collection than the key expects."""

import textwrap

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)
FILE = "data/agreements/accord.yaml"


def test_body_named_as_a_territory(tmp_path):
    text = AG.replace("territory: sicoval", "territory: dialogue-metropolitain")
    (d,) = check(tmp_path, "R003", {FILE: text}, [(7, 16)])
    assert "is in bodies" in d.message
    assert "`body:`" in (d.hint or "")


def test_territory_named_as_a_theme_and_a_person(tmp_path):
    text = (
        AG.replace(
            "  - territory: sicoval\n", "  - territory: sicoval\n    signed_by: [toulouse]\n"
        )
        + "themes: [culture, sicoval]\n"
    )
    check(tmp_path, "R003", {FILE: text}, [(8, 17), (13, 19)])


def test_right_collection_passes(tmp_path):
    text = AG.replace("territory: sicoval", "body: dialogue-metropolitain")
    check(tmp_path, "R003", {FILE: text}, [])
