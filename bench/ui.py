"""The Textual player against the floor, measured in the same run of ``make bench``:
start to the title screen's first frame (the bare app and the game started in turns),
key press to the next screen drawn, and peak memory while playing.  Targets (from the
issue): first frame within 1.25x of the bare app, a choice redrawn in under 50 ms
median, peak RSS under 1.5x the bare app's."""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from pathlib import Path

from bench import Options, Row
from bench.keys import RESULT_FILE_ENV
from bench.startup import BenchmarkError, run_once, time_interleaved

GAME_APP = [sys.executable, "-m", "bench.game_app"]
PRESSES = 40


def _keys(which: str, home: Path) -> tuple[dict[str, list[float]], int]:
    result_file = home / f"keys-{which}.json"
    run = run_once(
        [sys.executable, "-m", "bench.keys", which, "--presses", str(PRESSES)],
        env={"MOSCOW1921_HOME": str(home / which), RESULT_FILE_ENV: str(result_file)},
        timeout=120,
    )
    data = json.loads(result_file.read_text(encoding="utf-8"))
    if "error" in data or not data.get("latencies", {}).get("choice"):
        raise BenchmarkError(f"bench.keys {which}: {data.get('error', 'no key presses measured')}")
    return data["latencies"], data.get("peak_rss_kib") or run.peak_rss_kib


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def ui(options: Options) -> list[Row]:
    from bench.__main__ import BARE_APP

    with tempfile.TemporaryDirectory(prefix="moscow1921-bench-ui-") as scratch:
        home = Path(scratch)
        bare, game = time_interleaved(
            [(BARE_APP, None), (GAME_APP, {"MOSCOW1921_HOME": str(home / "start")})], options.runs
        )
        bare_keys, bare_rss = _keys("bare", home)
        game_keys, game_rss = _keys("game", home)
    rows: list[Row] = []
    if game.first_frame_median is not None and bare.first_frame_median is not None:
        first, floor_first = game.first_frame_median * 1000, bare.first_frame_median * 1000
        ratio = first / floor_first
        rows.append(
            Row(
                "game: start to title screen",
                first,
                "ms",
                floor_first,
                f"target ≤ 1.25× the bare app: {_verdict(ratio <= 1.25)}; median of {game.runs}",
            )
        )
    bare_median = statistics.median(bare_keys["choice"]) * 1000
    for kind, name in (
        ("choice", "choice key to next scene drawn"),
        ("continue", "Enter to close what happened"),
    ):
        times = sorted(game_keys.get(kind, []))
        if not times:
            continue
        median, p90 = statistics.median(times) * 1000, times[int(0.9 * (len(times) - 1))] * 1000
        target = f"target median < 50 ms: {_verdict(median < 50)}; " if kind == "choice" else ""
        rows.append(
            Row(f"game: {name}", median, "ms", bare_median, f"{target}{len(times)} keys, p90 {p90:.1f} ms")
        )
    rows.append(
        Row(
            "game: peak RSS while playing",
            game_rss / 1024,
            "MiB",
            bare_rss / 1024,
            f"target ≤ 1.5× the bare app's: {_verdict(game_rss <= 1.5 * bare_rss)}",
        )
    )
    return rows
