"""The classroom kit: handouts, assembly mode, results files and class reports, live classes.

Nothing here is imported when the game is simply played; ``game.cli`` imports each
command's module only when that command runs.
"""
