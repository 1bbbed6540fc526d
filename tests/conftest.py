"""Settings for the whole suite: how much hypothesis tries, how often the garbage collector runs,
whether Textual animates, where the shipped story's exploration is kept, and how ``make test``
shares the tests between its processes.

Hypothesis runs the ``dev`` profile unless ``HYPOTHESIS_PROFILE`` names another: ``ci``
(what ``.ci/run`` selects) tries ten times as many examples.  A property test sets no
``max_examples`` of its own, so that the profile decides; it may lower the budget for an
expensive property with ``settings(max_examples=...)`` only together with a reason.
"""

from __future__ import annotations

import compileall
import contextlib
import fnmatch
import gc
import json
import os
import sys
import types
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.errors import HypothesisSideeffectWarning

from tests.scenes import shipped

ANIMATIONS = "TEXTUAL_ANIMATIONS"
NO_ANIMATIONS = "none"
"""Textual's animation level in the tests (a player's terminal has ``full``).  An animated scroll
or fade takes its frames whether or not anything waits for it: a Pilot ``pause`` waits for the
app to be idle, and an animating app is not idle until the animation ends.  Off, the keys-only
delegate playthrough (it scrolls thirteen what-happened panels to the bottom) took 14.6 s
instead of 28.5 s and 6.9 s of CPU instead of 12.1 s.  No test checks an animation; the tests of
keys typed in bursts keep ``full`` (tests/ui/conftest.py), since races between a key and a screen
are what they look for.  The variable also reaches the games a test starts (served tabs, ptys)."""
os.environ.setdefault(ANIMATIONS, NO_ANIMATIONS)


def textual_animations(level: str) -> None:
    """Textual reads the variable once, when it is first imported (pytest-textual-snapshot imports
    it before this file is read); an app takes its level from there when it is made."""
    import textual.constants

    if level in ("none", "basic", "full"):  # another value: Textual's own reading of it stands
        textual.constants.TEXTUAL_ANIMATIONS = level


textual_animations(os.environ[ANIMATIONS])

# Data generation slows down when the machine is busy; that is not the code's fault.
_QUIET = [HealthCheck.too_slow]
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("ci", max_examples=1000, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

DURATIONS = "moscow1921/durations"
"""Seconds each test took in the last run (its setup, call and teardown), kept in pytest's cache."""

DURATIONS_FILE = Path(__file__).with_name("durations.json")
"""Seconds of every test that takes half a second or more, from a run of ``make test`` with no
exploration cached (as in a fresh clone): a fresh clone has no cache, and without these its first
run would start the longest tests in collection order (the story's exploration, half a minute,
could start last).  The cache's times of this machine's last run take precedence.  Refresh the
file with ``MOSCOW1921_WRITE_DURATIONS=1 make test``, after ``rm -r .pytest_cache``, on a machine
as quiet as can be had (only an order: nothing is asserted from it; the run of 2026-12-01 that
wrote the file now was on a loaded machine, so its seconds are long, but its order is the one
that counts)."""

WRITE_DURATIONS = "MOSCOW1921_WRITE_DURATIONS"
KEPT_S = 0.5
"""The shortest time the file keeps: the many quicker tests only fill in at the end."""

UNKNOWN = 0.3
"""Seconds assumed for a test in neither: behind the known long ones."""

CHUNK_S = 20.0
"""Seconds (as the durations record them) of one test file's tests handed to one process together,
in a row.  The fixtures a file makes once for its tests (``scope="module"`` or ``"class"``) are then
made once per chunk: handed out one test at a time, longest first, a process met each file many
times between other files' tests and made them again each time (test_import_hygiene.py's prober,
a second Python process that preloads the game's dependencies, was started for nearly every one of
its 50 tests).  A longer file is cut into chunks of tests in a row, so the processes still finish
together."""


def xdist_group(nodeid: str) -> str | None:
    """The ``xdist_group`` a test is in (pytest-xdist appends ``@name`` to its id), or None; an
    ``@`` inside a test's parameters is not one (xdist's own rule)."""
    return nodeid.split("@")[-1] if nodeid.rfind("@") > nodeid.rfind("]") else None


def work_units(collection: list[str], seconds: dict[str, float]) -> dict[str, str]:
    """The unit of work each test is handed out in: its xdist group, else a chunk of its file's
    tests in collection order of at most CHUNK_S seconds (a test longer than that, a chunk alone)."""
    units: dict[str, str] = {}
    chunks: dict[str, tuple[int, float]] = {}  # file -> its last chunk: (number, seconds in it)
    for nodeid in collection:
        group = xdist_group(nodeid)
        if group is not None:
            units[nodeid] = group
            continue
        path = nodeid.split("::")[0]
        took = seconds.get(nodeid, UNKNOWN)
        number, filled = chunks.get(path, (0, 0.0))
        if filled and filled + took > CHUNK_S:
            number, filled = number + 1, 0.0
        chunks[path] = (number, filled + took)
        units[nodeid] = f"{path}::chunk-{number}"
    return units


GC_THRESHOLD = (20_000, 20, 20)
"""Objects allocated (less those freed) before a young collection, and the collections between
older ones.  The default (700, 10, 10) has a test process walk its heap thousands of times a file:
a Textual app allocates and drops objects by the million, almost all freed by reference counting
before a collection could find them.  At this threshold the collector costs a tenth of it, which
was a fifth of a UI test's CPU time (measured on tests/ui/test_results_files.py and test_save_load.py:
3.0 s of 19 s, now 1.1 s of 16 s).  Only the test processes are tuned; a game they start runs as
it always does."""


def compile_once(config: pytest.Config) -> None:
    """Before ``make test`` starts its test processes, the controlling one compiles the game and
    the tests, and writes the test files with their asserts rewritten, as pytest keeps them
    (``__pycache__/*-pytest-*.pyc``).  In a fresh clone none of that is there: each of the four
    processes rewrote and compiled every test file itself, at once, each 3.3 s of CPU (pytest's
    rewriting walks each test file's tree in Python; plain compiling of the game and the tests is
    0.6 s), and a game a test started compiled what it imported again if it came first.

    Only where a process would write them (not under PYTHONDONTWRITEBYTECODE) and only in the
    controller of a run with test processes.  The files are pytest's own (its internal functions
    that read and write them): a pytest that renamed them makes this do nothing, and each process
    rewrites the tests again as before; a test file that does not parse is left to the process
    that collects it, to report."""
    distributed = config.getoption("numprocesses", None) and not hasattr(config, "workerinput")
    if sys.dont_write_bytecode or not distributed:
        return
    root = Path(__file__).resolve().parent
    for folder in (root.parent / "game", root.parent / "bench", root):
        compileall.compile_dir(folder, quiet=2)
    try:
        from _pytest.assertion import rewrite

        state = config.stash[rewrite.assertstate_key]
        patterns = ["conftest.py", *config.getini("python_files")]
        for path in sorted(root.rglob("*.py")):
            if not any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns):
                continue
            pyc = rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)
            if rewrite._read_pyc(path, pyc, state.trace) is None and rewrite.try_makedirs(pyc.parent):
                with contextlib.suppress(SyntaxError):
                    stat, code = rewrite._rewrite_test(path, config)
                    rewrite._write_pyc(state, code, stat, pyc)
    except (ImportError, AttributeError, KeyError, TypeError):
        pass
    warm_hypothesis(root.parent)


def warm_hypothesis(repo: Path) -> None:
    """Fill hypothesis's caches in ``.hypothesis/`` once, for compile_once's test processes: the
    constants it finds in each of the game's modules (which it mixes into the examples it makes; it
    reads them from every local module a process has imported) and its table of Unicode categories.
    A fresh clone has neither, and each process that ran a property test made both: 0.9 s of CPU for
    the constants of the game's modules, 0.2 s for the table.  Done here they cost that once; with
    the caches there, 0.2 s.  Hypothesis's internal functions, as compile_once uses pytest's: if
    they are gone, the processes fill the caches themselves, as before."""
    try:
        from hypothesis.internal.charmap import charmap, charmap_file
        from hypothesis.internal.constants_ast import constants_from_module, is_local_module_file
    except ImportError:
        return
    # Hypothesis warns of a plugin that touches its storage before the session starts (slow work
    # done where nobody expects it): that work, once before the test processes start, is the point.
    with contextlib.suppress(Exception), warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisSideeffectWarning)
        if not charmap_file().exists():
            charmap()
        for folder in ("game", "bench"):
            for path in sorted((repo / folder).rglob("*.py")):
                if is_local_module_file(str(path)):
                    module = types.ModuleType(path.stem)
                    module.__file__ = str(path)
                    constants_from_module(module)


def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(*GC_THRESHOLD)
    compile_once(config)
    cache = getattr(config, "cache", None)  # absent with -p no:cacheprovider
    if cache is not None:
        shipped.cache_dir = cache.mkdir("moscow1921-explore")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """A test process collects its garbage before it reports that it is done (an xdist worker
    reports in the hook around this one), and leaves what survives out of later collections.
    Pytest collects five times more as the process ends, to surface errors in ``__del__``; over
    a large heap on a busy machine that took longer than the 5 seconds xdist waits before it
    interrupts a process, which printed a KeyboardInterrupt traceback after a passing run."""
    gc.collect()
    gc.freeze()
    cdp = sys.modules.get("tests.browser.cdp")  # imported only where a test drives a browser
    if cdp is not None:
        cdp.close_shared()  # the process's one Chromium (tests/browser/cdp.py)


# ------------------------------------------------------------------ the longest tests first
class _Timings:
    """Collects each test's duration in the controlling process and keeps them for the next run."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.seconds: dict[str, float] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] = self.seconds.get(report.nodeid, 0.0) + report.duration

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        cache = getattr(self.config, "cache", None)
        if cache is not None and self.seconds:
            known = cache.get(DURATIONS, {})
            cache.set(DURATIONS, {**known, **{k: round(v, 2) for k, v in self.seconds.items()}})
        if os.environ.get(WRITE_DURATIONS) and self.seconds and session.testsfailed == 0:
            kept = {k: round(v, 1) for k, v in sorted(self.seconds.items()) if v >= KEPT_S}
            DURATIONS_FILE.write_text(json.dumps(kept, indent=0) + "\n", encoding="utf-8")


def _durations(config: pytest.Config) -> dict[str, float]:
    """Each test's seconds: this machine's last run, else the quiet run kept in the repository."""
    try:
        kept: dict[str, float] = json.loads(DURATIONS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = {}
    return {**kept, **config.cache.get(DURATIONS, {})}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With ``--dist loadgroup`` (``make test``), hand out the tests in units (work_units: an
    ``xdist_group``, tests sharing one expensive computation, stays whole; a file's tests go
    together, in chunks if it is long), longest first, by their time in the last run (or in
    DURATIONS_FILE): a long unit started last would keep one process busy while the others wait."""
    if config.getvalue("dist") != "loadgroup" or getattr(config, "cache", None) is None:
        return None
    from xdist.scheduler import LoadGroupScheduling

    timings = _Timings(config)
    config.pluginmanager.register(timings, "moscow1921-timings")
    last = _durations(config)

    class LongestFirst(LoadGroupScheduling):
        _sorted = False
        _units: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self._units is None:  # first called once the collection is complete
                assert self.collection is not None
                self._units = work_units(self.collection, last)
            return self._units[nodeid]

        def _assign_work_unit(self, node: Any) -> None:
            if not self._sorted:  # the queue is complete by the first assignment
                self._sorted = True
                units = sorted(
                    self.workqueue.items(),
                    key=lambda item: -sum(last.get(nodeid, UNKNOWN) for nodeid in item[1]),
                )
                self.workqueue.clear()
                self.workqueue.update(units)
            super()._assign_work_unit(node)

    return LongestFirst(config, log)
