"""A YAML file outside the collection folders.

What it checks: YAML files under ``data/`` live in ``territories/``,
``agreements/``, ``bodies/``, ``people/`` (subfolders allowed), or are
``vocabulary/themes.yaml``.

Why: a file elsewhere is never read as a record; the analyst who wrote it
believes it is part of the census when it is not.

Failing example: ``data/agreement/accord.yaml`` (singular folder name).

Passing example: ``data/agreements/accord.yaml``.
"""

CODE = "S006"
NAME = "misplaced-file"
