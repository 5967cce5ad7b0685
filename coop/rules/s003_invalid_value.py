"""A value of the wrong type or outside its vocabulary.

What it checks: each value has the type its key requires (text, number, list,
mapping), enumerations take one of their allowed values (the hint lists
them), and ids are lowercase ASCII slugs.

Why: a wrong type breaks every command that reads the field; a value outside
the vocabulary makes the record invisible to filters.

Failing example::

    kind: Accord cadre
    parties: toulouse-metropole

Passing example::

    kind: accord_cadre
    parties:
      - territory: toulouse-metropole
"""

CODE = "S003"
NAME = "invalid-value"
