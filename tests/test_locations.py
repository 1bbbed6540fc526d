"""Where the game keeps things on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import locations


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("MOSCOW1921_HOME", str(home))
    return home


def test_home_override(home: Path) -> None:
    assert locations.data_dir() == home
    assert locations.saves_dir() == home / "saves"
    assert locations.settings_path() == home / "settings.json"
    assert locations.exports_dir() == home / "exports"


def test_directories_are_created_lazily(home: Path) -> None:
    assert not home.exists()
    assert locations.saves_dir().is_dir()
    assert locations.exports_dir().is_dir()
    assert locations.settings_path().parent.is_dir()
    assert not locations.settings_path().exists()


def test_nested_home_is_created_with_parents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = tmp_path / "a" / "b" / "c"
    monkeypatch.setenv("MOSCOW1921_HOME", str(deep))
    assert locations.saves_dir() == deep / "saves"
    assert (deep / "saves").is_dir()


def test_without_override_uses_the_platform_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MOSCOW1921_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # platformdirs honours it on Linux
    data = locations.data_dir()
    assert data.name == "moscow1921"
    assert data.is_dir()


def test_empty_override_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOSCOW1921_HOME", "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert locations.data_dir().name == "moscow1921"


def test_default_scenes_dir_finds_the_repository_story() -> None:
    repo_scenes = Path(__file__).resolve().parent.parent / "scenes"
    if not any(repo_scenes.rglob("*.yaml")):
        pytest.skip("the repository's scenes/ holds no story yet")
    assert locations.default_scenes_dir() == repo_scenes


def test_default_scenes_dir_falls_back_to_the_packaged_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty_checkout = tmp_path / "checkout" / "scenes"
    empty_checkout.mkdir(parents=True)
    packaged = tmp_path / "site-packages" / "game" / "scenes"
    packaged.mkdir(parents=True)
    (packaged / "00-story.yaml").write_text("story: {title: Moscow 1921}\n", encoding="utf-8")
    monkeypatch.setattr(locations, "checkout_scenes_dir", lambda: empty_checkout)
    monkeypatch.setattr(locations, "packaged_scenes_dir", lambda: packaged)
    assert locations.default_scenes_dir() == packaged


def test_checkout_story_wins_over_packaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = tmp_path / "checkout" / "scenes"
    (checkout / "chapters").mkdir(parents=True)
    (checkout / "chapters" / "10-winter.yaml").write_text("scenes: []\n", encoding="utf-8")
    monkeypatch.setattr(locations, "checkout_scenes_dir", lambda: checkout)
    monkeypatch.setattr(locations, "packaged_scenes_dir", lambda: tmp_path / "nowhere")
    assert locations.default_scenes_dir() == checkout


def test_checkout_scenes_dir_is_next_to_the_package() -> None:
    import game

    assert locations.checkout_scenes_dir() == Path(game.__file__).resolve().parent.parent / "scenes"
    assert locations.packaged_scenes_dir() == Path(game.__file__).resolve().parent / "scenes"
