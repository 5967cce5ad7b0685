"""coop: a census of cooperation between French local authorities, kept as code."""

__version__ = "0.1.0"
