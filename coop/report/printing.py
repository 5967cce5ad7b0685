"""How the packaged HTML templates print a value: in one call.

Jinja compiles each ``{{ value }}`` of an autoescaped template to
``escape(environment.finalize(context, value))``: our ``finalize`` (see
``coop.report.filters``) looks up the template's name to choose between
Markdown and HTML, then markupsafe builds a ``Markup`` (a Python-level
``__new__``) only for the page to be joined into a plain string. On a
national site, some 15 million values, that was a sixth of the rendering.

For a template named ``*.html.j2``, :class:`CodeGenerator` compiles it to
``environment.print_html(value)`` instead, which gives the same text:
nothing for None, a ``Markup`` as it is, anything else HTML-escaped by
markupsafe's own function; a value known when compiling (``"label" | t`` in
an environment made for one language) is printed then, into the template's
text.

Only where that is certainly the same: the environment uses this generator
only over the packaged templates, where an HTML template only ever runs in
the context of an HTML page (it is rendered, extended, imported or included
by HTML templates; a test checks it). A knowledge base's own templates could
mix formats (an ``.md.j2`` page extending ``base.html.j2`` runs the latter's
code in a Markdown context), so with any template folder of its own the
environment compiles as Jinja does. The generator relies on methods Jinja
keeps private; where they are missing, it is not used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator as JinjaCodeGenerator
from jinja2.compiler import Frame
from markupsafe import Markup, escape

try:  # markupsafe's escaping of a plain string, without the Markup around it
    from markupsafe import _escape_inner as _escape_text  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another markupsafe

    def _escape_text(text: str, /) -> str:
        return str(escape(text))


# ``str(escape(text))`` for a plain ``str``, in one call.
escape_text: Callable[[str], str] = _escape_text


_PRINT = "environment.print_html("
SUPPORTED = all(
    hasattr(JinjaCodeGenerator, name)
    for name in (
        "_make_finalize",
        "_FinalizeInfo",
        "_output_child_pre",
        "_output_child_post",
        "_output_child_to_const",
    )
)


def print_html(value: Any) -> str:
    """``escape(finalize(context, value))`` in an HTML template, as text."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is Markup:
        return value  # type: ignore[no-any-return]
    return escape(value)


def plain_finalize(value: Any) -> Any:
    """``finalize(context, value)`` in an HTML template (where autoescape is
    turned off by a block, Jinja still wraps it in ``str``)."""
    return "" if value is None else value


class CodeGenerator(JinjaCodeGenerator):
    def _html(self) -> bool:
        return bool(self.name and self.name.endswith(".html.j2"))

    def _make_finalize(self) -> Any:
        if not self._html():
            return super()._make_finalize()
        if self._finalize is None:
            # Constants are printed when compiling (``_output_child_to_const``).
            self._finalize = self._FinalizeInfo(str, "environment.plain_finalize(")
        return self._finalize

    def _output_child_to_const(self, node: nodes.Expr, frame: Frame, finalize: Any) -> str:
        """A constant ``{{ … }}`` as :func:`print_html` (or, autoescape off,
        ``str(plain_finalize(…))``) prints it; Jinja computes ``escape(value)``
        then ``str`` of it, which is the same text except for None."""
        if (
            self._html()
            and not isinstance(node, nodes.TemplateData)
            and node.as_const(frame.eval_ctx) is None
        ):
            raise nodes.Impossible()
        return super()._output_child_to_const(node, frame, finalize)

    def _fused(self, frame: Frame) -> bool:
        return self._html() and not frame.eval_ctx.volatile and frame.eval_ctx.autoescape

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._fused(frame):
            self.write(_PRINT)
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if self._fused(frame):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)
