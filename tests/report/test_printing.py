"""The packaged HTML templates print each value in one call
(``coop.report.printing``): the pages are the very same as Jinja's own
``escape(finalize(context, value))`` gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2 import nodes

from coop.report.environment import default_templates, make_environment
from coop.report.layout import Layout
from coop.report.printing import SUPPORTED
from report.helpers import KB, renderer
from report.test_safety import HOSTILE_AGREEMENT

pytestmark = pytest.mark.skipif(not SUPPORTED, reason="this Jinja lacks the compiler's hooks")


def _plain(layout: Layout) -> Layout:
    plain = Layout(layout.template_dirs)
    plain.env = make_environment(layout.template_dirs, printing=False)
    return plain


@pytest.mark.parametrize("hostile", [False, True], ids=["fixture", "hostile"])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page_is_the_same_as_jinja_prints_it(
    tmp_path: Path, hostile: bool, lang: str
) -> None:
    root = KB
    if hostile:
        root = tmp_path / "kb"
        shutil.copytree(KB, root)
        (root / "data/agreements/hostile.yaml").write_text(HOSTILE_AGREEMENT, encoding="utf-8")
    notes = renderer(root, lang=lang, linking=True)
    assert "print_html" in _compiled(notes.layout, "agreement.html.j2")
    plain = _plain(notes.layout)
    assert "print_html" not in _compiled(plain, "agreement.html.j2")
    pages = list(notes.site("html"))
    assert len(pages) == notes.page_count()
    for page in pages:
        context = page.build()
        fast = notes.layout.render(page.template, dict(context), "html")
        assert fast == plain.render(page.template, dict(context), "html"), page.rel


def test_templates_of_a_knowledge_base_are_compiled_as_jinja_does(tmp_path: Path) -> None:
    # A KB's own templates may mix formats: then Jinja's way, for all.
    own = tmp_path / "templates"
    own.mkdir()
    (own / "person.md.j2").write_text("{{ person.name }}\n", encoding="utf-8")
    assert "print_html" not in _compiled(Layout([own]), "agreement.html.j2")
    # A folder with no template (a stylesheet only) changes nothing.
    css = tmp_path / "css"
    css.mkdir()
    (css / "style.css").write_text("body{}", encoding="utf-8")
    assert "print_html" in _compiled(Layout([css]), "agreement.html.j2")


def test_packaged_templates_only_use_templates_of_their_own_format() -> None:
    # What makes one call per value exact: HTML template code never runs in
    # a Markdown page's context.
    env = make_environment()
    names = [p.name for p in default_templates().iterdir() if p.name.endswith(".j2")]
    assert len(names) > 10
    for name in names:
        fmt = ".md.j2" if name.endswith(".md.j2") else ".html.j2"
        assert name.endswith(fmt)
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        tree = env.parse(source)
        for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
            assert isinstance(node, nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport)
            used = node.template
            assert isinstance(used, nodes.Const), f"{name}: a template chosen at run time"
            assert str(used.value).endswith(fmt), f"{name} uses {used.value}"


def _compiled(layout: Layout, name: str) -> str:
    env = layout.env
    source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    return str(env.compile(source, name, raw=True))
