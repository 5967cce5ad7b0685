"""Y001 yaml-syntax: the file does not parse."""

import pytest

from rules.helpers import AGREEMENT, check

FILE = "data/agreements/accord.yaml"

FAILING = [
    # An unclosed quote: reported where the quote opens, not at the end of the file.
    ('id: accord\ntitle: "Accord-cadre\nkind: accord_cadre\n', (2, 8)),
    # An unclosed bracket: reported at the bracket.
    ("id: accord\nthemes: [mobilite, culture\nkind: accord_cadre\n", (2, 9)),
    # ': ' inside a plain value.
    ("id: accord\ntitle: Accord: cadre\n", (2, 14)),
    # A line indented unlike its siblings.
    ("id: accord\ntitle: Accord\n  kind: accord_cadre\n", (3, 7)),
    # A key without its colon, in a block.
    ("id: accord\ntitle\nkind: accord_cadre\n", (2, 1)),
    # An alias to an anchor never defined.
    ("id: accord\ntitle: *nothing\n", (2, 8)),
]


@pytest.mark.parametrize(("text", "position"), FAILING)
def test_reported_at_the_error(tmp_path, text, position):
    (diagnostic,) = check(tmp_path, "Y001", {FILE: text}, [position])
    assert diagnostic.message


@pytest.mark.parametrize(
    "text",
    [
        AGREEMENT,
        'id: accord\ntitle: "Accord: cadre"\n',  # quoted ': ' is fine
        "id: accord\nthemes: [mobilite,\n  culture]\n",  # flow list over two lines
    ],
)
def test_valid_yaml_passes(tmp_path, text):
    check(tmp_path, "Y001", {FILE: text}, [])


def test_hint_for_an_unclosed_quote(tmp_path):
    (diagnostic,) = check(tmp_path, "Y001", {FILE: FAILING[0][0]}, [FAILING[0][1]])
    assert "never closed" in (diagnostic.hint or "")
