"""Playing a role of the shipped story along a route, and measuring what two playthroughs share.

Shared by the role tests (the metalworker's and the delegate's threads), so that "two
playthroughs share well under half their sentences" is measured the same way for both:

- a route names the choice to take at some scenes (or several, the first offered of which is
  taken); everywhere else one rule decides, always the first choice offered or always the last;
- a playthrough reads, in order, every scene's aftermath line and prose, and the ending's
  aftermath line, epilogue and fates, each as the engine's one renderer (game.engine.view)
  shows them;
- the sentences of a playthrough are the set of sentences of everything it read, and two
  playthroughs share the sentences both read, counted against the shorter one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from game.engine import play, view
from game.engine.model import Story, plain_line
from game.engine.state import GameState

Route = Mapping[str, str | tuple[str, ...]]
Picker = Callable[[GameState, list[play.Option]], play.Option]


def prefer(choices: Route, fallback: str = "first") -> Picker:
    """Take the named choice (or the first offered of several, in order), else the fallback:
    the first choice offered ("first") or the last ("last")."""

    def pick(state: GameState, offered: list[play.Option]) -> play.Option:
        wanted = choices.get(state.at)
        for choice_id in (wanted,) if isinstance(wanted, str) else (wanted or ()):
            for option in offered:
                if option.choice.id == choice_id:
                    return option
        assert wanted is None, f"{wanted} is not offered at {state.at}"
        return offered[0] if fallback == "first" else offered[-1]

    return pick


def play_route(
    story: Story, role: str, pick: Picker, prose: dict[str, str] | None = None
) -> tuple[GameState, list[str]]:
    """Play the role to an ending; return the final state and every story text read, in order.
    Given a dict as ``prose``, fill it with each scene's prose as it read on the way."""
    state = play.new_game(story, role)
    texts: list[str] = []
    for _ in range(200):
        scene = view.scene_view(story, state)
        if scene is None:
            break
        texts += [scene.aftermath, scene.prose]
        if prose is not None:
            prose[state.at] = scene.prose
        offered = [o for o in scene.options if o.available]
        assert offered, f"no choice offered at {state.at}"
        state = play.choose(story, state, pick(state, offered).choice.id)
    ending = view.ending_view(story, state)
    assert ending is not None, f"no ending after 200 choices (at {state.at})"
    texts += [ending.aftermath, ending.epilogue, *(f.text for f in ending.fates)]
    return state, texts


def sentences(texts: list[str]) -> set[str]:
    """Every sentence of the texts, as the reader sees it (glossary marks and line breaks gone)."""
    out: set[str] = set()
    for text in texts:
        out |= {s for s in re.split(r"(?<=[.?!])\s+", plain_line(text)) if s}
    return out


def shared_share(one: list[str], two: list[str]) -> tuple[int, int, int, float]:
    """How many sentences each playthrough read, how many both read, and that as a share of the
    shorter: (len one, len two, shared, share)."""
    a, b = sentences(one), sentences(two)
    shared = len(a & b)
    return len(a), len(b), shared, shared / min(len(a), len(b))
