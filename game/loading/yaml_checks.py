"""The checks made on a story file's text before it is parsed: size, encoding, control characters, tabs.

Each appends located :class:`~game.loading.problems.Problem` s and returns what parsing
should use; none of them raises.
"""

from __future__ import annotations

import re

from game.loading.problems import Problem
from game.loading.yaml_tree import MAX_FILE_BYTES, MAX_REPORTS


def os_reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


def too_big(display: str, size: int) -> Problem:
    mb = 1024 * 1024
    return Problem(
        display,
        1,
        1,
        f"file is too large ({size / mb:.1f} MB); the limit is {MAX_FILE_BYTES // mb} MB",
        "split it into several smaller files",
    )


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index in ``text``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def decode(data: bytes, display: str, problems: list[Problem]) -> tuple[str, bool]:
    """UTF-8 text of ``data`` (BOM stripped) and whether it decoded cleanly."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError as err:
        bad = err.start
        line_start = data.rfind(b"\n", 0, bad) + 1
        line = data.count(b"\n", 0, bad) + 1
        col = len(data[line_start:bad].decode("utf-8", "replace")) + 1
        problems.append(
            Problem(
                display,
                line,
                col,
                f"this is not UTF-8 text: byte 0x{data[bad]:02X} cannot be read",
                "save the file as UTF-8",
            )
        )
        return data.decode("utf-8", "replace"), False


def unencodable(text: str, display: str, problems: list[Problem]) -> str:
    """Report and replace characters that cannot be written as UTF-8 (lone surrogates)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError as err:
        line, col = line_col(text, err.start)
        problems.append(
            Problem(
                display,
                line,
                col,
                "this text holds a character that is not valid Unicode",
                "save the file as UTF-8",
            )
        )
        return re.sub("[\ud800-\udfff]", "\ufffd", text)


# Characters YAML does not allow anywhere in a file (the YAML 1.1 printable set, inverted).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_PRINTABLE_BYTES = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F), *range(0x80, 0x100)])


def surely_printable(data: bytes) -> bool:
    """True if ``data``, valid UTF-8, holds none of the characters :func:`control_characters`
    reports; False if it may (then ask that function).

    A byte-level pass, a tiny fraction of the regular expression's time on a large file:
    no C0 control or DEL byte, and none of the lead bytes of the C1 controls (``C2 80..9F``)
    or of U+FFFE and U+FFFF (``EF BF BE/BF``). Text with other characters from those two
    rows (``C2 A0..BF``, ``EF BF 80..BD``) is left to the regular expression."""
    return not data.translate(None, _PRINTABLE_BYTES) and b"\xc2" not in data and b"\xef\xbf" not in data


def control_characters(text: str, display: str, problems: list[Problem]) -> str:
    """Report characters YAML forbids; return the text with each replaced by U+FFFD."""
    if _NON_PRINTABLE.search(text) is None:
        return text
    found = 0
    for m in _NON_PRINTABLE.finditer(text):
        found += 1
        if found <= MAX_REPORTS:
            line, col = line_col(text, m.start())
            problems.append(
                Problem(
                    display,
                    line,
                    col,
                    f"this file holds an invisible control character (U+{ord(m.group()):04X}), "
                    "which YAML does not allow",
                    "delete it; it may have come from pasting from another program",
                )
            )
    if found > MAX_REPORTS:
        problems.append(Problem(display, 1, 1, f"...and {found - MAX_REPORTS} more control characters"))
    return _NON_PRINTABLE.sub("\ufffd", text)


# A line whose leading whitespace holds a tab, and which has something after it.
_TAB_INDENT = re.compile(r"^( *)\t[ \t]*[^ \t\r\n]", re.MULTILINE)


def tabs(text: str, display: str, problems: list[Problem]) -> bool:
    """Report lines indented with tabs (at most MAX_REPORTS, then a count); True if any."""
    if "\t" not in text:
        return False
    found = 0
    line = 1
    counted_to = 0
    first_extra: tuple[int, int] | None = None
    for m in _TAB_INDENT.finditer(text):
        found += 1
        start = m.start()
        line += text.count("\n", counted_to, start)
        counted_to = start
        col = len(m.group(1)) + 1
        if found <= MAX_REPORTS:
            problems.append(
                Problem(
                    display, line, col, "this line is indented with a tab character", "indent with spaces"
                )
            )
        elif first_extra is None:
            first_extra = (line, col)
    if first_extra is not None:
        extra = found - MAX_REPORTS
        problems.append(
            Problem(
                display,
                first_extra[0],
                first_extra[1],
                f"...and {extra} more line{'s' if extra != 1 else ''} indented with tabs",
                "indent with spaces",
            )
        )
    return found > 0
