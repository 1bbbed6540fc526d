"""Timeline entries may be written in any file; the story holds them in date order."""

from __future__ import annotations

from pathlib import Path

from game.loading import load_story
from tests.loading.test_story_errors import GOOD


def test_entries_from_several_files_come_out_in_date_order(tmp_path: Path) -> None:
    (tmp_path / "10-story.yaml").write_text(
        GOOD
        + "timeline:\n"
        + "  - {date: April 1921, text: Soviet elections., scene: one}\n"
        + "  - {date: 1922, text: The eleventh congress., scene: one}\n",
        encoding="utf-8",
    )
    (tmp_path / "20-more.yaml").write_text(
        "timeline:\n"
        "  - {date: Middle of January 1921, text: Rations cut., scene: one}\n"
        "  - {date: End of February 1921, text: Strikes., scene: one}\n"
        "  - {date: 1921, text: The tenth congress., scene: one}\n"
        "  - {date: After 1921, text: The social contract., scene: one}\n",
        encoding="utf-8",
    )
    result = load_story(tmp_path)
    assert result.problems == []
    assert result.story is not None
    assert [entry.text for entry in result.story.timeline] == [
        "The tenth congress.",  # a bare year opens its year
        "Rations cut.",
        "Strikes.",
        "Soviet elections.",
        "The social contract.",  # "after 1921" closes it
        "The eleventh congress.",
    ]
