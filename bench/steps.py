"""Step benchmarks: does a step's cost grow with the length of the game?

A seeded walk of :data:`WALK` choices through the :data:`SCENES`-scene synthetic story
(bench/synthetic.py, conditional passages included), played by the engine as a front end
does: the scene's view (prose and options rendered from the state), then the choice.
It never takes a choice that ends the game while another is open, so the path is
``WALK`` steps long. Reported:

* a step (view + choose), median over the first and over the last :data:`WINDOW` steps,
  and their ratio (the target: at most :data:`TARGET_GROWTH`; the floor column is the
  first window, so ``× floor`` is the growth itself);
* the autosave after a choice (the state to JSON, and written to a file through the
  save store), median over the last window, against :data:`TARGET_AUTOSAVE_MS`.

Run alone with ``python -m bench --only steps``.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from bench import Options, Row
from bench.synthetic import write_story

SCENES = 10_000
WALK = 3_000
WINDOW = 200
TARGET_GROWTH = 1.5
TARGET_AUTOSAVE_MS = 2.0


def _walk(story_dir: Path, seed: int = 1921) -> tuple[list[float], list[float], list[float]]:
    """Seconds per step, per autosave (all of it), and per state-to-JSON, along one walk."""
    from game.engine import play, view
    from game.loading import load_story
    from game.saves import SaveStore

    result = load_story(story_dir)
    story = result.story
    assert story is not None, result.problems[:3]
    rng = random.Random(seed)
    state = play.new_game(story, next(iter(story.roles)))
    steps, saves, encodes = [], [], []
    with tempfile.TemporaryDirectory() as home:
        store = SaveStore(Path(home) / "saves")
        for _ in range(WALK):
            started = time.perf_counter()
            shown = view.scene_view(story, state)
            assert shown is not None, "the walk reached an ending"
            open_options = [o for o in shown.options if o.available]
            going_on = [o for o in open_options if o.choice.next in story.scenes] or open_options
            state = play.choose(story, state, rng.choice(going_on).choice.id)
            steps.append(time.perf_counter() - started)
            started = time.perf_counter()
            state.to_json()
            encodes.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.write_autosave(state.to_json(), {"role": state.role})  # as Session.autosave does
            saves.append(time.perf_counter() - started)
            if play.is_over(story, state):
                break
    return steps, saves, encodes


def steps(options: Options) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        write_story(Path(folder), SCENES)
        step_times, save_times, encode_times = _walk(Path(folder))
    taken = len(step_times)
    first = statistics.median(step_times[:WINDOW]) * 1e6
    last = statistics.median(step_times[-WINDOW:]) * 1e6
    growth = last / first
    save_last = statistics.median(save_times[-WINDOW:]) * 1000
    encode_last = statistics.median(encode_times[-WINDOW:]) * 1000
    verdict = "meets" if growth <= TARGET_GROWTH else "misses"
    walk = f"{taken:,}-choice seeded walk, {SCENES:,}-scene story"
    return [
        Row(f"step (view + choose), first {WINDOW}", first, "µs", first, walk),
        Row(
            f"step (view + choose), last {WINDOW}",
            last,
            "µs",
            first,
            f"growth ×{growth:.2f}: {verdict} the target of ×{TARGET_GROWTH} (floor: the first {WINDOW})",
        ),
        Row(
            f"autosave after a choice, last {WINDOW}",
            save_last,
            "ms",
            None,
            f"target < {TARGET_AUTOSAVE_MS} ms: {'meets' if save_last < TARGET_AUTOSAVE_MS else 'misses'} "
            f"(state to JSON {encode_last:.2f} ms; the rest writes the file, synced to disk a moment later)",
        ),
    ]
