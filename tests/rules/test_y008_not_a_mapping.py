"""Y008 not-a-mapping: a list or a single value at the top of a record file."""

import pytest

from rules.helpers import check

FILE = "data/people/x.yaml"


@pytest.mark.parametrize(
    ("text", "position", "found"),
    [
        ("- toulouse-metropole\n- sicoval\n", (1, 1), "a list"),
        ("[a, b]\n", (1, 1), "a list"),
        ("just text\n", (1, 1), "a single value"),
        ("# a number\n\n  42\n", (3, 3), "a single value (42)"),
    ],
)
def test_not_a_mapping(tmp_path, text, position, found):
    (d,) = check(tmp_path, "Y008", {FILE: text}, [position])
    assert found in d.message


def test_mapping_passes(tmp_path):
    check(
        tmp_path, "Y008", {FILE: "{id: x, name: X, sources: [{document: deliberation.txt}]}\n"}, []
    )
