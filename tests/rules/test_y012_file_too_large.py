"""Y012 file-too-large: over ``max_file_size``."""

from rules.helpers import check

FILE = "data/people/big.yaml"
RECORD = "id: big\nname: Big\nsources: [{document: deliberation.txt}]\n"


def test_file_over_the_configured_limit(tmp_path):
    padded = RECORD + "#" * 500 + "\n"
    files = {"coop.yaml": "documents: documents\nmax_file_size: 400\n", FILE: padded}
    (d,) = check(tmp_path, "Y012", files, [(FILE, 1, 1)])
    assert f"{len(padded):,} bytes" in d.message
    assert "400-byte limit" in d.message


def test_default_limit_is_one_mebibyte(tmp_path):
    big = RECORD + "# " + "x" * (1024 * 1024) + "\n"
    check(tmp_path, "Y012", {FILE: big}, [(1, 1)])


def test_file_under_the_limit_passes(tmp_path):
    files = {"coop.yaml": "documents: documents\nmax_file_size: 400\n", FILE: RECORD}
    check(tmp_path, "Y012", files, [])
