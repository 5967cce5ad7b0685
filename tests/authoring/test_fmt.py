"""coop fmt: canonical order and layout, the data and every comment kept."""

from __future__ import annotations

import json
import os
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules.helpers import write_kb

from coop.authoring.fmt import FormatRefused, format_text, model_for
from coop.authoring.shapes import shapes
from coop.authoring.yamltext import comments
from coop.load.yaml_reader import parse_yaml
from coop.model import COLLECTIONS, Agreement


def _comments(text: str) -> Counter[str]:
    return Counter(c.text for c in comments(text))


def _check(text: str, model: Any) -> str:
    out = format_text(text, model)
    assert parse_yaml(out).data == parse_yaml(text).data
    assert _comments(out) == _comments(text)
    assert format_text(out, model) == out, "fmt is not idempotent"
    return out


def test_keys_follow_the_model_and_comments_travel_with_them() -> None:
    text = textwrap.dedent(
        """\
        # Accord de test
        status: signed   # vu dans la délibération
        sources:
        - document: a.txt
        # le titre exact
        title: Accord
        parties:
        -   role: signatory
            # Toulouse en premier
            territory: toulouse-metropole
        kind: accord_cadre
        id: accord
        """
    )
    out = _check(text, Agreement)
    assert out == textwrap.dedent(
        """\
        # Accord de test
        id: accord
        # le titre exact
        title: Accord
        kind: accord_cadre
        status: signed   # vu dans la délibération
        parties:
          # Toulouse en premier
          - territory: toulouse-metropole
            role: signatory
        sources:
          - document: a.txt
        """
    )


def test_unknown_keys_are_kept_at_the_end() -> None:
    out = _check("colour: blue\nid: a\nname: A\n", COLLECTIONS["people"])
    assert out == "id: a\nname: A\ncolour: blue\n"


def test_quotes_block_scalars_and_flow_lists_survive() -> None:
    text = 'id: a\nname: "Jean # pas un commentaire"\naliases: [x, y]\nnotes:\n  - text: |\n      # ligne\n      fin\n'
    assert _check(text, COLLECTIONS["people"]) == text


def test_anchors_survive_even_unused() -> None:
    # ruamel writes a mapping's or a list's anchor only when an alias uses it:
    # the analyst's "&siege" (kept to be reused later) must not vanish.
    text = (
        "id: a\nname: &nom A\naliases: &alias\n  - B\n"
        "sources:\n  - &siege\n    document: a.txt\n  - &flow {url: https://example.org}\n"
    )
    out = _check(text, COLLECTIONS["people"])
    for name in ("&nom", "&alias", "&siege", "&flow"):
        assert name in out, out


def test_a_document_end_marker_stays_at_the_end() -> None:
    text = "# Paul\nname: Paul\nid: paul\n...\n# fin\n"
    assert _check(text, COLLECTIONS["people"]) == "# Paul\nid: paul\nname: Paul\n...\n# fin\n"


def test_unparseable_file_is_refused() -> None:
    with pytest.raises(FormatRefused) as caught:
        format_text("id: a\nname: [unclosed\n", None)
    assert caught.value.problem.code == "Y001"
    with pytest.raises(FormatRefused):
        format_text("id: a\nid: b\n", None)  # duplicate key: which one is meant?


def test_model_for_paths() -> None:
    assert model_for("data/agreements/x.yaml") is Agreement
    assert model_for("data/other/x.yaml") is None
    assert model_for("coop.yaml") is not None


def test_real_records_format_without_loss() -> None:
    files = sorted(DATA.glob("*/*.yaml"))
    if not files:
        pytest.skip("no records in data/ yet")
    for path in files:
        rel = path.relative_to(DATA.parent).as_posix()
        _check(path.read_text("utf-8"), model_for(rel))


# -- property test: generated records in any key order, with comments ----------

_TEXT = st.text(
    alphabet=st.sampled_from(list("abcdeéèàçœ ABC:#'\"-,.!?«»01")), min_size=1, max_size=30
)
_SCALAR = st.one_of(_TEXT, st.integers(-5, 3000), st.booleans())
_COMMENT = st.one_of(st.none(), _TEXT.map(lambda t: "# " + t.replace("\n", " ")))


def _record(model: Any, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    fields = []
    for shape in shapes(model):
        if shape.nested is not None and depth < 2:
            item = _record(shape.nested, depth + 1)
            fields.append(
                (shape.name, st.lists(item, min_size=1, max_size=2) if shape.is_list else item)
            )
        elif shape.nested is None:
            value = st.lists(_SCALAR, min_size=1, max_size=3) if shape.is_list else _SCALAR
            fields.append((shape.name, value))

    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        chosen = draw(
            st.lists(st.sampled_from(fields), min_size=1, max_size=6, unique_by=lambda f: f[0])
        )
        return {name: draw(value) for name, value in chosen}

    return build()


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON scalars are YAML scalars


def _emit(value: Any, indent: int, draw: Any) -> list[str]:
    """Block YAML with random indentation and comments above and beside keys."""
    lines: list[str] = []
    pad = " " * indent
    for key, item in value.items():
        above = draw(_COMMENT)
        if above:
            lines.append(pad + above)
        beside = draw(_COMMENT)
        step = draw(st.sampled_from([2, 4]))
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:" + (f"  {beside}" if beside else ""))
            lines += _emit(item, indent + step, draw)
        elif isinstance(item, list):
            lines.append(f"{pad}{key}:")
            dash = " " * (indent + draw(st.sampled_from([0, 2])))
            for element in item:
                if isinstance(element, dict):
                    inner = _emit(element, len(dash) + 2, draw)
                    first = next(
                        i for i, line in enumerate(inner) if not line.lstrip().startswith("#")
                    )
                    inner[first] = dash + "- " + inner[first][len(dash) + 2 :]
                    lines += inner
                else:
                    lines.append(f"{dash}- {_scalar(element)}")
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}" + (f"  {beside}" if beside else ""))
    return lines


@st.composite
def _documents(draw: Any) -> tuple[str, Any]:
    model = draw(st.sampled_from(list(COLLECTIONS.values())))
    record = draw(_record(model))
    return "\n".join(_emit(record, 0, draw)) + "\n", model


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_generated_records_keep_data_and_comments(document: tuple[str, Any]) -> None:
    text, model = document
    try:
        out = format_text(text, model)
    except FormatRefused:
        return  # refusing is allowed; losing anything is not
    assert parse_yaml(out).data == parse_yaml(text).data
    assert _comments(out) == _comments(text)
    assert format_text(out, model) == out


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_shuffled_real_records_keep_data_and_comments(data: st.DataObject) -> None:
    files = sorted(DATA.glob("*/*.yaml"))
    if not files:
        return
    path = data.draw(st.sampled_from(files))
    rel = path.relative_to(DATA.parent).as_posix()
    model = model_for(rel)
    text = path.read_text("utf-8")
    parsed = parse_yaml(text).data
    keys = data.draw(st.permutations(list(parsed)))
    # Rebuild the top level in another order, each key's block moved whole.
    blocks: dict[str, list[str]] = {}
    current = None
    header: list[str] = []
    for line in text.splitlines():
        top = line and not line[0].isspace() and not line.startswith(("#", "-")) and ":" in line
        if top and line.split(":", 1)[0] in parsed:
            current = line.split(":", 1)[0]
            blocks[current] = []
        (blocks[current] if current is not None else header).append(line)
    note = data.draw(_COMMENT)
    shuffled = header + ([note] if note else []) + [line for key in keys for line in blocks[key]]
    text = "\n".join(shuffled) + "\n"
    out = format_text(text, model)
    assert parse_yaml(out).data == parsed
    assert _comments(out) == _comments(text)
    assert format_text(out, model) == out


# -- through the CLI ------------------------------------------------------------


def test_cli_check_shows_the_diff_and_writes_nothing(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = write_kb(
        tmp_path,
        {
            "data/people/paul.yaml": "name: Paul  # dit Paulo\nid: paul\nsources:\n- url: https://example.org\n"
        },
    )
    path = root / "data" / "people" / "paul.yaml"
    before = path.read_bytes()
    result = coop("fmt", "--check", cwd=root)
    assert result.code == 1
    assert "would reformat data/people/paul.yaml" in result.out
    assert "-id: paul\n" in result.out and "+id: paul\n name: Paul  # dit Paulo" in result.out
    assert path.read_bytes() == before


def test_cli_formats_keeps_permissions_and_is_idempotent(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = write_kb(
        tmp_path,
        {
            "data/people/paul.yaml": "name: Paul\r\nid: paul\r\nsources:\r\n- url: https://example.org\r\n"
        },
    )
    path = root / "data" / "people" / "paul.yaml"
    os.chmod(path, 0o640)
    first = coop("fmt", cwd=root)
    assert first.code == 0, first.err
    assert "formatted data/people/paul.yaml" in first.out
    assert path.read_text() == "id: paul\nname: Paul\nsources:\n  - url: https://example.org\n"
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)
    second = coop("fmt", "--check", cwd=root)
    assert second.code == 0, second.out
    assert coop("validate", cwd=root).code == 0


def test_cli_refuses_a_broken_file_and_leaves_it(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = "name: [Paul\nid: paul\n"
    root = write_kb(tmp_path, {"data/people/paul.yaml": broken})
    result = coop("fmt", "data/people/paul.yaml", cwd=root)
    assert result.code == 1
    assert "data/people/paul.yaml:" in result.err and "not formatted" in result.err
    assert (root / "data" / "people" / "paul.yaml").read_text() == broken


def test_cli_does_not_write_through_a_symlink(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: Paul\nid: paul\n")
    root = write_kb(tmp_path / "kb")
    (root / "data" / "people" / "paul.yaml").symlink_to(outside)
    result = coop("fmt", cwd=root)
    assert result.code == 1
    assert outside.read_text() == "name: Paul\nid: paul\n"


def test_a_file_saved_while_being_formatted_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coop.authoring import fmt_files

    root = write_kb(tmp_path, {"data/people/paul.yaml": "name: Paul\nid: paul\n"})
    path = root / "data" / "people" / "paul.yaml"
    real = fmt_files.format_bytes

    def format_while_the_analyst_saves(raw: bytes, model: Any) -> Any:
        result = real(raw, model)
        path.write_text("name: Paul Durand\nid: paul\n")  # an editor saves meanwhile
        return result

    monkeypatch.setattr(fmt_files, "format_bytes", format_while_the_analyst_saves)
    report = fmt_files.format_files(fmt_files.kb_files(root, [path]), check=False)
    assert path.read_text() == "name: Paul Durand\nid: paul\n"
    assert [r.rel for r in report.refused] == ["data/people/paul.yaml"]
    assert "changed while" in report.refused[0].problem.message


def test_cli_check_says_why_when_the_diff_shows_nothing(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A byte-order mark or CRLF line endings: the diff's lines look alike, so
    # the line that names the file says what would change.
    root = write_kb(
        tmp_path,
        {
            "data/people/paul.yaml": b"\xef\xbb\xbfid: paul\nname: Paul\n",
            "data/people/pierre.yaml": b"id: pierre\r\nname: Pierre\r\n",
        },
    )
    result = coop("fmt", "--check", "data/people", cwd=root)
    assert result.code == 1, result.err
    assert "would reformat data/people/paul.yaml (byte-order mark removed)" in result.out
    assert "would reformat data/people/pierre.yaml (CRLF line endings made LF)" in result.out


def test_cli_refuses_a_path_outside_the_knowledge_base(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Formatting the first knowledge base's file and silently skipping the
    # other one would let the user believe both were done.
    first = write_kb(tmp_path / "a", {"data/people/paul.yaml": "name: Paul\nid: paul\n"})
    second = write_kb(tmp_path / "b", {"data/people/paul.yaml": "name: Paul\nid: paul\n"})
    other = second / "data/people/paul.yaml"
    result = coop("fmt", "data/people/paul.yaml", str(other), cwd=first)
    assert result.code == 2, result.out + result.err
    assert "outside the knowledge base" in result.err
    assert (first / "data/people/paul.yaml").read_text() == "name: Paul\nid: paul\n"
    assert other.read_text() == "name: Paul\nid: paul\n"
