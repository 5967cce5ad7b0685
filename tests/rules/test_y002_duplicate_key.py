"""Y002 duplicate-key: a key repeated in one mapping; the first value is kept."""

import pytest

from rules.helpers import AGREEMENT, check, run

FILE = "data/territories/sicoval.yaml"
SICOVAL = """\
id: sicoval
name: CA du Sicoval
name: Communauté d'agglomération du Sicoval
kind: ca
identifiers:
  siren: "243100633"
  siren: "243100634"
sources:
  - document: deliberation.txt
"""


def test_each_repeat_is_reported_at_its_key(tmp_path):
    diagnostics = check(tmp_path, "Y002", {FILE: SICOVAL}, [(3, 1), (7, 3)])
    assert "first at line 2" in diagnostics[0].message
    assert "first at line 6" in diagnostics[1].message


def test_the_first_value_wins(tmp_path):
    # The kept SIREN is the valid first one: no I001 about the second.
    diagnostics = run(tmp_path, {FILE: SICOVAL})
    assert not [d for d in diagnostics if d.code == "I001"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: a\nparties:\n  - territory: sicoval\n    territory: toulouse\n", [(4, 5)]),
        ("id: a\nsignature: {date: 2016, date: 2017}\n", [(2, 25)]),
        ("id: a\ntitle: x\n'title': y\n", [(3, 1)]),
    ],
)
def test_nested_and_flow_mappings(tmp_path, text, expected):
    check(tmp_path, "Y002", {"data/agreements/a.yaml": text}, expected)


@pytest.mark.parametrize(
    "text",
    [
        AGREEMENT,
        # The same key in two different mappings is not a repeat.
        "id: a\nparties:\n  - territory: sicoval\n  - territory: toulouse\n",
    ],
)
def test_distinct_keys_pass(tmp_path, text):
    check(tmp_path, "Y002", {"data/agreements/a.yaml": text}, [])
