"""Moscow 1921: a branching historical interactive fiction."""

__version__ = "0.1.0"
