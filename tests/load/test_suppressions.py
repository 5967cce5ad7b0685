"""Suppression comments: the codes each line silences, and Y014 for a code no rule has."""

from __future__ import annotations

import pytest

from coop.load.suppressions import read_suppressions


def test_known_codes_by_line_and_no_problem() -> None:
    text = "id: a  # coop: ignore[p004, D002]\nname: b\nkind: c  # coop: ignore\n"
    found, problems = read_suppressions(text)
    assert found == {1: frozenset({"P004", "D002"}), 3: None}
    assert problems == ()


def test_each_unknown_code_at_its_own_column() -> None:
    line = "id: a  # coop: ignore[P04, ZZ999]"
    found, problems = read_suppressions(line + "\n")
    # An unknown code stays in the line's set: it matches no diagnostic, so it
    # silences nothing, and the known codes beside it still silence theirs.
    assert found == {1: frozenset({"P04", "ZZ999"})}
    assert [(p.code, p.line, p.col) for p in problems] == [
        ("Y014", 1, line.index("P04") + 1),
        ("Y014", 1, line.index("ZZ999") + 1),
    ]
    assert "'P04'" in problems[0].message
    assert "silences nothing" in problems[0].message


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("P04", "did you mean P004 (document-not-found)?"),
        ("d02", "did you mean D002 (date-order)"),
        ("document-not-found", "write P004"),
        ("date-ordre", "D002 (date-order)"),
        ("R", "not a family: write R001, R002, R003"),
        ("ZZ999", "`coop rules` lists every code"),
    ],
)
def test_hint_names_the_closest_codes(written: str, hint: str) -> None:
    (problem,) = read_suppressions(f"x: 1  # coop: ignore[{written}]\n")[1]
    assert hint in (problem.hint or "")


def test_every_code_of_the_catalog_is_known() -> None:
    from coop.rule_catalog import CATALOG

    comment = "# coop: ignore[" + ", ".join(CATALOG) + "]"
    assert read_suppressions(comment)[1] == ()


def test_lines_are_counted_as_yaml_counts_them() -> None:
    # A form feed is no line break for YAML (whose positions every diagnostic
    # uses), though str.splitlines() takes it for one.
    text = "a: 1 # \x0c\nb: 2\nc: 3  # coop: ignore[ZZ9]\n"
    found, (problem,) = read_suppressions(text)
    assert list(found) == [3]
    assert (problem.line, problem.col) == (3, text.splitlines()[-1].index("ZZ9") + 1)


@pytest.mark.parametrize(
    ("comment", "silences", "says"),
    [
        ("# coop: ignore[ZZ9", {}, "is not one coop reads"),
        ("# coop: ignore(ZZ9)", {}, "is not one coop reads"),
        ("# coop: ignored", {}, "is not one coop reads"),
        ("# coop: ignore[*]", {}, "is not one coop reads"),
        ("# COOP: Ignore[P004]", {}, "is not one coop reads"),
        ("# coop: ignore[]", {1: frozenset()}, "names no code"),
        ("# coop: ignore[ , ]", {1: frozenset()}, "names no code"),
    ],
)
def test_a_comment_that_silences_nothing_says_so(
    comment: str, silences: dict[int, frozenset[str]], says: str
) -> None:
    # Each once silenced every code of its line, then silently nothing.
    found, problems = read_suppressions(f"x: 1  {comment}\n")
    assert found == silences
    assert [(p.code, p.line, p.col) for p in problems] == [("Y014", 1, 7)]
    assert says in problems[0].message and "silences nothing" in problems[0].message
    assert "# coop: ignore[CODE, ...]" in (problems[0].hint or "")


def test_other_comments_are_no_suppressions() -> None:
    text = "x: 1  # coop would ignore this\ny: 2  # see coop: docs\n"
    assert read_suppressions(text) == ({}, ())
