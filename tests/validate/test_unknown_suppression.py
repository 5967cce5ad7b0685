"""coop validate, through the real CLI: a suppression naming a code no rule
has is reported (Y014), the same with and without the cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import REPO

VALID = REPO / "tests" / "kbs" / "valid"
AGREEMENT = "data/agreements/accord-cadre-toulouse-montpellier.yaml"
FIRST_LINE = "id: accord-cadre-toulouse-montpellier"


def _kb(tmp_path: Path, comment: str) -> Path:
    root = Path(shutil.copytree(VALID, tmp_path / "kb"))
    _comment(root, comment)
    return root


def _comment(root: Path, comment: str) -> None:
    path = root / AGREEMENT
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[0].startswith(FIRST_LINE)
    lines[0] = f"{FIRST_LINE}  {comment}\n" if comment else f"{FIRST_LINE}\n"
    path.write_text("".join(lines), encoding="utf-8")


def _found(out: str) -> list[tuple[str, int, int, str, str | None]]:
    return [
        (d["path"], d["line"], d["column"], d["code"], d["hint"])
        for d in json.loads(out)["diagnostics"]
    ]


def test_unknown_codes_are_reported_at_their_columns_with_a_hint(coop, tmp_path):
    root = _kb(tmp_path, "# coop: ignore[P04, ZZ999]")
    run = coop("validate", "--kb", str(root), "--format", "json", "--no-cache")
    assert run.code == 1, run.err
    column = len(FIRST_LINE + "  # coop: ignore[") + 1
    found = _found(run.out)
    assert [(f[0], f[1], f[2], f[3]) for f in found] == [
        (AGREEMENT, 1, column, "Y014"),
        (AGREEMENT, 1, column + len("P04, "), "Y014"),
    ]
    assert "did you mean P004 (document-not-found)?" in (found[0][4] or "")
    assert "`coop rules`" in (found[1][4] or "")
    text = coop("validate", "--kb", str(root), "--no-cache")
    assert f"{AGREEMENT}\n  1:{column} error Y014 unknown-suppression-code" in text.out
    assert "Traceback" not in text.err


def test_same_results_with_and_without_the_cache(coop, tmp_path):
    root = _kb(tmp_path, "# coop: ignore[P04, ZZ999]")
    env = {"COOP_CACHE_DIR": str(tmp_path / "cache")}

    def validate(*extra: str) -> str:
        run = coop("validate", "--kb", str(root), "--format", "json", *extra, env=env)
        assert "Traceback" not in run.err
        return run.out

    uncached = validate("--no-cache")
    assert [f[3] for f in _found(uncached)] == ["Y014", "Y014"]
    assert validate() == uncached  # fills the cache
    assert validate() == uncached  # answered from it
    _comment(root, "# coop: ignore[P004]")  # mended: the cache must not keep the Y014
    assert _found(validate()) == []
    assert validate() == validate("--no-cache")
    _comment(root, "# coop: ignore[Z999]")  # and broken again
    assert [f[3] for f in _found(validate())] == ["Y014"]
    assert validate() == validate("--no-cache")


def test_select_ignore_and_severity_apply_to_y014(coop, tmp_path):
    root = _kb(tmp_path, "# coop: ignore[ZZ999]")
    ignored = coop("validate", "--kb", str(root), "--ignore", "Y014", "--no-cache")
    assert ignored.code == 0, ignored.out
    (root / "coop.yaml").write_text(
        (root / "coop.yaml").read_text(encoding="utf-8") + "severity:\n  Y014: warning\n",
        encoding="utf-8",
    )
    warned = coop("validate", "--kb", str(root), "--format", "json", "--no-cache")
    assert warned.code == 0, warned.out
    assert [d["severity"] for d in json.loads(warned.out)["diagnostics"]] == ["warning"]


def test_coop_rules_lists_and_documents_y014(coop):
    listed = coop("rules")
    assert listed.code == 0
    assert "Y014" in listed.out and "unknown-suppression-code" in listed.out
    doc = coop("rules", "Y014")
    assert doc.code == 0
    assert doc.out.startswith("Y014 unknown-suppression-code")
    assert "silences nothing" in doc.out
