"""A key that the collection's model does not know.

What it checks: every key is one the model defines at that place. The hint
suggests the closest known key.

Why: a misspelt key (``signatures:`` for ``signature:``) is otherwise silently
ignored and the fact it carries is lost from every report.

Failing example::

    id: accord-toulouse-montpellier
    titel: Accord-cadre

Passing example::

    id: accord-toulouse-montpellier
    title: Accord-cadre
"""

CODE = "S001"
NAME = "unknown-key"
