"""Glossary entries as students read them: what general knowledge adds (not the talk) is a
separate ``general:`` part, marked by a quiet note wherever the entry is shown; lines for the
teacher (``teacher_note:``) appear in the teacher's guide only."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from game.classroom.handouts_guide import teacher_guide
from game.engine.model import GENERAL_NOTE, Story
from game.loading import load_story
from game.plain import PlainPlayer
from game.saves import SaveStore
from game.ui.screens.glossary import definition_content
from tests.engine.conftest import StoryMaker

GLOSSARY = """
story: {title: T, version: 1}
variables: {}
roles: [{id: r, name: R, description: D, start: a}]
chapters: [{id: c, title: C}]
glossary:
  soviet:
    general: A council of elected deputies.
    definition: The talk calls the soviets organs of workers' democracy.
    teacher_note: The talk gives no numbers.
  Cheka: {general: The political police?}
  NEP: The New Economic Policy.
endings: [{id: e, title: E, epilogue: x, history: y}]
scenes:
  - {id: a, chapter: c, date: "1921", place: P, title: A, prose: "[[soviet]] and [[Cheka]].",
     choices: [{text: Go, next: e}]}
"""


@pytest.fixture
def small(make_story: StoryMaker) -> Story:
    return make_story(GLOSSARY)


def test_the_general_part_comes_first_marked_by_the_note(small: Story) -> None:
    soviet = small.glossary["soviet"]
    assert soviet.reading() == (
        ("A council of elected deputies", False),
        (f"({GENERAL_NOTE}).", True),
        ("The talk calls the soviets organs of workers' democracy.", False),
    )
    assert soviet.text == (
        "A council of elected deputies (general knowledge, not from the talk). "
        "The talk calls the soviets organs of workers' democracy."
    )
    assert small.glossary["Cheka"].text == f"The political police ({GENERAL_NOTE})?"
    assert small.glossary["NEP"].text == "The New Economic Policy."  # from the talk: no note


def test_an_entry_with_neither_part_is_a_located_problem(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(GLOSSARY.replace("NEP: The New Economic Policy.", "NEP: {also: [x]}"))
    result = load_story(tmp_path)
    assert result.story is None
    [problem] = result.problems
    assert "s.yaml:" in str(problem)
    assert "glossary term 'NEP' needs a definition: (what the talk says) or general:" in str(problem)


def test_the_glossary_screen_shows_the_note_quietly(small: Story) -> None:
    content = definition_content(small.glossary["soviet"])
    assert content.plain.splitlines()[1] == small.glossary["soviet"].text
    note = content.plain.index(f"({GENERAL_NOTE})")
    styled = [str(span.style) for span in content.spans if span.start <= note < span.end]
    assert any("muted" in style for style in styled)  # dimmed, apart from the entry's own words
    assert "no numbers" not in content.plain  # the teacher's note is not for the player


def test_the_plain_player_prints_the_note(small: Story, tmp_path: Path) -> None:
    out = io.StringIO()
    PlainPlayer(small, SaveStore(tmp_path / "saves"), io.StringIO("g soviet\nq\n"), out).run(role="r")
    assert f"soviet: {small.glossary['soviet'].text}" in out.getvalue()
    assert "no numbers" not in out.getvalue()


def test_the_guide_marks_general_knowledge_and_carries_the_teacher_note(small: Story) -> None:
    guide = teacher_guide(small).appendix
    assert f"**soviet**: A council of elected deputies *({GENERAL_NOTE}).* The talk calls" in guide
    assert "*For the teacher:* The talk gives no numbers." in guide


def test_shipped_glossary_is_written_for_students(story: Story) -> None:
    """No bare "(general)" marks, and no lines about what the source leaves out, in what students read."""
    for_authors = re.compile(r"\(general\)|talk says no more|talk does not say|does not say whether", re.I)
    for entry in story.glossary.values():
        assert not for_authors.search(entry.text), f"{entry.term}: {entry.text}"
        if entry.general:
            assert entry.general.rstrip()[-1] in ".?!", f"{entry.term}: the general part is a whole sentence"
    assert sum(1 for entry in story.glossary.values() if entry.general) >= 10
    assert any(entry.teacher_note for entry in story.glossary.values())
