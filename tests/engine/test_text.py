"""Text that follows the state: every construct of the passage syntax, played through real states.

Each story here is inline YAML loaded by the real loader; each assertion reads the text
a player would see (game.engine.view), in states reached by real choices.
"""

from __future__ import annotations

import pytest

from game.engine import play, view
from game.engine.model import Story
from game.engine.passage import Alternatives, Insert
from game.engine.state import GameState
from game.engine.text import TextError, TextLookup, parse_passage, render
from tests.engine.conftest import StoryMaker, Turn

HEAD = """
story: {title: T, version: 1}
variables:
  hunger: {name: Hunger, default: 6, min: 0, max: 10, words: {0: fed, 4: hungry, 8: starving}}
  card: {name: Party card, default: false}
  friends: {name: Friends, default: 0, min: 0, max: 5}
roles:
  - {id: worker, name: Worker, description: A worker., start: gate}
  - {id: clerk, name: Clerk, description: A clerk., start: gate}
chapters:
  - {id: ch, title: Chapter}
glossary:
  NEP: The New Economic Policy.
decisions:
  - id: dp
    title: The vote
    question: How do you vote?
    happened: It passed.
    sources: [{quote: "It passed", cite: Pirani}]
"""


def prose_of(story: Story, state: GameState) -> str:
    shown = view.scene_view(story, state)
    assert shown is not None
    return shown.prose


def texts_of(story: Story, state: GameState) -> list[str]:
    shown = view.scene_view(story, state)
    assert shown is not None
    return [option.text for option in shown.options]


# ----------------------------------------------------------------------- inline


INLINE = (
    HEAD
    + """
scenes:
  - id: gate
    chapter: ch
    date: "1921"
    place: The gate
    title: The gate
    decision: dp
    prose: |
      Fyodor{if chose(dp, vote_yes):, who voted beside you,} is at his lathe.
      {if hunger >= 8: Your hands shake. | elif hunger >= 4: You are hungry. | else: You ate today.}
      You feel {hunger}. {if card: Your card is in your pocket.}
    choices:
      - id: vote_yes
        text: Vote yes{if card:, as the cell asks}.
        add: {hunger: 3}
        set: {card: true}
        next: yard
      - id: vote_no
        text: Vote no.
        add: {hunger: -3}
        next: yard
  - id: yard
    chapter: ch
    date: "1921"
    place: The yard
    title: The yard
    prose: |
      Fyodor{if chose(dp, vote_yes):, who voted beside you,} is at his lathe.
      {if hunger >= 8: Your hands shake. | elif hunger >= 4: You are hungry. | else: You ate today.}
      You feel {hunger}. {if card: Your card is in your pocket.}
    choices:
      - {text: "Go home {if role(clerk): to your desk}.", next: end}
endings:
  - {id: end, title: End, epilogue: Over., history: So it was.}
"""
)


def test_inline_alternatives_follow_the_state(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(INLINE)
    start = play.new_game(story, "worker")
    assert prose_of(story, start) == "Fyodor is at his lathe.\nYou are hungry.\nYou feel hungry."
    assert texts_of(story, start) == ["Vote yes.", "Vote no."]
    yes = turn(story, start, "vote_yes")
    assert prose_of(story, yes) == (
        "Fyodor, who voted beside you, is at his lathe.\nYour hands shake.\n"
        "You feel starving. Your card is in your pocket."
    )
    no = turn(story, start, "vote_no")
    assert prose_of(story, no) == "Fyodor is at his lathe.\nYou ate today.\nYou feel fed."


def test_choice_text_varies_by_state(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(INLINE)
    assert texts_of(story, turn(story, play.new_game(story, "worker"), "vote_no")) == ["Go home."]
    assert texts_of(story, turn(story, play.new_game(story, "clerk"), "vote_no")) == ["Go home to your desk."]


def test_the_journal_keeps_a_choice_s_text_as_it_read_when_taken(make_story: StoryMaker) -> None:
    story = make_story(INLINE)
    state = play.choose(story, play.new_game(story, "worker"), "vote_yes")  # card is true only afterwards
    (entry,) = view.journal(story, state)
    assert entry.chosen_text == "Vote yes."
    assert entry.chosen.label == "Vote yes."


# ----------------------------------------------------------------------- blocks

BLOCKS = (
    HEAD
    + """
scenes:
  - id: gate
    chapter: ch
    date: "1921"
    place: The gate
    title: The gate
    decision: dp
    prose: |
      The first paragraph.

      {if card}
      You show your card.
      {if hunger > 5}
      And you are still hungry.
      {else}
      And you have eaten.
      {end}
      {elif friends >= 2}
      Your friends wave you through.
      {else}
      Nobody knows you.
      {end}

      The last paragraph, with [[NEP|the new policy]] and a {{brace}}.
    choices:
      - {id: card, text: Take the card., set: {card: true}, next: gate}
      - {id: eat, text: Eat., add: {hunger: -4}, next: gate}
      - {id: friend, text: Make a friend., add: {friends: 1}, next: gate}
      - {id: leave, text: Leave., next: end}
endings:
  - {id: end, title: End, epilogue: Over., history: So it was.}
"""
)


def test_block_tags_nest_with_else_chains(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(BLOCKS)
    start = play.new_game(story, "worker")
    last = "The last paragraph, with [[NEP|the new policy]] and a {brace}."
    assert prose_of(story, start) == f"The first paragraph.\n\nNobody knows you.\n\n{last}"
    carded = turn(story, start, "card")
    assert prose_of(story, carded) == (
        f"The first paragraph.\n\nYou show your card.\nAnd you are still hungry.\n\n{last}"
    )
    fed = turn(story, carded, "eat")
    assert "You show your card.\nAnd you have eaten." in prose_of(story, fed)
    friendly = turn(story, turn(story, start, "friend"), "friend")
    assert prose_of(story, friendly) == f"The first paragraph.\n\nYour friends wave you through.\n\n{last}"
    assert prose_of(story, turn(story, start, "friend")).count("Nobody knows you.") == 1


def test_an_empty_alternative_leaves_no_blank_paragraph() -> None:
    passage = parse_passage("One.\n\n{if x: Two.}\n\nThree.")

    class Ctx:
        role = "worker"

        def value(self, name: str) -> bool:
            return False

        def visits(self, scene: str) -> int:
            return 0

        def chose(self, decision: str, choice: str) -> bool:
            return False

    assert render(passage, TextLookup({}, {}), Ctx()) == "One.\n\nThree."


# ------------------------------------------------------------ named texts, values

NAMED = (
    HEAD
    + """
texts:
  manner:
    - {if: "chose(dp, vote_yes)", text: "nods to you"}
    - {if: "hunger >= 8", text: "looks at your hands{if card:, then at your card}"}
    - {text: does not look up}
  greeting: "Fyodor {manner}."
scenes:
  - id: gate
    chapter: ch
    date: "1921"
    place: The gate
    title: The gate
    decision: dp
    prose: "{greeting} You are {hunger}."
    choices:
      - {id: vote_yes, text: Vote yes., next: yard}
      - {id: vote_no, text: Vote no., add: {hunger: 3}, set: {card: true}, next: yard}
  - id: yard
    chapter: ch
    date: "1921"
    place: The yard
    title: The yard
    prose: "{greeting} You are {hunger}."
    choices:
      - {text: Leave., next: end}
endings:
  - {id: end, title: End, epilogue: Over., history: So it was.}
"""
)


def test_named_texts_choose_by_state_and_print_values(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(NAMED)
    start = play.new_game(story, "worker")
    assert prose_of(story, start) == "Fyodor does not look up. You are hungry."
    assert prose_of(story, turn(story, start, "vote_yes")) == "Fyodor nods to you. You are hungry."
    assert (
        prose_of(story, turn(story, start, "vote_no"))
        == "Fyodor looks at your hands, then at your card. You are starving."
    )


def test_printed_values_are_plain_text(make_story: StoryMaker) -> None:
    words = "words: {0: '[bold]fed[/]', 4: '[@click=app.quit]x'}"
    story = make_story(NAMED.replace("words: {0: fed, 4: hungry, 8: starving}", words))
    shown = prose_of(story, play.new_game(story, "worker"))
    assert shown == "Fyodor does not look up. You are [@click=app.quit]x."  # as written, never interpreted


# ------------------------------------------------------------ aftermath, endings

ENDINGS = (
    HEAD
    + """
characters:
  - {id: fyodor, name: Fyodor, role: worker, who: An old turner (a composite).}
  - {id: nadya, name: Nadya, roles: [worker, clerk]}
scenes:
  - id: gate
    chapter: ch
    date: "1921"
    place: The gate
    title: The gate
    decision: dp
    prose: The gate.
    choices:
      - id: vote_yes
        text: Vote yes.
        aftermath: "Fyodor {if hunger > 5: looks at your thin arms and} says nothing."
        next: yard
      - id: vote_no
        text: Vote no.
        set: {card: true}
        next: end
  - id: yard
    chapter: ch
    date: "1921"
    place: The yard
    title: The yard
    prose: The yard.
    choices:
      - {text: Leave., aftermath: You walk out., next: end}
endings:
  - id: end
    title: End
    epilogue: |
      {if chose(dp, vote_yes)}
      You voted yes.
      {else}
      You voted no.
      {end}
    history: "People like you{if card:, with cards,} mostly stayed."
    fates:
      fyodor: "{if chose(dp, vote_yes): He retired. | else: He was arrested.}"
      nadya: "{if card: She never spoke to you again.}"
"""
)


def test_an_aftermath_line_opens_the_next_scene(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(ENDINGS)
    yard = turn(story, play.new_game(story, "worker"), "vote_yes")
    shown = view.scene_view(story, yard)
    assert shown is not None and shown.aftermath == "Fyodor looks at your thin arms and says nothing."
    assert view.scene_view(story, play.new_game(story, "worker")).aftermath == ""  # type: ignore[union-attr]
    ended = turn(story, yard, "end")
    ending = view.ending_view(story, ended)
    assert ending is not None and ending.aftermath == "You walk out."
    assert view.aftermath(story, play.undo(story, ended) or yard) == shown.aftermath  # undo shows it again


def test_an_ending_closes_every_thread_by_state(make_story: StoryMaker, turn: Turn) -> None:
    story = make_story(ENDINGS)
    start = play.new_game(story, "worker")
    yes = view.ending_view(story, turn(story, turn(story, start, "vote_yes"), "end"))
    no = view.ending_view(story, turn(story, start, "vote_no"))
    assert yes is not None and no is not None
    assert (yes.epilogue, yes.history) == ("You voted yes.", "People like you mostly stayed.")
    assert (no.epilogue, no.history) == ("You voted no.", "People like you, with cards, mostly stayed.")
    assert [(f.character.name, f.text) for f in yes.fates] == [("Fyodor", "He retired.")]  # Nadya: nothing
    assert [(f.character.name, f.text) for f in no.fates] == [
        ("Fyodor", "He was arrested."),
        ("Nadya", "She never spoke to you again."),
    ]


def test_text_adds_nothing_to_the_saved_state(make_story: StoryMaker) -> None:
    story = make_story(ENDINGS)
    state = play.choose(story, play.new_game(story, "worker"), "vote_yes")
    saved = {"version", "min_version", "story_version", "role", "at", "turn", "values", "steps"}
    assert set(state.to_dict()) == saved
    assert "Fyodor" not in state.to_json()  # no rendered text is kept


# --------------------------------------------------------------------- the parser


@pytest.mark.parametrize(
    ("source", "message", "offset"),
    [
        ("{if x: a", "'{if' is not closed", 0),
        ("a {end}", "not on a line of its own", 2),
        ("{end}", "{end} without an {if ...}", 0),
        ("{if x}\nA\n", "is never closed", 0),
        ("{if x}\na\n{else}\nb\n{elif y}\nc\n{end}", "{elif} after {else}", 18),
        ("a } b", "'}' without a '{'", 2),
        ("{Hunger}", "lower case", 1),
        ("{if : a}", "expected a condition", 3),
        ("{if x: a | els: b}", "expected 'elif CONDITION:' or 'else:'", 9),
        ("{if x: a | else: b | else: c}", "a branch after '| else:'", 19),
        ("{ 3 }", "unexpected '{'", 0),
        ("x {name", "is not closed", 2),
    ],
)
def test_syntax_errors_say_what_and_where(source: str, message: str, offset: int) -> None:
    with pytest.raises(TextError) as caught:
        parse_passage(source)
    assert message in caught.value.message
    assert caught.value.offset == offset


def test_a_bad_condition_is_reported_at_its_place() -> None:
    from game.engine.conditions import ExprError

    with pytest.raises(ExprError) as caught:
        parse_passage("Text {if hunger >: a} more")
    assert caught.value.offset == 17  # the ':' where a value was expected


def test_the_parse_tree_keeps_branches_in_order() -> None:
    passage = parse_passage("{if a: x | elif b: y | else: z} and {n}")
    first, rest, insert = passage.parts[0], passage.parts[1], passage.parts[2]
    assert isinstance(first, Alternatives) and [b.condition_text for b in first.branches] == [
        "a",
        "b",
        "else",
    ]
    assert [b.body for b in first.branches] == [("x",), ("y",), ("z",)]
    assert rest == " and " and isinstance(insert, Insert) and insert.name == "n"
    assert parse_passage("plain [[NEP|the | new policy]] text").is_static
