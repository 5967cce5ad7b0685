"""Y006 empty-file: nothing, whitespace or only comments."""

import pytest

from rules.helpers import check

FILE = "data/people/x.yaml"


@pytest.mark.parametrize(
    "raw",
    [b"", b"\n\n", b"   \n\t\n", b"# TODO\n", b"# a\n\n# b\n", b"---\n# nothing\n", b"~\n"],
)
def test_empty(tmp_path, raw):
    check(tmp_path, "Y006", {FILE: raw}, [(1, 1)])


def test_a_record_passes(tmp_path):
    check(
        tmp_path,
        "Y006",
        {FILE: "# Personne\nid: x\nname: X\nsources: [{document: deliberation.txt}]\n"},
        [],
    )
