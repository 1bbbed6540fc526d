"""The ``moscow1921`` command as an author runs it: ``cli.main`` called in this process with its
output captured, and a few runs of ``python -m game`` itself (the real entry point: exit codes
through ``sys.exit``, and a real terminal)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from game import __version__, cli, locations
from game.engine import explore
from game.engine.stats import WORDS_PER_MINUTE
from game.loading import story_files
from tests.scenes.shipped import shipped_report, shipped_story

ROOT = Path(__file__).parents[1]
DATA = Path("tests/data/cli")  # relative to ROOT, so problems are printed with this prefix
GOOD, DEAD_END, BROKEN = DATA / "good", DATA / "dead_end", DATA / "broken"


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


@contextlib.contextmanager
def _home(home: Path) -> Iterator[None]:
    before = os.environ.get(locations.HOME_ENV)
    os.environ[locations.HOME_ENV] = str(home)
    try:
        yield
    finally:
        if before is None:
            del os.environ[locations.HOME_ENV]
        else:
            os.environ[locations.HOME_ENV] = before


def run(home: Path, *args: str | Path) -> Ran:
    """``moscow1921 ARGS`` from the repository's folder, in this process: its exit code and output.

    An exception escaping ``cli.main`` fails the test with its traceback, as it would have
    ended the command with one."""
    out, err = io.StringIO(), io.StringIO()
    with (
        _home(home),
        contextlib.chdir(ROOT),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = cli.main(list(map(str, args)))
        except SystemExit as done:  # argparse: --help, --version and usage errors
            code = done.code if isinstance(done.code, int) else 0 if done.code is None else 1
    return Ran(code, out.getvalue(), err.getvalue())


def run_process(home: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """``python -m game ARGS`` as a separate process, exactly as the command runs."""
    env = {**os.environ, "MOSCOW1921_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "game", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def no_traceback(result: Ran | subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr


def fixture_counts(folder: Path) -> dict[str, int]:
    """Count scenes, choices, decisions and endings straight from the YAML, without the game."""
    counts = {"scenes": 0, "choices": 0, "decisions": 0, "endings": 0}
    for path in sorted((ROOT / folder).glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        counts["scenes"] += len(doc.get("scenes", []))
        counts["choices"] += sum(len(s["choices"]) for s in doc.get("scenes", []))
        counts["decisions"] += len(doc.get("decisions", []))
        counts["endings"] += len(doc.get("endings", []))
    return counts


def line_of(path: Path, fragment: str) -> int:
    for number, line in enumerate((ROOT / path).read_text(encoding="utf-8").splitlines(), 1):
        if line.rstrip().endswith(fragment):
            return number
    raise AssertionError(f"{fragment!r} not in {path}")


# ------------------------------------------------------------------- check
def test_check_good_story_ends_with_the_summary(tmp_path: Path) -> None:
    result = run_process(tmp_path, "check", GOOD)
    assert result.returncode == 0, result.stdout + result.stderr
    no_traceback(result)
    counts = fixture_counts(GOOD)
    assert counts == {"scenes": 3, "choices": 6, "decisions": 1, "endings": 2}
    last = result.stdout.strip().splitlines()[-1]
    # 66 words: counted by hand in the comments of the fixture's files.
    assert re.fullmatch(
        r"checked 2 files: no problems, 3 warnings; 3 scenes, 6 choices, 1 decision point, 2 endings, "
        r"66 words "
        r"\(\d+\.\d\d s\)",
        last,
    ), last
    warnings = result.stdout.strip().splitlines()[:-1]
    assert len(warnings) == 3 and all(": warning: " in line for line in warnings), warnings


def test_check_dead_end_story_has_no_load_problems(tmp_path: Path) -> None:
    # A dead end is found by 'explore', not by 'check': the story itself is well formed.
    result = run(tmp_path, "check", DEAD_END)
    assert result.returncode == 0
    assert result.stdout.startswith(
        "checked 1 file: no problems; 2 scenes, 3 choices, 0 decision points, 1 ending, "
    )


def test_check_broken_story_lists_located_problems(tmp_path: Path) -> None:
    result = run_process(tmp_path, "check", BROKEN)
    assert result.returncode == 1
    no_traceback(result)
    lines = result.stdout.strip().splitlines()
    scenes = BROKEN / "10-scenes.yaml"
    expected = [
        f"{scenes}:{line_of(scenes, 'id: queue')}:5: scene 'queue' is missing 'choices' (add choices: ...)",
        f"{scenes}:{line_of(scenes, 'choises:')}:5: unknown key 'choises' in scene 'queue' "
        "(did you mean 'choices'?)",
        f"{scenes}:{line_of(scenes, 'if: hungr > 3')}:13: unknown variable 'hungr' in condition 'hungr > 3' "
        "(did you mean 'hunger'?)",
        f"{scenes}:{line_of(scenes, 'next: hom')}:15: choice in 'hall' goes to unknown scene or ending "
        "'hom' (did you mean 'home'?)",
    ]
    assert lines[:-1] == expected
    assert re.fullmatch(r"checked 2 files: 4 problems \(\d+\.\d\d s\)", lines[-1]), lines[-1]
    # Every problem line has the form file:line:col: message.
    assert all(re.match(r"^[^:]+\.yaml:\d+:\d+: \S", line) for line in lines[:-1])


def test_check_missing_folder_fails_cleanly(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_story"
    result = run(tmp_path, "check", missing)
    assert result.returncode == 1
    no_traceback(result)
    assert f"{missing}:1:1: no such story folder" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("checked 0 files: 1 problem ")


def test_check_unsafe_or_garbled_yaml_fails_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "garbled"
    folder.mkdir()
    (folder / "a.yaml").write_text("story: !!python/object:os.system {title: x}\n", encoding="utf-8")
    (folder / "b.yaml").write_text("scenes: [\n  - id: {\n", encoding="utf-8")
    (folder / "c.yaml").write_bytes(b"\xff\xfe not utf-8 \x00")
    result = run(tmp_path, "check", folder)
    assert result.returncode == 1
    no_traceback(result)
    problems = result.stdout.strip().splitlines()[:-1]
    assert {line.split(":", 1)[0] for line in problems} >= {str(folder / n) for n in ("a.yaml", "b.yaml")}


# --------------------------------------------------------------------- map
def test_map_mermaid(tmp_path: Path) -> None:
    result = run(tmp_path, "map", GOOD, "--format", "mermaid")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("flowchart TD\n")
    for node in ('queue["Half a ration"]', 'hall{{"The conference"}}', 'market["Spring market"]'):
        assert node in out
    assert 'ending_fed(("Fed"))' in out and 'ending_hungry(("Hungry"))' in out
    assert '    market -.->|"Show your card."| ending_fed' in out.splitlines()
    assert len(re.findall(r"^    \w+ -(?:->|\.->)\|", out, re.MULTILINE)) == 6


def test_map_defaults_to_mermaid(tmp_path: Path) -> None:
    assert run(tmp_path, "map", GOOD).stdout == run(tmp_path, "map", GOOD, "--format", "mermaid").stdout


def test_map_dot(tmp_path: Path) -> None:
    result = run(tmp_path, "map", GOOD, "--format", "dot")
    assert result.returncode == 0
    edges = re.findall(r'^    "(\w+)" -> "(\w+)" \[label="([^"]*)"', result.stdout, re.MULTILINE)
    assert edges == [
        ("queue", "hall", "Go to the conference."),
        ("queue", "hall", "Stay home."),
        ("hall", "market", "Vote for it."),
        ("hall", "ending_hungry", "Vote against it."),
        ("market", "ending_fed", "Buy bread."),
        ("market", "ending_fed", "Show your card."),
    ]
    assert result.stdout.startswith("digraph story {") and result.stdout.rstrip().endswith("}")


def test_map_rejects_an_unknown_format(tmp_path: Path) -> None:
    result = run(tmp_path, "map", GOOD, "--format", "svg")
    assert result.returncode == 2
    assert "invalid choice: 'svg'" in result.stderr
    no_traceback(result)


def test_map_of_a_broken_story_reports_problems(tmp_path: Path) -> None:
    result = run(tmp_path, "map", BROKEN)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "unknown key 'choises'" in result.stderr
    assert "has problems; fix them and try again" in result.stderr
    no_traceback(result)


# ----------------------------------------------------------------- explore
def test_explore_good_story(tmp_path: Path) -> None:
    result = run(tmp_path, "explore", GOOD)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.strip().splitlines()
    # Paths counted by hand: the worker reaches the market with or without a card
    # (the card adds a second way to the fed ending), and can vote against twice.
    # States: queue, hall and market with or without the card, and each ending once
    # (nothing is read at an ending, so the explorer merges its states): 1 + 2 + 2 + 2 = 7.
    assert lines[:6] == [
        "Worker: 7 distinct states",
        "  ending ending_fed: 3 paths",
        "  ending ending_hungry: 2 paths",
        "Delegate: 4 distinct states",
        "  ending ending_fed: 1 path",
        "  ending ending_hungry: 1 path",
    ]
    assert re.fullmatch(r"explored 11 states in \d+\.\d\d s: no defects", lines[-1]), lines[-1]
    assert "DEFECT" not in result.stdout


def test_explore_dead_end_story(tmp_path: Path) -> None:
    result = run(tmp_path, "explore", DEAD_END)
    assert result.returncode == 1
    no_traceback(result)
    lines = result.stdout.strip().splitlines()
    assert "DEFECT: dead end in scene 'gate' (role worker)" in lines
    assert "  dead end at gate reached by: street[wait]" in lines
    assert [line for line in lines if line.startswith("DEFECT:")] == [
        "DEFECT: dead end in scene 'gate' (role worker)"
    ]
    assert lines[-1].endswith(": 1 defect")


def test_explore_state_limit_is_a_defect(tmp_path: Path) -> None:
    result = run(tmp_path, "explore", GOOD, "--max-states", "3")
    assert result.returncode == 1
    assert "DEFECT: role worker: exploration stopped at the state limit" in result.stdout


def test_explore_broken_story(tmp_path: Path) -> None:
    result = run(tmp_path, "explore", BROKEN)
    assert result.returncode == 1
    assert "unknown variable 'hungr'" in result.stderr
    no_traceback(result)


# ------------------------------------------------------------------- stats
def test_stats_table(tmp_path: Path) -> None:
    result = run(tmp_path, "stats", GOOD)
    assert result.returncode == 0
    rows = [line.split() for line in result.stdout.strip().splitlines()]
    assert rows[0] == ["Role", "Chapter", "Scenes", "Words", "Minutes"]
    # queue 14 words, hall 24 (with what happened, the quote and the argument), market 11:
    # the worker can reach all three, the delegate starts in the hall.
    assert rows[1:5] == [
        ["Worker", "Winter", "2", "38", "0.2"],
        ["Worker", "Spring", "1", "11", "0.1"],
        ["Delegate", "Winter", "1", "24", "0.1"],
        ["Delegate", "Spring", "1", "11", "0.1"],
    ]
    assert result.stdout.splitlines()[5].startswith("Whole story: 3 scenes, 66 words")


def test_stats_gives_the_words_read_in_one_playthrough_per_role_and_ending(tmp_path: Path) -> None:
    # queue 14, hall 24, market 11; ending_fed 10 (title, epilogue, history, quote), ending_hungry 7.
    # worker: queue-hall-market-fed 59, queue-hall-hungry 45; delegate starts in the hall.
    out = run(tmp_path, "stats", GOOD).stdout
    tail = out[out.index("One playthrough") : out.index("Text that follows")].splitlines()[1:]
    assert [line.strip() for line in tail if line.strip()] == [
        "Worker: 45-59 words, 0-0 minutes, 2 endings",
        "ending_fed: 59 words",
        "ending_hungry: 45 words",
        "Delegate: 31-45 words, 0-0 minutes, 2 endings",
        "ending_fed: 45 words",
        "ending_hungry: 31 words",
    ]


def test_stats_counts_the_classroom_and_reference_text_apart(tmp_path: Path) -> None:
    # about 8, role descriptions 6 + 3, glossary "Cheka" 1 + 3, timeline date 2 + text 3,
    # the discussion question 7: 33 words beside the 66 read in play.
    out = run(tmp_path, "stats", GOOD).stdout
    assert "Also written: 33 words for the classroom and reference" in out
    assert "; 99 words in all" in out


def test_stats_columns_line_up(tmp_path: Path) -> None:
    lines = run(tmp_path, "stats", GOOD).stdout.splitlines()[:5]
    ends = {len(line) for line in lines}
    assert len(ends) == 1, lines


# -------------------------------------------------------------------- play
def test_play_a_broken_folder_lists_located_problems_before_any_screen(tmp_path: Path) -> None:
    result = run_process(tmp_path, "play", "--scenes", BROKEN)  # no terminal needed: it stops before the UI
    assert result.returncode == 1
    no_traceback(result)
    scenes = BROKEN / "10-scenes.yaml"
    line = line_of(scenes, "choises:")
    assert f"{scenes}:{line}:5: unknown key 'choises' in scene 'queue'" in result.stderr
    assert "has problems; fix them and try again" in result.stderr


def on_a_terminal(home: Path, *args: str | Path, keys: bytes, after: bytes) -> tuple[int, str]:
    """Run ``moscow1921`` on a pseudo-terminal and type ``keys`` once ``after`` is on screen.

    Returns the exit code and everything written to the terminal.
    """
    import pty
    import select
    import time

    env = {
        **os.environ,
        "MOSCOW1921_HOME": str(home),
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
    }
    pid, fd = pty.fork()
    if pid == 0:  # the child: the game, on the terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "game", *map(str, args)], env)
    output, typed, deadline = b"", False, time.monotonic() + 60
    while time.monotonic() < deadline:
        if select.select([fd], [], [], 0.1)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the game has exited and closed the terminal
                break
            if not chunk:
                break
            output += chunk
        if not typed and after in output:
            os.write(fd, keys)
            typed = True
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", "replace")


def test_a_browser_tab_shows_the_problems_on_screen_then_in_the_shell(tmp_path: Path) -> None:
    # A browser tab (and the shipped story) is read by the app itself, after its first frame.
    code, output = on_a_terminal(
        tmp_path, "play", "--isolated", "--scenes", BROKEN, keys=b"q", after=b"cannot be played"
    )
    assert code == 1, output[-2000:]
    assert "Traceback" not in output
    assert "cannot be played" in output  # the problems screen was up until q
    scenes = BROKEN / "10-scenes.yaml"
    assert f"{scenes}:{line_of(scenes, 'choises:')}:5: unknown key 'choises'" in output
    assert "has problems; fix them and try again" in output


# ------------------------------------------------------------ misc & shipped
def test_version(tmp_path: Path) -> None:
    result = run_process(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"moscow1921 {__version__}"


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("play", "check", "map", "explore", "stats", "serve"):
        assert command in result.stdout


# The shipped story: the outcome it really has.  Exploring it takes tens of seconds, so explore
# and stats are given the exploration the story tests share (tests/scenes/shipped.py, one
# xdist group: one process explores), after checking that they asked for exactly that one.
def _shared_exploration(monkeypatch: pytest.MonkeyPatch) -> None:
    real = explore.explore

    def shared(
        story: object, *, max_states: int = 2_000_000, progress: object = None
    ) -> explore.ExploreReport:
        assert story == shipped_story() and max_states == 2_000_000, (
            "not the shipped story's full exploration"
        )
        return shipped_report()

    assert real.__kwdefaults__ == {"max_states": 2_000_000, "progress": None}
    monkeypatch.setattr(explore, "explore", shared)


def test_check_without_a_folder_checks_the_shipped_story(tmp_path: Path) -> None:
    story = shipped_story()
    result = run(tmp_path, "check")
    assert (result.returncode, result.stderr) == (0, ""), result.stdout + result.stderr
    *warnings, line = result.stdout.splitlines()
    assert all(": warning: " in warning for warning in warnings), warnings  # lints: how the story uses state
    files = len(story_files(locations.default_scenes_dir()))
    counted = f", {len(warnings)} warning{'s' * (len(warnings) != 1)}" if warnings else ""
    assert line.startswith(f"checked {files} files: no problems{counted}; {len(story.scenes)} scenes, "), line
    assert f", {len(story.decisions)} decision points, {len(story.endings)} endings, " in line


def test_map_without_a_folder_maps_the_shipped_story(tmp_path: Path) -> None:
    story = shipped_story()
    result = run(tmp_path, "map")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("flowchart TD\n")
    drawn = set(re.findall(r"^ +(\w+)[\[{(]", result.stdout, re.MULTILINE))  # nodes, in chapters or not
    assert drawn == set(story.scenes) | set(story.endings) | {f"role_{role}" for role in story.roles}


@pytest.mark.xdist_group("shipped_story")
def test_explore_without_a_folder_finds_no_defect_in_the_shipped_story(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _shared_exploration(monkeypatch)
    story, report = shipped_story(), shipped_report()
    result = run(tmp_path, "explore")
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    lines = result.stdout.splitlines()
    notes = ("NOTE: ", "  ")  # notes on how exact the run is, and the lines under each role
    told = [line for line in lines[:-1] if not line.startswith(notes) and ": warning: " not in line]
    roles = [f"{story.roles[role.role].name}: {role.states:,} distinct states" for role in report.roles]
    assert told == roles
    warned = len(report.text_lints)
    suffix = f", {warned} warning{'s' * (warned != 1)}" if warned else ""
    summary = rf"explored {report.states:,} states in \d+\.\d\d s: no defects{suffix}"
    assert re.fullmatch(summary, lines[-1]), lines[-1]
    reached = {line.split()[1].rstrip(":") for line in lines if line.startswith("  ending ")}
    assert reached == set(story.endings)


@pytest.mark.xdist_group("shipped_story")
def test_stats_without_a_folder_gives_each_roles_reading_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _shared_exploration(monkeypatch)
    story, report = shipped_story(), shipped_report()
    result = run(tmp_path, "stats")
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    out = result.stdout
    for role in report.roles:
        fewest = min(low for low, _ in role.reading.values())
        most = max(high for _, high in role.reading.values())
        minutes = f"{fewest / WORDS_PER_MINUTE:.0f}-{most / WORDS_PER_MINUTE:.0f} minutes"
        endings = f"{len(role.reading)} ending{'s' * (len(role.reading) != 1)}"
        loops = " (and loops)" if role.cyclic else ""
        line = f"  {story.roles[role.role].name}: {fewest:,}-{most:,} words, {minutes}, {endings}{loops}"
        assert line in out.splitlines()
    assert f"Whole story: {len(story.scenes)} scenes, " in out
    assert "exploring stopped" not in out


def test_hidden_scenes_option_is_the_same_as_the_folder(tmp_path: Path) -> None:
    by_option = run(tmp_path, "stats", "--scenes", GOOD)
    assert by_option.returncode == 0
    assert by_option.stdout == run(tmp_path, "stats", GOOD).stdout


def test_commands_write_nothing_to_the_user_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for args in (("check", GOOD), ("map", GOOD), ("explore", GOOD), ("stats", GOOD)):
        assert run(home, *args).returncode == 0
    assert not (home / "saves").exists() or not any((home / "saves").iterdir())
