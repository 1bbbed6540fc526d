"""What a player sees in one state of a game: story text rendered from the story and the state.

Every front end (the Textual player, the plain player, the web edition) and the
debrief read the scene, the ending and the journal from here, so text that follows
the state is rendered by one function, :func:`game.engine.text.render`, in one
place. Nothing here is saved: a view is derived from the state whenever it is needed.

* :func:`scene_view`: the scene's prose, the aftermath of the choice that led here,
  and the options with their texts;
* :func:`ending_view`: the ending's epilogue, history and the fates of the people met;
* :func:`journal`: every decision taken, each choice's text as it read when it was taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import play
from game.engine.model import Character, Choice, Decision, Ending, Scene, Story
from game.engine.play import Option
from game.engine.state import GameState
from game.engine.text import outside_play, render


@dataclass(frozen=True, slots=True)
class SceneView:
    """A scene as the player reads it now."""

    scene: Scene
    aftermath: str  # the line the last choice left, shown above the scene ("" for none)
    prose: str  # glossary marks kept: each front end shows them its own way
    options: tuple[Option, ...]  # each with its rendered text


@dataclass(frozen=True, slots=True)
class FateView:
    character: Character
    text: str


@dataclass(frozen=True, slots=True)
class EndingView:
    """An ending as the player reads it: every part rendered from the road that led there."""

    ending: Ending
    aftermath: str
    epilogue: str
    history: str
    fates: tuple[FateView, ...]  # in written order; a fate that renders empty is left out


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One decision taken: the choice against history's, with their texts as they read then."""

    decision: Decision
    scene: Scene
    chosen: Choice
    historical: tuple[Choice, ...]
    chosen_text: str
    historical_texts: tuple[str, ...]

    @property
    def matched(self) -> bool:
        return self.chosen.historical


def aftermath(story: Story, state: GameState) -> str:
    """The aftermath line of the choice that brought the player here, rendered now ("" if none)."""
    if not state.steps:
        return ""
    last = state.steps[-1]
    scene = story.scenes.get(last.scene)
    choice = scene.choice(last.choice) if scene is not None else None
    if choice is None or choice.next != state.at or choice.aftermath.is_empty:
        return ""
    return render(choice.aftermath, story, play.context(state))


def scene_view(story: Story, state: GameState) -> SceneView | None:
    """The scene the player is in, rendered; None once the game has reached an ending."""
    scene = play.current_scene(story, state)
    if scene is None:
        return None
    ctx = play.context(state)
    return SceneView(
        scene,
        aftermath(story, state),
        render(scene.prose, story, ctx),
        tuple(play.options(story, state)),
    )


def ending_view(story: Story, state: GameState) -> EndingView | None:
    """The ending the player reached, rendered; None while the game goes on."""
    ending = play.current_ending(story, state)
    if ending is None:
        return None
    ctx = play.context(state)
    fates = []
    for fate in ending.fates:
        character = story.characters.get(fate.character)
        text = render(fate.text, story, ctx)
        if character is not None and text:
            fates.append(FateView(character, text))
    return EndingView(
        ending,
        aftermath(story, state),
        render(ending.epilogue, story, ctx),
        render(ending.history, story, ctx),
        tuple(fates),
    )


def journal(story: Story, state: GameState) -> list[JournalEntry]:
    """Every decision taken, oldest first, each choice's text rendered in the state it was taken in."""
    entries = []
    for step, before in play.walk(story, state):
        if step.decision is None:
            continue
        scene = story.scenes.get(step.scene)
        decision = story.decisions.get(step.decision)
        chosen = scene.choice(step.choice) if scene else None
        if scene is None or decision is None or chosen is None:
            continue
        historical = tuple(choice for choice in scene.choices if choice.historical)
        if before is None:  # before a repaired save's origin: how the choices read outside play
            texts = [outside_play(choice.text, story) for choice in (chosen, *historical)]
        else:
            ctx = play.context(before)
            texts = [render(choice.text, story, ctx) for choice in (chosen, *historical)]
        entries.append(JournalEntry(decision, scene, chosen, historical, texts[0], tuple(texts[1:])))
    return entries
