"""Text made safe to show: control characters replaced by visible stand-ins.

Text from a story, a save, a results file, a class database or a student's keyboard
may hold characters that a terminal obeys instead of showing: an escape (``ESC ]0;…
BEL`` retitles the window, ``ESC [2J`` clears it), a C1 control (``\\x9b`` is a
one-byte CSI), a carriage return that overwrites a line, a bidirectional override
that makes text read backwards, or a lone surrogate that cannot even be encoded
(writing one to a UTF-8 stream raises ``UnicodeEncodeError``).

:func:`printable` is the one function that neutralises them; it is applied where
untrusted text enters the game (the saves and results readers, the class database,
student names) and again where text leaves for a terminal or a file (the plain
player's writer, the Textual text helper, the report and handout writers).  The
story checker refuses the same characters in story text (see :func:`unsafe_in`).

Stand-ins are visible, single-width and say what was there: a C0 control becomes its
Unicode "control picture" (``ESC`` -> ``␛``, ``BEL`` -> ``␇``), ``DEL`` becomes ``␡``,
and a C1 control, a bidirectional override or a lone surrogate becomes ``�``.
"""

from __future__ import annotations

import re

STAND_IN = "\ufffd"
"""What a C1 control, a bidirectional control or a lone surrogate is shown as."""

_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f"  # C0 controls but tab (newline is handled apart), DEL, C1 controls
    "\u202a-\u202e\u2066-\u2069"  # bidirectional embeddings, overrides and isolates
    "\ud800-\udfff]"  # lone surrogates (a str from JSON's "\\ud800", or from surrogateescape)
)

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_PICTURES[0x7F] = "\u2421"


def _stand_in(char: str) -> str:
    return _PICTURES.get(ord(char), STAND_IN)


def printable(text: str, *, newlines: bool = True) -> str:
    """``text`` with every character a terminal would obey replaced by a visible stand-in.

    A tab becomes a space.  Newlines are kept when ``newlines`` is true (prose, a report's
    lines); in one-line text (a name, a title) pass ``newlines=False`` to show them as ``␊``.
    Text with nothing to replace is returned as it is (the same object), so the check is
    cheap on the common path.
    """
    if _UNSAFE.search(text) is None:
        return text.replace("\t", " ") if "\t" in text else text
    out = []
    for char in text:
        if char == "\n" and newlines:
            out.append(char)
        elif char == "\t":
            out.append(" ")
        elif _UNSAFE.match(char):
            out.append(_stand_in(char))
        else:
            out.append(char)
    return "".join(out)


_UNSAFE_IN_LINES = re.compile(_UNSAFE.pattern.replace("\x0a-\x1f", "\x0b-\x1f"))
"""What :data:`_UNSAFE` matches but a newline (prose is many lines: one search, not one per line)."""


def unsafe_in(text: str) -> tuple[int, str] | None:
    """The first character of ``text`` that :func:`printable` would replace (tabs and newlines
    are fine), as ``(index, description)``; None if there is none."""
    match = _UNSAFE_IN_LINES.search(text)
    if match is None:
        return None
    return match.start(), describe(match.group())


_NAMES = {
    0x07: "a bell (BEL)",
    0x08: "a backspace",
    0x0D: "a carriage return",
    0x1B: "an escape (ESC)",
    0x7F: "a delete (DEL)",
    0x9B: "a control sequence introducer (CSI)",
}


def describe(char: str) -> str:
    """A few words naming an unsafe character, with its code point, for an error message."""
    code = ord(char)
    if code in _NAMES:
        name = _NAMES[code]
    elif code < 0x20:
        name = "a control character"
    elif code < 0xA0:
        name = "a C1 control character"
    elif 0xD800 <= code <= 0xDFFF:
        name = "half of a surrogate pair"
    else:
        name = "a bidirectional text control"
    return f"{name}, U+{code:04X}"
