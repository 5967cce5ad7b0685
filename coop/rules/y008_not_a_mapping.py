"""The document is not a mapping.

What it checks: the top of a record file is a mapping of keys to values, not
a list or a single value.

Why: a record is a set of named fields; a list at the top usually means items
were pasted without their key.

Failing example::

    - toulouse-metropole
    - montpellier-mediterranee-metropole

Passing example::

    id: toulouse-metropole
    name: Toulouse Métropole
"""

CODE = "Y008"
NAME = "not-a-mapping"
