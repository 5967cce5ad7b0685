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
import os
from base64 import b64encode
from collections.abc import Callable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from coop.report import printing as fused_printing
from coop.report.filters import FILTERS, finalize, language_filters

TEMPLATE_SUFFIX = ".j2"


def default_templates() -> Path:
    """The packaged templates: ``templates/`` at the repository root, shipped
    in the wheel as ``coop/templates`` (a symbolic link in the source tree)."""
    return Path(str(files("coop").joinpath("templates")))


_DICT_ATTRIBUTES = frozenset(dir(dict))
# What a template reads of ``loop``: properties computing plain values.
_LOOP_ATTRIBUTES = frozenset(
    ("index", "index0", "first", "last", "length", "revindex", "revindex0", "depth", "depth0")
)
_FIELDS: dict[type, frozenset[str]] = {}


def _fields(cls: type) -> frozenset[str]:
    names = _FIELDS.get(cls)
    if names is None:
        fields = getattr(cls, "__pydantic_fields__", None) if issubclass(cls, BaseModel) else None
        names = _FIELDS[cls] = frozenset(fields or ())
    return names


class NotesEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with a short way for the two kinds of value that make up
    nearly every ``a.b`` in the notes; on a national site the sandbox's
    generic checks were a fifth of the rendering time.

    - an item of a plain ``dict`` (the contexts): the sandbox returns it
      unchecked already, once ``getattr`` has failed, which it always does
      for a name that is not an attribute of ``dict``;
    - a declared field of a pydantic record: data by the model's types
      (text, numbers, dates, enums, lists, nested records), never a
      function, type or frame; field names never start with ``_``;
    - a macro of an imported template (``m.refs``), and the counters of
      ``loop``: Jinja's own objects, which the sandbox lets through.

    Calling a macro skips the sandbox's checks too: a macro is never unsafe
    and takes no context, so ``Context.call`` only calls it.

    Anything else goes through the sandbox's full checks.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        cls = type(obj)
        if cls is dict:
            if attribute not in _DICT_ATTRIBUTES and attribute in obj:
                return obj[attribute]
        elif cls is TemplateModule:
            value = obj.__dict__.get(attribute)
            if type(value) is Macro:
                return value
        elif cls is LoopContext:
            if attribute in _LOOP_ATTRIBUTES:
                return getattr(obj, attribute)
        elif attribute in _fields(cls):
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) is not Macro:
            return super().call(__context, __obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Context.call
            return __self.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class ContainedLoader(FileSystemLoader):
    """A :class:`FileSystemLoader` that refuses a template (or an included
    file, or the CSS) whose real path leaves the folder it was found in: a
    knowledge base's ``templates/`` is data from anywhere, and a link in it
    to ``~/.ssh/id_rsa`` would otherwise print that file into the note."""

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError:
            raise TemplateError(f"{template} is not UTF-8 text") from None
        for folder in self.searchpath:
            if filename.startswith(os.path.join(folder, "")):
                real = os.path.realpath(folder)
                if os.path.commonpath([real, os.path.realpath(filename)]) != real:
                    raise TemplateError(
                        f"{template} in {folder} is a link to a file outside that folder; "
                        "coop does not follow it"
                    )
                break
        return source, filename, uptodate


def make_environment(
    extra: Sequence[Path] = (), printing: bool = True, lang: str | None = None
) -> ImmutableSandboxedEnvironment:
    """The environment, with ``extra`` template folders searched first.

    ``printing``: compile the packaged HTML templates' ``{{ … }}`` to one call
    each (``coop.report.printing``), when no folder brings templates of its own.
    ``lang``: where that applies, the environment only renders pages in this
    language (see :func:`for_language`).
    """
    folders = [str(folder) for folder in extra if folder.is_dir()]
    env = NotesEnvironment(
        loader=ContainedLoader([*folders, str(default_templates())]),
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
    own_templates = any(
        path.is_file() for folder in folders for path in Path(folder).rglob(f"*{TEMPLATE_SUFFIX}")
    )
    if printing and not own_templates and fused_printing.SUPPORTED:
        env.code_generator_class = fused_printing.CodeGenerator
        env.print_html = fused_printing.print_html  # type: ignore[attr-defined]
        env.plain_finalize = fused_printing.plain_finalize  # type: ignore[attr-defined]
        if lang is not None:
            # The filters that read the page's language know it already:
            # Jinja then computes each ``"label" | t`` once, when it compiles.
            env.filters.update(language_filters(lang))
            env.language = lang  # type: ignore[attr-defined]
    return env


def is_fused(env: ImmutableSandboxedEnvironment) -> bool:
    """Whether ``env`` compiles the packaged templates (see ``make_environment``)."""
    return getattr(env, "print_html", None) is not None


def asset(env: ImmutableSandboxedEnvironment, name: str) -> tuple[str, str]:
    """A static file from the template folders (CSS, JS) and its CSP hash.

    Read through the loader, so a KB can override it too; never rendered,
    since it is not a template.
    """
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return source, "sha256-" + b64encode(digest).decode("ascii")
