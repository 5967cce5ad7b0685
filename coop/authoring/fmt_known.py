"""Files known to be formatted, kept per user between runs of ``coop fmt``.

Formatting takes ~25 ms a file (ruamel.yaml's round trip, then the check
that data and comments survived): minutes for a national knowledge base, at
every run. A file whose exact bytes this formatter already left as they
were, or wrote, needs none of it. So the digests of such files (with the
model whose key order applies, which depends on where the file is) are kept
in ``<cache home>/fmt/<CODE>.known``, CODE a digest of coop's own code and
of ruamel.yaml's version: an edited checkout or an upgrade starts afresh.

Only "already formatted" is ever stored, never a formatted text: a digest
that is missing costs one formatting, a wrong one cannot exist short of a
hash collision. A damaged or unreadable file is no error: the files are
formatted again.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from coop import cache_place

DIGEST_SIZE = 16
_SUFFIX = ".known"


class Known:
    """The digests of files known formatted; ``path`` None: nothing kept."""

    def __init__(self, path: Path | None, digests: set[bytes] | None = None) -> None:
        self.path = path
        self.digests = digests or set()
        self._added = False

    @classmethod
    def open(cls) -> Known:
        """This user's store for this code (empty when caching is off or
        the file cannot be read)."""
        if cache_place.cache_disabled_by_env():
            return cls(None)
        path = Path(cache_place.cache_home()) / "fmt" / f"{_code_digest()}{_SUFFIX}"
        try:
            data = path.read_bytes()
        except OSError:
            return cls(path)
        if len(data) % DIGEST_SIZE:
            return cls(path)  # damaged: start afresh
        return cls(path, {data[i : i + DIGEST_SIZE] for i in range(0, len(data), DIGEST_SIZE)})

    def __contains__(self, digest: bytes) -> bool:
        return digest in self.digests

    def add(self, digest: bytes) -> None:
        if digest not in self.digests:
            self.digests.add(digest)
            self._added = True

    def save(self) -> None:
        """Write the store whole (atomically) if it grew, and delete the
        stores of other code; a cache that cannot be written is no error."""
        if self.path is None or not self._added:
            return
        from coop.writing import UnsafePath, atomic_write_bytes

        with contextlib.suppress(OSError, UnsafePath):
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write_bytes(self.path, b"".join(sorted(self.digests)))
            for other in self.path.parent.glob(f"*{_SUFFIX}"):
                if other != self.path:
                    with contextlib.suppress(OSError):
                        other.unlink()


def digest_of(model: str, data: bytes) -> bytes:
    """The digest of a file's bytes, formatted with the key order of ``model``."""
    digest = hashlib.blake2b(model.encode(), digest_size=DIGEST_SIZE)
    digest.update(b"\0")
    digest.update(data)
    return digest.digest()


def _code_digest() -> str:
    """All of coop's code, and ruamel.yaml's version."""
    import ruamel.yaml

    return cache_place.code_digest(("",), str(getattr(ruamel.yaml, "__version__", "?")))
