"""One atomic write for every file the game writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from game.atomic import TEMP_SUFFIX, write_atomic


def test_a_written_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "guide.html"
        write_atomic(target, b"<p>hello</p>")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"<p>hello</p>"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # printable and shareable, like any new file


def test_replacing_keeps_the_old_file_whole_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "save.json"
    write_atomic(target, b"old")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(TEMP_SUFFIX)]
