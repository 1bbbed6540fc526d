"""stats.words counts ASCII text without a regular expression: it must count as the word pattern does
(tests/engine/test_explore_text.py also tries it on any ASCII text)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from game.engine.model import plain_prose
from game.engine.stats import words

_REFERENCE = re.compile(r"\w[\w'’-]*")  # the definition of a word: starts with a letter or digit


def reference_words(text: str) -> int:
    return len(_REFERENCE.findall(plain_prose(text)))


# Text made of what matters to the count: word characters, apostrophes, dashes, spaces, punctuation,
# line breaks and glossary marks; sometimes a non-ASCII letter or quote (the pattern's own path).
_PIECES = st.sampled_from(
    ["a", "Z", "7", "_", "'", "-", " ", "  ", "\n", ",", ".", "!", "—", "’", "é", "[[", "]]", "|", "\t"]
)
_TEXT = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=200)
@given(_TEXT)
def test_words_counts_as_the_word_pattern(text: str) -> None:
    assert words(text) == reference_words(text)


def test_words_at_the_edges() -> None:
    assert words("a") == 1
    assert words("-a") == 1
    assert words("a-") == 1
    assert words("' - '") == 0
    assert words("don't stop-start") == 2
    assert words("x,y.z") == 3
    assert words("[[NEP|the new policy]]") == 3
