"""Passages, named texts, characters and fates: every mistake located at its exact file:line:col.

Also the two location faults issue 9 found in ``check``: a bad ``if:`` hidden behind a bad
``next:`` of the same choice, and glossary marks in block prose reported at the wrong place.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.loading import MAX_STORY_BYTES, load_story

STORY = """\
story: {title: T, version: 1}
variables:
  hunger: {name: Hunger, default: 5, min: 0, max: 10}
  card: {name: Card, default: false}
roles:
  - {id: worker, name: Worker, description: A worker., start: one}
chapters:
  - {id: ch, title: Chapter}
glossary:
  Cheka: The political police.
characters:
  - {id: fyodor, name: Fyodor, role: worker}
texts:
  mood:
    - {if: hunger > 5, text: hungry}
    - {text: fed}
endings:
  - id: end
    title: End
    epilogue: Over.
    history: So it was.
    fates:
      fyodor: "{if card: He kept his card. | else: He kept his head down.}"
scenes:
  - id: one
    chapter: ch
    date: "1921"
    place: Here
    title: One
    prose: |
      The first line of the prose is long enough to matter here.
      The second line holds a mark, the [[Cheka]], and {if card: a card}.

        An indented line with [[Cheka]] again and {mood}.
    choices:
      - id: go
        text: "Go {if card: with your card}."
        aftermath: "You go{if hunger > 5:, hungry}."
        next: end
"""


def load(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    result = load_story(tmp_path)
    return [str(problem) for problem in result.problems]


def where(text: str, fragment: str, nth: int = 1) -> tuple[int, int]:
    """The 1-based line and column of the nth occurrence of ``fragment`` in ``text``."""
    start = -1
    for _ in range(nth):
        start = text.index(fragment, start + 1)
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def test_the_story_loads(tmp_path: Path) -> None:
    assert load(tmp_path, STORY) == []


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        ("{if card: a card}", "{if crad: a card}", "crad", "unknown variable 'crad' in the condition 'crad'"),
        ("{mood}", "{mod}", "mod}", "unknown name '{mod}' in the prose of 'one' (did you mean 'mood'?)"),
        ("{if card: a card}", "{if card: a card", "{if card: a card", "'{if' is not closed in the prose"),
        ("Go {if card: with your card}.", "Go {if card > 1: with}.", "card > 1", "'card' is true/false"),
        ("You go{if hunger > 5:, hungry}.", "You go{if hungr > 5:, hungry}.", "hungr >", "unknown variable"),
        ("He kept his card. | else:", "He kept his card. | elsе:", "| elsе", "expected 'elif CONDITION:'"),
        (
            "{if: hunger > 5, text: hungry}",
            "{if: hunger >> 5, text: hungry}",
            "> 5, text",
            "expected a value",
        ),
    ],
)
def test_problems_in_passages_are_located_exactly(
    tmp_path: Path, old: str, new: str, at: str, message: str
) -> None:
    text = STORY.replace(old, new)
    assert text != STORY
    problems = load(tmp_path, text)
    line, col = where(text, at)
    expected = f"{tmp_path / 's.yaml'}:{line}:{col}: "
    assert any(p.startswith(expected) and message in p for p in problems), (expected, message, problems)


def test_glossary_marks_in_block_prose_are_located_on_their_own_line(tmp_path: Path) -> None:
    text = STORY.replace("[[Cheka]]", "[[Chekka]]")
    problems = load(tmp_path, text)
    first, second = where(text, "[[Chekka]]"), where(text, "[[Chekka]]", 2)
    assert first[0] != second[0] and second[1] == 31  # indented past the block's own indentation
    for line, col in (first, second):
        assert any(
            p.startswith(f"{tmp_path / 's.yaml'}:{line}:{col}: unknown glossary term") for p in problems
        )


def test_a_bad_if_is_reported_beside_a_bad_next(tmp_path: Path) -> None:
    text = STORY.replace("        next: end\n", "        if: hungr > 3\n        next: countr\n")
    problems = load(tmp_path, text)
    assert any("unknown variable 'hungr'" in p for p in problems), problems
    assert any("unknown scene or ending 'countr'" in p for p in problems), problems


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('      fyodor: "{if card', '      fyodr: "{if card', "unknown character 'fyodr' in the fates"),
        (
            '    fates:\n      fyodor: "{if card: He kept his card. | else: He kept his head down.}"\n',
            "",
            "ending 'end' (reached as the Worker) tells no fate for 'fyodor'",
        ),
        ("    - {text: fed}", "    - {if: card, text: fed}", "the last case of the text 'mood' has an if:"),
        (
            "    - {if: hunger > 5, text: hungry}",
            "    - {text: hungry}",
            "only the last case of the text 'mood'",
        ),
        ("  mood:\n", "  hunger:\n", "'hunger' is both a variable and a text"),
        ("    - {text: fed}", '    - {text: "{mood}"}', "texts print each other in a loop: mood -> mood"),
        ("  - {id: fyodor, name: Fyodor, role: worker}", "  - {id: fyodor, name: Fyodor}", "names no role"),
    ],
)
def test_named_texts_characters_and_fates_are_checked(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    text = STORY.replace(old, new)
    assert text != STORY
    problems = load(tmp_path, text)
    assert any(message in p for p in problems), (message, problems)


def test_decisions_take_a_summary_and_a_teacher_note(tmp_path: Path) -> None:
    text = STORY.replace(
        "scenes:\n",
        textwrap.dedent(
            """\
            decisions:
              - id: vote
                title: Vote
                question: How?
                summary: It passed, [[Cheka]] or not.
                happened: It passed.
                teacher_note: Marked historical because the talk says most did.
                sources: [{quote: "It passed", cite: Pirani}]
            scenes:
            """
        ),
    ).replace("    title: One\n", "    title: One\n    decision: vote\n")
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    result = load_story(tmp_path)
    assert result.problems == [] and result.story is not None
    decision = result.story.decisions["vote"]
    assert decision.summary == "It passed, [[Cheka]] or not."
    assert decision.teacher_note.startswith("Marked historical")


def test_a_story_folder_too_large_in_all_is_refused_before_reading(tmp_path: Path) -> None:
    chunk = "# " + "x" * 1000 + "\n"
    size = 0
    for number in range(5):
        body = chunk * (MAX_STORY_BYTES // 5 // len(chunk) + 10)
        (tmp_path / f"{number}.yaml").write_text(body, encoding="utf-8")
        size += len(body)
    assert size > MAX_STORY_BYTES
    result = load_story(tmp_path)
    assert result.story is None
    (problem,) = result.problems
    assert "the story's files add up to" in problem.message and "limit" in problem.message


def test_a_glossary_of_twenty_thousand_terms_loads(tmp_path: Path) -> None:
    terms = "".join(f"  Term{number}: Definition number {number}.\n" for number in range(20_000))
    text = STORY.replace(
        "glossary:\n  Cheka: The political police.\n", "glossary:\n  Cheka: The police.\n" + terms
    )
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    result = load_story(tmp_path)
    assert result.problems == [] and result.story is not None
    assert len(result.story.glossary) == 20_001
    repeated = text.replace("  Term19999:", "  term5:")
    assert any("glossary term 'term5' is defined twice" in p for p in load(tmp_path, repeated))


def test_a_bad_condition_written_twice_is_reported_at_each_place(tmp_path: Path) -> None:
    """Conditions are checked once per text (the builder remembers the result), but each use
    of a bad one is still reported where it is written."""
    choices = (
        '      - id: stay\n        text: Stay.\n        if: "cards"\n        next: end\n'
        '      - id: wait\n        text: "Wait{if cards: a while}."\n        if: "cards"\n        next: end\n'
    )
    text = STORY.replace("{if card: a card}", "{if cards: a card}") + choices
    problems = load(tmp_path, text)
    located = [p.split(": unknown", 1)[0] for p in problems if "unknown variable 'cards'" in p]
    first_if, second_if = where(text, '"cards"', 1), where(text, '"cards"', 2)
    expected = [
        where(text, "cards: a card"),
        (first_if[0], first_if[1] + 1),  # inside the quotes
        where(text, "cards: a while"),
        (second_if[0], second_if[1] + 1),
    ]
    assert located == [f"{tmp_path / 's.yaml'}:{line}:{col}" for line, col in expected], problems
