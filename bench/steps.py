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
from dataclasses import dataclass, field
from pathlib import Path

from bench import Options, Row
from bench.synthetic import write_story

SCENES = 10_000
WALK = 3_000
WINDOW = 200
TARGET_GROWTH = 1.5
TARGET_AUTOSAVE_MS = 2.0


@dataclass
class Walk:
    """One walk: seconds per step, per autosave and per state-to-JSON; and the path, for the peer."""

    steps: list[float] = field(default_factory=list)
    saves: list[float] = field(default_factory=list)
    encodes: list[float] = field(default_factory=list)
    picks: list[int] = field(default_factory=list)  # each choice's index among the options open
    scenes: list[str] = field(default_factory=list)  # where each choice was taken
    ink: str = ""  # the story as ink source, for the peer


def _walk(story_dir: Path, seed: int = 1921) -> Walk:
    """One seeded walk through the story in ``story_dir``, timed."""
    from bench.ink_peer import to_ink
    from game.engine import play, view
    from game.loading import load_story
    from game.saves import SaveStore

    result = load_story(story_dir)
    story = result.story
    assert story is not None, result.problems[:3]
    rng = random.Random(seed)
    role = next(iter(story.roles))
    state = play.new_game(story, role)
    walk = Walk(ink=to_ink(story, role))
    with tempfile.TemporaryDirectory() as home:
        store = SaveStore(Path(home) / "saves")
        for _ in range(WALK):
            started = time.perf_counter()
            shown = view.scene_view(story, state)
            assert shown is not None, "the walk reached an ending"
            open_options = [o for o in shown.options if o.available]
            going_on = [o for o in open_options if o.choice.next in story.scenes] or open_options
            picked = rng.choice(going_on)
            walk.scenes.append(state.at)
            state = play.choose(story, state, picked.choice.id)
            walk.steps.append(time.perf_counter() - started)
            walk.picks.append(open_options.index(picked))
            started = time.perf_counter()
            state.to_json()
            walk.encodes.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.write_autosave(state.to_json(), {"role": state.role})  # as Session.autosave does
            walk.saves.append(time.perf_counter() - started)
            if play.is_over(story, state):
                break
    return walk


def steps(options: Options) -> list[Row]:
    from bench.ink_peer import PeerUnavailable, walk_in_ink

    with tempfile.TemporaryDirectory() as folder:
        write_story(Path(folder), SCENES)
        walk = _walk(Path(folder))
    step_times, save_times, encode_times = walk.steps, walk.saves, walk.encodes
    taken = len(step_times)
    first = statistics.median(step_times[:WINDOW]) * 1e6
    last = statistics.median(step_times[-WINDOW:]) * 1e6
    growth = last / first
    save_last = statistics.median(save_times[-WINDOW:]) * 1000
    encode_last = statistics.median(encode_times[-WINDOW:]) * 1000
    verdict = "meets" if growth <= TARGET_GROWTH else "misses"
    walked = f"{taken:,}-choice seeded walk, {SCENES:,}-scene story"
    try:
        ink_steps, off, compile_s = walk_in_ink(walk.ink, walk.picks, walk.scenes)
        ink_first = statistics.median(ink_steps[:WINDOW]) * 1e6
        ink_last = statistics.median(ink_steps[-WINDOW:]) * 1e6
        same = "the same path" if off == 0 else f"{off} steps in another knot"
        peer = [
            Row(
                f"inkjs step (continue + choose), last {WINDOW}",
                ink_last,
                "µs",
                ink_last,
                f"same story and walk ({same}); first {WINDOW}: {ink_first:.0f} µs; "
                f"compiled in {compile_s:.1f} s",
            ),
            Row(
                f"our step against inkjs's, last {WINDOW}",
                last,
                "µs",
                ink_last,
                f"under 1.00: faster than inkjs ({'meets' if last <= ink_last else 'misses'} the target)",
            ),
        ]
    except PeerUnavailable as why:
        peer = [Row("inkjs step: not measured", 0.0, "", None, str(why))]
    return [
        Row(f"step (view + choose), first {WINDOW}", first, "µs", first, walked),
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
        *peer,
    ]
