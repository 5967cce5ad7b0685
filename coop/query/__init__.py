"""Ad-hoc questions over the knowledge base.

``select`` answers ``coop query COLLECTION --filter…`` straight from the
in-memory records, and ``answer`` the same question from the facts that
``store`` keeps between runs (no model, no YAML: a query on a knowledge base
loaded before); ``image`` builds the SQLite image of the knowledge base that
``coop query --sql`` and the exports read; ``output`` renders rows in every
format.
"""
