"""A decision's ``summary`` (the what-happened panel's first view): its checker rules, and the
story's ``content_note`` (the about screen's "Content and age")."""

from __future__ import annotations

import textwrap
from pathlib import Path

from game.engine.model import SUMMARY_WORDS
from game.loading import load_story
from tests.loading.test_passage_errors import STORY


def story_with_summary(tmp_path: Path, summary: str) -> Path:
    text = STORY.replace(
        "scenes:\n",
        textwrap.dedent(
            f"""\
            decisions:
              - id: vote
                title: Vote
                question: How?
                summary: {summary}
                happened: It passed.
                sources: [{{quote: "It passed", cite: Pirani}}]
            scenes:
            """
        ),
    ).replace("    title: One\n", "    title: One\n    decision: vote\n")
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_summary_of_the_most_words_allowed_loads(tmp_path: Path) -> None:
    result = load_story(story_with_summary(tmp_path, " ".join(["word"] * SUMMARY_WORDS)))
    assert result.problems == [] and result.story is not None
    assert len(result.story.decisions["vote"].summary.split()) == SUMMARY_WORDS


def test_a_longer_summary_is_reported_where_it_is_with_how_to_fix_it(tmp_path: Path) -> None:
    folder = story_with_summary(tmp_path, " ".join(["word"] * (SUMMARY_WORDS + 1)))
    result = load_story(folder)
    assert result.story is None
    (problem,) = result.problems
    lines = (folder / "s.yaml").read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.strip().startswith("summary:"))
    assert Path(problem.file).name == "s.yaml" and problem.line == line
    assert f"the summary is {SUMMARY_WORDS + 1} words" in problem.message
    assert f"keep it to {SUMMARY_WORDS} or fewer" in problem.message
    assert problem.hint is not None and "happened:" in problem.hint


def test_the_story_may_write_a_content_note(tmp_path: Path) -> None:
    text = STORY.replace(
        "story: {title: T, version: 1}", "story: {title: T, version: 1, content_note: Arrests. 14 and over.}"
    )
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    result = load_story(tmp_path)
    assert result.problems == [] and result.story is not None
    assert result.story.content_note == "Arrests. 14 and over."


def test_the_shipped_story_writes_its_content_and_age_note() -> None:
    from tests.scenes.shipped import shipped_story

    note = shipped_story().content_note
    for words in ("arrested in the night", "beaten", "suicide", "14 and over"):
        assert words in note
