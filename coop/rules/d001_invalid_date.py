"""A date that is not a valid full or partial ISO date.

What it checks: dates are written ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` and
exist in the calendar. Partial dates are allowed because sources are often
vague ("en janvier 2017", "depuis 2012").

Why: French-style dates (``29/01/2016``) are ambiguous to tools and sort
wrongly; an impossible date (``2016-02-30``) is a typo hiding the real one.

Failing example::

    signature:
      date: 29/01/2016

Passing example::

    signature:
      date: 2016-01-29
"""

CODE = "D001"
NAME = "invalid-date"
