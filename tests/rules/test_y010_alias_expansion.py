"""Y010 alias-expansion: "billion laughs"."""

import time

from rules.helpers import check

FILE = "data/territories/x.yaml"


def bomb(levels: int) -> str:
    lines = ["id: x", "l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"l{level}: &l{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_bomb_is_refused_where_it_crosses_the_limit(tmp_path):
    # Expanded sizes: l0 10 values, l1 91, l2 820, l3 7,381, l4 66,430. The
    # document holds 74,740 values after l4; the second *l4 of line 7 (l5) takes
    # it past 200,000.
    start = time.perf_counter()
    (d,) = check(tmp_path, "Y010", {FILE: bomb(9)}, [(7, 15)])
    assert time.perf_counter() - start < 5
    assert "200,000" in d.message


def test_aliases_used_sensibly_pass(tmp_path):
    text = (
        "id: x\nname: X\nkind: ca\n"
        "sources:\n  - &doc {document: deliberation.txt}\n"
        "population: {value: 5, year: 2020, sources: [*doc]}\n"
    )
    check(tmp_path, "Y010", {FILE: text}, [])
    check(tmp_path, "Y010", {FILE: bomb(4)}, [])
