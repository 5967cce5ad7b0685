"""``coop report``: briefing notes in Markdown or HTML, and a static site.

``context`` computes what a note shows from the knowledge base, ``environment``
holds the one Jinja2 environment (templates in ``templates/``), ``drawings``
makes the inline SVG, ``render`` ties them together and ``site`` writes a
whole site atomically.
"""
