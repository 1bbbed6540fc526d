"""Screenshots of the main screens at 80x24 and 120x40, compared with the accepted ones.

They play the fixed story in tests/data/ui_story, so editing the shipped scenes never
changes them.  After a deliberate change of look, re-record with
``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at the new SVGs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from game.ui.app import MoscowApp

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

NEW_METALWORKER = ("n", "1")
TO_THE_VOTE = (*NEW_METALWORKER, "1", "1")  # go to the conference, vote for the tax in kind


@pytest.mark.parametrize("size", SIZES)
def test_title_screen(
    snap_compare: Callable[..., bool], make_app: Callable[..., MoscowApp], size: tuple[int, int]
):
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_story_screen(
    snap_compare: Callable[..., bool], make_app: Callable[..., MoscowApp], size: tuple[int, int]
):
    assert snap_compare(make_app(), press=NEW_METALWORKER, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_what_happened(
    snap_compare: Callable[..., bool], make_app: Callable[..., MoscowApp], size: tuple[int, int]
):
    assert snap_compare(make_app(), press=TO_THE_VOTE, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_journal(
    snap_compare: Callable[..., bool], make_app: Callable[..., MoscowApp], size: tuple[int, int]
):
    assert snap_compare(make_app(), press=(*TO_THE_VOTE, "enter", "j"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_end_screen(
    snap_compare: Callable[..., bool], make_app: Callable[..., MoscowApp], size: tuple[int, int]
):
    assert snap_compare(make_app(), press=(*TO_THE_VOTE, "enter", "1"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_high_contrast_story_screen(
    snap_compare: Callable[..., bool], make_app: Callable[..., MoscowApp], size: tuple[int, int]
):
    app = make_app()
    app.theme = "moscow-high-contrast"
    assert snap_compare(app, press=NEW_METALWORKER, terminal_size=size)
