"""Property tests: no results file can crash ``moscow1921 report`` (issue 13, item 9).

Whatever a file handed in holds (arbitrary bytes, arbitrary JSON, or real results with any
one field replaced by arbitrary JSON or removed), reading it either gives results or a
:class:`ResultsError` with the reason; the class report over a folder holding it is built
and rendered (text and HTML), lists the file as counted, foreign or skipped, and leaves it
exactly as it was.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.classroom.report import build_report
from game.classroom.report_html import render_html
from game.classroom.report_text import render_text
from game.classroom.results import ResultsError, read_results, results_from_session, write_results
from game.engine.model import Story
from game.loading import load_story
from game.safe_text import printable
from game.saves import SaveStore
from game.session import Session
from tests.security.fuzzing import (
    DELETE,
    FUZZ,
    deep,
    encoded,
    every_field_hostile,
    json_values,
    paths,
    replaced,
)

GOOD = Path(__file__).resolve().parent.parent / "data" / "cli" / "good"


@pytest.fixture(scope="module")
def story() -> Story:
    loaded = load_story(GOOD).story
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def valid_results(story: Story) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        session = Session.new(story, SaveStore(Path(folder) / "saves"), "worker")
        while not session.is_over:
            session.choose(next(o for o in session.options() if o.available).choice.id)
        path = write_results(results_from_session(session, "Anna"), Path(folder))
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return doc


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The class's folder: each example writes the one file in it anew."""
    return tmp_path_factory.mktemp("class")


def _check_file(story: Story, folder: Path, data: bytes) -> None:
    path = folder / "handed-in.json"
    path.write_bytes(data)
    try:
        read_results(path)
    except ResultsError as err:
        assert err.reason and printable(err.reason) == err.reason
    report = build_report(story, [folder])
    listed = len(report.counted) + len(report.foreign) + len(report.skipped)
    assert listed == 1, "the file must be counted, or listed with its reason"
    render_text(report, 80).encode("utf-8")
    render_html(report).encode("utf-8")
    assert path.read_bytes() == data, "the file was changed"


@FUZZ
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes(story: Story, folder: Path, data: bytes) -> None:
    _check_file(story, folder, data)


@FUZZ
@given(doc=json_values)
def test_arbitrary_json(story: Story, folder: Path, doc: object) -> None:
    _check_file(story, folder, encoded(doc))


@FUZZ
@given(data=st.data(), value=json_values | st.just(DELETE))
def test_real_results_with_any_field_replaced(
    story: Story, valid_results: dict[str, Any], folder: Path, data: st.DataObject, value: object
) -> None:
    path = data.draw(st.sampled_from(list(paths(valid_results))), label="path")
    _check_file(story, folder, encoded(replaced(valid_results, path, value)))


def test_real_results_with_every_field_replaced_by_every_hostile_value(
    story: Story, valid_results: dict[str, Any], folder: Path
) -> None:
    failures = []
    for path, value, doc in every_field_hostile(valid_results):
        try:
            _check_file(story, folder, encoded(doc))
        except Exception as err:  # collected, so that one run shows every case that fails
            failures.append(f"{'.'.join(map(str, path)) or '(the document)'} = {value!r:.40}: {err!r:.200}")
    assert failures == []


def test_the_valid_results_are_counted(story: Story, valid_results: dict[str, Any], tmp_path: Path) -> None:
    (tmp_path / "r.json").write_bytes(encoded(valid_results))
    assert len(build_report(story, [tmp_path]).counted) == 1


def test_nesting_a_million_deep(story: Story, folder: Path) -> None:
    _check_file(story, folder, deep(1_000_000))
