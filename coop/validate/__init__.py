"""Validation: load a knowledge base, run every rule, return diagnostics."""
