"""S003 invalid-value: wrong type, value outside a vocabulary, malformed id."""

import pytest

from rules.helpers import check

HEAD = "id: x\nname: X\nsources: [{document: deliberation.txt}]\n"


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        (HEAD + "kind: Communauté\n", (4, 7), ["'Communauté' is not an allowed value"]),
        (HEAD + "kind: ca\npopulation: {value: many, year: 2020}\n", (5, 21), ["population.value"]),
        (HEAD + "kind: ca\npopulation: {value: -5, year: 2020}\n", (5, 21), ["population.value"]),
        (HEAD + "kind: ca\naliases: Sicoval\n", (5, 10), ["expected a list"]),
        (HEAD + "kind: ca\nidentifiers: 243100633\n", (5, 14), ["expected a mapping"]),
        (HEAD + "kind: ca\nmembers: [toulouse, [sicoval]]\n", (5, 21), ["members[1]"]),
        ("id: x\nname: [X]\nkind: ca\nsources: [{document: deliberation.txt}]\n", (2, 7), ["name"]),
    ],
)
def test_invalid_value(tmp_path, text, position, words):
    (d,) = check(tmp_path, "S003", {"data/territories/x.yaml": text}, [position])
    for word in words:
        assert word in d.message


def test_enum_hint_lists_the_allowed_values(tmp_path):
    text = HEAD + "kind: Communauté\n"
    (d,) = check(tmp_path, "S003", {"data/territories/x.yaml": text}, [(4, 7)])
    assert "'metropole'" in (d.hint or "")


def test_id_must_be_a_slug(tmp_path):
    text = "id: Bad_Id\nname: X\nkind: ca\nsources: [{document: deliberation.txt}]\n"
    (d,) = check(tmp_path, "S003", {"data/territories/Bad_Id.yaml": text}, [(1, 5)])
    assert "not a valid id" in d.message


def test_valid_values_pass(tmp_path):
    text = HEAD + "kind: ca\npopulation: {value: 5, year: 2020}\naliases: [Sicoval]\n"
    check(tmp_path, "S003", {"data/territories/x.yaml": text}, [])
