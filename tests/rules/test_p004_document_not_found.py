"""P004 document-not-found: a cited document missing from the documents folder."""

import pytest

from rules.helpers import check

FILE = "data/territories/x.yaml"


def territory(document: str) -> str:
    return f"id: x\nname: X\nkind: ca\nsources:\n  - document: '{document}'\n"


def test_misspelt_document_suggests_the_closest(tmp_path):
    (d,) = check(tmp_path, "P004", {FILE: territory("deliberation.tx")}, [(5, 15)])
    assert "not in documents/" in d.message
    assert "'deliberation.txt'" in (d.hint or "")


@pytest.mark.parametrize("document", ["../coop.yaml", "sub/deliberation.txt", "..", "a\\b.txt"])
def test_paths_are_refused(tmp_path, document):
    (d,) = check(tmp_path, "P004", {FILE: territory(document)}, [(5, 15)])
    assert "must be a file name, not a path" in d.message


def test_not_checked_without_a_documents_folder(tmp_path):
    check(tmp_path, "P004", {FILE: territory("absent.pdf"), "coop.yaml": "language: fr\n"}, [])


def test_existing_document_passes(tmp_path):
    check(tmp_path, "P004", {FILE: territory("deliberation.txt")}, [])
