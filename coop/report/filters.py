"""Jinja filters: the only place where a value is turned into text.

Every filter that builds markup escapes what it inserts and returns
``Markup``; every other value is escaped on output (HTML by autoescape,
Markdown by ``md_finalize``). Filters that depend on the output format read it
from the template's name (``*.md.j2`` is Markdown), so imported macros get it
right too.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any
from urllib.parse import quote, urlsplit

from babel.dates import format_date as babel_format_date
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from coop.model.dates import PartialDate
from coop.report.messages import translate
from coop.report.printing import escape_text as _escape_text

# Characters that Markdown (CommonMark) may read as syntax inside a line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#!{}~])")
# Line breaks and ordinary spaces only: a no-break space (French typography,
# "Nature :") must survive.
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def is_markdown(context: Context) -> bool:
    return bool(context.name and context.name.endswith(".md.j2"))


def _var(context: Context, name: str) -> Any:
    """``context[name]``, found where Jinja's ``Context.resolve_or_missing``
    looks (the template's own variables, then those it was given), without
    its two Python calls: filters run some million times on a national site."""
    own = context.vars
    return own[name] if name in own else context.parent[name]


def md_escape(text: str) -> str:
    """Text that a Markdown renderer shows as written: syntax characters are
    backslash-escaped (so ``<script>`` stays text) and line breaks folded, so a
    value can never open a heading, a list or a table row."""
    return _MD_SPECIAL.sub(r"\\\1", _SPACES.sub(" ", text).strip(" "))


@pass_context
def finalize(context: Context, value: Any) -> Any:
    """Applied to every ``{{ … }}``: Markdown-escape plain values in Markdown
    templates (HTML templates are escaped by autoescape after this)."""
    if value is None:
        return ""
    if is_markdown(context) and not isinstance(value, Markup):
        return Markup(md_escape(str(value)))
    return value


def is_web_url(url: str) -> bool:
    """Only http and https URLs ever become links."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


@pass_context
def weblink(context: Context, url: str, label: str | None = None) -> Markup:
    """A link to ``url`` if it is http(s); otherwise the URL as inert text."""
    text = label or url
    markdown = is_markdown(context)
    if not is_web_url(url):
        return Markup(md_escape(text)) if markdown else escape(text)
    if markdown:
        # Percent-encode what could close the link destination.
        target = quote(url.strip(), safe=":/?#@!$&'*+,;=%-._~")
        return Markup(f"[{md_escape(text)}]({target})")
    # Both escaped (what Markup.format does, without its formatter's cost).
    return Markup(f'<a href="{escape(url.strip())}" rel="noopener noreferrer">{escape(text)}</a>')


@pass_context
def link(context: Context, ref: Any) -> Markup:
    """A cross-link to a record (``ref`` from the context builder): a link
    when the page is part of a site and the record exists, else its name."""
    try:
        page = _var(context, "page")
    except KeyError:
        page = None
    label = str(ref["label"])
    markdown = is_markdown(context)
    if not ref.get("href") or page is None or not page["linking"]:
        return Markup(md_escape(label)) if markdown else escape(label)
    href = page["root"] + ref["href"] + (".md" if markdown else ".html")
    if markdown:
        return Markup(f"[{md_escape(label)}]({quote(href)})")
    # Both escaped (what Markup.format did; this filter runs for every
    # cross-link of a site, and the formatter cost a third of the rendering),
    # as text: one Markup for the link, not one per part.
    return Markup(f'<a href="{_escape_text(href)}">{_escape_text(label)}</a>')


@pass_context
def t(context: Context, key: object) -> str:
    """The label of ``key`` in the page's language."""
    return translate(key, _var(context, "lang"))


@pass_context
def date(context: Context, value: PartialDate | dt.date | None, text: str | None = None) -> str:
    """A date written as a reader expects it: "29 janvier 2016",
    "janvier 2017" or "2016" (English: "January 29, 2016")."""
    if value is None:
        return text or translate("unknown", _var(context, "lang"))
    return format_partial(value, _var(context, "lang"))


# A site writes the same few thousand dates over and over; babel takes ~0.2 ms each.
@functools.lru_cache(maxsize=8192)
def format_partial(value: PartialDate | dt.date, lang: str) -> str:
    if isinstance(value, dt.date):
        return babel_format_date(value, format="long", locale=lang)
    if value.day is not None:
        return babel_format_date(value.earliest, format="long", locale=lang)
    if value.month is not None:
        # "LLLL" is the stand-alone month name: "janvier", not "de janvier".
        return babel_format_date(value.earliest, format="LLLL y", locale=lang)
    return str(value.year)


@pass_context
def number(context: Context, value: int) -> str:
    """80 000 in French, 80,000 in English."""
    try:
        return _format_number(value, _var(context, "lang"))
    except TypeError:  # unhashable: a custom template passed something odd
        return _format_number.__wrapped__(value, _var(context, "lang"))


@functools.lru_cache(maxsize=8192)
def _format_number(value: int, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang)


@pass_context
def cite(context: Context, numbers: list[int]) -> Markup:
    """Note calls: ``[1, 3]`` → superscript links to the numbered sources."""
    if not numbers:
        return Markup("")
    if is_markdown(context):
        return Markup("".join(f"[^{n}]" for n in numbers))
    calls = ",".join(f'<a href="#note-{int(n)}">{int(n)}</a>' for n in numbers)
    return Markup(f'<sup class="cite">{calls}</sup>')


def language_filters(lang: str) -> dict[str, Any]:
    """``t``, ``date`` and ``number`` for pages in ``lang`` only: the same
    text, without reading the language from the page each time, and ``t``
    of a constant computed when Jinja compiles (it then needs no context)."""

    def t_(key: object) -> str:
        return translate(key, lang)

    def date_(value: PartialDate | dt.date | None, text: str | None = None) -> str:
        if value is None:
            return text or translate("unknown", lang)
        return format_partial(value, lang)

    def number_(value: int) -> str:
        try:
            return _format_number(value, lang)
        except TypeError:
            return _format_number.__wrapped__(value, lang)

    return {"t": t_, "date": date_, "number": number_}


FILTERS = {
    "weblink": weblink,
    "link": link,
    "t": t,
    "date": date,
    "number": number,
    "cite": cite,
}
