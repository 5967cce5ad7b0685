"""The file is not valid YAML.

What it checks: the file parses as YAML (brackets and quotes closed, keys
followed by ':', consistent indentation).

Why: a file that does not parse cannot be read at all; nothing else in it can
be checked until this is fixed.

Failing example::

    id: accord-toulouse-montpellier
    title: "Accord-cadre
    kind: accord_cadre

Passing example::

    id: accord-toulouse-montpellier
    title: "Accord-cadre"
    kind: accord_cadre
"""

CODE = "Y001"
NAME = "yaml-syntax"
