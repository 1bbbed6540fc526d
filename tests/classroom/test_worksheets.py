"""Student worksheets (one per episode) and their marking guide, and the lesson plans that
play one episode: generated from the scenes, the options rendered by the engine in the state
a player meets them in, the plans' play time taken from the episodes' reading time."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import locations
from game.classroom.episodes import episodes, find_start
from game.classroom.handouts import render_handouts
from game.classroom.handouts_episodes import LESSON_PLAY_MINUTES, lesson_episode
from game.classroom.handouts_facts import decision_points
from game.classroom.handouts_plans import plans
from game.classroom.handouts_worksheets import marking_sheet, student_sheet, worksheets
from game.engine.model import Story
from game.loading import load_story
from tests.classroom.handouts_helpers import STORY_YAML, markdown_text, section, walk

# The worker's vote reads differently with the worker's hunger: the worksheet must show it as
# rendered in play (hunger starts at 5), never the raw field with its {if ...}.
REACTIVE = STORY_YAML.replace(
    "{id: aye, text: Vote for it., historical: true, next: spring_meeting}",
    '{id: aye, text: "Vote for it{if hunger > 3:, hungry as you are| else:, fed}.", historical: true, '
    "next: spring_meeting}",
)


def _load(tmp_path: Path, body: str) -> Story:
    (tmp_path / "story.yaml").write_text(body, encoding="utf-8")
    result = load_story(tmp_path)
    assert result.story is not None, "\n".join(map(str, result.problems))
    return result.story


@pytest.fixture
def story(tmp_path: Path) -> Story:
    return _load(tmp_path, REACTIVE)


@pytest.fixture(scope="module")
def shipped() -> Story:
    result = load_story(locations.default_scenes_dir())
    assert result.story is not None
    return result.story


def test_a_worksheet_per_episode_with_each_decision_as_the_player_meets_it(story: Story) -> None:
    sheets = worksheets(story)
    assert [s.ident for s in sheets] == ["worker-1", "delegate-1"]
    worker = student_sheet(story, sheets[0])
    assert worker.startswith("## Worksheet: Worker, episode 1 (chapters 1-2)\n")
    assert "`moscow1921 play --role worker`" in worker
    vote = section(worker, "### As you play: what I chose, and why")
    assert (
        "**1. The vote.** How do you vote?\n\n- ☐ Vote for it, hungry as you are.\n- ☐ Vote against it."
        in vote
    )
    assert "{if" not in worker and "fed" not in worker  # rendered in the state, not the raw passage
    assert "**2. The quiet vote.** Do you stay?\n\n- ☐ Stay.\n- ☐ Leave." in vote
    assert vote.count("**Why:**") == 2
    delegate = student_sheet(story, sheets[1])
    assert "- ☐ Raise your hand.\n- ☐ Keep it down." in delegate  # the delegate's own scene


def test_the_source_question_and_the_essay_on_the_historians_argument(story: Story) -> None:
    sheet = student_sheet(story, worksheets(story)[0])
    source = section(sheet, "### A source")
    # the longest quotation of the episode's panels
    assert "> within days the party took it up\n>\n> — Pirani, 2006" in source
    assert "**What does this quotation tell us?**" in source and "**What can't it tell us?**" in source
    essay = section(sheet, "### Essay")
    assert "The historian Simon Pirani argues, about “The vote”: *Order is not cause.*" in essay
    assert "This is Pirani's argument, an interpretation, not a fact." in essay
    assert "**How far do you agree with Pirani?**" in essay


def test_the_marking_guide_gives_history_the_source_and_levels(story: Story) -> None:
    marking = marking_sheet(story, worksheets(story)[0])
    assert "1. **The vote.** History: Vote for it, hungry as you are. The resolution passed." in marking
    assert "2. **The quiet vote.** History: Stay. Most stayed." in marking
    assert "**It cannot tell us**" in marking and "not a record made at the time" in marking
    assert "**The argument** (Simon Pirani's interpretation): Order is not cause." in marking
    assert "- **The leadership:** Trust the party." in marking  # each side's case, to weigh
    assert "**Levels 5-6:**" in marking


def test_worksheet_files_give_each_episode_its_own_pages(story: Story) -> None:
    files = render_handouts(story)
    page = walk(files["worksheets.html"])
    assert [s.get("id") for s in page.sections] == ["worker-1", "delegate-1"]
    assert 'class="answer"' in files["worksheets.html"]  # lines to write on, drawn as rules
    assert "_" * 72 not in page.text
    assert "Vote for it, hungry as you are." in markdown_text(files["worksheets.md"])
    marking = walk(files["marking-guide.html"])
    assert [s.get("class") for s in marking.sections] == ["sheet marking", "sheet marking"]


def test_without_an_argument_or_a_short_quotation_the_sheet_leaves_them_out(tmp_path: Path) -> None:
    body = REACTIVE.replace("    argument: {by: Simon Pirani, text: Order is not cause.}\n", "")
    for quote in ("the resolution was passed", "within days the party took it up", "most stayed"):
        body = body.replace(f"quote: {quote}", f"quote: {' '.join([quote] * 30)}")  # past QUOTE_WORDS
    story = _load(tmp_path, body)
    sheet = student_sheet(story, worksheets(story)[0])
    assert "### Essay" not in sheet and "### A source" not in sheet
    assert "### As you play" in sheet


def test_shipped_plans_play_one_episode_in_the_time_they_allot(shipped: Story) -> None:
    chosen = lesson_episode(shipped)
    assert chosen is not None
    every = {(e.role, e.number): e for role in shipped.roles for e in episodes(shipped, role)}
    episode = every[(chosen.episode.role, chosen.episode.number)]  # the reading time stats prints
    assert episode.minutes <= LESSON_PLAY_MINUTES
    short, long = plans(shipped, decision_points(shipped))
    for plan in (short, long):
        assert sum(step.minutes for step in plan.steps) == plan.minutes
        assert plan.episode == chosen
        assert plan.play_minutes >= episode.minutes  # the play fits the time it is given
    # its command starts the episode's first chapter
    start = find_start(shipped, episode.role, str(chosen.first_number))
    assert start.chapter == episode.chapters[0]
    assert f"`{chosen.command}`" in render_handouts(shipped)["quick-start.md"]


def test_shipped_worksheets_cover_every_episode_and_decision(shipped: Story) -> None:
    sheets = worksheets(shipped)
    everything = [e for role in shipped.roles for e in episodes(shipped, role)]
    assert len(sheets) == len(everything)
    for sheet, episode in zip(sheets, everything, strict=True):
        assert [s.decision for s in sheet.scenes] == list(episode.decisions)
        text = student_sheet(shipped, sheet)
        assert "{" not in text.replace("\\{", "")  # no passage syntax leaks from a raw field
        assert sheet.source is not None and sheet.essay is not None
        assert sheet.essay.by == "Simon Pirani"
        for scene in sheet.scenes:
            assert scene.view.options, scene.decision
