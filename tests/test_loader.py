"""The loader: bytes → text → data with the 1-based position of every key and value."""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest

from coop.load.files import Entry, SourceFile, parse_text, read_source
from coop.load.yaml_reader import MAX_DEPTH, YamlError, parse_yaml, resolve_plain


def load(raw: bytes | str) -> SourceFile:
    """``raw`` read as the file data/people/x.yaml would be."""
    source = SourceFile(Path("/kb/data/people/x.yaml"), "data/people/x.yaml", "people")
    parse_text(source, raw.encode() if isinstance(raw, str) else raw)
    return source


def codes(source: SourceFile) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.col) for p in source.problems]


# -- positions ------------------------------------------------------------------

DOC = """\
id: x
name: "Jean"
mandates:
  - title: Maire
    period: {start: 2020, end: 2026}
  -   title: Adjoint
aliases: [a, 'b']
"""


def test_positions_of_keys_and_values_are_one_based():
    parsed = parse_yaml(DOC)
    values, keys = parsed.positions.values, parsed.positions.keys
    assert values[()] == (1, 1)
    assert keys[("id",)] == (1, 1)
    assert values[("id",)] == (1, 5)
    assert values[("name",)] == (2, 7)  # the opening quote
    assert values[("mandates",)] == (4, 3)  # the first '-'
    assert keys[("mandates", 0, "title")] == (4, 5)
    assert values[("mandates", 0, "title")] == (4, 12)
    assert values[("mandates", 0, "period")] == (5, 13)
    assert values[("mandates", 0, "period", "end")] == (5, 32)
    assert keys[("mandates", 1, "title")] == (6, 7)
    assert values[("aliases", 1)] == (7, 14)


def test_missing_key_falls_back_to_the_mapping_that_lacks_it():
    positions = parse_yaml(DOC).positions
    assert positions.value(("mandates", 0, "role")) == (4, 5)
    assert positions.value(("nope", 3)) == (1, 1)
    assert positions.key(("mandates", 0, "title")) == (4, 5)


def test_positions_count_characters_not_bytes():
    positions = parse_yaml("name: Élodie Métropole\nid: é\n").positions
    assert positions.values[("id",)] == (2, 5)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2016-01-29", "2016-01-29"),  # dates stay text: the model parses them
        ("yes", "yes"),  # YAML 1.2: not a boolean
        ("true", True),
        ("0o17", 15),
        ("012", 12),
        ("~", None),
        ("1e3", 1000.0),
        ("31555", 31555),
    ],
)
def test_scalars_follow_the_yaml_1_2_core_schema(text, value):
    assert resolve_plain(text) == value
    assert parse_yaml(f"v: {text}\n").data == {"v": value}


# -- problems --------------------------------------------------------------------


def test_duplicate_keys_keep_the_first_value():
    source = load("id: x\nname: A\nname: B\nname: C\n")
    assert codes(source) == [("Y002", 3, 1), ("Y002", 4, 1)]
    assert source.data["name"] == "A"
    assert source.positions.values[("name",)] == (2, 7)


def test_duplicate_key_holding_a_mapping():
    source = load("id: x\np: {a: 1}\np:\n  b: [1, 2]\nq: 3\n")
    assert codes(source) == [("Y002", 3, 1)]
    assert source.data == {"id": "x", "p": {"a": 1}, "q": 3}


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("a: !!python/object:os.system x\n", (1, 4)),
        ("a: !custom\n  b: 1\n", (1, 4)),  # the tag, where the mapping starts
        ("- !!binary aGVsbG8=\n", (1, 3)),
    ],
)
def test_custom_tags_are_reported_not_constructed(text, position):
    parsed = parse_yaml(text)
    assert [(p.code, p.line, p.col) for p in parsed.problems] == [("Y009", *position)]


def test_alias_bomb_is_refused_fast():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 30):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    start = time.perf_counter()
    with pytest.raises(YamlError) as caught:
        parse_yaml("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    assert caught.value.problem.code == "Y010"


def test_alias_reused_within_limits_is_expanded():
    data = parse_yaml("a: &s {document: d.txt}\nb: [*s, *s]\n").data
    assert data["b"] == [{"document": "d.txt"}, {"document": "d.txt"}]


@pytest.mark.parametrize("opener", ["[", "{a: ", "- "])
def test_ten_thousand_levels_of_nesting_stop_fast(opener):
    depth = 10_000
    closer = {"[": "]", "{a: ": "}", "- ": ""}[opener]
    if opener == "- ":
        text = "".join("  " * i + "-\n" for i in range(depth))  # block sequences
    else:
        text = "x: " + opener * depth + "1" + closer * depth + "\n"
    start = time.perf_counter()
    with pytest.raises(YamlError) as caught:
        parse_yaml(text)
    assert time.perf_counter() - start < 2  # a guard, not a benchmark
    assert caught.value.problem.code == "Y011"


def test_depth_limit_is_exact():
    parse_yaml("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1))
    with pytest.raises(YamlError):
        parse_yaml("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))


def test_ten_megabytes_on_one_line(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(b"id: x\nname: " + b"a" * 10_000_000 + b"\n")
    start = time.perf_counter()
    # Refused by size before being read, with the default limit.
    source = read_source(Entry(path, "data/people/x.yaml", "people"), max_size=1024 * 1024)
    assert [p.code for p in source.problems] == ["Y012"]
    # And if the limit is raised, parsed in a reasonable time.
    source = read_source(Entry(path, "data/people/x.yaml", "people"), max_size=20_000_000)
    assert source.problems == []
    assert len(source.data["name"]) == 10_000_000
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    ("raw", "code", "words"),
    [
        (codecs.BOM_UTF8 + b"id: x\n", "Y005", "byte-order mark"),
        ("id: x\nname: Métropole\n".encode("latin-1"), "Y004", "byte 0xE9 at offset 13"),
        ("id: x\n".encode("utf-16"), "Y004", "UTF-16"),
        ("id: x\n".encode("utf-16-be"), "Y004", "UTF-16"),
        (b"\x7fELF\x02\x01\x01\x00\x00", "Y004", "NUL byte at offset 7"),
        (b"", "Y006", "empty"),
        (b"# just a comment\n# and another\n", "Y006", "only comments"),
        (b"id: x\n---\nid: y\n", "Y007", "more than one YAML document"),
        (b"- a\n- b\n", "Y008", "found a list"),
        (b"hello\n", "Y008", "found a single value"),
    ],
)
def test_every_malformed_input_is_a_problem(raw, code, words):
    source = load(raw)
    (problem,) = source.problems
    assert problem.code == code
    assert words in problem.message


def test_a_bom_does_not_stop_reading():
    source = load(codecs.BOM_UTF8 + "id: x\nname: Élise\n".encode())
    assert source.readable
    assert source.data == {"id": "x", "name": "Élise"}
    assert source.positions.values[("name",)] == (2, 7)


def test_latin1_names_the_encoding():
    (problem,) = load("name: Métropole\n".encode("cp1252")).problems
    assert "Latin-1" in problem.message
    assert (problem.line, problem.col) == (1, 8)


def test_suppression_comments_are_read():
    source = load("id: x  # coop: ignore[S004, p001]\nname: y # coop: ignore\n")
    assert source.suppressions == {1: frozenset({"S004", "P001"}), 2: None}


@pytest.mark.parametrize(
    ("comment", "codes"),
    [
        ("# coop: ignore  # checked by hand", None),
        ("# coop: ignore [S004 P001]", frozenset({"S004", "P001"})),
        ("# coop: ignore[]", frozenset()),
        ("# coop: ignore[S004", "none"),
        ("# coop: ignore(S004)", "none"),
        ("# coop: ignore-all", "none"),
        ("# coop: ignored", "none"),
    ],
)
def test_malformed_suppression_comment_silences_nothing(comment, codes):
    source = load(f"id: x  {comment}\nname: y\n")
    assert source.suppressions == ({} if codes == "none" else {1: codes})


# -- reading at most the size limit -----------------------------------------------


@pytest.mark.parametrize(
    ("size", "hint", "limit"),
    [
        (0, 0, 10),  # empty file
        (3, 3, 10),  # the size the scan saw
        (100, 3, 10),  # grew past the limit since the scan: limit + 1 bytes say so
        (100, 100, 200),
        (300_000, 5, 1_000_000),  # grew a lot: read on in 64 KiB steps
        (300_000, 300_000, 150_000),  # too large: never more than limit + 1 bytes
        (3, 1_000, 10),  # shrank since the scan
    ],
)
def test_read_at_most_reads_up_to_one_byte_past_the_limit(tmp_path, size, hint, limit):
    from coop.load.reading import read_at_most

    content = bytes(range(256)) * (size // 256 + 1)
    path = tmp_path / "f.yaml"
    path.write_bytes(content[:size])
    assert read_at_most(str(path), hint, limit) == content[: min(size, limit + 1)]


def test_read_at_most_raises_for_a_missing_file(tmp_path):
    from coop.load.reading import read_at_most

    with pytest.raises(OSError):
        read_at_most(str(tmp_path / "gone.yaml"), 10, 100)
