"""Y003 tab-indentation: tabs used to indent."""

import pytest

from rules.helpers import check

FILE = "data/territories/x.yaml"


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("id: x\npopulation:\n\tvalue: 8\n", (3, 1)),
        ("id: x\nidentifiers:\n  \tsiren: '243100633'\n", (3, 3)),
        ("id: x\nsources:\n\t- document: deliberation.txt\n", (3, 1)),
    ],
)
def test_tab_reported_at_the_tab(tmp_path, text, position):
    (diagnostic,) = check(tmp_path, "Y003", {FILE: text}, [position])
    assert "tab" in diagnostic.message


@pytest.mark.parametrize(
    "text",
    [
        "id: x\npopulation:\n  value: 8\n",
        "id: x\nname:\tX\n",  # a tab after ':' separates, it does not indent
        'id: x\nname: "a\\tb"\n',
    ],
)
def test_spaces_pass(tmp_path, text):
    check(tmp_path, "Y003", {FILE: text}, [])
