"""Y011 nesting-depth: more than 64 levels."""

import pytest

from rules.helpers import check

FILE = "data/territories/x.yaml"


@pytest.mark.parametrize("depth", [64, 65, 10_000])
def test_too_deep_is_reported_at_the_first_level_too_many(tmp_path, depth):
    # The top mapping is level 1, so the 64th bracket opens level 65: column
    # 3 + 64 on "a: [[[…".
    text = "id: x\na: " + "[" * depth + "x" + "]" * depth + "\n"
    check(tmp_path, "Y011", {FILE: text}, [(2, 67)])


def test_block_nesting_is_counted_too(tmp_path):
    # Level n (the top mapping is 1) starts on line n + 1, indented n - 1 spaces.
    text = "id: x\n" + "".join(" " * i + f"k{i}:\n" for i in range(70)) + " " * 70 + "v\n"
    check(tmp_path, "Y011", {FILE: text}, [(66, 65)])


def test_64_levels_pass(tmp_path):
    text = "id: x\na: " + "[" * 63 + "x" + "]" * 63 + "\n"
    check(tmp_path, "Y011", {FILE: text}, [])
