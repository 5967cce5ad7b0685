"""Ad-hoc questions over the knowledge base.

``select`` answers ``coop query COLLECTION --filter…`` straight from the
in-memory records (no SQLite: a filtered query only walks what it needs);
``image`` builds the SQLite image of the knowledge base that ``coop query
--sql`` and the exports read; ``output`` renders rows in every format.
"""
