"""Turn a file's bytes into text, or say precisely why they are not text.

Analysts' files come from anywhere: a Windows editor saving Latin-1 or UTF-16,
a BOM, a binary dropped in the wrong folder. Each becomes a Y-rule problem
with the byte offset and a hint, never an exception.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from coop.load.yaml_reader import YamlError, YamlProblem, line_col

DEFAULT_MAX_FILE_SIZE = 1024 * 1024


@dataclass(frozen=True)
class DecodedText:
    text: str
    bom: bool


def decode(raw: bytes) -> DecodedText:
    """Decode UTF-8 (with or without BOM); raise :class:`YamlError` otherwise."""
    if raw.startswith(codecs.BOM_UTF8):
        return DecodedText(_utf8(raw[3:], offset=3), bom=True)
    # UTF-32's little-endian BOM starts with UTF-16's: asked first.
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) or _looks_utf32(raw):
        raise YamlError(_wide("UTF-32"))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw):
        raise YamlError(_wide("UTF-16"))
    nul = raw.find(b"\x00", 0, 8192)
    if nul != -1:
        line, col = _line_col(raw, nul)
        raise YamlError(
            YamlProblem(
                "Y004",
                line,
                col,
                f"binary data: NUL byte at offset {nul}",
                "this is not a text file; remove it from the data folder",
            )
        )
    return DecodedText(_utf8(raw, offset=0), bom=False)


def _wide(encoding: str) -> YamlProblem:
    return YamlProblem(
        "Y004",
        1,
        1,
        f"the file is encoded in {encoding}, not UTF-8",
        "re-save the file as UTF-8 (in most editors: Save with encoding → UTF-8)",
    )


def _looks_utf32(raw: bytes) -> bool:
    # UTF-32 text without a BOM: three bytes of every four of ASCII text are
    # NUL, all but the first in little-endian order, all but the last in big.
    head = raw[: len(raw[:64]) // 4 * 4]
    if len(head) < 8:
        return False
    nul = [head[i::4].count(0) == len(head) // 4 for i in range(4)]
    return (nul[1] and nul[2] and nul[3] and not nul[0]) or (
        nul[0] and nul[1] and nul[2] and not nul[3]
    )


def _looks_utf16(raw: bytes) -> bool:
    # UTF-16 text without a BOM: every other byte of ASCII text is NUL, the
    # odd ones in little-endian order, the even ones in big-endian order.
    head = raw[:64]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    half = len(head) // 2 - 1
    return (odd.count(0) >= half and even.count(0) == 0) or (
        even.count(0) >= half and odd.count(0) == 0
    )


def _utf8(raw: bytes, offset: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line, col = _line_col(raw, start)
        byte = raw[start]
        guess = _guess_encoding(raw)
        raise YamlError(
            YamlProblem(
                "Y004",
                line,
                col,
                f"not valid UTF-8: byte 0x{byte:02X} at offset {start + offset}"
                + (f" (the file looks like {guess})" if guess else ""),
                "re-save the file as UTF-8; coop reads UTF-8 only",
            )
        ) from None


def _guess_encoding(raw: bytes) -> str | None:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return "Latin-1 / Windows-1252"


def _line_col(raw: bytes, index: int) -> tuple[int, int]:
    # Columns count characters, so decode what precedes the byte; lines end
    # where YAML says (a lone CR too), as in every other diagnostic.
    head = raw[:index].decode("utf-8", errors="replace")
    return line_col(head, len(head))


def bom_problem() -> YamlProblem:
    return YamlProblem(
        "Y005",
        1,
        1,
        "the file starts with a byte-order mark (BOM)",
        "save as UTF-8 without BOM; some tools choke on it",
    )


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_at_most(path: str, size_hint: int, limit: int) -> bytes:
    """The file's bytes, ``limit + 1`` at most: more than ``limit`` means too large.

    ``size_hint`` (the size a scan saw) sizes the first read. Asking for
    ``limit + 1`` bytes outright allocates a buffer that large for every file,
    which cost four times the read of a small file (40 us against 8 us). A file
    that grew since the scan is read on, up to the limit. Raises OSError.
    """
    fd = os.open(path, _READ_FLAGS)
    try:
        parts: list[bytes] = []
        total = 0
        want = min(max(size_hint, 0), limit) + 1
        while want > 0:
            chunk = os.read(fd, want)
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            want = min(max(want, 1 << 16), limit + 1 - total)
        return parts[0] if len(parts) == 1 else b"".join(parts)
    finally:
        os.close(fd)


def too_large_problem(size: int, limit: int) -> YamlProblem:
    return YamlProblem(
        "Y012",
        1,
        1,
        f"the file is {size:,} bytes, over the {limit:,}-byte limit",
        "a record is a few kilobytes; split it, or raise max_file_size in coop.yaml",
    )


# Files larger than this are not shown line by line in reports.
DISPLAY_LIMIT = 2_000_000


def display_lines(path: Path) -> list[str] | None:
    """The lines of a knowledge-base file, for showing next to its diagnostics.

    ``None`` unless ``path`` itself is a regular text file of reasonable size:
    never follows a symbolic link (one pointing out of the knowledge base would
    print a line of a file coop refused to read), never opens a FIFO or a
    device (reading would block or never end).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    # Checked before wrapping the descriptor: Python refuses to wrap a
    # directory's (IsADirectoryError), and a directory may be named x.yaml.
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_size > DISPLAY_LIMIT:
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(DISPLAY_LIMIT + 1)
    if b"\x00" in raw[:8192]:
        return None
    return raw.decode("utf-8", errors="replace").splitlines()
