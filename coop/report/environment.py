"""The one Jinja2 environment of the reports (after pdoc's ``render.py``).

Autoescape for every template (``finalize`` escapes Markdown's way in
``*.md.j2``), ``StrictUndefined`` so that a template naming a
missing variable fails instead of printing nothing, ``trim_blocks`` so that
block tags leave no blank lines. Template folders are searched in order: the
``--templates`` folder, the knowledge base's ``templates/``, then the packaged
defaults; so a KB overrides a default by giving a file the same name.

The environment is always sandboxed: templates from a knowledge base are data
from anywhere, and running the packaged ones in the same sandbox means the
golden tests prove the defaults work there too.
"""

from __future__ import annotations

import hashlib
from base64 import b64encode
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

from coop.report.filters import FILTERS, finalize

TEMPLATE_SUFFIX = ".j2"


def default_templates() -> Path:
    """The packaged templates: ``templates/`` at the repository root, shipped
    in the wheel as ``coop/templates`` (a symbolic link in the source tree)."""
    return Path(str(files("coop").joinpath("templates")))


def make_environment(extra: Sequence[Path] = ()) -> ImmutableSandboxedEnvironment:
    """The environment, with ``extra`` template folders searched first."""
    folders = [str(folder) for folder in extra if folder.is_dir()]
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([*folders, str(default_templates())]),
        # On for every template: HTML values get HTML-escaped; in Markdown
        # templates ``finalize`` has already turned each value into escaped
        # Markdown (a Markup), which autoescape then leaves alone.
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    return env


def asset(env: ImmutableSandboxedEnvironment, name: str) -> tuple[str, str]:
    """A static file from the template folders (CSS, JS) and its CSP hash.

    Read through the loader, so a KB can override it too; never rendered,
    since it is not a template.
    """
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return source, "sha256-" + b64encode(digest).decode("ascii")
