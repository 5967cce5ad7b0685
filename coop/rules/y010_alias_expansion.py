"""Anchors and aliases expand the document beyond a sane size.

What it checks: the number of values a document holds once every alias
(``*name``) is expanded stays under 200,000.

Why: nested aliases grow exponentially ("billion laughs"): a few hundred
bytes can expand to gigabytes and freeze every tool that reads the file.

Failing example::

    a: &a [x, x, x, x, x, x, x, x, x]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    # … and so on

Passing example: values written out, or an alias used a few times.
"""

CODE = "Y010"
NAME = "alias-expansion"
