"""Loading layer: files → text → YAML data with positions → models."""
