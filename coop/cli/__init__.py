"""Command-line layer: options in, one call to the core, an exit code out."""
