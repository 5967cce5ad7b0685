"""A required key is missing.

What it checks: every key the model requires is present (``id``, ``name`` and
``kind`` for a territory; ``title``, ``kind`` and ``status`` for an agreement…).
The diagnostic points at the mapping that lacks it.

Why: reports and queries rely on these keys; a record without them cannot be
shown or found.

Failing example::

    id: sicoval
    name: Sicoval

Passing example::

    id: sicoval
    name: Sicoval
    kind: ca
"""

CODE = "S002"
NAME = "missing-key"
