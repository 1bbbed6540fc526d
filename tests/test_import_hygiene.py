"""The headless core never imports the UI toolkit.

Each module is imported alone, in a child forked from a bare interpreter (``PROBER``: as
fresh as a new interpreter, without starting Python fifty times), so one module cannot hide
another's import.  Modules are discovered from the source tree when the tests are
collected, so a new file under ``game/engine`` or ``game/loading`` is checked
without anyone listing it here.
"""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
GAME = REPO / "game"
HEADLESS_PACKAGES = ("engine", "loading")
EXTRA_MODULES = ("game", "game.saves", "game.locations", "game.documents", "game.safe_text", "game.atomic")
FORBIDDEN = ("textual", "rich")


def _walk(directory: Path, prefix: str) -> list[str]:
    """Every module and package below ``directory``, found without importing any of them."""
    found = []
    for info in pkgutil.iter_modules([str(directory)]):
        name = f"{prefix}.{info.name}"
        found.append(name)
        if info.ispkg:
            found.extend(_walk(directory / info.name, name))
    return found


def headless_modules() -> list[str]:
    modules: list[str] = []
    for package in HEADLESS_PACKAGES:
        if (GAME / package / "__init__.py").exists():
            modules.append(f"game.{package}")
            modules.extend(_walk(GAME / package, f"game.{package}"))
    modules.extend(m for m in EXTRA_MODULES if m not in modules)
    return sorted(set(modules))


PROBER = r"""
import importlib, json, os, sys, traceback

forbidden = tuple(sys.argv[1:])


def imported(modules):
    # In a child forked from this process: import each module, say what it pulled in.
    errors = {}
    for module in modules:
        try:
            importlib.import_module(module)
        except BaseException:
            errors[module] = traceback.format_exc()
    leaked = sorted(m for m in sys.modules if m.split(".")[0] in forbidden)
    return {"errors": errors, "leaked": leaked, "loaded": sorted(sys.modules)}


def forked(modules):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        with os.fdopen(write, "w") as out:
            json.dump(imported(modules), out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as answer:
        text = answer.read()
    os.waitpid(pid, 0)
    return text or json.dumps({"errors": {"?": "the child died"}, "leaked": [], "loaded": []})


for line in sys.stdin:
    request = json.loads(line)
    for module in request.get("preload", ()):
        try:
            importlib.import_module(module)
        except BaseException:
            pass
    print(forked(request["modules"]), flush=True)
"""
"""A bare interpreter that imports modules, each in a child forked from it: the child starts
where a fresh interpreter would (the parent has imported nothing of the game), without paying
for starting Python again.  It may first import modules from outside the game (the standard
library's and third-party ones the game uses; never a forbidden one): a child then finds them
already loaded, and still imports every game module itself, so what a module pulls in (or its
failure to import alone) is seen exactly as in an interpreter of its own."""


class Prober:
    def __init__(self, home: Path) -> None:
        env = {**os.environ, "MOSCOW1921_HOME": str(home)}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-c", PROBER, *FORBIDDEN],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def __call__(self, modules: list[str], preload: tuple[str, ...] = ()) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"modules": modules, "preload": preload}) + "\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        return answer

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prober]:
    prober = Prober(tmp_path_factory.mktemp("home"))
    try:
        # What the headless modules import from outside the game, loaded once in the parent.
        everything = prober(headless_modules())["loaded"]
        outside = [m for m in everything if m.split(".")[0] not in ("game", *FORBIDDEN)]
        prober([], preload=tuple(outside))
        yield prober
    finally:
        prober.close()


def test_discovery_finds_the_core() -> None:
    modules = headless_modules()
    assert "game.engine" in modules
    assert "game.loading" in modules
    assert "game.engine.model" in modules  # the first engine module; discovery must see files


@pytest.mark.parametrize("module", headless_modules())
def test_module_does_not_import_the_ui(module: str, probe: Prober) -> None:
    answer = probe([module])
    assert not answer["errors"], (
        f"importing {module} failed:\n{answer['errors'].get(module, answer['errors'])}"
    )
    leaked = answer["leaked"]
    assert leaked == [], f"importing {module} pulled in {', '.join(leaked)}"


def test_the_probe_sees_a_forbidden_import_and_a_failing_one(probe: Prober) -> None:
    """The check can fail: a module that imports Textual is caught, and one that cannot be
    imported alone is reported, though the parent has loaded the game's other dependencies."""
    assert probe(["textual.app"])["leaked"]
    assert "no_such_module_here" in probe(["no_such_module_here"])["errors"]
    assert probe(["game.engine"])["leaked"] == []


# What the player needs for the title's first frame: the session, the engine and the loader
# are imported once it is drawn (game.ui.app), so the title is up as soon as a bare app's
# would be (``make bench``: start to title screen within 1.25x of the bare Textual app).
TITLE_MODULE = "game.ui.app"
AFTER_THE_TITLE = ("game.session", "game.engine", "game.loading", "game.debrief")


def test_the_title_screen_waits_for_no_engine(probe: Prober) -> None:
    answer = probe([TITLE_MODULE])
    assert not answer["errors"], answer["errors"]
    loaded = set(answer["loaded"])
    assert TITLE_MODULE in loaded and "game.ui.screens.title" in loaded
    early = sorted(m for m in loaded if m.startswith(AFTER_THE_TITLE))
    assert early == [], f"importing {TITLE_MODULE} pulled in {', '.join(early)} before the title is drawn"
