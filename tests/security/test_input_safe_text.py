"""The one neutralising function, :func:`game.safe_text.printable`."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from game.safe_text import printable, unsafe_in


def test_escape_sequences_become_visible_stand_ins() -> None:
    assert printable("\x1b]0;TITLE\x07") == "␛]0;TITLE␇"
    assert printable("\x1b[2J\x9b31m") == "␛[2J\ufffd31m"
    assert printable("a\x7fb\rc\bd") == "a␡b␍c␈d"
    assert printable("abc\u202edef\u2066") == "abc\ufffddef\ufffd"
    assert printable("name\ud800") == "name\ufffd"


def test_newlines_are_kept_only_where_meant_and_tabs_become_spaces() -> None:
    assert printable("one\ntwo\tthree") == "one\ntwo three"
    assert printable("one\ntwo", newlines=False) == "one␊two"


def test_ordinary_text_is_returned_as_it_is() -> None:
    text = "Moscow 1921 — «Рабочая оппозиция», “quoted”, 漢字, emoji 🙂, é"
    assert printable(text) is text
    assert unsafe_in(text) is None


def test_unsafe_in_names_the_first_character() -> None:
    assert unsafe_in("ab\x1bc\x07") == (2, "an escape (ESC), U+001B")
    assert unsafe_in("tab\tand\nnewline") is None
    assert unsafe_in("\x9b") == (0, "a control sequence introducer (CSI), U+009B")


_UNSAFE_CATEGORIES = {"Cc", "Cs"}
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


@settings(deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=60), st.booleans())
def test_the_result_is_always_safe_and_encodable(text: str, newlines: bool) -> None:
    shown = printable(text, newlines=newlines)
    shown.encode("utf-8")  # a lone surrogate would raise here
    for char in shown:
        if char == "\n":
            assert newlines
            continue
        assert unicodedata.category(char) not in _UNSAFE_CATEGORIES, repr(char)
        assert char not in _BIDI
    assert printable(shown, newlines=newlines) == shown  # idempotent
    assert len(shown) == len(text)  # one stand-in per character: nothing hidden, nothing added
