"""Attacks on the game, each kept as a test (issue 13)."""
