"""A passage read with ``locate`` knows where each of its parts was written, in the same pass.

The loader passes the file positions of a passage's text to :func:`parse_passage`; every
alternative, branch and insert gets its place as it is read (there is no second walk that
rebuilds the passage with positions), and the parse is otherwise the one made without them.
"""

from __future__ import annotations

import pytest

from game.engine.model import Pos
from game.engine.passage import Alternatives, Branch, Insert, Part, Passage
from game.engine.text import TextError, alternatives, inserts, parse_passage

SOURCES = [
    "Plain text, nothing to place.",
    "Fyodor{if a:, who raised his hand,} is here. {if b >= 3: x | elif b: y | else: z} {n}",
    "{if a}\nOne {if b: inner {m} | else: {if c: deep} now}.\n{elif not c}\nTwo {n}.\n{else}\nThree\n{end}\n",
    "{if a}\n{if b}\nnested block\n{end}\n{end}\n[[NEP|the | new policy]] {{literal}} {if a:[[Cheka]]}",
    "{if a: x |\telif  b: y |  else: z}",
]


def locate(offset: int) -> Pos:
    return Pos("scenes/10-winter.yaml", 7, offset + 1)


def placed(passage: Passage) -> list[tuple[str, int, Pos | None]]:
    """Every alternative, branch and insert with its offset and position."""
    out: list[tuple[str, int, Pos | None]] = []
    for alternative in alternatives(passage):
        out.append(("alternatives", alternative.offset, alternative.pos))
        out.extend(("branch", branch.offset, branch.pos) for branch in alternative.branches)
    out.extend(("insert", insert.offset, insert.pos) for insert in inserts(passage))
    return out


@pytest.mark.parametrize("source", SOURCES)
def test_every_part_is_placed_as_it_is_read(source: str) -> None:
    bare = parse_passage(source)
    passage = parse_passage(source, locate)
    assert passage == bare  # the same parse (positions are not compared)
    assert _shape(passage.parts) == _shape(bare.parts)
    assert passage.pos == locate(0) and bare.pos is None
    found = placed(passage)
    assert len(found) == len(placed(bare))
    for kind, offset, pos in found:
        assert pos == locate(offset), kind
    assert all(pos is None for _, _, pos in placed(bare))


def test_a_static_passage_is_placed_too() -> None:
    passage = parse_passage("No braces here.", locate)
    assert passage.is_static and passage.pos == locate(0)


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ("{if x | y: a}", "expected ':' after the condition", 3),
        ("{if x\n: a}", "expected ':' after the condition", 3),
        ("{if x: a |\tels: b}", "expected 'elif CONDITION:' or 'else:'", 9),
        ("{if x: a |", "expected 'elif CONDITION:' or 'else:'", 9),
    ],
)
def test_the_end_of_a_condition_and_the_word_after_a_bar(source: str, message: str, offset: int) -> None:
    with pytest.raises(TextError) as caught:
        parse_passage(source, locate)
    assert message in caught.value.message
    assert caught.value.offset == offset


def _shape(parts: tuple[Part, ...]) -> object:
    """The parts as plain data, offsets included."""
    out: list[object] = []
    for part in parts:
        if isinstance(part, Alternatives):
            out.append(("alt", part.offset, part.block, tuple(_branch(b) for b in part.branches)))
        elif isinstance(part, Insert):
            out.append(("insert", part.name, part.offset))
        else:
            out.append(part)
    return tuple(out)


def _branch(branch: Branch) -> object:
    return (branch.condition_text, branch.offset, _shape(branch.body))
