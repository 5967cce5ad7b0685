"""Y007 multiple-documents: a second YAML document in the file."""

import pytest

from rules.helpers import check

FILE = "data/people/x.yaml"


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("id: x\nname: X\n---\nid: y\n", (3, 1)),
        ("---\nid: x\n...\n---\nid: y\n", (4, 1)),
        ("id: x\n--- \nid: y\n---\nid: z\n", (2, 1)),
    ],
)
def test_second_document_is_reported_at_its_start(tmp_path, text, position):
    check(tmp_path, "Y007", {FILE: text}, [position])


@pytest.mark.parametrize(
    "text",
    [
        "---\nid: x\nname: X\nsources: [{document: deliberation.txt}]\n",
        "id: x\nname: X\nsources: [{document: deliberation.txt}]\n...\n",
        "id: x\nname: 'a --- b'\nsources: [{document: deliberation.txt}]\n",
    ],
)
def test_one_document_passes(tmp_path, text):
    check(tmp_path, "Y007", {FILE: text}, [])
