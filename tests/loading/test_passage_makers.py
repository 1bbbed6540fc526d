"""The quick constructors of game/engine/passage.py make exactly what their classes make.

The passage parser builds every part of every passage with them (they set the frozen
slots directly, see game/engine/slots.py); each must give an object equal to, printed
as and as frozen as the class's own, with ``Passage.is_static`` worked out the same way.
When a class stops being a plain slotted dataclass they fall back to the class.
"""

from __future__ import annotations

import dataclasses

import pytest

from game.engine import passage as passage_module
from game.engine.expr_parse import parse
from game.engine.model import Pos
from game.engine.passage import (
    Alternatives,
    Branch,
    Insert,
    Passage,
    new_alternatives,
    new_branch,
    new_insert,
    new_passage,
)
from game.engine.slots import slot_setters
from game.engine.text_parse import parse_passage

P = Pos("s.yaml", 3, 7)


def _same(quick: object, made: object) -> None:
    assert type(quick) is type(made)
    assert quick == made and repr(quick) == repr(made) and hash(quick) == hash(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.offset = 1  # type: ignore[attr-defined]


def test_each_maker_makes_what_its_class_makes() -> None:
    branch = new_branch(parse("hunger > 5"), "hunger > 5", ("hungry",), 4, P)
    _same(branch, Branch(parse("hunger > 5"), "hunger > 5", ("hungry",), 4, P))
    alternatives = new_alternatives((branch,), 1, False, P)
    _same(alternatives, Alternatives((branch,), 1, False, P))
    insert = new_insert("hunger", 9, None)
    _same(insert, Insert("hunger", 9, None))
    for parts in [(), ("text",), ("a ", insert), (alternatives,)]:
        quick, made = new_passage("x", parts, P), Passage("x", parts, P)
        assert quick == made and repr(quick) == repr(made) and quick.is_static == made.is_static
        assert quick.is_static == all(isinstance(part, str) for part in parts)
        with pytest.raises(dataclasses.FrozenInstanceError):
            quick.source = "y"  # type: ignore[misc]


def test_parsed_passages_are_made_by_the_makers_as_the_classes_would() -> None:
    source = "Go {if hunger > 5: hungry | else: fed}, {hunger}.\n{if card}\nA card.\n{end}\n"
    passage = parse_passage(source, lambda offset: Pos("s.yaml", 1, offset + 1))
    rebuilt = Passage(passage.source, passage.parts, passage.pos)
    assert rebuilt == passage and repr(rebuilt) == repr(passage) and not passage.is_static
    assert [type(part).__name__ for part in passage.parts] == [
        "str",
        "Alternatives",
        "str",
        "Insert",
        "str",
        "Alternatives",
    ]


def test_the_makers_fall_back_to_the_classes() -> None:
    """Each maker is chosen once, at import: the quick one when its class's slot setters
    exist (as they do), else the class itself; both make the same objects."""
    makers = [
        (passage_module.branch_maker, passage_module._BRANCH, Branch, passage_module.new_branch),
        (passage_module.alternatives_maker, passage_module._ALTERNATIVES, Alternatives, new_alternatives),
        (passage_module.insert_maker, passage_module._INSERT, Insert, new_insert),
        (passage_module.passage_maker, passage_module._PASSAGE, Passage, new_passage),
    ]
    for choose, setters, cls, chosen in makers:
        assert setters is not None and chosen is not cls  # the quick maker was chosen
        assert choose(None) is cls
        assert choose(setters) is not cls
    for make in (passage_module.branch_maker(None), passage_module.branch_maker(passage_module._BRANCH)):
        branch = make(None, "else", ("x",), 2, None)
        assert branch == Branch(None, "else", ("x",), 2, None) and repr(branch) == repr(
            Branch(None, "else", ("x",), 2, None)
        )
    for make_alternatives in (Alternatives, passage_module.alternatives_maker(passage_module._ALTERNATIVES)):
        assert make_alternatives((branch,), 0, True, P) == Alternatives((branch,), 0, True, P)
    for make_insert in (passage_module.insert_maker(None), new_insert):
        assert make_insert("x", 1, P) == Insert("x", 1, P)
    for make_passage in (passage_module.passage_maker(None), new_passage):
        assert make_passage("x", ("x",), P).is_static
        assert not make_passage("x", ("x", Insert("x", 1, P)), P).is_static


def test_slot_setters_refuse_what_init_does_more_for() -> None:
    assert slot_setters(Branch, ("condition", "condition_text", "body", "offset", "pos")) is not None
    assert slot_setters(Branch, ("condition", "body")) is None  # not every field
    assert slot_setters(Passage, ("source", "parts", "pos", "is_static")) is None  # it has a __post_init__
    assert slot_setters(Passage, ("source", "parts", "pos", "is_static"), post_init=True) is not None

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    assert slot_setters(NoSlots, ("a",)) is None
