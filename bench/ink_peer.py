"""A peer for the step benchmark: the same story and the same walk, played by inkjs.

:func:`to_ink` writes a story of the engine (the synthetic one: scenes, choices with
conditions and effects, passages with alternatives and printed values) as ink source;
``node`` compiles it with inkjs's own compiler and plays the very path the engine took
(the index of each choice among those offered), timing each step as ink's players do:
``ContinueMaximally()`` (the text, alternatives rendered), ``currentChoices`` and
``ChooseChoiceIndex``. It also reports how many steps landed in a different knot than
the engine's scene, so the two walks are known to be the same walk.

inkjs is installed from the npm registry into a cache folder outside the repository
(``$XDG_CACHE_HOME/moscow1921-bench``) the first time; without ``node`` or ``npm`` the
peer is skipped and the benchmark says so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from game.engine.expr_tree import Binary, Bool, Call, Expr, Int, Name, Unary
from game.engine.model import GLOSSARY_MARK, Story
from game.engine.passage import Alternatives, Insert, Part, Passage

INKJS = "inkjs@2.4.0"


class PeerUnavailable(Exception):
    """inkjs cannot be run here (no node, no npm, no network); the message says why."""


def _expr(expr: Expr) -> str:
    if isinstance(expr, Int):
        return str(expr.value)
    if isinstance(expr, Bool):
        return "true" if expr.value else "false"
    if isinstance(expr, Name):
        return expr.name
    if isinstance(expr, Unary):
        return f"(not {_expr(expr.operand)})" if expr.op == "not" else f"(-{_expr(expr.operand)})"
    if isinstance(expr, Binary):
        return f"({_expr(expr.left)} {expr.op} {_expr(expr.right)})"
    assert isinstance(expr, Call)
    if expr.func == "visited":
        return f"{expr.args[0]}"  # a knot's read count
    if expr.func == "chose":
        return f"chose_{expr.args[0]}_{expr.args[1]}"
    return f"role_{expr.args[0]}"


def _plain(text: str) -> str:
    text = GLOSSARY_MARK.sub(lambda m: m.group(2) or m.group(1), text)
    return re.sub(r"[{}|\[\]#~*+\-<>/\\]", " ", text).replace("\n", " ")


def _parts(parts: tuple[Part, ...]) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(_plain(part))
        elif isinstance(part, Insert):
            out.append(f"{{{part.name}}}")
        else:
            out.append(_alternatives(part))
    return "".join(out)


def _alternatives(part: Alternatives) -> str:
    text = ""
    for branch in reversed(part.branches):
        body = _parts(branch.body)
        text = body if branch.condition is None else f"{{{_expr(branch.condition)}:{body}|{text}}}"
    return text


def _passage(passage: Passage) -> str:
    return " ".join(_parts(passage.parts).split())


def to_ink(story: Story, role: str) -> str:
    """The story as ink source, started in ``role``."""
    lines = []
    for name, variable in story.variables.items():
        lines.append(f"VAR {name} = {str(variable.default).lower()}")
    for other in story.roles:
        lines.append(f"VAR role_{other} = {'true' if other == role else 'false'}")
    pairs = {(s.decision, c.id) for s in story.scenes.values() if s.decision for c in s.choices}
    lines += [f"VAR chose_{d}_{c} = false" for d, c in sorted(pairs)]
    lines.append(f"-> {story.roles[role].start}")
    for scene in story.scenes.values():
        lines += [f"=== {scene.id} ===", _passage(scene.prose) or "."]
        for choice in scene.choices:
            condition = f"{{{_expr(choice.condition)}}} " if choice.condition is not None else ""
            lines.append(f"+ {condition}[{_plain(choice.label)}]")
            for effect in choice.effects:
                variable = story.variables[effect.variable]
                value = _expr(effect.expr)
                if effect.kind == "add":
                    value = f"{effect.variable} + {value}"
                if not variable.is_flag:
                    value = f"MIN(MAX({value}, {variable.minimum}), {variable.maximum})"
                lines.append(f"  ~ {effect.variable} = {value}")
            if scene.decision is not None:
                lines.append(f"  ~ chose_{scene.decision}_{choice.id} = true")
            lines.append(f"  -> {choice.next}")
    for ending in story.endings.values():
        lines += [f"=== {ending.id} ===", _passage(ending.epilogue) or ".", "-> END"]
    return "\n".join(lines) + "\n"


_NODE_WALK = r"""
const path = process.argv[2], moduleDir = process.argv[3];
const ink = require(require.resolve('inkjs/full', {paths: [moduleDir]}));
const fs = require('fs');
const job = JSON.parse(fs.readFileSync(path, 'utf8'));
const compiler = new ink.Compiler(job.source);
let compiled;
const started = process.hrtime.bigint();
try { compiled = compiler.Compile(); }
catch (e) { console.log(JSON.stringify({errors: compiler.errors.slice(0, 5)})); process.exit(0); }
const compileMs = Number(process.hrtime.bigint() - started) / 1e6;
const story = new ink.Story(compiled.ToJson());
const steps = [], off = [];
for (let i = 0; i < job.picks.length; i++) {
  const t0 = process.hrtime.bigint();
  story.ContinueMaximally();
  const choices = story.currentChoices;
  const at = (story.state.previousPathString || '').split('.')[0];  // the knot it is waiting in
  story.ChooseChoiceIndex(job.picks[i]);
  steps.push(Number(process.hrtime.bigint() - t0) / 1000);
  if (at !== job.scenes[i] || choices.length <= job.picks[i]) off.push(i);
}
console.log(JSON.stringify({steps, off: off.length, compileMs}));
"""


def _inkjs_dir() -> Path:
    """A folder with inkjs installed (installing it the first time)."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise PeerUnavailable("node and npm are not installed")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "moscow1921-bench"
    if not (cache / "node_modules" / "inkjs").is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(cache), INKJS],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0:
            raise PeerUnavailable(f"npm could not install {INKJS}: {done.stderr.strip()[-200:]}")
    return cache


def walk_in_ink(source: str, picks: list[int], scenes: list[str]) -> tuple[list[float], int, float]:
    """Seconds per step of inkjs along ``picks`` (a choice's index among those offered), the
    number of steps where ink waits in another knot than ``scenes`` (where each choice is taken),
    and the compile time in seconds."""
    modules = _inkjs_dir()
    with tempfile.TemporaryDirectory() as folder:
        job = Path(folder) / "job.json"
        job.write_text(json.dumps({"source": source, "picks": picks, "scenes": scenes}), encoding="utf-8")
        script = Path(folder) / "walk.js"
        script.write_text(_NODE_WALK, encoding="utf-8")
        done = subprocess.run(
            ["node", "--stack-size=65500", str(script), str(job), str(modules / "node_modules")],
            capture_output=True,
            text=True,
            timeout=900,
        )
    if done.returncode != 0 or not done.stdout.strip():
        raise PeerUnavailable(f"inkjs failed: {done.stderr.strip()[-300:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if "errors" in result:
        raise PeerUnavailable(f"inkjs could not compile the story: {result['errors']}")
    return [us / 1e6 for us in result["steps"]], int(result["off"]), float(result["compileMs"]) / 1000
