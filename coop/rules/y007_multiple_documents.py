"""The file holds several YAML documents.

What it checks: at most one document (no second ``---``).

Why: one record per file keeps ids equal to file names, diffs readable and
merge conflicts rare.

Failing example::

    id: sicoval
    ---
    id: muretain-agglo

Passing example: ``sicoval.yaml`` and ``muretain-agglo.yaml``, one record each.
"""

CODE = "Y007"
NAME = "multiple-documents"
