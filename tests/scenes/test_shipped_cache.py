"""The shared exploration of the shipped story is reused only for the story and the engine it
was made from: its key follows every scene file and every module the loader and explorer run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from game import locations
from tests.scenes import shipped

REPO = Path(__file__).resolve().parents[2]


def test_the_key_follows_every_file_of_the_story(tmp_path: Path) -> None:
    scenes = tmp_path / "scenes"
    shutil.copytree(locations.default_scenes_dir(), scenes)
    key = shipped.report_key(scenes)
    assert shipped.report_key(scenes) == key  # the same files, the same key
    first = sorted(scenes.glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    edited = shipped.report_key(scenes)
    assert edited != key
    (scenes / "99-new.yaml").write_text("texts: {}\n", encoding="utf-8")
    assert shipped.report_key(scenes) not in {key, edited}
    first.rename(scenes / "98-moved.yaml")  # the same text under another name
    assert len({key, edited, shipped.report_key(scenes)}) == 3


def test_the_key_covers_every_game_module_loading_and_exploring_import() -> None:
    probe = (
        "import sys, game.loading, game.engine.explore\n"
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.split('.')[0] == 'game'))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    imported = {Path(line).resolve() for line in done.stdout.split()}
    covered = shipped._sources(shipped._ROOTS)
    assert imported - covered == set()
    assert {REPO / "game" / "engine" / "explore.py", REPO / "game" / "loading" / "builder.py"} <= covered
