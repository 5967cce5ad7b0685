"""S007 reserved-id: a record id that `coop report` reads as a keyword."""

import textwrap

import pytest

from rules.helpers import AGREEMENT, BASE, check

PERSON = "id: {id}\nname: X\nsources: [{{document: deliberation.txt}}]\n"


@pytest.mark.parametrize("word", ["all", "overview"])
def test_a_reserved_record_id(tmp_path, word):
    file = f"data/people/{word}.yaml"
    (d,) = check(tmp_path, "S007", {file: PERSON.format(id=word)}, [(1, 5)])
    assert f"coop report {word}" in d.message
    assert f"{word}-person" in (d.hint or "")


def test_a_reserved_theme_id(tmp_path):
    themes = textwrap.dedent(BASE["data/vocabulary/themes.yaml"]) + "  - id: all\n    label: Tout\n"
    (d,) = check(tmp_path, "S007", {"data/vocabulary/themes.yaml": themes}, [(6, 9)])
    assert "all-theme" in (d.hint or "")


def test_an_invalid_record_with_a_reserved_id_is_reported_too(tmp_path):
    agreement = textwrap.dedent(AGREEMENT).replace("id: accord", "id: overview")
    agreement = agreement.replace("status: signed\n", "status: nonsense\n")
    check(tmp_path, "S007", {"data/agreements/overview.yaml": agreement}, [(1, 5)])


def test_longer_ids_and_file_names_pass(tmp_path):
    files = {
        "data/people/all-person.yaml": PERSON.format(id="all-person"),
        "data/people/overviews.yaml": PERSON.format(id="overviews"),
        # Only the file is named so: its id, the one `coop report` reads, is not (S004).
        "data/people/all.yaml": PERSON.format(id="all-of-it"),
        # No id at all (S002): the file declares by its name, which no note is for.
        "data/people/overview.yaml": "name: X\nsources: [{document: deliberation.txt}]\n",
    }
    check(tmp_path, "S007", files, [])
