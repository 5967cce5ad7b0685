"""A YAML tag other than the standard ones is used.

What it checks: no ``!tag`` or ``!!python/…`` tags; only the core schema's
(``!!str``, ``!!int``…) are accepted.

Why: tags ask the loader to build arbitrary objects, an old attack on YAML
loaders; records are plain data and never need them.

Failing example::

    title: !!python/object/apply:os.system ["rm -rf ~"]

Passing example::

    title: "Accord-cadre"
"""

CODE = "Y009"
NAME = "custom-tag"
