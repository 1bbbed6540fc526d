"""The end of a game sets the player's decisions beside history's as something to think about, not a
score, and counts every decision it lists, the same in the Textual player, the plain one and the
debrief (issue 11, item 3)."""

from __future__ import annotations

import io
import random
import re

from game.engine import panel, play
from game.engine.state import GameState
from game.plain import PlainPlayer
from game.session import Session
from game.ui.app import create_app
from game.ui.screens.ending import EndScreen
from tests.scenes.shipped import shipped_story
from tests.ui.helpers import screen_text, until

VERDICTS = (panel.SAME, panel.OTHER, panel.OPEN)


def _a_finished_game_with_an_open_decision() -> GameState:
    """A seeded random play of the shipped story to an ending, passing a decision point that has no
    single historical answer ("An empty lathe") and others that have one."""
    story = shipped_story()
    rng = random.Random(11)
    for _ in range(500):
        state = play.new_game(story, "metalworker")
        while not play.is_over(story, state):
            options = [option for option in play.options(story, state) if option.available]
            state = play.choose(story, state, rng.choice(options).choice.id)
        scenes = {step.scene for step in state.decisions}
        if "mw_arrest" in scenes and len(scenes) >= 5:
            return state
    raise AssertionError("no such game in 500 tries")


async def test_every_listed_decision_is_counted_and_has_its_verdict() -> None:
    story = shipped_story()
    state = _a_finished_game_with_an_open_decision()
    app = create_app(story=story)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.session = Session(story, app.store, state)
        app.show_game()
        await until(pilot, lambda: isinstance(app.screen, EndScreen) and bool(app.screen.query("#debrief")))
        session = app.session
        counted = session.comparison()
        assert counted.open >= 1 and counted.total == len(session.journal()) >= 5
        debrief = str(app.screen.query_one("#debrief").render())
        numbers = [int(n) for n in re.findall(r"^(\d+)\. ", debrief, re.MULTILINE)]
        assert numbers == list(range(1, counted.total + 1))
        assert sum(debrief.count(words) for words in VERDICTS) == counted.total  # one verdict each
        head = str(app.screen.query_one("#divergence").render())
        assert head.startswith(f"You took {counted.total} decisions:")
        assert panel.REFLECTION.split(".")[0] in head
        assert "differed" not in screen_text(app.screen)

    markdown = session.debrief_markdown()
    assert counted.sentence() in markdown
    assert len(re.findall(r"^### \d+\. ", markdown, re.MULTILINE)) == counted.total
    session.autosave()
    out = io.StringIO()
    PlainPlayer(story, session.store, io.StringIO("1\nj\nq\n"), out).run()  # Continue, the journal
    assert out.getvalue().count(counted.sentence()) == 2  # at the end, and under the journal
