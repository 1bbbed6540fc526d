"""The builder's quick paths give what its general paths give.

Plain story text (most choice texts) is made into a passage without the passage parser and
without a position function for every offset (build_text.TextBuilder._passage), its
outside-play label without rendering it, and a choice with no ``set:``/``add:`` skips the
effect readers. Each must come out exactly as the general path makes it: the same passage,
parts and position, the same label, the same effects.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.passage import Passage
from game.engine.text import TextLookup, outside_play, parse_passage
from game.loading import load_story
from game.loading.build_base import positions, start_pos
from game.loading.yaml_nodes import YMap, YScalar, parse_text

STORY = """\
story: {title: T, version: 1}
variables:
  hunger: {name: Hunger, default: 5, min: 0, max: 10}
roles:
  - {id: worker, name: Worker, description: A worker., start: one}
chapters:
  - {id: ch, title: Chapter}
glossary:
  Cheka: The political police.
endings:
  - {id: end, title: End, epilogue: Over., history: So it was.}
scenes:
  - id: one
    chapter: ch
    date: "1921"
    place: Here
    title: One
    prose: |
      Plain prose on one line,
      and on a second.
    choices:
      - id: plain
        text: Go on plain.
        next: two
      - id: single
        text: 'It''s quoted.'
        next: two
      - id: double
        text: "Double quoted."
        add: {hunger: 1}
        next: two
      - id: block
        text: |-
          A block text
          over two lines.
        set: {hunger: 3}
        next: two
      - id: mark
        text: With the [[Cheka]].
        next: two
      - id: varies
        text: "Go {if hunger > 5: hungry}."
        next: end
  - id: two
    chapter: ch
    date: "1921"
    place: There
    title: Two
    prose: "  Quoted prose with spaces."
    choices:
      - {id: go, text: Onward, next: end}
"""


def _scalars(node: object) -> list[YScalar]:
    """Every text scalar in a tree (keys and values), in written order."""
    out: list[YScalar] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, YScalar):
            if isinstance(item.value, str) and item.value.strip():
                out.append(item)
        elif isinstance(item, YMap):
            for key, value in reversed(item.entries):
                stack.extend((value, key))
        else:
            stack.extend(reversed(getattr(item, "items", ())))
    return out


def test_start_pos_is_where_the_general_positions_put_offset_zero() -> None:
    root, problems = parse_text(STORY, "s.yaml")
    assert problems == [] and root is not None
    scalars = _scalars(root)
    assert any(s.anchors for s in scalars) and any(s.quoted and not s.anchors for s in scalars)
    for node in scalars:
        text = str(node.value).strip("\n")  # as Reader.text gives it
        assert start_pos(node, text) == positions(node, text)(0), node


def test_plain_texts_are_the_passages_the_parser_makes(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(STORY, encoding="utf-8")
    result = load_story(tmp_path)
    assert result.problems == [] and result.story is not None
    story = result.story
    lookup = TextLookup(story.variables, story.texts)
    choices = {c.id: c for scene in story.scenes.values() for c in scene.choices}
    root, _ = parse_text(STORY, str(tmp_path / "s.yaml"))
    texts = {
        str(s.value).strip("\n"): s
        for s in _scalars(root)
        if s.pos.line >= 20  # the scenes' texts
    }
    quick = ["plain", "single", "double", "block", "go"]
    for ident in [*quick, "mark", "varies"]:
        choice = choices[ident]
        node = texts[choice.text.source]
        general = parse_passage(choice.text.source, positions(node, choice.text.source))
        assert choice.text == general
        assert repr(choice.text) == repr(general)  # the position too (compare=False leaves it out)
        assert choice.label == outside_play(general, lookup)
    for ident in quick:
        assert choices[ident].text.is_static
        assert choices[ident].text.parts == (choices[ident].text.source,)
    assert not choices["varies"].text.is_static
    prose = story.scenes["two"].prose
    assert prose == Passage("  Quoted prose with spaces.", ("  Quoted prose with spaces.",))
    assert prose.pos is not None and (prose.pos.line, prose.pos.col) == (49, 13)  # past the opening quote


@pytest.mark.parametrize(
    ("ident", "effects"),
    [("plain", ()), ("double", (("hunger", "add"),)), ("block", (("hunger", "set"),))],
)
def test_choices_with_and_without_effects(tmp_path: Path, ident: str, effects: tuple[object, ...]) -> None:
    (tmp_path / "s.yaml").write_text(STORY, encoding="utf-8")
    story = load_story(tmp_path).story
    assert story is not None
    choice = next(c for c in story.scenes["one"].choices if c.id == ident)
    assert tuple((e.variable, e.kind) for e in choice.effects) == effects


def test_a_bad_effect_is_still_reported_beside_a_plain_text(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(STORY.replace("add: {hunger: 1}", "add: {hungr: 1}"), encoding="utf-8")
    problems = [str(p) for p in load_story(tmp_path).problems]
    assert len(problems) == 1 and "unknown variable 'hungr' in add:" in problems[0]
    assert ":30:15:" in problems[0]
