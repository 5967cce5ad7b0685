"""C001 invalid-settings: coop.yaml's unknown keys, bad values, unknown codes."""

import pytest

from rules.helpers import check


@pytest.mark.parametrize(
    ("config", "position", "words"),
    [
        ("severity:\n  P099: off\n", (2, 3), "no rule has code 'P099'"),
        ("severity:\n  P004: loud\n", (2, 9), "'loud' is not an allowed value"),
        ("documnts: documents\n", (1, 1), "unknown key 'documnts'"),
        ("max_file_size: -1\n", (1, 16), "max_file_size"),
        ("language: de\n", (1, 11), "language"),
        ("documents: documents\nseverity: [P004]\n", (2, 11), "severity"),
        ("documents: nowhere\n", (1, 12), "documents folder 'nowhere' does not exist"),
    ],
)
def test_invalid_settings(tmp_path, config, position, words):
    (d,) = check(tmp_path, "C001", {"coop.yaml": config}, [position])
    assert words in d.message


def test_unknown_key_hint(tmp_path):
    (d,) = check(tmp_path, "C001", {"coop.yaml": "documnts: documents\n"}, [(1, 1)])
    assert "'documents'" in (d.hint or "")


@pytest.mark.parametrize(
    "config",
    [
        "documents: documents\nseverity:\n  P004: warning\n  D002: info\n",
        "documents: documents\nseverity: {p004: off}\nmax_file_size: 5000\nlanguage: en\n",
        "",
        "# only a comment\n",
    ],
)
def test_valid_settings_pass(tmp_path, config):
    check(tmp_path, "C001", {"coop.yaml": config}, [])
