"""Y014 unknown-suppression-code: a suppression comment names a code no rule has."""

import textwrap

from coop.diagnostics import Severity
from rules.helpers import BASE, check, run

FILE = "data/territories/sicoval.yaml"
SICOVAL = textwrap.dedent(BASE[FILE])


def _commented(comment: str, text: str = SICOVAL, line: str = "id: sicoval") -> str:
    assert f"{line}\n" in text
    return text.replace(f"{line}\n", f"{line}  {comment}\n", 1)


def test_unknown_codes_are_errors_at_their_columns(tmp_path):
    # "id: sicoval  # coop: ignore[" is 28 characters.
    snippet = _commented("# coop: ignore[P04, ZZ999]")
    found = check(tmp_path, "Y014", {FILE: snippet}, [(1, 29), (1, 34)])
    assert all(d.severity == Severity.error for d in found)
    assert "did you mean P004" in (found[0].hint or "")


def test_known_codes_pass(tmp_path):
    check(tmp_path, "Y014", {FILE: _commented("# coop: ignore[P004, d002]")}, [])


def test_an_unknown_code_silences_nothing_the_known_ones_still_do(tmp_path):
    # This SIREN fails I001: a known code silences it, an unknown one does not.
    wrong = SICOVAL.replace('"243100633"', '"243100634"')
    line = '  siren: "243100634"'
    both = _commented("# coop: ignore[ZZ999, I001]", wrong, line)
    assert [d.code for d in run(tmp_path / "a", {FILE: both})] == ["Y014"]
    unknown = _commented("# coop: ignore[ZZ999]", wrong, line)
    assert sorted(d.code for d in run(tmp_path / "b", {FILE: unknown})) == ["I001", "Y014"]


def test_y014_itself_can_be_silenced_on_its_line(tmp_path):
    check(tmp_path, "Y014", {FILE: _commented("# coop: ignore[ZZ999, Y014]")}, [])


def test_a_file_that_does_not_parse_still_has_its_comments_checked(tmp_path):
    broken = "id: [sicoval  # coop: ignore[Y01]\n"
    check(tmp_path, "Y014", {FILE: broken}, [(1, 30)])
