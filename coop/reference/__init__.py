"""Official reference data: the Code officiel géographique (COG).

- ``compact``: builds the compact copy from the raw files of
  ``@etalab/decoupage-administratif`` (``coop reference import``), which
  ``raw`` checks first: files that cannot be a COG are refused;
- ``cog``: finds the copy in use (packaged or KB-local), loads it lazily,
  answers lookups by SIREN and INSEE code;
- ``match``: compares a territory record with its COG entry (rules I003–I005);
- ``draft``: writes a territory record from the COG (``coop new territory``).

Nothing is loaded at import: the compact copy is read only when a command or
a rule asks for it.
"""
