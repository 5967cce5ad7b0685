"""coop init makes a valid KB; the shipped pre-commit hooks run for real on it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO

BIN = str(Path(sys.executable).parent)


def _git(root: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return proc.stdout


def _pre_commit(root: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": BIN + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_init_makes_a_valid_kb_and_refuses_to_overwrite(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "kb"
    result = coop("init", str(target))
    assert result.code == 0, result.err
    for rel in [
        "coop.yaml",
        "data/vocabulary/themes.yaml",
        "schemas/agreements.schema.json",
        ".vscode/settings.json",
        ".github/workflows/coop.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
    ]:
        assert (target / rel).is_file(), rel
    for collection in ("territories", "agreements", "bodies", "people"):
        assert (target / "data" / collection).is_dir()
    for rel in [".github/workflows/coop.yml", ".gitlab-ci.yml", ".pre-commit-config.yaml"]:
        assert yaml.safe_load((target / rel).read_text())  # well-formed
    workflow = yaml.safe_load((target / ".github/workflows/coop.yml").read_text())
    steps = [s.get("run", "") for s in workflow["jobs"]["validate"]["steps"]]
    assert "coop validate --format github" in steps
    gitlab = yaml.safe_load((target / ".gitlab-ci.yml").read_text())["coop-validate"]
    assert "coop validate" in gitlab["script"]
    assert gitlab["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert coop("validate", cwd=target).code == 0
    assert coop("fmt", "--check", cwd=target).code == 0
    assert coop("schema", "--check", cwd=target).code == 0
    before = (target / "coop.yaml").read_text()
    again = coop("init", str(target))
    assert again.code == 2 and "never overwrites" in again.err
    assert (target / "coop.yaml").read_text() == before


def test_init_keeps_an_existing_readme(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "kb"
    target.mkdir()
    (target / "README.md").write_text("mine\n")
    assert coop("init", str(target)).code == 0
    assert (target / "README.md").read_text() == "mine\n"


def test_shipped_hooks_manifest_is_valid() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = {hook["id"]: hook for hook in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"coop-fmt", "coop-validate"}
    assert hooks["coop-validate"]["pass_filenames"] is False
    assert hooks["coop-fmt"]["entry"] == "coop fmt"


BAD_LAYOUT = "name: Paul Durand\nid: paul-durand\nsources:\n- url: https://example.org\n"
DANGLING = "id: anne\nname: Anne\nmandates:\n  - title: Maire\n    role: mayor\n    territory: nowhere\nsources:\n  - url: https://example.org\n"


def _kb_repo(coop, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path / "kb"
    assert coop("init", str(root)).code == 0
    (root / "data/people/paul-durand.yaml").write_text(BAD_LAYOUT)
    (root / "data/people/anne.yaml").write_text(DANGLING)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    return root


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs this repository's git history")
def test_pre_commit_runs_the_shipped_hooks(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The hooks of .pre-commit-hooks.yaml, fetched from this repository at HEAD by
    pre-commit itself. ``language: system`` overrides the manifest's python
    environment so the test needs no network; `make precommit-env` (below)
    exercises the full install."""
    root = _kb_repo(coop, tmp_path)
    head = _git(REPO, "rev-parse", "HEAD").strip()
    (root / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(
            {
                "repos": [
                    {
                        "repo": str(REPO),
                        "rev": head,
                        "hooks": [
                            {"id": "coop-fmt", "language": "system"},
                            {"id": "coop-validate", "language": "system"},
                        ],
                    }
                ]
            }
        )
    )
    _git(root, "add", ".")
    first = _pre_commit(root, tmp_path, "run", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "coop fmt" in first.stdout and "Failed" in first.stdout
    assert "files were modified by this hook" in first.stdout
    assert "R002" in first.stdout  # the dangling reference, reported by coop validate
    assert (root / "data/people/paul-durand.yaml").read_text().startswith("id: paul-durand\n")
    # Fix the reference: both hooks pass.
    (root / "data/people/anne.yaml").write_text(DANGLING.replace("    territory: nowhere\n", ""))
    _git(root, "add", ".")
    second = _pre_commit(root, tmp_path, "run", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.count("Passed") == 2


def test_pre_commit_runs_the_config_coop_init_writes(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _kb_repo(coop, tmp_path)
    first = _pre_commit(root, tmp_path, "run", "--all-files")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "R002" in first.stdout
    (root / "data/people/anne.yaml").write_text(DANGLING.replace("    territory: nowhere\n", ""))
    _git(root, "add", ".")
    second = _pre_commit(root, tmp_path, "run", "--all-files")
    assert second.returncode == 0, second.stdout + second.stderr
    # And as a git hook, on a real commit.
    assert _pre_commit(root, tmp_path, "install").returncode == 0
    env_path = BIN + os.pathsep + os.environ.get("PATH", "")
    commit = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "kb"],
        cwd=root,
        env={**os.environ, "PATH": env_path, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
        capture_output=True,
        text=True,
    )
    assert commit.returncode == 0, commit.stdout + commit.stderr


@pytest.mark.skipif(
    os.environ.get("COOP_PRECOMMIT_INSTALL") != "1",
    reason="installs coop and its dependencies from PyPI (~2 min): COOP_PRECOMMIT_INSTALL=1",
)
def test_pre_commit_installs_the_hooks_environment(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = _kb_repo(coop, tmp_path)
    (root / "data/people/anne.yaml").write_text(DANGLING.replace("    territory: nowhere\n", ""))
    _git(root, "add", ".")
    result = _pre_commit(root, tmp_path, "try-repo", str(REPO), "coop-validate", "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


@pytest.mark.parametrize(
    ("rel", "make"),
    [
        ("data", "file"),  # a file where a folder goes
        (".vscode", "file"),
        (".gitlab-ci.yml", "dangling"),  # a link that exists() does not see
        ("schemas", "dangling"),
        (".vscode/extensions.json", "bad json"),  # merged into, so read first
    ],
)
def test_init_refuses_what_is_in_the_way_before_writing_anything(
    coop, tmp_path: Path, rel: str, make: str
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "kb"
    path = target / rel
    path.parent.mkdir(parents=True)
    if make == "file":
        path.write_text("mine\n")
    elif make == "dangling":
        path.symlink_to(tmp_path / "nowhere")
    else:
        path.write_text("{not json\n")
    before = sorted(p.relative_to(target).as_posix() for p in target.rglob("*"))
    result = coop("init", str(target))
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and rel in result.err
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == before


def test_init_refuses_an_install_spec_that_would_break_the_ci_files(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = coop("init", str(tmp_path / "kb"), "--install", "coop\nevil: true")
    assert result.code == 2, result.err
    assert "--install" in result.err
    assert not (tmp_path / "kb").exists()


def test_init_that_cannot_create_its_folder_is_a_usage_error(coop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a-file").write_text("x\n")
    result = coop("init", str(tmp_path / "a-file" / "kb"))
    assert result.code == 2, result.err
    assert "Traceback" not in result.err and "cannot write" in result.err
