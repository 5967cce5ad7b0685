"""Y004 encoding: the bytes are not UTF-8 text."""

import codecs

import pytest

from rules.helpers import check

FILE = "data/territories/x.yaml"
TEXT = "id: x\nname: Métropole\nkind: metropole\n"


def test_latin1_names_the_byte_and_its_offset(tmp_path):
    (d,) = check(tmp_path, "Y004", {FILE: TEXT.encode("latin-1")}, [(2, 8)])
    # "id: x\n" is 6 bytes, "name: M" 7 more: the é is byte 13.
    assert "0xE9" in d.message
    assert "offset 13" in d.message
    assert "Latin-1" in d.message


def test_latin1_after_a_bom_counts_the_bom_in_the_offset(tmp_path):
    (d,) = check(tmp_path, "Y004", {FILE: codecs.BOM_UTF8 + TEXT.encode("latin-1")}, [(2, 8)])
    assert "offset 16" in d.message


def test_column_counts_characters_not_bytes(tmp_path):
    # "é" before the bad byte is two bytes in UTF-8 but one column.
    raw = "id: x\nname: é".encode() + b"\xe9\n"
    check(tmp_path, "Y004", {FILE: raw}, [(2, 8)])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16(tmp_path, encoding):
    (d,) = check(tmp_path, "Y004", {FILE: TEXT.encode(encoding)}, [(1, 1)])
    assert "UTF-16" in d.message


def test_binary_data_points_at_the_nul_byte(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    (d,) = check(tmp_path, "Y004", {FILE: png}, [(3, 1)])
    assert "NUL byte at offset 8" in d.message


def test_control_character(tmp_path):
    (d,) = check(tmp_path, "Y004", {FILE: b"id: x\nname: a\x07b\n"}, [(2, 8)])
    assert "U+0007" in d.message


@pytest.mark.parametrize(
    "raw",
    [TEXT.encode("utf-8"), "id: x\nname: Œuvre — « ça »\n".encode()],
)
def test_utf8_passes(tmp_path, raw):
    check(tmp_path, "Y004", {FILE: raw}, [])
