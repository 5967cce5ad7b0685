"""Where coop keeps its caches: one folder per user, one sub-folder per
knowledge base and kind (validate, query, report).

Only ``os`` and ``hashlib``: the entry point reads a validation hint from
here before it forks (coop.validate.hint), where every import is on the
critical path of a run.
"""

from __future__ import annotations

import hashlib
import os


def cache_home() -> str:
    """Where coop keeps its caches for this user: ``$COOP_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/coop``, else ``~/.cache/coop``."""
    explicit = os.environ.get("COOP_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "coop")


def kb_name(root: str | os.PathLike[str]) -> str:
    """The name of a knowledge base's cache folders: a digest of its real path."""
    real = os.path.realpath(root)
    return hashlib.blake2b(real.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


def kb_folder(kind: str, root: str | os.PathLike[str]) -> str:
    """The cache of this kind ("validate", "query", "report") of the
    knowledge base at ``root``."""
    return os.path.join(cache_home(), kind, kb_name(root))


def validation_folder(root: str | os.PathLike[str]) -> str:
    """The validation cache of the knowledge base at ``root``."""
    return kb_folder("validate", root)


def cache_disabled_by_env() -> bool:
    return os.environ.get("COOP_NO_CACHE", "") not in {"", "0"}


def code_digest(parts: tuple[str, ...] = ("",), *extra: str) -> str:
    """A digest of the size and mtime of coop's source files under ``parts``
    (paths inside the package; the default: all of it) and of ``extra``
    strings: a cache keyed by it is not read by an edited checkout, nor by
    an upgrade that keeps the version."""
    import coop  # imported already: this module is part of it

    package = os.path.dirname(os.path.abspath(coop.__file__))
    digest = hashlib.blake2b(digest_size=16)
    for text in extra:
        digest.update(text.encode("utf-8", "surrogateescape") + b"\0")
    for part in parts:
        for path in _source_files(os.path.join(package, part)):
            try:
                st = os.stat(path)
            except OSError:
                continue
            digest.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(errors="replace"))
    return digest.hexdigest()


def _source_files(top: str) -> list[str]:
    if not os.path.isdir(top):
        return [top]
    found = []
    for folder, subfolders, files in os.walk(top):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        found += [
            os.path.join(folder, f) for f in sorted(files) if not f.endswith((".pyc", ".pyo"))
        ]
    return found
