"""P001 missing-source: records, commitments and posts cite a source."""

import textwrap

import pytest

from rules.helpers import AGREEMENT, check

AG = textwrap.dedent(AGREEMENT)


@pytest.mark.parametrize(
    "text",
    ["id: x\nname: X\nkind: ca\n", "id: x\nname: X\nkind: ca\nsources: []\n"],
)
def test_record_without_source_is_reported_at_its_id(tmp_path, text):
    (d,) = check(tmp_path, "P001", {"data/territories/x.yaml": text}, [(1, 5)])
    assert "'x' cites no source" in d.message


def test_commitment_and_post(tmp_path):
    agreement = AG + "commitments:\n  - id: c1\n    title: Mobilité\n"
    body = (
        "id: b\nname: B\nkind: club\nsources: [{document: deliberation.txt}]\n"
        "posts:\n  - role: president\n    person: jean-dupont\n"
    )
    check(
        tmp_path,
        "P001",
        {"data/agreements/accord.yaml": agreement, "data/bodies/b.yaml": body},
        [("data/agreements/accord.yaml", 13, 5), ("data/bodies/b.yaml", 6, 5)],
    )


def test_themes_need_no_source(tmp_path):
    check(tmp_path, "P001", {"data/vocabulary/themes.yaml": "themes:\n  - {id: a, label: A}\n"}, [])


def test_sourced_records_pass(tmp_path):
    check(tmp_path, "P001", {"data/agreements/accord.yaml": AGREEMENT}, [])
