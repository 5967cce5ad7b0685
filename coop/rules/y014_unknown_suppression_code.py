"""A suppression comment names a code that no rule has.

What it checks: each code in a ``# coop: ignore[...]`` comment is a rule's
code (``P004``; case does not matter). The problem is reported at the code,
with the closest real codes. A code no rule has silences nothing (it matches
no diagnostic); the other codes of the same comment still silence theirs.
A rule's name (``document-not-found``) or a family (``P``) is not a code.
A comment that names no code (``ignore[]``) or that is not written as coop
reads it (``ignore(P004)``, ``ignore[P004`` unclosed, ``Ignore``) is
reported too: it silences nothing either.

Why: a misspelt code is otherwise silently accepted, and the analyst believes
a problem is silenced when it is not, or that a comment still serves when the
code it named was never right. An error, like an unknown code in
``coop.yaml``'s ``severity:`` (C001).

Failing example::

    id: sicoval  # coop: ignore[P04, ZZ999]

Passing example::

    id: sicoval  # coop: ignore[P004]
"""

CODE = "Y014"
NAME = "unknown-suppression-code"
