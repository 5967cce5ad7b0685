"""Y005 byte-order-mark: a UTF-8 BOM; a warning, and the file is still read."""

import codecs

from coop.diagnostics import Severity
from rules.helpers import BASE, check, run

FILE = "data/territories/sicoval.yaml"


def _sicoval() -> bytes:
    import textwrap

    return textwrap.dedent(BASE[FILE]).encode()


def test_bom_is_a_warning_at_the_start(tmp_path):
    (d,) = check(tmp_path, "Y005", {FILE: codecs.BOM_UTF8 + _sicoval()}, [(1, 1)])
    assert d.severity == Severity.warning


def test_file_with_bom_is_still_read(tmp_path):
    # Only the warning: the record is valid and its references resolve.
    diagnostics = run(tmp_path, {FILE: codecs.BOM_UTF8 + _sicoval()})
    assert [d.code for d in diagnostics] == ["Y005"]


def test_no_bom_passes(tmp_path):
    check(tmp_path, "Y005", {FILE: _sicoval()}, [])
