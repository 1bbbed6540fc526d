"""The headless core never imports the UI toolkit.

Each module is imported alone in a fresh interpreter, so one module cannot hide
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
from pathlib import Path

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


PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
forbidden = tuple(sys.argv[2:])
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in forbidden)))
"""


def test_discovery_finds_the_core() -> None:
    modules = headless_modules()
    assert "game.engine" in modules
    assert "game.loading" in modules
    assert "game.engine.model" in modules  # the first engine module; discovery must see files


@pytest.mark.parametrize("module", headless_modules())
def test_module_does_not_import_the_ui(module: str, tmp_path: Path) -> None:
    env = {**os.environ, "MOSCOW1921_HOME": str(tmp_path / "home")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module, *FORBIDDEN],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"importing {module} failed:\n{result.stderr}"
    leaked = json.loads(result.stdout.strip().splitlines()[-1])
    assert leaked == [], f"importing {module} pulled in {', '.join(leaked)}"
