"""``moscow1921 report``: files and folders in, an HTML page or terminal bars out, clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from game.classroom.results import write_results
from game.cli import main
from tests.classroom.conftest import REPO, PlayThroughs

SCENES = REPO / "scenes"


@pytest.fixture
def folder(play_throughs: PlayThroughs, tmp_path: Path) -> Path:
    out = tmp_path / "class"
    for results in play_throughs(8, 1921):
        write_results(results, out)
    return out


def test_writes_the_html_report(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(folder), "--out", str(out), "--scenes", str(SCENES)]) == 0
    printed = capsys.readouterr()
    assert f"Class report of 8 playthroughs written to {out}" in printed.out
    assert printed.err == ""
    html = out.read_text(encoding="utf-8")
    ET.fromstring(html.split("\n", 1)[1])
    assert html.count('class="decision-chart"') > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_text_prints_bars_and_writes_nothing(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    files = [str(p) for p in sorted(folder.glob("*.json"))]
    assert main(["report", *files, "--text", "--scenes", str(SCENES)]) == 0
    out = capsys.readouterr().out
    assert "8 playthroughs counted" in out
    assert "#" in out and "What happened:" in out
    assert not (tmp_path / "report.html").exists()


def test_bad_and_missing_files_are_named_on_stderr_and_skipped(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "notes.json").write_text("not json", encoding="utf-8")
    out = tmp_path / "report.html"
    code = main(["report", str(folder), str(tmp_path / "absent"), "--out", str(out), "--scenes", str(SCENES)])
    assert code == 0  # eight were counted; the others are listed
    err = capsys.readouterr().err
    assert f"{folder / 'notes.json'}: skipped: not a Moscow 1921 results file" in err
    assert f"{tmp_path / 'absent'}: skipped: there is no such file or folder" in err
    html = out.read_text(encoding="utf-8")
    assert "notes.json" in html and "there is no such file or folder" in html


def test_nothing_counted_is_exit_1_with_advice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "report.html"
    assert main(["report", str(empty), "--out", str(out), "--scenes", str(SCENES)]) == 1
    err = capsys.readouterr().err
    assert "holds no results files" in err
    assert "no results file could be counted" in err
    assert out.exists()  # the page still says why


def test_out_in_a_missing_folder_or_a_folder(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["report", str(folder), "--out", str(tmp_path / "no" / "r.html"), "--scenes", str(SCENES)]) == 1
    )
    assert "does not exist" in capsys.readouterr().err
    assert main(["report", str(folder), "--out", str(tmp_path), "--scenes", str(SCENES)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_a_broken_story_is_reported_not_a_traceback(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = REPO / "tests" / "data" / "cli" / "broken"
    assert main(["report", str(folder), "--out", str(tmp_path / "r.html"), "--scenes", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "has problems" in err


def test_as_a_process_never_a_traceback(folder: Path, tmp_path: Path) -> None:
    (folder / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "game", "report", str(folder), "--text", "--scenes", str(SCENES)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "binary.json: skipped: not a Moscow 1921 results file (it is not UTF-8 text)" in result.stderr
