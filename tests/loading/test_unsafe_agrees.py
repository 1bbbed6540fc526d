"""The story checker refuses exactly the characters the neutraliser would replace."""

from __future__ import annotations

from game.safe_text import printable, unsafe_in


def test_unsafe_in_refuses_what_printable_replaces_but_tabs_and_newlines() -> None:
    for code in (*range(0x3000), *range(0xD7F0, 0xE010), 0xFEFF, 0xFFFD, 0x1F642):
        char = chr(code)
        replaced = printable(char) != char and char not in "\t\n"
        assert (unsafe_in(f"ok\n{char}") is not None) == replaced, hex(code)
        if replaced:
            assert unsafe_in(f"ok\n{char}")[0] == 3  # type: ignore[index]
