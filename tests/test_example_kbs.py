"""The example knowledge bases through the real CLI: every option of `coop validate`."""

from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO

KBS = REPO / "tests" / "kbs"
VALID = KBS / "valid"
INVALID = KBS / "invalid"


def expected_lines() -> list[str]:
    lines = (INVALID / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def reported(out: str) -> list[str]:
    return [
        f"{d['path']}:{d['line']}:{d['column']} {d['code']}" for d in json.loads(out)["diagnostics"]
    ]


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    """A copy of the valid KB: coop writes its cache (.coop-cache/) in the KB."""
    return Path(shutil.copytree(VALID, tmp_path_factory.mktemp("kbs") / "valid"))


@pytest.fixture(scope="module")
def invalid(tmp_path_factory) -> Path:
    return Path(shutil.copytree(INVALID, tmp_path_factory.mktemp("kbs") / "invalid"))


@pytest.fixture
def kb_copy(tmp_path):
    """A writable copy of an example knowledge base."""

    def copy(source: Path) -> Path:
        target = tmp_path / source.name
        shutil.copytree(source, target)
        return target

    return copy


# -- the two example knowledge bases -------------------------------------------


def test_invalid_kb_reports_every_expected_error_in_one_run(coop, invalid):
    run = coop("validate", "--kb", str(invalid), "--format", "json")
    assert run.code == 1, run.err
    assert reported(run.out) == expected_lines()
    assert "Traceback" not in run.err


def test_invalid_kb_has_one_error_per_rule_family():
    families = {line.split()[1][0] for line in expected_lines()}
    assert families == set("YSRDIPAGC")


def test_invalid_kb_is_the_valid_kb_plus_the_expected_errors():
    # So "with the errors fixed it exits 0" is exactly the valid KB's run.
    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and not p.relative_to(root).as_posix().startswith(".coop-cache/")
        }

    fixed, broken = files(VALID), files(INVALID)
    broken.pop("expected.txt")
    assert fixed.keys() == broken.keys()
    changed = {name for name in fixed if fixed[name] != broken[name]}
    assert changed == {line.split(":")[0] for line in expected_lines()}


def test_valid_kb_exits_0_even_strict(coop, valid):
    run = coop("validate", "--kb", str(valid), "--strict", "--format", "json")
    assert run.code == 0, run.out + run.err
    assert reported(run.out) == []
    summary = json.loads(run.out)["summary"]
    assert summary["warnings"] == 0
    assert summary["records"] >= 15


def test_kb_is_found_from_the_current_folder_upward(coop, invalid):
    run = coop("validate", "--format", "json", cwd=invalid / "data" / "people")
    assert run.code == 1
    assert reported(run.out) == expected_lines()


# -- selecting and ignoring rules ----------------------------------------------


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        (["--select", "D"], ["D002"]),
        (["--select", "date-order"], ["D002"]),
        (["--select", "D002", "--select", "G"], ["D002", "G001"]),
        (["--select", "i001,y002"], ["Y002", "I001"]),
        (
            ["--ignore", "P004", "--ignore", "Y", "--ignore", "C"],
            ["A001", "R002", "D002", "G001", "I001", "S003"],
        ),
    ],
)
def test_select_and_ignore(coop, options, codes, invalid):
    run = coop("validate", "--kb", str(invalid), "--format", "json", *options)
    got = [line.split()[1] for line in reported(run.out)]
    assert sorted(got) == sorted(codes)
    assert run.code == 1


def test_ignoring_every_error_exits_0(coop, invalid):
    ignored = [arg for line in expected_lines() for arg in ("--ignore", line.split()[1])]
    run = coop("validate", "--kb", str(invalid), *ignored)
    assert run.code == 0, run.out


# -- --strict, severities in coop.yaml, suppression comments --------------------


@pytest.fixture
def kb_with_a_warning(kb_copy):
    """The valid KB with a BOM in one file: one Y005 warning, nothing else."""
    root = kb_copy(VALID)
    path = root / "data/people/bernard-cazeneuve.yaml"
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    return root


def test_warnings_fail_only_with_strict(coop, kb_with_a_warning):
    run = coop("validate", "--kb", str(kb_with_a_warning), "--format", "json")
    assert run.code == 0
    (diagnostic,) = json.loads(run.out)["diagnostics"]
    assert (diagnostic["code"], diagnostic["severity"]) == ("Y005", "warning")
    assert coop("validate", "--kb", str(kb_with_a_warning), "--strict").code == 1


def test_severity_override_in_coop_yaml(coop, kb_with_a_warning):
    config = kb_with_a_warning / "coop.yaml"
    config.write_text("documents: documents\nseverity:\n  Y005: error\n")
    run = coop("validate", "--kb", str(kb_with_a_warning), "--format", "json")
    assert run.code == 1
    assert json.loads(run.out)["diagnostics"][0]["severity"] == "error"
    config.write_text("documents: documents\nseverity:\n  Y005: off\n")
    run = coop("validate", "--kb", str(kb_with_a_warning), "--strict", "--format", "json")
    assert run.code == 0
    assert reported(run.out) == []


def test_error_downgraded_to_warning(coop, kb_copy):
    root = kb_copy(INVALID)
    config = root / "coop.yaml"
    config.write_text(config.read_text().replace("P099: warning", "I001: warning"))
    run = coop("validate", "--kb", str(root), "--format", "json")
    severities = {d["code"]: d["severity"] for d in json.loads(run.out)["diagnostics"]}
    assert severities["I001"] == "warning"
    assert severities["S003"] == "error"
    assert "C001" not in severities


@pytest.mark.parametrize(
    ("comment", "silenced", "malformed"),
    [
        ("# coop: ignore[I001]", True, False),
        ("# coop: ignore", True, False),
        ("#coop:ignore[D002, I001]", True, False),
        ("# coop: ignore[D002]", False, False),
        ("# coop: ignore [I001]", True, False),
        ("# coop: ignore[D002 I001]", True, False),
        # Malformed: each once silenced every code of the line; each silences
        # nothing now, and says so (Y014).
        ("# coop: ignore[I001", False, True),
        ("# coop: ignore(I001)", False, True),
        ("# coop: ignored", False, True),
        ("# coop: ignore[]", False, True),
        ("# coop: ignore[*]", False, True),
    ],
)
def test_suppression_comment(coop, kb_copy, comment, silenced, malformed):
    root = kb_copy(INVALID)
    rel = "data/territories/montpellier-mediterranee-metropole.yaml"
    path = root / rel
    text = path.read_text()
    path.write_text(text.replace('"243400018"\n', f'"243400018"  {comment}\n'))
    run = coop("validate", "--kb", str(root), "--format", "json")
    expected = [line for line in expected_lines() if not (silenced and "I001" in line)]
    if malformed:
        lines = path.read_text().splitlines()
        number = next(n for n, line in enumerate(lines, 1) if comment in line)
        expected.append(f"{rel}:{number}:{lines[number - 1].index(comment) + 1} Y014")
    assert sorted(reported(run.out)) == sorted(expected)


def test_suppression_applies_to_its_line_only(coop, kb_copy):
    root = kb_copy(INVALID)
    path = root / "data/territories/montpellier-mediterranee-metropole.yaml"
    path.write_text(path.read_text().replace("identifiers:\n", "identifiers:  # coop: ignore\n"))
    run = coop("validate", "--kb", str(root), "--format", "json")
    assert reported(run.out) == expected_lines()


# -- the evaluation date --------------------------------------------------------


def test_as_of_sets_the_evaluation_date(coop, kb_copy):
    root = kb_copy(VALID)
    path = root / "data/agreements/accord-cadre-toulouse-montpellier.yaml"
    path.write_text(
        path.read_text().replace("status: signed\n", "status: in_force\n") + "end: 2020-12-31\n"
    )
    before = coop("validate", "--kb", str(root), "--as-of", "2020-12-31")
    assert before.code == 0, before.out
    after = coop("validate", "--kb", str(root), "--as-of", "2021-01-01", "--format", "json")
    assert after.code == 1
    assert reported(after.out) == [
        "data/agreements/accord-cadre-toulouse-montpellier.yaml:4:9 D004"
    ]


# -- PATH narrows what is reported, never what is cross-checked -----------------


def test_path_narrows_the_report(coop, invalid):
    run = coop("validate", "data/territories", "--format", "json", cwd=invalid)
    assert run.code == 1
    assert reported(run.out) == [line for line in expected_lines() if "/territories/" in line]


def test_path_of_one_file_still_cross_checks(coop, invalid):
    # The agreement's references to territories and agreements elsewhere
    # resolve; only its own misspelt parent is reported.
    path = invalid / "data/agreements/contrat-reciprocite-toulouse-portes-de-gascogne.yaml"
    run = coop("validate", str(path), "--format", "json", cwd=REPO)
    assert run.code == 1
    assert reported(run.out) == [line for line in expected_lines() if "contrat-reciprocite" in line]


def test_path_without_findings_exits_0(coop, invalid):
    run = coop("validate", "data/vocabulary", "data/people/regis-banquet.yaml", cwd=invalid)
    assert run.code == 0, run.out


def test_several_paths(coop, invalid):
    run = coop("validate", "data/bodies", "coop.yaml", "--format", "json", cwd=invalid)
    assert [line.split()[1] for line in reported(run.out)] == ["C001", "G001"]


# -- output selection -----------------------------------------------------------


def test_github_format_is_chosen_under_github_actions(coop, invalid):
    run = coop("validate", "--kb", str(invalid), env={"GITHUB_ACTIONS": "true"})
    assert run.code == 1
    assert run.out.startswith("::")
    assert len(run.out.splitlines()) == len(expected_lines())


def test_output_file(coop, tmp_path, invalid):
    target = tmp_path / "report.json"
    run = coop("validate", "--kb", str(invalid), "--format", "json", "--output", str(target))
    assert run.code == 1
    assert run.out == ""
    assert reported(target.read_text()) == expected_lines()


# -- usage errors: exit 2, one line, a hint, no traceback ------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["validate", "--format", "yaml"], "unknown format"),
        (["validate", "--as-of", "2024-13-01"], "not a date"),
        (["validate", "--as-of", "01/03/2024"], "not a date"),
        (["validate", "--select", "X999"], "no rule matches 'X999'"),
        (["validate", "--ignore", "nonsense"], "no rule matches 'nonsense'"),
        (["validate", "no/such/path"], "no such file or folder"),
        (["validate", "--kb", "no/such/folder"], "no such folder"),
        (["validate", "--no-such-option"], "No such option"),
        (["rules", "Z999"], "no rule 'Z999'"),
        (["frobnicate"], "No such command"),
    ],
)
def test_usage_errors_exit_2(coop, args, words, valid):
    run = coop(*args, cwd=valid)
    assert run.code == 2, run.out + run.err
    assert words in run.err
    assert "Traceback" not in run.out + run.err


def test_no_kb_found_exits_2_with_a_hint(coop, tmp_path):
    run = coop("validate", cwd=tmp_path)
    assert run.code == 2
    assert "no knowledge base found" in run.err
    assert "hint:" in run.err
    assert "--kb" in run.err


# -- coop rules -----------------------------------------------------------------


def test_rules_lists_every_rule(coop):
    from coop.rules import RULES

    run = coop("rules")
    assert run.code == 0
    for rule in RULES.values():
        assert rule.code in run.out
        assert rule.name in run.out


@pytest.mark.parametrize("code", ["D002", "d002", "date-order"])
def test_rules_code_prints_the_documentation(coop, code):
    run = coop("rules", code)
    assert run.code == 0
    assert run.out.startswith("D002 date-order")
    assert "Failing example" in run.out
    assert "Passing example" in run.out


def test_rules_unknown_code_suggests_close_ones(coop):
    run = coop("rules", "D02")
    assert run.code == 2
    assert "did you mean" in run.err
