"""Small text helpers shared by rules and commands."""
