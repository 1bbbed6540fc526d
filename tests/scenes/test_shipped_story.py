"""The shipped story, played: it loads cleanly, every path is sound, every ending is
reached by a real play-through, and every quotation is verbatim from the talk."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game import locations
from game.engine.model import Story
from game.saves import SaveStore
from game.session import Session
from tests.scenes.shipped import shipped_report, shipped_story

# One process explores the shipped story once for every test here (make test: --dist loadgroup).
pytestmark = pytest.mark.xdist_group("shipped_story")

REPO = Path(__file__).resolve().parents[2]
IN_CI = bool(os.environ.get("CI"))


def _shared_folder() -> Path:
    """The project's shared folder (the talk, check-quotes): beside this checkout, or beside a folder
    above it (a worktree in ``wt/NAME`` finds the one beside ``wt``, so a land runs these tests too)."""
    for folder in REPO.parents:
        if (folder / "shared").is_dir():
            return folder / "shared"
    return REPO.parent / "shared"


SHARED = _shared_folder()
CHECK_QUOTES = SHARED / "tools" / "check-quotes"
TALK = SHARED / "sources" / "pirani-2006-talk.txt"


@pytest.fixture(scope="module")
def story() -> Story:
    return shipped_story()


def test_shipped_story_has_two_roles_and_real_decision_points(story: Story) -> None:
    assert set(story.roles) >= {"metalworker", "delegate"}
    assert len(story.decisions) >= 6
    assert all(decision.sources for decision in story.decisions.values())


def test_explore_finds_no_defects(story: Story) -> None:
    report = shipped_report()
    assert report.defects == []
    for role in report.roles:
        assert role.endings, f"role {role.role} reaches no ending"


@pytest.fixture(scope="module")
def ending_paths(story: Story) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """role -> ending -> a shortest (scene, choice) path, as found by the explorer."""
    return {role.role: role.ending_paths for role in shipped_report().roles}


def test_every_ending_is_played_through_a_session(
    story: Story, ending_paths: dict[str, dict[str, list[tuple[str, str]]]], tmp_path: Path
) -> None:
    reached: set[str] = set()
    for role, paths in ending_paths.items():
        for ending, path in paths.items():
            store = SaveStore(tmp_path / role / ending)
            session = Session.new(story, store, role)
            for scene, choice in path:
                assert session.state.at == scene
                offered = [o.choice.id for o in session.options() if o.available]
                assert choice in offered
                session.choose(choice)
                resumed = Session.resume(story, store)  # the autosave always holds the latest state
                assert resumed is not None and resumed.state.to_json() == session.state.to_json()
            assert session.is_over and session.ending is not None and session.ending.id == ending
            debrief = session.debrief_markdown()
            for entry in session.journal():
                assert entry.decision.title in debrief
            while session.undo():  # and the whole way back again
                pass
            assert session.state.at == story.roles[role].start and session.state.turn == 0
            reached.add(ending)
    assert reached == set(story.endings), f"never reached: {set(story.endings) - reached}"


def test_each_role_meets_several_decision_points(
    story: Story, ending_paths: dict[str, dict[str, list[tuple[str, str]]]]
) -> None:
    for role, paths in ending_paths.items():
        most = max(sum(1 for scene, _ in path if story.scenes[scene].decision) for path in paths.values())
        assert most >= 4, f"{role}: at most {most} decisions on a shortest path to an ending"


@pytest.mark.skipif(
    not CHECK_QUOTES.exists() and not IN_CI,
    reason="the shared check-quotes tool is not beside this checkout (CI always runs this test)",
)
def test_check_quotes_passes() -> None:
    done = subprocess.run(
        [sys.executable, str(CHECK_QUOTES), str(locations.default_scenes_dir())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _fold(text: str) -> str:
    table = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})
    return re.sub(r"\s+", " ", text.translate(table)).strip()


@pytest.mark.skipif(
    not TALK.exists() and not IN_CI, reason="the talk is not beside this checkout (CI always runs this test)"
)
def test_quotations_are_short_and_attributed(story: Story) -> None:
    """Short attributed quotations only: the project never ships the talk itself."""
    sources = [s for d in story.decisions.values() for s in d.sources]
    sources += [s for e in story.endings.values() for s in e.sources]
    talk = _fold(TALK.read_text(encoding="utf-8"))
    for source in sources:
        assert len(source.quote.split()) <= 60, source.quote
        assert "Pirani" in source.cite or "Serge" in source.cite or "Shliapnikov" in source.cite
        first = _fold(source.quote).split("...")[0].strip(" \"'")
        assert first[:40] in talk, source.quote
    quoted_words = sum(len(s.quote.split()) for s in sources)
    assert quoted_words < len(talk.split()) / 3


def test_composite_characters_are_declared(story: Story) -> None:
    assert "composite" in story.about.lower()
    assert all(
        "composite" in role.description.lower() or "invented" in role.description.lower()
        for role in story.roles.values()
    )
