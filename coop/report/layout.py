"""Lay out one page: a template and its context to text, with the run's
inline CSS and JS.

Needs no knowledge base: a worker process forked before the knowledge base
is loaded holds one of its own and lays out the contexts it is sent
(``coop.report.workers``), with the very same templates and assets.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from coop.report.environment import (
    TEMPLATE_SUFFIX,
    asset,
    default_templates,
    is_fused,
    make_environment,
)
from coop.report.errors import ReportError
from coop.report.messages import UnknownMessage

_BLANK_RUNS = re.compile(r"\n(?:[ \t]*\n){2,}")
# A big page is written in pieces of about this many characters rather than
# held whole (the national overview is ~16 MB of text).
_CHUNK = 1 << 20


class Layout:
    def __init__(self, template_dirs: Sequence[Path] = ()) -> None:
        self.template_dirs = list(template_dirs)
        self.env: ImmutableSandboxedEnvironment = make_environment(self.template_dirs)
        self._languages: dict[str, ImmutableSandboxedEnvironment] = {}
        self._cached_assets: dict[str, Any] | None = None

    def _env(self, context: dict[str, Any]) -> ImmutableSandboxedEnvironment:
        """The environment for this page: with the packaged templates, one
        made for the page's language (``make_environment``'s ``lang``)."""
        lang = context.get("lang")
        if type(lang) is not str or not is_fused(self.env):
            return self.env
        env = self._languages.get(lang)
        if env is None:
            env = make_environment(self.template_dirs, lang=lang)
            if not is_fused(env):  # templates added to a folder meanwhile
                env = self.env
            self._languages[lang] = env
        return env

    def assets(self) -> dict[str, Any]:
        """The inline CSS and JS and their CSP hashes, read once per run."""
        if self._cached_assets is None:
            css, css_hash = asset(self.env, "style.css")
            js, js_hash = asset(self.env, "search.js")
            self._cached_assets = {
                "css": Markup(css),
                "css_hash": css_hash,
                "js": Markup(js),
                "js_hash": js_hash,
            }
        return self._cached_assets

    def render(self, template: str, context: dict[str, Any], fmt: str) -> str:
        """The page's text; ``context`` holds everything but the assets."""
        with _template_errors(template):
            if fmt == "html":
                context["assets"] = self.assets()
            text = self._env(context).get_template(template).render(context)
        return tidy_markdown(text) if fmt == "md" else text

    def pieces(self, template: str, context: dict[str, Any], fmt: str) -> Iterator[str]:
        """The page's text in pieces that join to :meth:`render`'s, for a big
        page that need not be held whole (Markdown is tidied whole)."""
        if fmt == "md":
            yield self.render(template, context, fmt)
            return
        with _template_errors(template):
            context["assets"] = self.assets()
            yield from _batched(self._env(context).get_template(template).generate(context))


def _batched(pieces: Iterator[str]) -> Iterator[str]:
    """Jinja's many small pieces joined into pieces of about ``_CHUNK``
    characters; a piece as big on its own (the search index) passes as it
    is, rather than copied into a join."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        if len(piece) >= _CHUNK:
            if batch:
                yield "".join(batch)
                batch, size = [], 0
            yield piece
            continue
        batch.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(batch)
            batch, size = [], 0
    yield "".join(batch)


@contextlib.contextmanager
def _template_errors(template: str) -> Iterator[None]:
    """Template mistakes as ReportError: the CLI prints them as one line."""
    try:
        yield
    except UnknownMessage as exc:
        raise ReportError(f"template {template}: {exc.args[0]}") from None
    except TemplateError as exc:
        where = getattr(exc, "filename", None) or template
        line = getattr(exc, "lineno", None)
        at = f"{where}:{line}" if line else where
        raise ReportError(f"template {at}: {exc.message or type(exc).__name__}", _FIX) from None
    except Exception as exc:
        # A user's template failing as it runs (1 / 0, 1 + "a", a range over
        # the sandbox's limit) is that template's mistake, not coop's; in a
        # packaged template it is a bug, reported as one.
        frame = _template_frame(exc)
        if frame is None or _packaged(frame[0]):
            raise
        raise ReportError(
            f"template {frame[0]}:{frame[1]}: {type(exc).__name__}: {exc}", _FIX
        ) from None


_FIX = "fix the template, or remove it from the knowledge base's templates/ to use the default"


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The file and line of the innermost template frame of ``exc``'s
    traceback (Jinja rewrites the traceback so that they show)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(TEMPLATE_SUFFIX):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _packaged(filename: str) -> bool:
    return Path(filename).resolve().is_relative_to(default_templates().resolve())


def tidy_markdown(text: str) -> str:
    """At most one blank line in a row, one final newline: templates can then
    be written for legibility without counting blank lines."""
    return _BLANK_RUNS.sub("\n\n", text).strip() + "\n"
