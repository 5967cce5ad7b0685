"""Editor schemas: generated from the models, checked in, usable by a validator."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from conftest import REPO
from jsonschema import Draft7Validator
from rules.helpers import AGREEMENT, write_kb

from coop.authoring.describe import field_description
from coop.authoring.schema import TARGETS, generate, generate_all, kb_themes, schema_file
from coop.authoring.shapes import iter_fields
from coop.load.yaml_reader import parse_yaml


def test_checked_in_schemas_match_the_models() -> None:
    expected = generate_all(kb_themes(REPO))
    for name, text in expected.items():
        path = REPO / "schemas" / name
        assert path.is_file(), f"schemas/{name} is missing: run `coop schema`"
        assert path.read_text("utf-8") == text, f"schemas/{name} is stale: run `coop schema`"


def test_editor_settings_map_every_data_folder_to_its_schema() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    for target in TARGETS:
        assert mapping[f"./schemas/{schema_file(target)}"] == list(target.globs)


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_every_field_is_explained_in_french(target) -> None:  # type: ignore[no-untyped-def]
    missing = [
        f"{model.__name__}.{shape.name}"
        for model, shape in iter_fields(target.model)
        if not field_description(model, shape.name)
    ]
    assert not missing, f"add a description to coop/authoring/describe.py for {missing}"


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_schemas_are_valid_draft7(target) -> None:  # type: ignore[no-untyped-def]
    Draft7Validator.check_schema(generate(target, ["mobilite"]))


def _validator(name: str, themes: list[str]) -> Draft7Validator:
    target = next(t for t in TARGETS if t.name == name)
    return Draft7Validator(generate(target, themes))


def _data(extra: str = "", base: str = AGREEMENT) -> object:
    return parse_yaml(textwrap.dedent(base) + extra).data


def test_a_valid_record_passes_and_mistakes_are_flagged() -> None:
    validator = _validator("agreements", ["mobilite", "culture"])
    assert not list(validator.iter_errors(_data()))
    assert list(validator.iter_errors(_data("colour: blue\n")))  # unknown key
    wrong_kind = AGREEMENT.replace("accord_cadre", "accord-cadre")
    assert list(validator.iter_errors(_data(base=wrong_kind)))
    assert not list(validator.iter_errors(_data("themes: [mobilite]\n")))
    assert list(validator.iter_errors(_data("themes: [sport]\n")))
    assert list(validator.iter_errors(_data("parent: Not An Id\n")))


def test_the_repository_records_validate_against_the_checked_in_schemas() -> None:
    count = 0
    for target in TARGETS[:4]:
        validator = Draft7Validator(
            json.loads((REPO / "schemas" / schema_file(target)).read_text("utf-8"))
        )
        for path in sorted((REPO / "data" / target.name).glob("*.yaml")):
            data = parse_yaml(path.read_text("utf-8")).data
            errors = [e.message for e in validator.iter_errors(data)]
            assert not errors, f"{path.name}: {errors[:3]}"
            count += 1
    if count == 0:
        pytest.skip("the repository holds no records yet")


def test_enum_values_carry_french_labels() -> None:
    schema = generate(TARGETS[1])
    kinds = schema["definitions"]["AgreementKind"]
    assert "contrat de réciprocité" in kinds["enumDescriptions"]
    assert "Nature de l'accord" in schema["properties"]["kind"]["description"]


def test_cli_writes_checks_and_uses_the_kb_themes(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = write_kb(tmp_path / "kb")
    result = coop("schema", "--editor", cwd=root)
    assert result.code == 0, result.err
    schema = json.loads((root / "schemas" / "agreements.schema.json").read_text("utf-8"))
    theme = schema["definitions"]["Commitment"]["properties"]["theme"]["anyOf"][0]
    assert theme["enum"] == ["culture", "mobilite"]
    assert (root / ".vscode" / "settings.json").is_file()
    assert coop("schema", "--check", cwd=root).code == 0
    themes = root / "data" / "vocabulary" / "themes.yaml"
    themes.write_text(themes.read_text() + "  - id: sante\n    label: Santé\n")
    stale = coop("schema", "--check", cwd=root)
    assert stale.code == 1 and "agreements.schema.json" in stale.out
    out = tmp_path / "elsewhere"
    assert coop("schema", "--out", str(out), cwd=root).code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(generate_all())


def test_cli_refuses_to_drop_the_themes_of_a_broken_themes_file(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = write_kb(tmp_path / "kb")
    assert coop("schema", cwd=root).code == 0
    schemas = {p: p.read_bytes() for p in (root / "schemas").iterdir()}
    themes = root / "data" / "vocabulary" / "themes.yaml"
    themes.write_text(themes.read_text() + "  - id: [sante\n")  # being edited: does not parse
    for args in ((), ("--check",)):
        result = coop("schema", *args, cwd=root)
        assert result.code == 2, result.out + result.err
        assert "data/vocabulary/themes.yaml" in result.err and "coop validate" in result.err
        assert "run `coop schema`" not in result.err
    assert {p: p.read_bytes() for p in (root / "schemas").iterdir()} == schemas


def test_cli_that_cannot_write_is_a_usage_error(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = write_kb(tmp_path / "kb")
    (root / "schemas").write_text("not a folder\n")
    result = coop("schema", cwd=root)
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and "cannot write" in result.err
    assert (root / "schemas").read_text() == "not a folder\n"


@pytest.mark.parametrize("word", ["all", "overview"])
def test_a_reserved_word_is_no_record_id(word: str) -> None:
    # Rule S007, shown in the editor as the id is typed.
    validator = _validator("agreements", ["mobilite", "culture"])
    assert not list(validator.iter_errors(_data()))
    record = _data()
    assert isinstance(record, dict)
    record["id"] = word
    errors = list(validator.iter_errors(record))
    assert [list(e.path) for e in errors] == [["id"]]
    record["id"] = f"{word}-agglo"
    assert not list(validator.iter_errors(record))
    themes = _validator("themes", [])
    assert not list(themes.iter_errors({"themes": [{"id": f"{word}-x", "label": "x"}]}))
    errors = list(themes.iter_errors({"themes": [{"id": word, "label": "x"}]}))
    assert [list(e.path) for e in errors] == [["themes", 0, "id"]]
