"""Chapter select: start a role at any of its chapters, as a lesson's episode.

Each later chapter is offered once for each way of playing that reaches it ("As most
did", "Against the current"); the panel below the list says who you have been by then:
the decisions already taken, as the game computed them by playing the story from the
start (see game/classroom/episodes.py).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.classroom.episodes import PRESETS, ChapterStart, EpisodeError, chapter_starts, episodes
from game.engine.model import Story
from game.ui import story_text
from game.ui.screens.dialog import Dialog


def start_id(start: ChapterStart) -> str:
    return f"{start.role}/{start.chapter}/{start.preset or ''}"


def who_you_have_been(story: Story, start: ChapterStart) -> Content:
    """The start as the panel describes it: where, how long the episode plays, what was decided."""
    role = story.roles[start.role]
    lines: list[Content] = [
        Content.styled(f"{role.name}, chapter {start.number}: {start.title}", "bold $text-accent")
    ]
    episode = next((e for e in episodes(story, start.role) if start.chapter in e.chapters), None)
    if episode is not None and episode.first == start.chapter:
        titles = " to ".join(
            dict.fromkeys(
                (story.chapters[episode.chapters[0]].title, story.chapters[episode.chapters[-1]].title)
            )
        )
        lines.append(
            Content(
                f"Episode {episode.number} ({titles}): about {episode.minutes:.0f} minutes of reading "
                f"for 14-16-year-olds ({episode.adult_minutes:.0f} for adults)."
            )
        )
    if start.preset is None:
        lines.append(Content("From the beginning: nothing has been decided yet."))
        return Content("\n").join(lines)
    preset = PRESETS[start.preset]
    lines.append(
        Content.assemble(("Who you have been: ", "bold"), f"{preset.name.lower()}, {preset.summary}.")
    )
    for taken in start.before:
        lines.append(
            Content.assemble(
                "• ", (story_text.plain(taken.decision), "bold"), ": ", story_text.plain(taken.choice)
            )
        )
    return Content("\n").join(lines)


class ChapterSelectScreen(Dialog[ChapterStart | None]):
    """Dismisses with the start chosen, or None if the player goes back."""

    DEFAULT_CSS = """
    ChapterSelectScreen .dialog { max-width: 100; }
    ChapterSelectScreen #starts { height: 1fr; min-height: 5; border: none; background: transparent; }
    ChapterSelectScreen #start-detail { height: auto; max-height: 45%; border-top: solid $panel-lighten-2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self, story: Story) -> None:
        super().__init__()
        self.story = story
        self.problem = ""
        self.starts: dict[str, ChapterStart] = {}
        try:
            for role in story.roles:
                self.starts.update((start_id(s), s) for s in chapter_starts(story, role))
        except EpisodeError as err:
            self.problem = f"The chapters cannot be offered: {err}."

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog chapters"):
            yield Static(Content.styled("Start at a chapter", "bold"), classes="heading")
            yield OptionList(*self._options(), id="starts", markup=False)
            with VerticalScroll(id="start-detail"):
                yield Static(Content(self.problem), id="start-who", markup=False)
            yield Static(Content("Enter to begin · Esc to go back"), classes="hint")

    def _options(self) -> list[Option]:
        options: list[Option] = []
        role = None
        for ident, start in self.starts.items():
            if start.role != role:
                role = start.role
                options.append(Option(Content.styled(self.story.roles[role].name, "bold"), disabled=True))
            how = PRESETS[start.preset].name.lower() if start.preset else "from the beginning"
            prompt = Content.assemble(f"  {start.number}. {start.title}", (f" · {how}", "$foreground-muted"))
            options.append(Option(prompt, id=ident))
        return options

    def on_mount(self) -> None:
        starts = self.query_one("#starts", OptionList)
        starts.focus()
        if self.starts:
            starts.highlighted = 1  # the first start, under its role's name

    @on(OptionList.OptionHighlighted, "#starts")
    def _shown(self, event: OptionList.OptionHighlighted) -> None:
        start = self.starts.get(event.option.id or "")
        if start is not None:
            self.query_one("#start-who", Static).update(who_you_have_been(self.story, start))

    @on(OptionList.OptionSelected, "#starts")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        start = self.starts.get(event.option.id or "")
        if start is not None:
            self.dismiss(start)

    def action_back(self) -> None:
        self.dismiss(None)
