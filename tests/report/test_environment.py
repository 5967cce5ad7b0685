"""The report environment's shortcuts (``coop.report.environment``): the
same text as the sandbox gives, and nothing more reachable."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, TemplateError

from coop.report.environment import NotesEnvironment, make_environment

MACROS = "{% macro greet(name) %}<b>{{ name }}</b>{% endmacro %}"


def _env() -> NotesEnvironment:
    env = make_environment()
    assert isinstance(env, NotesEnvironment)
    env.loader = DictLoader({"m.html.j2": MACROS})
    return env


def test_macros_and_loop_counters_print_as_jinja_does() -> None:
    source = (
        '{% import "m.html.j2" as m %}'
        "{% for x in items %}{{ m.greet(x) }}{{ loop.index }}/{{ loop.length }}"
        "{% if not loop.last %}, {% endif %}{% endfor %}"
    )
    env = _env()
    assert env.from_string(source).render(items=["a<", "b"]) == "<b>a&lt;</b>1/2, <b>b</b>2/2"


@pytest.mark.parametrize(
    "expression",
    [
        "m.__class__",
        "m.greet.__class__",
        "m.greet._func.__globals__",
        "loop.__class__",
        "loop._iterator",
        "loop.__init__.__globals__",
    ],
)
def test_the_shortcuts_reach_nothing_else(expression: str) -> None:
    source = (
        f'{{% import "m.html.j2" as m %}}{{% for x in [1] %}}{{{{ {expression} }}}}{{% endfor %}}'
    )
    with pytest.raises(TemplateError):
        _env().from_string(source).render()


def test_a_language_environment_prints_labels_when_compiling() -> None:
    french = make_environment(lang="fr")
    source, _, _ = french.loader.get_source(french, "base.html.j2")  # type: ignore[union-attr]
    code = str(french.compile(source, "base.html.j2", raw=True))
    assert "Recensement des coopérations territoriales" in code
    assert "'site_title'" not in code
    # Without a language, as Jinja compiles it: looked up at each page.
    anyone = make_environment()
    assert "'site_title'" in str(anyone.compile(source, "base.html.j2", raw=True))
