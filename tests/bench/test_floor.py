"""The benchmark's floor of cold validation: each unavoidable step timed on
real files, and the verdict set against the budget a target leaves."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import REPO

sys.path.insert(0, str(REPO / "bench"))

from kbbench.floor import Floor, Step, measure, render

KB = REPO / "tests" / "kbs" / "valid"


def floor_of(*per_file: float, in_floor: bool = True) -> Floor:
    steps = [Step(f"step {i}", t, in_floor) for i, t in enumerate(per_file)]
    return Floor(files=10, corpus_files=1000, steps=steps)


def test_each_step_is_timed_on_the_files_and_the_floor_sums_the_marked_ones() -> None:
    floor = measure(KB, every=1)
    assert floor.files == floor.corpus_files == sum(1 for _ in (KB / "data").rglob("*.yaml"))
    assert all(step.per_file > 0 for step in floor.steps)
    marked = [s for s in floor.steps if s.in_floor]
    assert [s.label.split(" ")[0] for s in marked] == ["read", "decode", "parse,", "pydantic:"]
    assert floor.per_file == sum(s.per_file for s in marked)


def test_a_sample_takes_every_nth_file() -> None:
    assert measure(KB, every=3).files == -(-measure(KB, every=1).files // 3)


def test_a_floor_above_the_budget_says_the_target_is_out_of_reach() -> None:
    # 3 s on 2 cores over 1,000 files: 6 ms per file.
    text = "\n".join(render(floor_of(0.004, 0.003), 3.0, 2, cold_cpu=9.0))
    assert "| **floor: the steps marked yes** | **7,000 µs** | **7.0 s** | |" in text
    assert "| budget of the ≤ 3 s target on 2 cores | 6,000 µs | 6.0 s | |" in text
    assert "9,000 µs | 9.0 s" in text  # the whole cold run, per file and in all
    assert "The floor is 1.2× the budget, above it: the target is out of reach" in text


def test_a_floor_within_the_budget_says_so() -> None:
    text = "\n".join(render(floor_of(0.002), 3.0, 2, cold_cpu=None))
    assert "The floor is 0.33× the budget, within it." in text
    assert "whole cold" not in text


def test_steps_left_out_of_the_floor_are_shown_but_not_counted() -> None:
    floor = Floor(10, 1000, [Step("a", 0.001, True), Step("b", 0.5, False)])
    assert floor.per_file == 0.001
    assert "| b | 500,000 µs | 500.0 s | no |" in "\n".join(render(floor, 3.0, 2, None))


def test_the_sample_is_sorted_and_read_whole(tmp_path: Path) -> None:
    from kbbench.floor import sample

    for name in ("b", "a", "c"):
        folder = tmp_path / "data" / "agreements"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.yaml").write_text(f"id: {name}\n", "utf-8")
    assert sample(tmp_path, 2) == [
        ("data/agreements/a.yaml", b"id: a\n"),
        ("data/agreements/c.yaml", b"id: c\n"),
    ]


def test_files_that_do_not_parse_are_left_out_and_invalid_records_still_timed(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data" / "agreements"
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("id: [unclosed\n", "utf-8")
    (folder / "wrong.yaml").write_text("id: 12\ntitle: []\n", "utf-8")
    floor = measure(tmp_path, every=1)
    assert (floor.files, floor.corpus_files) == (1, 2)
    assert all(step.per_file > 0 for step in floor.steps)
