"""Episodes: starting a role at any chapter, from a state reached by real play.

A class period is 45 minutes and a whole role is 35-40 minutes of reading (45-55 for
14-16-year-olds), so a lesson plays one *episode*: a run of chapters of one role.  A
player may start any chapter of a role ("chapter select").  The state a chapter starts
from is never written by hand (the campaign's ids change as it is rewritten): it is
computed by replaying a :class:`Preset`, a deterministic way of playing, through the
engine from the role's start until the game first enters that chapter.

* ``history``: at each decision point, the choice marked historical (what most people in
  that position did), else the first choice open;
* ``dissent``: at each decision point, the first choice open that is *not* the historical
  one, else the first open.

Between decision points both take the first open choice that leads somewhere not yet
visited (else the first open).  A preset that ends the game before a chapter simply does
not offer that chapter.  The start state is marked (:class:`game.engine.state.Start`:
chapter, preset, and how many steps the preset took), so saves, results and reports can
tell a chapter start from a whole game, and undo stops at the start of the chapter.

:func:`episodes` groups each role's chapters into lesson-sized runs, by the words a
playthrough reads in each chapter.  No Textual here: the title screen, the command line,
the plain player and a live class all call :func:`start_episode`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from game.engine import play
from game.engine.model import Choice, Scene, Story
from game.engine.state import GameState, Origin, Start
from game.engine.stats import WORDS_PER_MINUTE, target_words
from game.saves import SaveStore
from game.session import Session, SessionError

CLASS_WORDS_PER_MINUTE = 150
"""Reading speed assumed for 14-16-year-olds (a role of 35-40 minutes at the adult
:data:`WORDS_PER_MINUTE` takes them 45-55)."""

EPISODE_MINUTES = 25
"""The playing time of the 45-minute lesson plan: an episode is at most this long for
14-16-year-olds, unless a single chapter is longer."""

EPISODE_WORDS = EPISODE_MINUTES * CLASS_WORDS_PER_MINUTE


class EpisodeError(SessionError):
    """A chapter start that cannot be found or computed; the message says why and what to do.
    (A :class:`SessionError`: every front end already shows why a game could not start.)"""


@dataclass(frozen=True, slots=True)
class Preset:
    id: str
    name: str  # "As most did"
    summary: str  # one line: how this preset plays
    prefer_historical: bool


PRESETS: dict[str, Preset] = {
    preset.id: preset
    for preset in (
        Preset(
            "history",
            "As most did",
            "at each decision point you did what most people in your position did",
            prefer_historical=True,
        ),
        Preset(
            "dissent",
            "Against the current",
            "at each decision point you did something other than what most did",
            prefer_historical=False,
        ),
    )
}
DEFAULT_PRESET = "history"


@dataclass(frozen=True, slots=True)
class Taken:
    """One decision the preset took before the chapter: for "who you have been"."""

    decision: str  # the decision point's title
    choice: str  # the choice, as it read when taken


@dataclass(frozen=True)
class ChapterStart:
    """Where a role can start one of its chapters."""

    role: str
    chapter: str
    number: int  # 1-based, among the chapters the role plays
    title: str
    preset: str | None  # None: the first chapter, the role's own start
    state: GameState
    before: tuple[Taken, ...]  # the decisions already taken when the chapter starts

    @property
    def preset_name(self) -> str:
        return PRESETS[self.preset].name if self.preset else "From the beginning"


@dataclass(frozen=True)
class ChapterReading:
    """What one preset's playthrough reads in one chapter of a role."""

    chapter: str
    words: int
    decisions: tuple[str, ...]  # decision ids met in the chapter, in order


def _pick(story: Story, state: GameState, scene: Scene, preset: Preset) -> Choice:
    choices = play.available_choices(story, state)
    if not choices:
        raise EpisodeError(f"the scene '{scene.id}' offers no choice open to the player (a dead end)")
    if scene.decision is not None:
        wanted = [c for c in choices if c.historical == preset.prefer_historical]
        if wanted:
            return wanted[0]
    fresh = [c for c in choices if state.visits.get(c.next, 0) == 0]
    return (fresh or choices)[0]


def playthrough(story: Story, role: str, preset: str) -> list[GameState]:
    """Every state of one preset's game of ``role``, from its start to its ending."""
    if preset not in PRESETS:
        raise EpisodeError(f"there is no preset '{preset}' (the presets are: {', '.join(PRESETS)})")
    try:
        state = play.new_game(story, role)
    except play.PlayError as err:
        raise EpisodeError(str(err)) from None
    states = [state]
    limit = 4 * len(story.scenes) + 10
    while (scene := play.current_scene(story, state)) is not None:
        if len(states) > limit:
            raise EpisodeError(
                f"the '{preset}' way of playing {role} goes round in circles (at '{scene.id}'); "
                "every loop in the story needs a way out that leads somewhere new"
            )
        state = play.choose(story, state, _pick(story, state, scene, PRESETS[preset]).id)
        states.append(state)
    return states


def _role_chapters(story: Story, role: str, games: dict[str, list[GameState]]) -> list[str]:
    """The chapters the role plays, in the story's chapter order."""
    entered = {story.scenes[s.at].chapter for game in games.values() for s in game if s.at in story.scenes}
    return [chapter for chapter in story.chapters if chapter in entered]


def chapter_starts(story: Story, role: str) -> list[ChapterStart]:
    """Every start a role offers: its first chapter from the beginning, then each later
    chapter once per preset that reaches it, in chapter order."""
    games = {preset: playthrough(story, role, preset) for preset in PRESETS}
    chapters = _role_chapters(story, role, games)
    starts: list[ChapterStart] = []
    for number, chapter in enumerate(chapters, 1):
        title = story.chapters[chapter].title
        if number == 1:
            starts.append(ChapterStart(role, chapter, 1, title, None, games[DEFAULT_PRESET][0], ()))
            continue
        seen: set[str] = set()  # two presets that arrive by the same path are offered once
        for preset, game in games.items():
            state = next(
                (s for s in game if s.at in story.scenes and story.scenes[s.at].chapter == chapter), None
            )
            if state is None or state.to_json() in seen:
                continue
            seen.add(state.to_json())
            starts.append(
                ChapterStart(
                    role, chapter, number, title, preset, _mark(state, chapter, preset), _before(story, state)
                )
            )
    return starts


def _mark(state: GameState, chapter: str, preset: str) -> GameState:
    """The state as a start: marked with where it began, and undo stops here."""
    values, visits = tuple(sorted(state.values.items())), tuple(sorted(state.visits.items()))
    origin = Origin(state.at, values, visits, state.turn, len(state.steps))  # sorted, as a save reads it
    return state.evolve(start=Start(chapter, preset, len(state.steps)), origin=origin)


def _before(story: Story, state: GameState) -> tuple[Taken, ...]:
    from game.engine.view import journal

    return tuple(Taken(entry.decision.title, entry.chosen_text) for entry in journal(story, state))


def find_start(story: Story, role: str, chapter: str, preset: str | None = None) -> ChapterStart:
    """The start of ``chapter`` (its id, or its number among the role's chapters) for
    ``role``, by ``preset`` (default: the first preset that reaches it)."""
    if role not in story.roles:
        raise EpisodeError(f"there is no role '{role}' (the roles are: {', '.join(story.roles)})")
    if preset is not None and preset not in PRESETS:
        raise EpisodeError(f"there is no preset '{preset}' (the presets are: {', '.join(PRESETS)})")
    starts = chapter_starts(story, role)
    numbers = {start.chapter: start.number for start in starts}
    wanted = chapter.strip()
    if wanted.isdigit() and int(wanted) in numbers.values():
        wanted = next(c for c, n in numbers.items() if n == int(wanted))
    matching = [s for s in starts if s.chapter == wanted]
    if not matching:
        listed = "; ".join(f"{n} or {c} ({story.chapters[c].title})" for c, n in numbers.items())
        raise EpisodeError(
            f"the {story.roles[role].name} has no chapter '{chapter}' to start at (choose {listed})"
        )
    if preset is None or matching[0].preset is None:
        return matching[0]
    for start in matching:
        if start.preset == preset:
            return start
    offered = ", ".join(s.preset or "" for s in matching)
    raise EpisodeError(
        f"playing '{preset}' never reaches the chapter '{wanted}' as the {story.roles[role].name}; "
        f"start it as: {offered}"
    )


def start_episode(
    story: Story, store: SaveStore, role: str, chapter: str, preset: str | None = None
) -> Session:
    """A new game of ``role`` at ``chapter``, autosaved (as :meth:`Session.new`): what the title
    screen, ``--chapter`` and a live class call.  Raises :class:`EpisodeError`."""
    start = find_start(story, role, chapter, preset)
    session = Session(story, store, start.state)
    session.started_at = datetime.now(UTC)
    session.autosave()
    return session


def start_summary(story: Story, state: GameState) -> list[str]:
    """Lines that tell a player where a chapter start begins and who they have been until then."""
    mark = state.start
    if mark is None:
        return []
    chapter = story.chapters.get(mark.chapter)
    title = chapter.title if chapter is not None else mark.chapter
    lines = [f"You begin at the chapter “{title}”."]
    preset = PRESETS.get(mark.preset)
    if preset is not None:
        lines.append(f"Who you have been ({preset.name.lower()}): {preset.summary}.")
    from game.engine.view import journal

    before = sum(1 for step in state.steps[: mark.steps] if step.decision is not None)
    for entry in journal(story, state)[:before]:
        lines.append(f"- {entry.decision.title}: {entry.chosen_text}")
    return lines


def own_steps(state: GameState) -> int:
    """How many of the state's steps were taken before the player began (by a preset)."""
    return 0 if state.start is None else min(state.start.steps, len(state.steps))


def start_label(story: Story, chapter: str, preset: str) -> str:
    """``“Spring 1921: The soviet” (as most did)``: where a chapter start began (a chapter
    since renamed shows its id; an unknown preset its name)."""
    title = f"“{story.chapters[chapter].title}”" if chapter in story.chapters else f"'{chapter}'"
    how = PRESETS[preset].name.lower() if preset in PRESETS else preset
    return f"{title} ({how})"


# ------------------------------------------------------------------ reading time
def chapter_reading(story: Story, role: str, preset: str) -> list[ChapterReading]:
    """The words one preset's playthrough of ``role`` reads in each chapter it enters (each
    scene's text rendered in the state the player reads it in, its what-happened panel, and
    the ending in the chapter it ends)."""
    words: dict[str, int] = {}
    decisions: dict[str, list[str]] = {}
    chapter = ""
    for state in playthrough(story, role, preset):
        scene = play.current_scene(story, state)
        if scene is not None:
            chapter = scene.chapter
            if scene.decision is not None:
                decisions.setdefault(chapter, []).append(scene.decision)
        words[chapter] = words.get(chapter, 0) + target_words(story, state.at, play.context(state))
        decisions.setdefault(chapter, [])
    return [ChapterReading(c, words[c], tuple(decisions[c])) for c in story.chapters if c in words]


@dataclass(frozen=True)
class Episode:
    """A lesson-sized run of one role's chapters."""

    role: str
    number: int  # 1-based among the role's episodes
    chapters: tuple[str, ...]
    words: int  # the most any preset reads in these chapters
    decisions: tuple[str, ...]  # decision ids any preset meets in them, in story order

    @property
    def minutes(self) -> float:
        """Reading time for 14-16-year-olds."""
        return self.words / CLASS_WORDS_PER_MINUTE

    @property
    def adult_minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE

    @property
    def first(self) -> str:
        return self.chapters[0]


def role_reading(story: Story, role: str) -> dict[str, tuple[int, tuple[str, ...]]]:
    """For each chapter the role plays: the most words any preset reads there, and the
    decision points any preset meets there (in the order met)."""
    out: dict[str, tuple[int, list[str]]] = {}
    for preset in PRESETS:
        for row in chapter_reading(story, role, preset):
            words, met = out.get(row.chapter, (0, []))
            met += [d for d in row.decisions if d not in met]
            out[row.chapter] = (max(words, row.words), met)
    return {c: (out[c][0], tuple(out[c][1])) for c in story.chapters if c in out}


def episodes(story: Story, role: str, budget: int = EPISODE_WORDS) -> list[Episode]:
    """The role's chapters in runs of at most ``budget`` words (a longer chapter stands
    alone); a last run under a third of the budget joins the one before it."""
    reading = role_reading(story, role)
    runs: list[list[str]] = []
    total = 0
    for chapter, (words, _) in reading.items():
        if runs and total + words <= budget:
            runs[-1].append(chapter)
            total += words
        else:
            runs.append([chapter])
            total = words
    if len(runs) > 1 and total < budget / 3:
        runs[-2] += runs.pop()
    return [
        Episode(
            role,
            number,
            tuple(run),
            sum(reading[c][0] for c in run),
            tuple(d for c in run for d in reading[c][1]),
        )
        for number, run in enumerate(runs, 1)
    ]


def all_episodes(story: Story) -> list[Episode]:
    return [episode for role in story.roles for episode in episodes(story, role)]


def reading_lines(story: Story) -> list[str]:
    """The ``stats`` command's account of chapters and episodes: what one playthrough reads
    in each chapter, by each preset, and the episodes those make."""
    lines = [
        "Chapter by chapter, in one playthrough of each way of playing (words read there; minutes at "
        f"{WORDS_PER_MINUTE} words a minute, and at {CLASS_WORDS_PER_MINUTE} for 14-16-year-olds):"
    ]
    names = [PRESETS[p].name for p in PRESETS]
    for role in story.roles.values():
        lines.append(f"  {role.name}")
        by_preset = {p: {r.chapter: r.words for r in chapter_reading(story, role.id, p)} for p in PRESETS}
        chapters = [c for c in story.chapters if any(c in words for words in by_preset.values())]
        width = max(len(story.chapters[c].title) for c in chapters) if chapters else 0
        for number, chapter in enumerate(chapters, 1):
            counts = [by_preset[p].get(chapter) for p in PRESETS]
            most = max(c or 0 for c in counts)
            shown = ", ".join(
                f"{name.lower()} {count:,}" if count is not None else f"{name.lower()}: not reached"
                for name, count in zip(names, counts, strict=True)
            )
            lines.append(
                f"    {number}. {story.chapters[chapter].title:<{width}}  {shown}; "
                f"{most / WORDS_PER_MINUTE:.0f} / {most / CLASS_WORDS_PER_MINUTE:.0f} min"
            )
        for episode in episodes(story, role.id):
            numbers = [chapters.index(c) + 1 for c in episode.chapters]
            span = f"chapter {numbers[0]}" if len(numbers) == 1 else f"chapters {numbers[0]}-{numbers[-1]}"
            count = len(episode.decisions)
            lines.append(
                f"    episode {episode.number}: {span}, {episode.words:,} words, "
                f"{episode.adult_minutes:.0f} / {episode.minutes:.0f} min, "
                f"{count} decision point{'s' * (count != 1)}"
            )
    lines.append(
        f"(an episode is a lesson's play: chapters in a run of at most {EPISODE_MINUTES} minutes at "
        f"{CLASS_WORDS_PER_MINUTE} words a minute; start one with --chapter)"
    )
    return lines
