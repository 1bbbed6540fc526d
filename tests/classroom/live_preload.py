"""Imported by the fork server of the thirty-student test (test_live_concurrency.py): the game's
modules and the story are loaded once there, and every student process forked from it starts
with them instead of starting an interpreter and reading the story again."""

from tests.classroom.live_support import SCENES, story_in

story_in(str(SCENES))
